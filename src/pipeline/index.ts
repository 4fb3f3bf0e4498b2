/**
 * The analysis pipeline: CSV source -> table -> design -> split -> solver -> the JSON results of
 * src/protocol.ts. Shared by the command line (src/cli.ts) and the worker thread, so the panel and
 * the terminal always print the same numbers. No vscode, no file I/O (the caller brings the text
 * or bytes).
 */
import type {
  AnalysisResult, AnalyzeJob, CompareResult, CvResult, DataOptions, DatasetSummary, FitOptions, FitResult,
  JobRequest, JobSource, LogisticAnalysis, LogisticPenalty, PathModel, PathResult, Progress, RegressionAnalysis,
  RegressionModel,
} from '../protocol';
import { UserError, isUserError } from '../errors';
import {
  buildDesign, imputeMeans, kFoldIds, parseCsvBytes, parseCsvText, stratifiedKFoldIds, summarizeTable, trainTestSplit,
  type Design, type Table,
} from '../data';
import {
  crossValidate, fitElasticNet, fitElasticNetPath, fitOLS, fitRidge, fitRidgePath, predict, regressionMetrics,
  type CvFit, type CvOptions, type DenseMatrix, type FittedLinearModel, type LinearModelFit, type PathFit,
} from '../solver';
import {
  crossValidateLogistic, fitLogistic, fitLogisticPath, logisticCGrid, type LogisticCvFit, type LogisticCvOptions, type LogisticDesign, type LogisticFit,
} from '../solver/logistic';
import { classificationMetrics } from '../solver/classificationMetrics';
import type { StatsMemo } from '../solver/types';
import { DesignCache, runRefit } from './refit';
import { geometryOnState, insightsOnState } from './insights';

export type ProgressSink = (p: Progress) => void;
const silent: ProgressSink = () => undefined;

export const DEFAULT_DATA: Omit<DataOptions, 'target'> = {
  missing: 'drop',
  missingTokens: ['', 'NA', 'NaN', 'nan', 'null', 'NULL', 'N/A', 'n/a', 'None'],
  maxCategoricalLevels: 20,
};

export const DEFAULT_FIT: FitOptions = { standardize: true, testSize: 0.2, seed: 42, maxIter: 10000, tol: 1e-8 };

// ---------------------------------------------------------------------------------------------
// Loading

export function loadTable(source: JobSource, data: Partial<DataOptions>, onProgress: ProgressSink = silent): Table {
  const opts = {
    file: source.file,
    missingTokens: data.missingTokens ?? DEFAULT_DATA.missingTokens,
    maxCategoricalLevels: data.maxCategoricalLevels ?? DEFAULT_DATA.maxCategoricalLevels,
    skipBadRows: data.skipBadRows ?? false,
    onProgress: (rows: number, fraction?: number) =>
      onProgress({ stage: 'parse', message: `rows parsed ${rows.toLocaleString('en-US')}`, fraction }),
  };
  if (source.bytes) return parseCsvBytes(source.bytes, opts);
  if (source.text !== undefined) return parseCsvText(source.text, opts);
  throw new UserError(`${source.file}: nothing to read (no text or bytes were given).`);
}

export function inspect(table: Table): DatasetSummary {
  return summarizeTable(table);
}

/** A design with its train/test split; the scaling is refitted by the solver on `train`. */
export interface Prepared {
  design: Design;
  X: DenseMatrix;
  train: Int32Array;
  test: Int32Array;
  notes: string[];
}

export function prepare(table: Table, data: DataOptions, fit: FitOptions, task: 'regression' | 'classification'): Prepared {
  const design = buildDesign(table, { ...data, task });
  if (design.p === 0) {
    throw new UserError(`${table.file}: no usable feature columns (every candidate was excluded: see the column notes). Choose features with --features.`);
  }
  if (!(fit.testSize >= 0 && fit.testSize < 1)) {
    throw new UserError(`test size must be at least 0 and below 1 (got ${fit.testSize}).`);
  }
  const { train, test } = trainTestSplit(design.n, fit.testSize, fit.seed);
  if (train.length < 2) {
    throw new UserError(`${table.file}: only ${train.length} training row(s) after the split (${design.n} usable rows); at least 2 are needed. Lower the test size or add rows.`);
  }
  if (task === 'classification') requireBothClasses(design, train, 'the training rows', 'lower the test size, change the seed or add rows of the rarer class');
  if (design.hasMissing) imputeMeans(design, train);
  checkMagnitudes(design, fit.standardize, task);
  const notes = [...table.notes, ...design.notes];
  return { design, X: { n: design.n, p: design.p, x: design.x }, train, test, notes };
}

/** Logistic regression needs both classes among the rows it fits on; says which class is missing and what to do. */
function requireBothClasses(design: Design, rows: Int32Array, what: string, advice: string): void {
  let positives = 0;
  for (let i = 0; i < rows.length; i++) positives += design.y[rows[i]];
  if (positives > 0 && positives < rows.length) return;
  const only = design.classes ? design.classes[positives > 0 ? 1 : 0] : String(positives > 0 ? 1 : 0);
  throw new UserError(`${design.file}: ${what} (${rows.length}) hold only the class "${only}", and logistic regression needs both classes; ${advice}.`);
}

/** Largest |v - mean| over one column (mean and deviations computed on v / 2^k so nothing overflows). */
function spread(x: Float64Array, off: number, n: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(x[off + i]));
  if (!(m > 0) || m === Infinity) return m;
  const c = 2 ** Math.min(1022, Math.max(-1022, Math.floor(Math.log2(m))));
  let s = 0;
  for (let i = 0; i < n; i++) s += x[off + i] / c;
  const mean = s / n;
  let d = 0;
  for (let i = 0; i < n; i++) d = Math.max(d, Math.abs(x[off + i] / c - mean));
  return d * c;
}

/** Squares of deviations beyond these overflow (or underflow to 0) in the solvers' sums and in MSE. */
const SPREAD_MAX = 1e150;
const SPREAD_MIN = 1e-150;

/**
 * Refuses data whose squared deviations leave the float range: a regression target (MSE, R² and
 * the solvers' residual sums square it) and, without standardization, any design column.
 * Standardized columns are rescaled exactly by the solver, so they may hold values around 1e±300.
 */
function checkMagnitudes(design: Design, standardize: boolean, task: 'regression' | 'classification'): void {
  const fmt = (v: number) => v.toExponential(1);
  if (task === 'regression') {
    const d = spread(design.y, 0, design.n);
    if (d > SPREAD_MAX || (d > 0 && d < SPREAD_MIN)) {
      throw new UserError(
        `${design.file}: the target varies by up to ${fmt(d)} around its mean; squared errors of that size ${d > 1 ? 'overflow' : 'underflow'} 64-bit floats. Rescale the target (e.g. multiply it by 1e${d > 1 ? '-' : ''}${Math.round(Math.abs(Math.log10(d)))}) and scale the coefficients back.`,
      );
    }
  }
  if (standardize) return;
  for (let j = 0; j < design.p; j++) {
    const d = spread(design.x, j * design.n, design.n);
    if (d > SPREAD_MAX || (d > 0 && d < SPREAD_MIN)) {
      throw new UserError(
        `${design.file}: column "${design.columns[j]}" varies by up to ${fmt(d)} around its mean; without standardization its squares ${d > 1 ? 'overflow' : 'underflow'} 64-bit floats. Turn standardization on or rescale the column.`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Regression

function record(names: string[], values: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (let j = 0; j < names.length; j++) out[names[j]] = finite(values[j], names[j]);
  return out;
}

/** Guard: a non-finite coefficient is a bug or an overflow, never something to print silently. */
function finite(v: number, what: string): number {
  if (!Number.isFinite(v)) throw new Error(`internal: non-finite value for ${what}`);
  return v === 0 ? 0 : v; // -0 prints as 0
}

function modelLabel(model: RegressionModel): string {
  return model === 'ols' ? 'OLS' : model === 'ridge' ? 'Ridge' : model === 'lasso' ? 'Lasso' : 'Elastic Net';
}

/**
 * Gaussian elastic net fits and paths: the solver's, or ones with the same results whose
 * statistics run on threads (src/worker/gramPool.ts), injected by the CLI and the worker.
 */
export interface GaussianFits { enet: typeof fitElasticNet; path: typeof fitElasticNetPath }
const SERIAL_FITS: GaussianFits = { enet: fitElasticNet, path: fitElasticNetPath };

/** `fits` sharing one statistics memo: fits on the same rows compute the centred Gram once. */
function sharingStatistics(fits: GaussianFits): GaussianFits {
  const statsMemo: StatsMemo = {};
  return {
    enet: (X, y, alpha, l1Ratio, opts) => fits.enet(X, y, alpha, l1Ratio, { ...opts, statsMemo }),
    path: (X, y, opts) => fits.path(X, y, { ...opts, statsMemo }),
  };
}

export function fitRegression(
  prep: Prepared, model: RegressionModel, alpha: number, l1Ratio: number, fit: FitOptions, fits: GaussianFits = SERIAL_FITS,
): FitResult {
  const { design, X, train, test } = prep;
  const opts = { standardize: fit.standardize, rows: train, tol: fit.tol, maxIter: fit.maxIter, names: design.columns };
  let res: LinearModelFit;
  if (model !== 'ols' && !(alpha >= 0 && Number.isFinite(alpha))) {
    throw new UserError(`alpha must be a non-negative number (got ${alpha}).`);
  }
  if (model === 'elasticnet' && !(l1Ratio >= 0 && l1Ratio <= 1)) {
    throw new UserError(`l1_ratio must be between 0 and 1 (got ${l1Ratio}).`);
  }
  switch (model) {
    case 'ols': res = fitOLS(X, design.y, opts); break;
    case 'ridge': res = fitRidge(X, design.y, alpha, opts); break;
    case 'lasso': res = fits.enet(X, design.y, alpha, 1, opts); break;
    case 'elasticnet': res = fits.enet(X, design.y, alpha, l1Ratio, opts); break;
  }
  const names = design.columns;
  const trainMetrics = regressionMetrics(design.y, predict(X, res.coef, res.intercept, train), train);
  const testMetrics = test.length > 0 ? regressionMetrics(design.y, predict(X, res.coef, res.intercept, test), test) : null;
  const notes = [...res.warnings];
  if (model === 'lasso' || model === 'elasticnet') {
    const zeros = countZeros(res.coef);
    notes.push(`${modelLabel(model)} set ${zeros} of ${names.length} coefficients exactly to zero.`);
  }
  return {
    model,
    alpha: model === 'ols' ? null : alpha,
    l1_ratio: model === 'lasso' ? 1 : model === 'elasticnet' ? l1Ratio : null,
    ...coefficientFields(names, res, train, test, design.rowsDropped),
    metrics: { train: trainMetrics, test: testMetrics },
    n_iter: res.nIter,
    converged: res.converged,
    dual_gap: model === 'lasso' || model === 'elasticnet' ? res.dualGap : null,
    notes,
  };
}

/** The coefficient and row-count fields every FitResult shares (regression and logistic). */
function coefficientFields(
  names: string[], res: Pick<FittedLinearModel, 'intercept' | 'coef' | 'coefStd' | 'interceptStd'>,
  train: Int32Array, test: Int32Array, rowsDropped: number,
) {
  return {
    intercept: finite(res.intercept, 'intercept'),
    coef: record(names, res.coef),
    coef_standardized: res.coefStd ? record(names, res.coefStd) : null,
    intercept_standardized: res.interceptStd,
    n_train: train.length,
    n_test: test.length,
    rows_dropped: rowsDropped,
  };
}

function countZeros(w: ArrayLike<number>): number {
  let z = 0;
  for (let j = 0; j < w.length; j++) if (w[j] === 0) z++;
  return z;
}

export function compareModels(prep: Prepared, alpha: number, l1Ratio: number, ridgeAlpha: number, fit: FitOptions, onProgress: ProgressSink = silent,
  gaussian: GaussianFits = SERIAL_FITS): CompareResult {
  const models: RegressionModel[] = ['ols', 'ridge', 'lasso', 'elasticnet'];
  const fits = models.map((m, k) => {
    onProgress({ stage: 'fit', message: `fitting ${modelLabel(m)} (${k + 1} of 4)`, fraction: k / 4 });
    return fitRegression(prep, m, m === 'ridge' ? ridgeAlpha : alpha, l1Ratio, fit, gaussian);
  });
  const lasso = fits[2];
  const selected = prep.design.columns.filter((c) => lasso.coef[c] !== 0).length;
  return { columns: prep.design.columns, fits, lasso_selected: selected, p: prep.design.p, notes: prep.notes };
}

/** A p x K column-major coefficient block (value k at k*p) as {column: [K values]}. */
function coefByColumn(names: string[], coefStd: Float64Array, K: number): Record<string, number[]> {
  const p = names.length;
  const coef: Record<string, number[]> = {};
  for (let j = 0; j < p; j++) {
    const row = new Array<number>(K);
    for (let k = 0; k < K; k++) row[k] = finite(coefStd[k * p + j], names[j]);
    coef[names[j]] = row;
  }
  return coef;
}

function pathToJson(model: PathModel, l1Ratio: number | null, names: string[], fit: PathFit): PathResult {
  return {
    model,
    l1_ratio: l1Ratio,
    alphas: Array.from(fit.alphas),
    coef: coefByColumn(names, fit.coefStd, fit.alphas.length),
    intercept: Array.from(fit.intercept),
    n_nonzero: Array.from(fit.nnz),
    entry_order: fit.entryOrder.map((j) => names[j]),
    notes: [...fit.warnings],
  };
}

export interface PathRequest { model: PathModel; l1Ratio: number; nAlphas: number; eps: number; alphas?: number[] }

export function regressionPath(prep: Prepared, req: PathRequest, fit: FitOptions, rows: Int32Array, onProgress: ProgressSink = silent,
  fits: GaussianFits = SERIAL_FITS): PathResult {
  const { design, X } = prep;
  const alphas = req.alphas ? checkedGrid(req.alphas, 'alphas') : undefined;
  const report = (done: number, total: number) =>
    onProgress({ stage: 'path', message: `${modelLabel(req.model)} path: alpha ${done} of ${total}`, fraction: done / total });
  const common = { standardize: fit.standardize, rows, tol: fit.tol, maxIter: fit.maxIter, names: design.columns, nAlphas: req.nAlphas, alphas, onProgress: report };
  if (req.model === 'ridge') {
    return pathToJson('ridge', null, design.columns, fitRidgePath(X, design.y, common));
  }
  const l1 = req.model === 'lasso' ? 1 : req.l1Ratio;
  return pathToJson(req.model, l1, design.columns, fits.path(X, design.y, { ...common, l1Ratio: l1, eps: req.eps }));
}

function checkedGrid(values: number[], what: string): Float64Array {
  for (const a of values) {
    if (!(Number.isFinite(a) && a > 0)) throw new UserError(`--${what}: every value must be a positive number (got ${a}).`);
  }
  // Paths run from the strongest penalty down (sklearn's convention): sort descending.
  return Float64Array.from(values).sort().reverse();
}

export interface CvRequest extends PathRequest { folds: number; l1Ratios?: number[] }

export function foldsFor(prep: Prepared, rows: Int32Array, folds: number, seed: number, stratified = false): Int32Array {
  const { design } = prep;
  if (design.foldIds) {
    const ids = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) ids[i] = design.foldIds[rows[i]];
    return ids;
  }
  if (!(Number.isInteger(folds) && folds >= 2)) throw new UserError(`the number of folds must be an integer of at least 2 (got ${folds}).`);
  if (folds > rows.length) throw new UserError(`${folds} folds need at least ${folds} rows; only ${rows.length} are usable. Use fewer folds.`);
  if (stratified) {
    const y = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) y[i] = design.y[rows[i]];
    return withFile(design.file, () => stratifiedKFoldIds(y, folds, seed));
  }
  return withFile(design.file, () => kFoldIds(rows.length, folds, seed));
}

/** The splitters know no file name: their user errors get it here, as every message names the file. */
function withFile<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (isUserError(e) && !e.message.startsWith(file)) throw new UserError(`${file}: ${e.message}`);
    throw e;
  }
}

/** Fold ids for the rows in `rows`, expanded to a per-design-row array (-1 = not used). */
function expandFolds(n: number, rows: Int32Array, ids: Int32Array): Int32Array {
  const out = new Int32Array(n).fill(-1);
  for (let i = 0; i < rows.length; i++) out[rows[i]] = ids[i];
  return out;
}

/** Runs a cross-validation (crossValidate, or a fold-parallel one with the same result, injected by the CLI). */
export type CvRunner = (X: DenseMatrix, y: Float64Array, opts: CvOptions) => CvFit;

export function regressionCv(prep: Prepared, req: CvRequest, fit: FitOptions, rows: Int32Array, onProgress: ProgressSink = silent,
  runCv: CvRunner = crossValidate): CvResult {
  const { design, X } = prep;
  const foldIds = expandFolds(design.n, rows, foldsFor(prep, rows, req.folds, fit.seed));
  const l1Ratios = req.model === 'lasso' ? [1] : req.model === 'ridge' ? [0] : (req.l1Ratios ?? [req.l1Ratio]);
  for (const r of l1Ratios) {
    if (req.model === 'elasticnet' && !(r > 0 && r <= 1)) throw new UserError(`l1_ratio values for Elastic Net CV must be in (0, 1] (got ${r}); use Ridge for l1_ratio 0.`);
  }
  const cv = runCv(X, design.y, {
    model: req.model, l1Ratios, alphas: req.alphas ? checkedGrid(req.alphas, 'alphas') : undefined,
    nAlphas: req.nAlphas, eps: req.eps, foldIds, standardize: fit.standardize, tol: fit.tol, maxIter: fit.maxIter, rows,
    onProgress: (done, total, message) => onProgress({ stage: 'cv', message, fraction: done / total }),
  });
  const out: CvResult = {
    model: req.model,
    metric: 'mse',
    l1_ratio: req.model === 'ridge' ? null : cv.l1Ratio,
    alphas: Array.from(cv.alphas),
    cv_mean: Array.from(cv.mean),
    cv_se: Array.from(cv.se),
    alpha_min: cv.alphaMin,
    alpha_1se: cv.alpha1se,
    index_min: cv.indexMin,
    index_1se: cv.index1se,
    folds: cv.folds,
    notes: [...cv.warnings],
  };
  if (req.model === 'elasticnet' && l1Ratios.length > 1) {
    out.by_l1_ratio = cv.byL1Ratio.map((c) => ({
      l1_ratio: c.l1Ratio, alphas: Array.from(c.alphas), cv_mean: Array.from(c.mean), cv_se: Array.from(c.se),
      alpha_min: c.alphaMin, alpha_1se: c.alpha1se, best: c.mean[c.indexMin],
    }));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Logistic

export interface LogisticRequest { penalty: LogisticPenalty; C: number; l1Ratio?: number }

export function fitLogisticModel(prep: Prepared, req: LogisticRequest, fit: FitOptions): FitResult {
  const { design, X, train, test } = prep;
  if (!(req.C > 0 && Number.isFinite(req.C))) throw new UserError(`C must be a positive number (got ${req.C}).`);
  if (req.penalty === 'elasticnet' && !(req.l1Ratio !== undefined && req.l1Ratio >= 0 && req.l1Ratio <= 1)) {
    throw new UserError('the elasticnet penalty needs --l1-ratio between 0 and 1.');
  }
  const res: LogisticFit = fitLogistic(X, design.y, {
    penalty: req.penalty, C: req.C, l1Ratio: req.l1Ratio, standardize: fit.standardize, rows: train, tol: fit.tol, maxIter: fit.maxIter,
  });
  const prob = (rows: Int32Array) => {
    const eta = predict(X, res.coef, res.intercept, rows);
    for (let i = 0; i < eta.length; i++) eta[i] = 1 / (1 + Math.exp(-eta[i]));
    return eta;
  };
  const names = design.columns;
  const notes = [...res.warnings];
  if (design.classes) notes.unshift(`Positive class: ${design.classes[1]} (negative: ${design.classes[0]}).`);
  // AUC and the ROC curve need both classes among the test rows; a small split may hold only one.
  let testPositives = 0;
  for (let i = 0; i < test.length; i++) testPositives += design.y[test[i]];
  const testBothClasses = testPositives > 0 && testPositives < test.length;
  if (test.length > 0 && !testBothClasses) {
    const only = design.classes ? design.classes[testPositives > 0 ? 1 : 0] : String(testPositives > 0 ? 1 : 0);
    notes.push(`No test metrics: the ${test.length} test row${test.length === 1 ? '' : 's'} hold only the class "${only}", and AUC needs both classes; use a larger test size, another seed, or more rows.`);
  }
  return {
    model: 'logistic',
    alpha: null,
    l1_ratio: req.penalty === 'elasticnet' ? req.l1Ratio ?? null : req.penalty === 'l1' ? 1 : req.penalty === 'l2' ? 0 : null,
    C: req.C,
    penalty: req.penalty,
    ...coefficientFields(names, res, train, test, design.rowsDropped),
    metrics: {
      train: classificationMetrics(design.y, prob(train), train),
      test: testBothClasses ? classificationMetrics(design.y, prob(test), test) : null,
    },
    n_iter: res.nIter,
    converged: res.converged,
    notes,
  };
}

export function logisticPath(prep: Prepared, req: { penalty: LogisticPenalty; l1Ratio?: number; Cs?: number[]; nCs: number }, fit: FitOptions, rows: Int32Array, onProgress: ProgressSink = silent): PathResult {
  const { design, X } = prep;
  const res = fitLogisticPath(X, design.y, {
    penalty: req.penalty, l1Ratio: req.l1Ratio, Cs: req.Cs ? Float64Array.from(req.Cs).sort() : undefined, nCs: req.nCs,
    standardize: fit.standardize, rows, tol: fit.tol, maxIter: fit.maxIter,
    onProgress: (done: number, total: number) => onProgress({ stage: 'path', message: `logistic path: C ${done} of ${total}`, fraction: done / total }),
  });
  const names = design.columns;
  return {
    model: 'logistic',
    l1_ratio: req.penalty === 'elasticnet' ? req.l1Ratio ?? null : req.penalty === 'l1' ? 1 : null,
    Cs: Array.from(res.Cs),
    alphas: Array.from(res.Cs, (c) => 1 / c),
    coef: coefByColumn(names, res.coefStd, res.Cs.length),
    intercept: Array.from(res.intercept),
    n_nonzero: Array.from(res.nnz),
    entry_order: res.entryOrder.map((j) => names[j]),
    notes: [...res.warnings],
  };
}

/** Runs a logistic cross-validation (crossValidateLogistic, or the fold-parallel one with the same result, injected by the CLI and the worker). */
export type LogisticCvRunner = (X: LogisticDesign, y: Float64Array, opts: LogisticCvOptions) => LogisticCvFit;

export function logisticCv(
  prep: Prepared,
  req: { penalty: LogisticPenalty; l1Ratio?: number; l1Ratios?: number[]; Cs?: number[]; nCs: number; folds: number; metric: 'auc' | 'log_loss' | 'accuracy' },
  fit: FitOptions, rows: Int32Array, onProgress: ProgressSink = silent, runCv: LogisticCvRunner = crossValidateLogistic,
): CvResult {
  const { design, X } = prep;
  const foldIds = expandFolds(design.n, rows, foldsFor(prep, rows, req.folds, fit.seed, true));
  // Every fold's training part must hold both classes (a class with fewer rows than folds may not).
  let K = 0;
  for (let i = 0; i < rows.length; i++) K = Math.max(K, foldIds[rows[i]] + 1);
  for (let k = 0; k < K; k++) {
    const fitRows = rows.filter((r) => foldIds[r] !== k);
    requireBothClasses(design, fitRows, `the training rows of cross-validation fold ${k + 1} of ${K}`, 'use fewer folds or add rows of the rarer class');
  }
  const res = runCv(X, design.y, {
    penalty: req.penalty, l1Ratios: req.l1Ratios ?? (req.l1Ratio !== undefined ? [req.l1Ratio] : undefined),
    Cs: req.Cs ? Float64Array.from(req.Cs).sort() : undefined, nCs: req.nCs, foldIds, metric: req.metric,
    standardize: fit.standardize, rows, tol: fit.tol, maxIter: fit.maxIter,
    onProgress: (done: number, total: number, message: string) => onProgress({ stage: 'cv', message, fraction: done / total }),
  });
  const Cs = Array.from(res.Cs as ArrayLike<number>);
  const out: CvResult = {
    model: 'logistic',
    metric: req.metric,
    l1_ratio: req.penalty === 'elasticnet' ? (res.grid ? res.grid.best.l1Ratio : req.l1Ratio ?? null) : req.penalty === 'l1' ? 1 : null,
    Cs,
    alphas: Cs.map((c) => 1 / c),
    cv_mean: Array.from(res.mean as ArrayLike<number>),
    cv_se: Array.from(res.se as ArrayLike<number>),
    C_best: res.CBest,
    C_1se: res.C1se,
    alpha_min: 1 / res.CBest,
    alpha_1se: 1 / res.C1se,
    index_min: res.indexBest,
    index_1se: res.index1se,
    folds: req.folds,
    notes: [...res.warnings],
  };
  if (res.grid) {
    out.grid = {
      Cs: Array.from(res.grid.Cs as ArrayLike<number>), l1_ratios: Array.from(res.grid.l1Ratios as ArrayLike<number>),
      mean: res.grid.mean.map((r: ArrayLike<number>) => Array.from(r)),
      best: { C: res.grid.best.C, l1_ratio: res.grid.best.l1Ratio, score: res.grid.best.score },
    };
  }
  return out;
}

/** n values log-spaced from lo to hi, ascending (lo and hi included). */
function logSpaced(lo: number, hi: number, n: number): number[] {
  if (n <= 1 || !(hi > lo)) return [lo];
  const a = Math.log10(lo), b = Math.log10(hi);
  return Array.from({ length: n }, (_, k) => Math.pow(10, a + ((b - a) * k) / (n - 1)));
}

// ---------------------------------------------------------------------------------------------
// The panel's one-shot analysis and the worker's dispatcher

export function analyze(job: AnalyzeJob, onProgress: ProgressSink = silent, runLogisticCv: LogisticCvRunner = crossValidateLogistic,
  fits: GaussianFits = SERIAL_FITS, runCv: CvRunner = crossValidate): AnalysisResult {
  const table = loadTable(job.source, job.data, onProgress);
  const s = job.settings;
  const data: DataOptions = { ...job.data, target: s.target, features: s.features, positiveClass: s.positiveClass };
  const fit: FitOptions = { ...job.fit, standardize: s.standardize, testSize: s.testSize, seed: s.seed };
  const prep = prepare(table, data, fit, s.task);
  const summaryBase = {
    rows_used: prep.design.n, rows_dropped: prep.design.rowsDropped, n_train: prep.train.length, n_test: prep.test.length, p: prep.design.p,
  };
  if (s.task === 'classification') {
    // The path and the CV curve use the chosen penalty (none has no path: show L2's), on one C grid
    // that starts where every coefficient is zero and reaches past the fitted C, so the panel's
    // current-C marker always lies on the curves.
    const penalty: LogisticPenalty = s.penalty === 'none' ? 'l2' : s.penalty;
    const l1Ratio = penalty === 'elasticnet' ? s.l1Ratio : undefined;
    const base = logisticCGrid(prep.X, prep.design.y, { penalty, l1Ratio, nCs: 2, standardize: fit.standardize, rows: prep.train });
    const lo = base[0];
    const hi = Math.max(base[base.length - 1], s.C * 10);
    const res: LogisticAnalysis = {
      task: 'classification',
      summary: { ...summaryBase, positive_class: prep.design.classes?.[1] ?? '1', negative_class: prep.design.classes?.[0] ?? '0' },
      fit: fitLogisticModel(prep, { penalty: s.penalty, C: s.C, l1Ratio: s.l1Ratio }, fit),
      path: logisticPath(prep, { penalty, l1Ratio, Cs: logSpaced(lo, hi, job.nAlphas), nCs: job.nAlphas }, fit, prep.train, onProgress),
      cv: logisticCv(prep, {
        penalty, l1Ratio, nCs: 20, folds: s.cvFolds, metric: 'auc',
        // Elastic Net: the seed's GridSearchCV table, C x l1_ratio.
        ...(penalty === 'elasticnet' ? { l1Ratios: [0.1, 0.3, 0.5, 0.7, 0.9], Cs: [0.01, 0.1, 1, 10] } : { Cs: logSpaced(lo, hi, 20) }),
      }, fit, prep.train, onProgress, runLogisticCv),
      notes: prep.notes,
    };
    return res;
  }
  // The comparison's Lasso and Elastic Net and both paths fit the same training rows: one Gram.
  const shared = sharingStatistics(fits);
  const compare = compareModels(prep, s.alpha, s.l1Ratio, s.ridgeAlpha, fit, onProgress, shared);
  const pathReq = (model: PathModel): PathRequest => ({ model, l1Ratio: s.l1Ratio, nAlphas: job.nAlphas, eps: job.eps });
  const paths = {
    lasso: regressionPath(prep, pathReq('lasso'), fit, prep.train, onProgress, shared),
    elasticnet: regressionPath(prep, pathReq('elasticnet'), fit, prep.train, onProgress, shared),
    ridge: regressionPath(prep, pathReq('ridge'), fit, prep.train, onProgress),
  };
  const cvReq = (model: PathModel): CvRequest => ({ ...pathReq(model), folds: s.cvFolds, alphas: paths[model].alphas });
  const cv = {
    lasso: regressionCv(prep, cvReq('lasso'), fit, prep.train, onProgress, runCv),
    elasticnet: regressionCv(prep, cvReq('elasticnet'), fit, prep.train, onProgress, runCv),
    ridge: regressionCv(prep, cvReq('ridge'), fit, prep.train, onProgress, runCv),
  };
  const res: RegressionAnalysis = { task: 'regression', summary: summaryBase, compare, paths, cv, notes: prep.notes };
  return res;
}

/**
 * The worker's single entry point: every job kind of src/protocol.ts. `designs` keeps the design of
 * the refit / insights / geometry jobs between calls (the worker passes its own; without it each
 * such job parses and builds afresh).
 */
export async function runJob(
  job: JobRequest, onProgress: ProgressSink = silent, designs?: DesignCache, runCv: CvRunner = crossValidate, runLogisticCv: LogisticCvRunner = crossValidateLogistic,
  fits: GaussianFits = SERIAL_FITS,
): Promise<unknown> {
  if (job.kind === 'inspect') return inspect(loadTable(job.source, job.data, onProgress));
  if (job.kind === 'analyze') return analyze(job, onProgress, runLogisticCv, fits, runCv);
  if (job.kind === 'refit') return runRefit(job, designs ?? new DesignCache(), onProgress);
  if (job.kind === 'insights') {
    const { state } = (designs ?? new DesignCache()).get(job, onProgress);
    return insightsOnState(state, job.settings, job.threshold, job.nSubsamples, job.fit, onProgress);
  }
  if (job.kind === 'geometry') {
    const { state } = (designs ?? new DesignCache()).get(job, onProgress);
    return geometryOnState(state, job.request);
  }
  const table = loadTable(job.source, job.data, onProgress);
  switch (job.kind) {
    case 'fit': {
      const prep = prepare(table, job.data, job.fit, 'regression');
      return fitRegression(prep, job.model, job.alpha ?? 1, job.l1Ratio ?? 0.5, job.fit, fits);
    }
    case 'compare': {
      const prep = prepare(table, job.data, job.fit, 'regression');
      return compareModels(prep, job.alpha, job.l1Ratio, job.ridgeAlpha ?? job.alpha, job.fit, onProgress, fits);
    }
    case 'path': {
      const prep = prepare(table, job.data, { ...job.fit, testSize: 0 }, 'regression');
      return regressionPath(prep, { model: job.model, l1Ratio: job.l1Ratio ?? 0.5, nAlphas: job.nAlphas, eps: job.eps, alphas: job.alphas }, job.fit, prep.train, onProgress, fits);
    }
    case 'cv': {
      const prep = prepare(table, job.data, { ...job.fit, testSize: 0 }, 'regression');
      return regressionCv(prep, { model: job.model, l1Ratio: job.l1Ratios?.[0] ?? 0.5, l1Ratios: job.l1Ratios, nAlphas: job.nAlphas, eps: job.eps, alphas: job.alphas, folds: job.folds }, job.fit, prep.train, onProgress, runCv);
    }
    case 'logistic': {
      const prep = prepare(table, job.data, job.fit, 'classification');
      return fitLogisticModel(prep, { penalty: job.penalty, C: job.C, l1Ratio: job.l1Ratio }, job.fit);
    }
    default:
      throw new Error(`internal: the pipeline has no handler for job kind "${(job as { kind: string }).kind}"`);
  }
}
