/**
 * Gaussian elastic net / Lasso paths from sufficient statistics: the column means, the centred Gram
 * matrix, X^T y and ||y||^2 of the centred data are all covariance-mode coordinate descent needs
 * (Friedman, Hastie & Tibshirani, JSS 2010, section 2.2 "covariance updates"), so a path can be
 * fitted from them without the rows (a streamed CSV) or without a centred copy of X (n >> p).
 * Same standardization semantics as fitElasticNetPath: standardize divides each column by its
 * population sd sqrt(diag/n); columns constant on the rows (scikit-learn's _is_constant_feature
 * bound) get coefficient 0 and scale 1.
 */
import { DenseMatrix } from './design';
import { CdWorkspace, CovarianceProblem } from './enet';
import { columnIsConstant, meanAndCentredGram } from './linalg';
import { checkRows } from './ols';
import { alphaMaxFromXty, checkL1RatioForGrid, checkTol, logAlphaGrid, runEnetPath, solveAtAlpha, DEFAULT_MAX_ITER, DEFAULT_TOL } from './path';
import { entryOrder, sortedDescending } from './ridge';
import { LinearFitOptions, LinearModelFit, PathFit, PathOptions, StatsMemo } from './types';

/** Sufficient statistics of a Gaussian design, accumulated without holding the rows. */
export interface SufficientStats {
  /** Rows. */
  n: number;
  p: number;
  /** Column means. */
  mean: Float64Array;
  yMean: number;
  /** p*p column-major, Σ (x_i − mean)(x_i − mean)ᵀ. */
  gram: Float64Array;
  /** Σ (x_i − mean)(y_i − yMean). */
  xty: Float64Array;
  /** Σ (y_i − yMean)². */
  yy: number;
}

const EPS = 2.220446049250313e-16;
/** Bounds on sums of squared deviations beyond which products of two deviations could overflow or underflow. */
const HUGE = 1e300;
const TINY = 1e-200;

/** scikit-learn's _is_constant_feature bound (fittedDesign's test), on the population variance. */
function isConstant(variance: number, mean: number, n: number): boolean {
  return variance <= n * EPS * variance + (n * mean * EPS) ** 2;
}

/** Statistics of the rows plus whether their magnitudes keep every product in the normal range. */
export interface StatsOfRows {
  stats: SufficientStats;
  /**
   * False when a column's (or y's) sum of squared deviations exceeds 1e300 or is below 1e-200 n
   * without the column being constant (products could overflow or underflow):
   * fittedDesign rescales such columns by powers of two, these sums do not, so callers that need
   * fittedDesign's accuracy there fit from the design instead.
   */
  usable: boolean;
}

/**
 * Sufficient statistics of (X, y) on `rows` (all rows when omitted) in one blocked pass over the
 * rows (meanAndCentredGram on [X y]: no centred copy of X).
 */
export function statsOfRows(X: DenseMatrix, y: Float64Array, rows?: Int32Array): StatsOfRows {
  const q = X.p + 1;
  const n = rows ? rows.length : X.n;
  const mean = new Float64Array(q);
  const g = new Float64Array(q * q);
  meanAndCentredGram(X.x, X.n, X.p, y, rows ?? null, n, mean, g);
  return statsFromGram(X, y, rows ?? null, n, mean, g);
}

/**
 * The whole [X y] means and centred Gram (q = p + 1, symmetric, column-major) split into
 * SufficientStats, with the usable test (shared by statsOfRows and the Gram threads).
 */
export function statsFromGram(X: DenseMatrix, y: Float64Array, rows: Int32Array | null, n: number, mean: Float64Array, g: Float64Array): StatsOfRows {
  const { p } = X;
  const q = p + 1;
  const gram = new Float64Array(p * p);
  const xty = new Float64Array(p);
  let usable = true;
  for (let j = 0; j < q; j++) {
    if (j < p) {
      gram.set(g.subarray(j * q, j * q + p), j * p);
      xty[j] = g[p * q + j];
    }
    // Every product of deviations is a normal number when each column's sum of squares is at most
    // 1e300 (so is every product, by Cauchy-Schwarz; an Inf or NaN fails the test) and at least
    // 1e-200 n, unless the column is exactly constant (checked on the rows: rare).
    const css = g[j * q + j];
    if (!(Math.abs(mean[j]) <= HUGE && css <= HUGE)) usable = false;
    else if (!(css >= TINY * n) && !columnIsConstant(X.x, X.n, p, y, rows, n, j)) usable = false;
  }
  const stats = { n, p, mean: mean.slice(0, p), yMean: mean[p], gram, xty, yy: g[q * q - 1] };
  return { stats, usable };
}

/** The statistics of (X, y) on `rows` from the memo when it holds them, else computed (and kept there). */
export function memoizedStats(memo: StatsMemo | undefined, X: DenseMatrix, y: Float64Array, rows: Int32Array | undefined,
  compute: () => StatsOfRows): StatsOfRows {
  if (!memo) return compute();
  const of = memo.of;
  if (of && of.x === X.x && of.y === y && of.rows === rows) return of.stats;
  const stats = compute();
  memo.of = { x: X.x, y, rows, stats };
  return stats;
}

/** Sufficient statistics of (X, y) on `rows` (all rows when omitted), without a centred copy of X. */
export function sufficientStats(X: DenseMatrix, y: Float64Array, rows?: Int32Array): SufficientStats {
  return statsOfRows(X, y, rows).stats;
}

/** The fitted-scale covariance problem of the statistics, with its divisors and constant flags. */
function fittedProblem(stats: SufficientStats, standardize: boolean): { problem: CovarianceProblem; scale: Float64Array; constant: Uint8Array } {
  const { n, p, gram } = stats;
  const scale = new Float64Array(p);
  const constant = new Uint8Array(p);
  const xty = new Float64Array(p);
  const colSq = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const css = gram[j * p + j];
    const variance = n > 0 ? css / n : 0;
    if (isConstant(variance, stats.mean[j], n)) {
      constant[j] = 1;
      scale[j] = 1;
      continue;
    }
    scale[j] = standardize ? Math.sqrt(variance) : 1;
    xty[j] = stats.xty[j] / scale[j];
    colSq[j] = css / (scale[j] * scale[j]);
  }
  const gramSource = {
    fill(pending: Int32Array, m: number, out: Float64Array): void {
      for (let t = 0; t < m; t++) {
        const j = pending[t];
        const gj = j * p;
        if (constant[j]) {
          out.fill(0, gj, gj + p);
          continue;
        }
        const sj = scale[j];
        for (let k = 0; k < p; k++) out[gj + k] = constant[k] ? 0 : gram[gj + k] / (scale[k] * sj);
      }
    },
  };
  return { problem: { n, p, yy: stats.yy, xty, colSq, gramSource }, scale, constant };
}

/**
 * Elastic net / Lasso path from sufficient statistics: covariance-mode coordinate descent
 * (CdWorkspace on a CovarianceProblem) with warm starts and sequential strong rules, the same
 * PathFit as fitElasticNetPath on the rows. opts.rows and opts.cdMode do not apply (the statistics
 * are of the chosen rows; the Gram is given) and must be left unset.
 */
export function fitElasticNetPathFromStats(stats: SufficientStats, opts: PathOptions): PathFit {
  if (opts.rows) throw new Error('fitElasticNetPathFromStats: rows cannot be chosen after the statistics are accumulated.');
  if (opts.cdMode === 'naive') throw new Error('fitElasticNetPathFromStats: only covariance-mode coordinate descent runs from statistics.');
  const tol = opts.tol ?? DEFAULT_TOL;
  const maxIter = opts.maxIter ?? DEFAULT_MAX_ITER;
  checkTol(tol, maxIter);
  checkL1RatioForGrid(opts.l1Ratio);
  checkRows(stats.n, 'elastic net');
  return pathFromStats(stats, opts, tol, maxIter);
}

/** fitElasticNetPathFromStats after its checks (fitElasticNetPath's covariance-mode route). */
export function pathFromStats(stats: SufficientStats, opts: PathOptions, tol: number, maxIter: number): PathFit {
  const { n, p } = stats;
  const { problem, scale, constant } = fittedProblem(stats, opts.standardize);
  const alphas = opts.alphas
    ? sortedDescending(opts.alphas, 'elastic net')
    : logAlphaGrid(alphaMaxFromXty(problem.xty, n, opts.l1Ratio), opts.nAlphas, opts.eps);
  const run = runEnetPath(new CdWorkspace(problem), alphas, opts.l1Ratio, tol, maxIter, opts.onProgress);
  const K = alphas.length;
  const intercept = new Float64Array(K);
  const interceptOriginal = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    // fittedScaleIntercept / toOriginalUnits of design.ts on the statistics' means and divisors.
    let bFitted = stats.yMean;
    let bOriginal = stats.yMean;
    for (let j = 0; j < p; j++) {
      const w = run.coefStd[k * p + j];
      if (w === 0 || constant[j]) continue;
      bFitted -= stats.mean[j] * w;
      bOriginal -= stats.mean[j] * (w / scale[j]);
    }
    intercept[k] = opts.standardize ? stats.yMean : bFitted;
    interceptOriginal[k] = bOriginal;
  }
  return {
    alphas, coefStd: run.coefStd, intercept, interceptOriginal, nnz: run.nnz, entryOrder: entryOrder(run.first, run.coefStd, p),
    nIter: run.nIter, dualGaps: run.dualGaps, converged: run.converged, warnings: run.warnings, mean: stats.mean, scale, n,
  };
}

/**
 * Elastic net at one alpha (alpha > 0, l1Ratio > 0) from the statistics of (X, y) on `rows`:
 * covariance-mode coordinate descent as enetOnDesign, with the objective from the exact residuals
 * recomputed in one blocked pass over the non-zero columns (no centred copy of X).
 */
export function enetFromStats(stats: SufficientStats, X: DenseMatrix, y: Float64Array, alpha: number, l1Ratio: number,
  opts: LinearFitOptions & { warmStart?: Float64Array }, tol: number, maxIter: number): LinearModelFit {
  const { n, p } = stats;
  const { problem, scale, constant } = fittedProblem(stats, opts.standardize);
  const { res, w, warnings } = solveAtAlpha(new CdWorkspace(problem), alpha, l1Ratio, opts.warmStart, tol, maxIter);
  const coef = new Float64Array(p);
  let intercept = stats.yMean;
  for (let j = 0; j < p; j++) {
    coef[j] = constant[j] ? 0 : w[j] / scale[j];
    intercept -= stats.mean[j] * coef[j];
  }
  let l1 = 0;
  let l2 = 0;
  for (let j = 0; j < p; j++) {
    l1 += Math.abs(w[j]);
    l2 += w[j] * w[j];
  }
  const rss = residualSumOfSquares(X, y, opts.rows ?? null, n, stats, coef);
  return {
    coef,
    intercept,
    coefStd: opts.standardize ? w : null,
    interceptStd: opts.standardize ? stats.yMean : null,
    mean: stats.mean,
    scale,
    nIter: res.nIter,
    dualGap: res.dualGap,
    converged: res.converged,
    warnings,
    objective: rss / (2 * n) + alpha * l1Ratio * l1 + 0.5 * alpha * (1 - l1Ratio) * l2,
    n,
  };
}

/**
 * ||(y − yMean) − Σ_j coef_j (x_j − mean_j)||² over the rows, in blocks of 2048 rows (the
 * residual of the centred problem, as enetObjective computes it on a centred design).
 */
function residualSumOfSquares(X: DenseMatrix, y: Float64Array, rows: Int32Array | null, n: number, stats: SufficientStats, coef: Float64Array): number {
  const { p } = stats;
  const N = X.n;
  const x = X.x;
  const B = 2048;
  const r = new Float64Array(Math.min(B, n));
  const idx: number[] = [];
  for (let j = 0; j < p; j++) if (coef[j] !== 0) idx.push(j);
  let s0 = 0;
  for (let rb = 0; rb < n; rb += B) {
    const len = Math.min(B, n - rb);
    const ym = stats.yMean;
    if (rows) for (let i = 0; i < len; i++) r[i] = y[rows[rb + i]] - ym;
    else for (let i = 0; i < len; i++) r[i] = y[rb + i] - ym;
    for (const j of idx) {
      const c = coef[j];
      const m = stats.mean[j];
      const off = j * N;
      if (rows) for (let i = 0; i < len; i++) r[i] -= c * (x[off + rows[rb + i]] - m);
      else for (let i = 0; i < len; i++) r[i] -= c * (x[off + rb + i] - m);
    }
    for (let i = 0; i < len; i++) s0 += r[i] * r[i];
  }
  return s0;
}
