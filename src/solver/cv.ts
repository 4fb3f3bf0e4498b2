/**
 * K-fold cross-validation of ridge / lasso / elastic net paths on a common alpha grid, as
 * sklearn's LassoCV / ElasticNetCV (grid from all rows, per-fold refit of the preprocessing, mean
 * of per-fold MSEs) with glmnet's standard error and lambda.1se rule.
 */
import { DenseMatrix, fittedDesign } from './design';
import { alphaMaxFromXty, enetPathOnDesign, gridOnDesign, logAlphaGrid, runEnetPath, DEFAULT_MAX_ITER, DEFAULT_TOL, WHOLE_GRAM_MAX_P } from './path';
import { CdWorkspace, defaultCdMode } from './enet';
import { CenteredGramCache, CenteredGramParts, FoldProblem, foldProblem, heldOutMseFromGram } from './cvGram';
import { ridgeAlphaGridFromSingularValues, ridgeFactor, ridgePathOnDesign, sortedDescending } from './ridge';
import { CvCurve, CvFit, CvOptions, PathFit } from './types';
import { UserError } from '../errors';

/**
 * Held-out MSE of every path point: coef (fitted scale) mapped to original units, predicted on
 * `test`. The held-out rows are gathered once into a contiguous block so each alpha's prediction
 * is a run of contiguous axpys (a strided gather per alpha touched all of X every time).
 */
function heldOutMse(X: DenseMatrix, y: Float64Array, test: Int32Array, path: FoldPath, out: Float64Array, outOffset: number): void {
  const p = X.p;
  const N = X.n;
  const K = path.alphas.length;
  const m = test.length;
  const xt = new Float64Array(m * p);
  for (let j = 0; j < p; j++) {
    const off = j * N;
    const dst = j * m;
    for (let t = 0; t < m; t++) xt[dst + t] = X.x[off + test[t]];
  }
  const yt = new Float64Array(m);
  for (let t = 0; t < m; t++) yt[t] = y[test[t]];
  const pred = new Float64Array(m);
  for (let k = 0; k < K; k++) {
    pred.fill(path.interceptOriginal[k]);
    for (let j = 0; j < p; j++) {
      const w = path.coefStd[k * p + j];
      if (w === 0) continue;
      const c = w / path.scale[j];
      const off = j * m;
      for (let t = 0; t < m; t++) pred[t] += c * xt[off + t];
    }
    let s = 0;
    for (let t = 0; t < m; t++) {
      const e = yt[t] - pred[t];
      s += e * e;
    }
    out[outOffset + k] = s / m;
  }
}

/** What the held-out error needs from a fold's path. */
type FoldPath = Pick<PathFit, 'alphas' | 'coefStd' | 'interceptOriginal' | 'scale' | 'warnings'>;

/** A covariance-mode fold from its sufficient statistics (cvGram.ts): the path and original-units intercepts. */
function foldPathFromGram(fp: FoldProblem, alphas: Float64Array, l1: number, tol: number, maxIter: number,
  progress?: (done: number, total: number) => void): FoldPath {
  const p = fp.scale.length;
  const run = runEnetPath(new CdWorkspace(fp.problem), alphas, l1, tol, maxIter, progress);
  const interceptOriginal = new Float64Array(alphas.length);
  for (let k = 0; k < alphas.length; k++) {
    let b = fp.yMean;
    for (let j = 0; j < p; j++) {
      const w = run.coefStd[k * p + j];
      if (w !== 0 && !fp.constant[j]) b -= fp.mean[j] * (w / fp.scale[j]);
    }
    interceptOriginal[k] = b;
  }
  return { alphas, coefStd: run.coefStd, interceptOriginal, scale: fp.scale, warnings: run.warnings };
}

/** Mean, SE (sample sd with ddof=1 over folds / sqrt(K)), argmin (ties: larger alpha) and the 1-SE alpha. */
export function summarizeCv(l1Ratio: number, alphas: Float64Array, foldErrors: Float64Array, K: number): CvCurve {
  const A = alphas.length;
  const mean = new Float64Array(A);
  const se = new Float64Array(A);
  for (let a = 0; a < A; a++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += foldErrors[k * A + a];
    const m = s / K;
    let ss = 0;
    for (let k = 0; k < K; k++) ss += (foldErrors[k * A + a] - m) ** 2;
    mean[a] = m;
    se[a] = K > 1 ? Math.sqrt(ss / (K - 1)) / Math.sqrt(K) : 0;
  }
  // Alphas are descending, so the first index wins ties (the larger alpha).
  let indexMin = 0;
  for (let a = 1; a < A; a++) if (mean[a] < mean[indexMin]) indexMin = a;
  const bound = mean[indexMin] + se[indexMin];
  let index1se = indexMin;
  for (let a = 0; a < indexMin; a++) if (mean[a] <= bound) {
    index1se = a;
    break;
  }
  return { l1Ratio, alphas, mean, se, foldErrors, alphaMin: alphas[indexMin], alpha1se: alphas[index1se], indexMin, index1se };
}

/** One fold: its held-out rows (indices into X), their positions among the cross-validated rows, and its training rows on demand. */
interface FoldSplit {
  test: Int32Array;
  testPos: Int32Array;
  nTrain: number;
  train(): Int32Array;
}

/** Splits `rows` by fold label: the label of every cross-validated row (validated) and each fold's rows. */
function foldSplits(N: number, rows: Int32Array | undefined, foldIds: Int32Array): { labels: Int32Array; splits: FoldSplit[] } {
  const m = rows ? rows.length : N;
  let labels: Int32Array;
  if (foldIds.length === m) labels = foldIds;
  else if (foldIds.length === N) labels = rows ? Int32Array.from(rows, (i) => foldIds[i]) : foldIds;
  else throw new UserError(`The fold labels have ${foldIds.length} entries but ${m} rows are cross-validated.`);
  let K = 0;
  for (let t = 0; t < m; t++) {
    const f = labels[t];
    if (!(f >= 0)) throw new UserError(`Fold label ${f} at row ${t + 1} is negative; fold labels must be 0..K-1.`);
    if (f + 1 > K) K = f + 1;
  }
  if (K < 2) throw new UserError('Cross-validation needs at least 2 folds; the fold labels name only one.');
  const counts = new Int32Array(K);
  for (let t = 0; t < m; t++) counts[labels[t]]++;
  for (let k = 0; k < K; k++) {
    if (counts[k] === 0) throw new UserError(`Fold ${k} has no rows; fold labels must be 0..K-1 with every fold used.`);
  }
  const tests = Array.from({ length: K }, (_, k) => new Int32Array(counts[k]));
  const testPos = Array.from({ length: K }, (_, k) => new Int32Array(counts[k]));
  const fill = new Int32Array(K);
  for (let t = 0; t < m; t++) {
    const k = labels[t];
    const a = fill[k]++;
    testPos[k][a] = t;
    tests[k][a] = rows ? rows[t] : t;
  }
  const splits = tests.map((test, k): FoldSplit => ({
    test,
    testPos: testPos[k],
    nTrain: m - counts[k],
    train: () => {
      const train = new Int32Array(m - counts[k]);
      let b = 0;
      for (let t = 0; t < m; t++) if (labels[t] !== k) train[b++] = rows ? rows[t] : t;
      return train;
    },
  }));
  return { labels, splits };
}

/** Fold errors of the folds run by crossValidateFolds: what a thread hands back to be combined. */
export interface CvFoldRuns {
  /** Number of folds K. */
  folds: number;
  /** Per l1 ratio: its grid and K x A fold errors (rows of folds not run are 0). */
  grids: Float64Array[];
  foldErrors: Float64Array[];
  /** Warnings of fold k under ratio ri at ri*K + k. */
  warnings: string[][];
}

/**
 * The per-fold part of crossValidate for the folds in `foldsToRun` (all when omitted). Every fold's
 * errors depend only on X, y, opts and the fold (the shared Gram's entries do not depend on which
 * folds asked for them first), so folds split across threads and combined with
 * combineCvFolds give the same bits as one crossValidate.
 */
export function crossValidateFolds(X: DenseMatrix, y: Float64Array, opts: CvOptions, foldsToRun?: number[],
  sharedGram?: CenteredGramParts | null): CvFoldRuns {
  const tol = opts.tol ?? DEFAULT_TOL;
  const maxIter = opts.maxIter ?? DEFAULT_MAX_ITER;
  const { labels, splits } = foldSplits(X.n, opts.rows, opts.foldIds);
  const K = splits.length;
  const isRidge = opts.model === 'ridge';
  const ratios = isRidge ? [NaN] : opts.model === 'lasso' ? [1] : opts.l1Ratios;
  if (ratios.length === 0) throw new UserError('Elastic net cross-validation needs at least one l1_ratio.');
  const run = foldsToRun ?? Array.from({ length: K }, (_, k) => k);
  // Covariance-mode folds share one centred Gram (cvGram.ts); it also gives the grid's X^T y.
  let minTrain = Infinity;
  for (const sp of splits) minTrain = Math.min(minTrain, sp.nTrain);
  const useGram = !isRidge && opts.foldGram !== false && (opts.cdMode ?? defaultCdMode(minTrain, X.p)) === 'covariance';
  let cache: CenteredGramCache | null = null;
  if (useGram) cache = sharedGram ? CenteredGramCache.fromParts(sharedGram) : newCvGramCache(X, y, opts.rows, labels, K);
  if (cache && !cache.usable) cache = null;
  // Grids come from all cross-validated rows (LassoCV).
  const full = opts.alphas || cache ? null : fittedDesign(X, y, opts.standardize, opts.rows);
  const grids = ratios.map((r) => {
    if (opts.alphas) return sortedDescending(opts.alphas, isRidge ? 'ridge' : 'elastic net');
    if (isRidge) return ridgeAlphaGridFromSingularValues(ridgeFactor(full!).s, opts.nAlphas);
    if (cache) return logAlphaGrid(alphaMaxFromXty(cache.fittedXty(opts.standardize), cache.N, r), opts.nAlphas, opts.eps);
    return gridOnDesign(full!, r, opts.nAlphas, opts.eps);
  });
  const total = ratios.reduce((s, _r, i) => s + K * grids[i].length, 0);
  let before = 0;
  const foldErrorsAll: Float64Array[] = [];
  const warnings: string[][] = Array.from({ length: ratios.length * K }, () => []);
  for (let ri = 0; ri < ratios.length; ri++) {
    const l1 = ratios[ri];
    const alphas = grids[ri];
    const A = alphas.length;
    const foldErrors = new Float64Array(K * A);
    for (const k of run) {
      if (!(k >= 0 && k < K)) throw new Error(`crossValidateFolds: fold ${k} is not in 0..${K - 1}`);
      const { test, testPos } = splits[k];
      const prefix = (ratios.length > 1 ? `l1_ratio ${l1}: ` : '') + `fold ${k + 1} of ${K}`;
      const base = before + k * A;
      const progress = opts.onProgress
        ? (a: number, tot: number) => opts.onProgress!(base + a, total, `${prefix}, alpha ${a} of ${tot}`)
        : undefined;
      let path: FoldPath | null = null;
      let fp: FoldProblem | null = null;
      if (cache) {
        // Covariance mode: the fold's Gram from the shared all-rows Gram minus its held-out rows.
        fp = foldProblem(cache, testPos, opts.standardize, cache.folds ? { k, X, y, test } : undefined);
        if (fp) path = foldPathFromGram(fp, alphas, l1, tol, maxIter, progress);
      }
      if (!path) {
        const d = fittedDesign(X, y, opts.standardize, splits[k].train());
        path = isRidge
          ? ridgePathOnDesign(d, alphas, A, opts.standardize, progress)
          : enetPathOnDesign(d, alphas, l1, opts.standardize, tol, maxIter, opts.cdMode, progress);
      }
      for (const w of path.warnings) warnings[ri * K + k].push(`${prefix}: ${w}`);
      // Covariance-mode folds score through the held-out rows' Gram (O(nnz^2) per alpha, no prediction pass).
      if (fp) heldOutMseFromGram(fp, path.coefStd, A, foldErrors, k * A);
      else heldOutMse(X, y, test, path, foldErrors, k * A);
    }
    before += K * A;
    foldErrorsAll.push(foldErrors);
  }
  return { folds: K, grids, foldErrors: foldErrorsAll, warnings };
}

/**
 * Whether crossValidate gets every fold from one blocked pass over X (covariance mode, a small p:
 * CenteredGramCache.byFolds). Its fold solves then take milliseconds, so that pass is the whole
 * cost and splitting the folds over threads only adds work (src/worker/cvPool.ts asks this).
 */
export function cvFoldsFromOnePass(X: DenseMatrix, opts: CvOptions): boolean {
  if (opts.model === 'ridge' || opts.foldGram === false) return false;
  const { rows, foldIds } = opts;
  const N = rows ? rows.length : X.n;
  // Fold labels per cross-validated row or per row of X, as foldSplits reads them.
  const labelOf = (t: number): number => (foldIds.length === N || !rows ? foldIds[t] : foldIds[rows[t]]);
  const sizes = new Map<number, number>();
  for (let t = 0; t < N; t++) sizes.set(labelOf(t), (sizes.get(labelOf(t)) ?? 0) + 1);
  const minTrain = N - Math.max(0, ...sizes.values());
  return (opts.cdMode ?? defaultCdMode(minTrain, X.p)) === 'covariance' && foldGramsInOnePass(N, X.p, sizes.size);
}

/**
 * Whether the shared CV Gram is built from every fold's held-out Gram in one pass: p is small
 * (wholeGramIsCheap) and the K held-out Grams of q×q (q = p + 1) are small next to the N×p copy
 * they avoid; many folds (e.g. leave-one-out) take the copying mode, one held-out Gram at a time.
 */
function foldGramsInOnePass(N: number, p: number, K: number): boolean {
  const q = p + 1;
  return wholeGramIsCheap(N, p) && K * q * q <= (N * p) / 4;
}

/**
 * The shared CV Gram: a small one (wholeGramIsCheap) whole from the folds' held-out Grams in one
 * blocked pass (CenteredGramCache.byFolds: no centred copy of X, no per-fold gathers); otherwise
 * a centred copy whose Gram columns are computed as folds ask for them.
 */
function newCvGramCache(X: DenseMatrix, y: Float64Array, rows: Int32Array | undefined, labels: Int32Array, K: number): CenteredGramCache {
  const N = rows ? rows.length : X.n;
  if (foldGramsInOnePass(N, X.p, K)) return CenteredGramCache.byFolds(X, y, rows, labels, K);
  const cache = new CenteredGramCache(X, y, rows);
  // A small Gram whole in one pass (same bits as column by column: row-order sums).
  if (cache.usable && wholeGramIsCheap(N, X.p)) cache.ensureAll();
  return cache;
}

/**
 * Whole shared Gram when p <= WHOLE_GRAM_MAX_P (the rule of fitElasticNetPath's statistics route):
 * it reads X once instead of once per request, with the faster symmetric kernel, and needs no N×p
 * centred copy, whatever N is.
 */
export function wholeGramIsCheap(_N: number, p: number): boolean {
  return p <= WHOLE_GRAM_MAX_P;
}

/**
 * The shared all-rows Gram crossValidateFolds would build for these options, with every column
 * computed (same bits as computed lazily), for threads that split the folds: null when the folds
 * do not use one (naive mode, ridge, foldGram false, or data outside its safe range).
 */
export function sharedCvGram(X: DenseMatrix, y: Float64Array, opts: CvOptions): CenteredGramParts | null {
  if (opts.model === 'ridge' || opts.foldGram === false) return null;
  const { labels, splits } = foldSplits(X.n, opts.rows, opts.foldIds);
  let minTrain = Infinity;
  for (const sp of splits) minTrain = Math.min(minTrain, sp.nTrain);
  if ((opts.cdMode ?? defaultCdMode(minTrain, X.p)) !== 'covariance') return null;
  const cache = newCvGramCache(X, y, opts.rows, labels, splits.length);
  if (!cache.usable) return null;
  cache.ensureAll();
  return cache.toParts();
}

/**
 * Combines fold runs (each fold in exactly one part) into crossValidate's result: fold-error rows
 * copied, curves summarized, warnings in fold order.
 */
export function combineCvFolds(opts: CvOptions, parts: { runs: CvFoldRuns; folds: number[] }[]): CvFit {
  const first = parts[0].runs;
  const K = first.folds;
  const isRidge = opts.model === 'ridge';
  const ratios = isRidge ? [NaN] : opts.model === 'lasso' ? [1] : opts.l1Ratios;
  const curves: CvCurve[] = [];
  const warnings: string[] = [];
  const owner = new Int32Array(K).fill(-1);
  parts.forEach((part, i) => { for (const k of part.folds) owner[k] = i; });
  for (let k = 0; k < K; k++) if (owner[k] < 0) throw new Error(`combineCvFolds: fold ${k} was not run`);
  for (let ri = 0; ri < ratios.length; ri++) {
    const alphas = first.grids[ri];
    const A = alphas.length;
    const foldErrors = new Float64Array(K * A);
    for (let k = 0; k < K; k++) {
      const runs = parts[owner[k]].runs;
      foldErrors.set(runs.foldErrors[ri].subarray(k * A, (k + 1) * A), k * A);
      warnings.push(...runs.warnings[ri * K + k]);
    }
    curves.push(summarizeCv(ratios[ri], alphas, foldErrors, K));
  }
  let best = 0;
  for (let i = 1; i < curves.length; i++) if (curves[i].mean[curves[i].indexMin] < curves[best].mean[curves[best].indexMin]) best = i;
  const c = curves[best];
  return {
    alphas: c.alphas, mean: c.mean, se: c.se, foldErrors: c.foldErrors, alphaMin: c.alphaMin, alpha1se: c.alpha1se,
    indexMin: c.indexMin, index1se: c.index1se, l1Ratio: c.l1Ratio, byL1Ratio: curves, folds: K, warnings,
  };
}

/** Cross-validation over folds (and l1 ratios): sklearn LassoCV/ElasticNetCV grid and MSE, glmnet lambda.1se. */
export function crossValidate(X: DenseMatrix, y: Float64Array, opts: CvOptions): CvFit {
  const runs = crossValidateFolds(X, y, opts);
  return combineCvFolds(opts, [{ runs, folds: Array.from({ length: runs.folds }, (_, k) => k) }]);
}
