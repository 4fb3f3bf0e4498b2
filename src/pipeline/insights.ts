/**
 * Diagnostics beyond the fitted numbers (issue 7): correlations and VIF of the design, correlated
 * groups against the Lasso's choice, stability selection, the two-stage (relaxed) fit, the
 * soft-thresholding table, a decision guide, and the two-coefficient geometry picture. Everything
 * is computed on the training rows of a cached design state (src/pipeline/refit.ts).
 */
import type { FitOptions, GeometryRequest, GeometryResult, InsightsResult, PanelSettings } from '../protocol';
import { UserError } from '../errors';
import { MT19937 } from '../data';
import { fitElasticNet, fitOLS, fittedDesign, predict, regressionMetrics, toOriginalUnits, type DenseMatrix } from '../solver';
import { CdWorkspace } from '../solver/enet';
import { dot, gramColumnsInto } from '../solver/linalg';
import { correlatedGroups, correlationFromGram, softThresholdRows, vifFromCorrelation } from '../solver/diagnostics';
import { enet2, loss2, lossGrid, ols2, relativeDeterminant, restrictedQuadratic, ridge2 } from '../solver/geometry';
import { regressionCv, type ProgressSink } from './index';
import { enetOnState, gramOf, olsOf, type DesignState } from './refit';

const silent: ProgressSink = () => undefined;

/** A VIF at or above this is the usual rule of thumb for harmful collinearity (Kutner et al., Applied Linear Statistical Models). */
export const VIF_HIGH = 10;
/** The correlation matrix is sent as p² numbers and VIF needs an O(p³) eigen-decomposition. */
export const MAX_DIAGNOSTIC_FEATURES = 1000;
/** alpha_1se "keeps clearly fewer features than p" when it keeps at most this fraction of them. */
export const SPARSE_FRACTION = 2 / 3;

/** Extra, optional fields of the insights answer (the protocol's fields are unchanged). */
export interface InsightsResultExtra extends InsightsResult {
  /** Lasso cross-validation (folds = settings.cvFolds) on the training rows that the advice uses. */
  lasso_cv: { alpha_min: number; alpha_1se: number; n_nonzero_min: number; n_nonzero_1se: number; folds: number };
}

function fmt(v: number, digits = 3): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e6 ? Number(v.toPrecision(digits)).toString() : v.toExponential(digits - 1);
}

function record(names: string[], values: ArrayLike<number>, keep?: (j: number) => boolean): Record<string, number> {
  const out: Record<string, number> = {};
  for (let j = 0; j < names.length; j++) {
    const v = keep && !keep(j) ? 0 : values[j];
    if (!Number.isFinite(v)) throw new Error(`internal: non-finite value for ${names[j]}`);
    out[names[j]] = v === 0 ? 0 : v;
  }
  return out;
}

function nonzeroCount(w: ArrayLike<number>): number {
  let c = 0;
  for (let j = 0; j < w.length; j++) if (w[j] !== 0) c++;
  return c;
}

/**
 * Stability selection (Meinshausen & Bühlmann, JRSS-B 2010): the fraction of half-size subsamples
 * on which the Lasso at `alpha` (standardized within each subsample) keeps each column.
 */
export function stabilitySelection(state: DesignState, alpha: number, nSubsamples: number, seed: number, fit: FitOptions, onProgress: ProgressSink = silent,
  warmStart?: Float64Array): Float64Array {
  const { prep } = state;
  const p = prep.design.p;
  const counts = new Float64Array(p);
  const rng = new MT19937(seed);
  const n = prep.train.length;
  const m = Math.floor(n / 2);
  if (m < 2) throw new UserError(`${state.file}: stability selection needs at least 4 training rows (has ${n}).`);
  const rows = new Int32Array(m);
  for (let k = 0; k < nSubsamples; k++) {
    const perm = rng.permutation(n);
    for (let i = 0; i < m; i++) rows[i] = prep.train[perm[i]];
    rows.sort();
    const w = warmStart ? subsampleLasso(prep.X, prep.design.y, rows, state.fit.standardize, alpha, warmStart, fit)
      : fitElasticNet(prep.X, prep.design.y, alpha, 1, { standardize: state.fit.standardize, rows, tol: fit.tol, maxIter: fit.maxIter }).coef;
    for (let j = 0; j < p; j++) if (w[j] !== 0) counts[j]++;
    onProgress({ stage: 'stability', message: `stability selection: subsample ${k + 1} of ${nSubsamples}`, fraction: (k + 1) / nSubsamples });
  }
  for (let j = 0; j < p; j++) counts[j] /= nSubsamples;
  return counts;
}

/**
 * The Lasso on one subsample (its own standardization), warm-started from the full-data solution
 * (same alpha, nearly the same scale): the Gram columns of that support are computed in one
 * batched pass (gramColumnsInto) before coordinate descent, which then rarely needs another.
 * Returns fitted-scale coefficients (zero exactly where the original-units ones are).
 */
function subsampleLasso(X: DenseMatrix, y: Float64Array, rows: Int32Array, standardize: boolean, alpha: number, warm: Float64Array, fit: FitOptions): Float64Array {
  const d = fittedDesign(X, y, standardize, rows);
  const { n, p, xs, yc } = d;
  const xty = new Float64Array(p);
  const colSq = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    xty[j] = dot(xs, j * n, yc, 0, n);
    colSq[j] = dot(xs, j * n, xs, j * n, n);
  }
  const gram = new Float64Array(p * p);
  const have = new Uint8Array(p);
  const support = new Int32Array(p);
  let m = 0;
  for (let j = 0; j < p; j++) if (warm[j] !== 0 && colSq[j] !== 0) support[m++] = j;
  gramColumnsInto(xs, n, p, support, m, gram, new Uint8Array(p));
  for (let t = 0; t < m; t++) have[support[t]] = 1;
  const missing = new Int32Array(p);
  const ws = new CdWorkspace({
    n, p, yy: dot(yc, 0, yc, 0, n), xty, colSq,
    gramSource: {
      fill: (pending, k, out) => {
        // Columns the support did not cover, computed together in one pass.
        let q = 0;
        for (let t = 0; t < k; t++) if (!have[pending[t]]) missing[q++] = pending[t];
        if (q > 0) gramColumnsInto(xs, n, p, missing, q, gram, new Uint8Array(p));
        for (let t = 0; t < q; t++) have[missing[t]] = 1;
        for (let t = 0; t < k; t++) out.set(gram.subarray(pending[t] * p, pending[t] * p + p), pending[t] * p);
      },
    },
  });
  const w0 = new Float64Array(p);
  for (let j = 0; j < p; j++) w0[j] = colSq[j] === 0 ? 0 : warm[j];
  ws.setCoefficients(w0);
  ws.solve(alpha, 1, NaN, fit.tol, fit.maxIter);
  return Float64Array.from(ws.w);
}

/** Test MSE and R² of a model in original units (nulls without test rows). */
function testScores(state: DesignState, coef: Float64Array, intercept: number): { test_mse: number | null; test_r2: number | null } {
  const { prep } = state;
  if (prep.test.length === 0) return { test_mse: null, test_r2: null };
  const m = regressionMetrics(prep.design.y, predict(prep.X, coef, intercept, prep.test), prep.test);
  return { test_mse: m.mse, test_r2: m.r2 };
}

/** Two-stage (relaxed) Lasso, Meinshausen (CSDA 2007) at phi = 0: OLS refitted on the Lasso's non-zero columns. */
export function relaxedFit(state: DesignState, wLasso: Float64Array): { selected: number[]; coef: Float64Array; intercept: number } {
  const { prep, d } = state;
  const p = prep.design.p;
  const selected: number[] = [];
  for (let j = 0; j < p; j++) if (wLasso[j] !== 0) selected.push(j);
  const coef = new Float64Array(p);
  if (selected.length === 0) return { selected, coef, intercept: d.yMean };
  const N = prep.X.n;
  const xs = new Float64Array(N * selected.length);
  selected.forEach((j, t) => xs.set(prep.X.x.subarray(j * N, (j + 1) * N), t * N));
  const f = fitOLS({ n: N, p: selected.length, x: xs }, prep.design.y, { standardize: state.fit.standardize, rows: prep.train });
  selected.forEach((j, t) => (coef[j] = f.coef[t]));
  return { selected, coef, intercept: f.intercept };
}

export function softThresholdNote(standardize: boolean, n: number): string {
  const scale = standardize ? 'standardized' : 'centred (unstandardized)';
  return (
    `Exact only for an orthonormal design; the real fits differ when features are correlated. b is the OLS coefficient on the ${scale} scale. ` +
    `Lasso (scikit-learn scaling, (1/(2n))·||y − Xw||² + alpha·||w||₁) equals sign(b)·max(|b| − alpha, 0) when XᵀX/n = I, i.e. standardized, uncorrelated columns. ` +
    `Ridge (||y − Xw||² + alpha·||w||²) equals b/(1 + alpha) when XᵀX = I; for standardized uncorrelated columns (XᵀX = nI, n = ${n}) it is b/(1 + alpha/n).`
  );
}

/** Decision guide from n, p, the correlated groups, max VIF and the Lasso CV curve. */
export function decide(input: {
  n: number; p: number; groups: string[][]; threshold: number; maxVif: number | null; worstVifColumn: string | null;
  alphaMin: number; alpha1se: number; nnzMin: number; nnz1se: number;
}): InsightsResult['advice'] {
  const { n, p, groups, threshold, maxVif, alpha1se, nnz1se } = input;
  const sparse = p >= 2 && nnz1se < p && nnz1se <= SPARSE_FRACTION * p;
  const vifHigh = maxVif === null || maxVif >= VIF_HIGH;
  const correlated = groups.length > 0 || vifHigh;
  const wide = p > n;
  const reasons: string[] = [];
  const groupText = groups.map((g) => g.join(', ')).join('; ');
  const vifText = maxVif === null
    ? `${input.worstVifColumn ?? 'a column'} is an exact linear combination of the others (VIF infinite)`
    : `the largest VIF is ${fmt(maxVif, 4)}${input.worstVifColumn ? ` (${input.worstVifColumn})` : ''}`;
  if (sparse) reasons.push(`The Lasso CV curve favours a sparse model: at alpha_1se = ${fmt(alpha1se)} it keeps ${nnz1se} of ${p} features (${input.nnzMin} at alpha_min = ${fmt(input.alphaMin)}).`);
  else reasons.push(`The Lasso CV curve does not favour a sparse model: at alpha_1se = ${fmt(alpha1se)} it still keeps ${nnz1se} of ${p} features.`);
  if (groups.length > 0) reasons.push(`${groups.length} group${groups.length === 1 ? '' : 's'} of features with |r| >= ${threshold}: ${groupText}.`);
  else reasons.push(`No pair of features has |r| >= ${threshold}.`);
  reasons.push(vifHigh ? `Collinearity: ${vifText} (>= ${VIF_HIGH} inflates coefficient variance).` : `Collinearity is mild: ${vifText} (below ${VIF_HIGH}).`);
  if (wide) reasons.push(`There are more features (${p}) than training rows (${n}): the Lasso can keep at most ${n} of them.`);
  let recommendation: 'ridge' | 'lasso' | 'elasticnet';
  if (sparse && (correlated || wide)) {
    recommendation = 'elasticnet';
    reasons.push('Sparse signal with correlated features: Elastic Net selects like the Lasso but keeps or drops correlated features together instead of picking one arbitrarily.');
  } else if (sparse) {
    recommendation = 'lasso';
    reasons.push('Sparse signal and weakly correlated features: the Lasso gives a smaller model with exact zeros at little cost in error.');
  } else {
    recommendation = 'ridge';
    reasons.push(correlated
      ? 'Most features carry signal and several are correlated: Ridge keeps them all and shrinks correlated coefficients together, which stabilizes them.'
      : 'Most features carry signal: Ridge keeps them all with proportional shrinkage; zeroing features would cost accuracy.');
  }
  const facts: Record<string, number | string | boolean> = {
    n_train: n, p, correlated_groups: groups.length, largest_group: groups.reduce((m, g) => Math.max(m, g.length), 0),
    max_vif: maxVif === null ? 'infinite' : maxVif, lasso_alpha_min: input.alphaMin, lasso_alpha_1se: alpha1se,
    lasso_nonzero_min: input.nnzMin, lasso_nonzero_1se: nnz1se, cv_favours_sparse: sparse, more_features_than_rows: wide,
  };
  return { recommendation, reasons, facts };
}

/** The 'insights' job on a design state. */
export function insightsOnState(state: DesignState, settings: PanelSettings, threshold: number, nSubsamples: number,
  fit: FitOptions, onProgress: ProgressSink = silent): InsightsResultExtra {
  if (!(threshold > 0 && threshold <= 1)) throw new UserError(`the correlation threshold must be in (0, 1] (got ${threshold}).`);
  if (!(Number.isInteger(nSubsamples) && nSubsamples >= 1 && nSubsamples <= 10000)) throw new UserError(`the number of subsamples must be a whole number from 1 to 10000 (got ${nSubsamples}).`);
  if (!(settings.alpha > 0 && Number.isFinite(settings.alpha))) throw new UserError(`the Lasso alpha must be a positive number (got ${settings.alpha}).`);
  const { prep, d } = state;
  const names = prep.design.columns;
  const p = d.p;
  if (p > MAX_DIAGNOSTIC_FEATURES) {
    throw new UserError(`${state.file}: diagnostics are limited to ${MAX_DIAGNOSTIC_FEATURES} design columns (this design has ${p}); choose fewer features.`);
  }
  const notes: string[] = [];
  onProgress({ stage: 'diagnostics', message: 'correlations and VIF', fraction: 0 });
  const gram = gramOf(state);
  const r = correlationFromGram(gram, p);
  const constant = names.filter((_, j) => d.constant[j]);
  if (constant.length > 0) notes.push(`Constant on the training rows (correlation shown as 0, VIF infinite): ${constant.join(', ')}.`);
  const vifs = vifFromCorrelation(r, p);
  const rows: number[][] = [];
  for (let j = 0; j < p; j++) rows.push(Array.from(r.subarray(j * p, (j + 1) * p), (v) => (v === 0 ? 0 : v)));

  // Lasso at the panel's alpha (warm-starts the live slider's Lasso too).
  const lasso = enetOnState(state, 'lasso', settings.alpha, 1, fit.tol, fit.maxIter);
  const wLasso = lasso.w;
  if (!lasso.converged) notes.push(`The Lasso at alpha = ${fmt(settings.alpha)} did not reach the duality-gap tolerance in ${fit.maxIter} iterations.`);
  const groups = correlatedGroups(r, p, threshold).map((g) => {
    const columns = g.map((j) => names[j]);
    const kept = g.filter((j) => wLasso[j] !== 0).map((j) => names[j]);
    const zeroed = g.filter((j) => wLasso[j] === 0).map((j) => names[j]);
    const warning = kept.length === 1 && zeroed.length > 0
      ? `Lasso kept ${kept[0]} and zeroed ${zeroed.join(', ')} although |r| >= ${threshold}: with correlated features Lasso picks one arbitrarily; consider Elastic Net.`
      : null;
    return { columns, kept_by_lasso: kept, zeroed_by_lasso: zeroed, warning };
  });

  // Decision-guide input: the Lasso CV curve on the training rows.
  const cv = regressionCv(prep, { model: 'lasso', l1Ratio: 1, nAlphas: 100, eps: 1e-3, folds: settings.cvFolds }, { ...state.fit, tol: fit.tol, maxIter: fit.maxIter }, prep.train,
    (pr) => onProgress({ ...pr, fraction: pr.fraction !== undefined ? 0.05 + 0.25 * pr.fraction : undefined }));
  const nnzAt = (alpha: number) => nonzeroCount(enetOnState(state, 'insights-lasso', alpha, 1, fit.tol, fit.maxIter).w);
  const nnz1se = nnzAt(cv.alpha_1se);
  const nnzMin = nnzAt(cv.alpha_min);

  const freq = stabilitySelection(state, settings.alpha, nSubsamples, settings.seed, fit,
    (pr) => onProgress({ ...pr, fraction: pr.fraction !== undefined ? 0.3 + 0.7 * pr.fraction : undefined }), wLasso);

  const lassoOrig = toOriginalUnits(d, wLasso);
  const relaxed = relaxedFit(state, wLasso);
  const b = olsOf(state);
  let maxVif: number | null = 0;
  let worst: string | null = null;
  vifs.forEach((v, j) => {
    if (maxVif === null) return;
    if (v === null) {
      maxVif = null;
      worst = names[j];
    } else if (v > maxVif) {
      maxVif = v;
      worst = names[j];
    }
  });
  const groupCols = groups.map((g) => g.columns);
  const advice = decide({
    n: d.n, p, groups: groupCols, threshold, maxVif, worstVifColumn: worst,
    alphaMin: cv.alpha_min, alpha1se: cv.alpha_1se, nnzMin, nnz1se,
  });
  return {
    correlation: { columns: names, r: rows },
    vif: names.map((column, j) => ({ column, vif: vifs[j] })),
    groups: { threshold, groups },
    stability: { n_subsamples: nSubsamples, fraction: 0.5, alpha: settings.alpha, seed: settings.seed, frequency: record(names, freq) },
    relaxed: {
      alpha: settings.alpha,
      selected: relaxed.selected.map((j) => names[j]),
      lasso: { intercept: lassoOrig.intercept, coef: record(names, lassoOrig.coef), ...testScores(state, lassoOrig.coef, lassoOrig.intercept) },
      relaxed_ols: { intercept: relaxed.intercept, coef: record(names, relaxed.coef), ...testScores(state, relaxed.coef, relaxed.intercept) },
    },
    soft_threshold: {
      alpha: settings.alpha, ridge_alpha: settings.ridgeAlpha,
      rows: softThresholdRows(b, settings.alpha, settings.ridgeAlpha).map((row, j) => ({ column: names[j], ...row })),
      note: softThresholdNote(state.fit.standardize, d.n),
    },
    advice,
    lasso_cv: { alpha_min: cv.alpha_min, alpha_1se: cv.alpha_1se, n_nonzero_min: nnzMin, n_nonzero_1se: nnz1se, folds: cv.folds },
    notes: [...prep.notes, ...notes],
  };
}

/** Extra, optional fields of the geometry answer. */
export interface GeometryResultExtra extends GeometryResult {
  /** The two-variable Elastic Net solution at (alpha, l1Ratio). */
  elasticnet: [number, number];
  /** Loss (1/(2n))||r − x1 w1 − x2 w2||² at the three points. */
  loss_at: { ols: number; lasso: number; ridge: number };
  /** true: coefficients on the standardized scale; false: centred original units. */
  standardized: boolean;
}

/** The 'geometry' job on a design state: two coefficients, the others held at their OLS values. */
export function geometryOnState(state: DesignState, req: GeometryRequest): GeometryResultExtra {
  const names = state.prep.design.columns;
  const [a, b] = req.features;
  const j1 = names.indexOf(a);
  const j2 = names.indexOf(b);
  for (const [name, j] of [[a, j1], [b, j2]] as const) {
    if (j < 0) throw new UserError(`${state.file}: "${name}" is not a column of the design (${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}); pick two of its features.`);
  }
  if (j1 === j2) throw new UserError(`${state.file}: pick two different features for the geometry view (both are "${a}").`);
  if (!(req.alpha > 0 && Number.isFinite(req.alpha))) throw new UserError(`alpha must be a positive number (got ${req.alpha}).`);
  if (!(req.ridgeAlpha > 0 && Number.isFinite(req.ridgeAlpha))) throw new UserError(`the Ridge alpha must be a positive number (got ${req.ridgeAlpha}).`);
  if (!(req.l1Ratio >= 0 && req.l1Ratio <= 1)) throw new UserError(`l1_ratio must be between 0 and 1 (got ${req.l1Ratio}).`);
  const { d } = state;
  const q = restrictedQuadratic(gramOf(state), state.xty, state.ws.yy, d.n, d.p, olsOf(state), j1, j2);
  if (!(relativeDeterminant(q) > 1e-12)) {
    throw new UserError(`${state.file}: "${a}" and "${b}" are perfectly correlated (or constant) on the training rows, so their loss has no single minimum; pick another pair.`);
  }
  const ols = ols2(q);
  const lasso = enet2(q, req.alpha, 1);
  const ridge = ridge2(q, req.ridgeAlpha);
  const elasticnet = enet2(q, req.alpha, req.l1Ratio);
  const l1 = Math.abs(lasso[0]) + Math.abs(lasso[1]);
  const l2 = Math.hypot(ridge[0], ridge[1]);
  const points: [number, number][] = [ols, [0, 0], lasso, ridge, [l1, 0], [-l1, 0], [0, l1], [0, -l1], [l2, 0], [-l2, 0], [0, l2], [0, -l2]];
  const grid = lossGrid(q, points, [lasso, ridge]);
  const z = (v: number) => (v === 0 ? 0 : v);
  return {
    features: [a, b],
    grid,
    ols: [z(ols[0]), z(ols[1])],
    lasso: [z(lasso[0]), z(lasso[1])],
    ridge: [z(ridge[0]), z(ridge[1])],
    l1_budget: l1,
    l2_budget: l2,
    elasticnet: [z(elasticnet[0]), z(elasticnet[1])],
    loss_at: { ols: loss2(q, ols[0], ols[1]), lasso: loss2(q, lasso[0], lasso[1]), ridge: loss2(q, ridge[0], ridge[1]) },
    standardized: state.fit.standardize,
  };
}
