/**
 * Penalized logistic regression for 0/1 targets, scikit-learn's LogisticRegression objective
 *
 *     minimize over (w, b)   C * sum_i logloss(y_i, x_i w + b) + penalty(w)
 *     logloss(y, t) = log(1 + exp(t)) - y t
 *     penalty: none 0 | l1 ||w||_1 | l2 0.5 ||w||^2 | elasticnet r ||w||_1 + (1 - r)/2 ||w||^2
 *
 * with the intercept b unpenalized (as saga / lbfgs, not liblinear). Dividing by C n gives glmnet's
 * binomial objective (1/n) sum logloss + lambda (alpha ||w||_1 + (1 - alpha)/2 ||w||^2) with
 * lambda = 1/(C n), alpha = r. For penalty 'none' C is ignored (as sklearn) and the objective is the
 * plain sum of log-losses.
 *
 * Standardization as the rest of the project: columns centred on the fitting rows and, when
 * `standardize`, divided by their ddof=0 std; the penalty acts on those fitted-scale coefficients;
 * coef = coefStd / std and intercept = b - sum_j mean_j coef_j. Constant columns get coefficient 0.
 *
 * Solver: proximal Newton (IRLS quadratic approximation, backtracking so the composite objective
 * decreases). The penalized weighted least squares of each step is solved by cyclic coordinate
 * descent on the residual; when that needs more than m/4 sweeps it continues on the Gram matrix
 * (covariance updates), and penalty none / l2 finish the step exactly by Cholesky. Once a step has
 * needed the Gram matrix, later steps start on it; for l1 / elasticnet it is reused (re-indexed when
 * the candidates change; rows whose weight moved by over 5% refreshed by rank-one corrections) with
 * the current gradient as right-hand side (proximal quasi-Newton). The full step is evaluated in
 * one row-blocked pass that also yields the next gradient (trialPass). The passes over rows and
 * columns run in WebAssembly SIMD where available (logisticKernel.ts: the standardized copy of X
 * and the work vectors live in its memory), with JavaScript loops giving the same bits. Columns
 * are always solved on unit variance; standardize=false only changes the penalty factors (1/std,
 * 1/std^2), so raw-unit coefficients are penalized exactly as sklearn does on raw columns.
 * Paths: warm starts along increasing C, sequential strong rules with a KKT re-check (outside
 * columns whose condition a Cauchy-Schwarz bound proves are skipped, see outsideGradient), and a
 * predictor-corrector first step at each C. A cold l1 / elasticnet fit on large data runs a short
 * path from C_min to its C (glmnet's way to one lambda).
 * Convergence: the largest KKT violation on the glmnet scale (gradient / n, standardized
 * coefficients) is <= tol. Penalty none on separable classes stops with a warning (see solvePoint).
 *
 * Default C grid (logisticCGrid): glmnet's lambda path in C = 1/(lambda n), 100 values from C_min
 * (the smallest C with every coefficient 0) up by 1e4 (n > p) or 1e2 (n <= p); for l2 C_min is
 * taken as if l1_ratio were 1e-3, as glmnet does for alpha = 0.
 * CV: folds given by the caller (the data layer's stratifiedKFoldIds = sklearn StratifiedKFold);
 * standardization refitted per training fold; AUC on the decision function as sklearn's scorer.
 */
import { UserError } from '../errors';
import { powerOfTwoNear } from './design';
import type { FittedLinearModel } from './types';
import { logLoss, accuracy as accuracyScore, rocAuc } from './classificationMetrics';
import { LogisticArena } from './logisticKernel';

export type LogisticPenalty = 'none' | 'l1' | 'l2' | 'elasticnet';

/** Column-major dense matrix: column j of the n rows at x[j*n .. j*n+n). */
export interface LogisticDesign {
  n: number;
  p: number;
  x: Float64Array;
}

export interface LogisticOptions {
  penalty: LogisticPenalty;
  /** Inverse regularization strength (sklearn's C); ignored for penalty 'none'. */
  C: number;
  /** Elastic net mixing r in [0, 1] (sklearn's l1_ratio, glmnet's alpha); default 0.5. */
  l1Ratio?: number;
  standardize: boolean;
  /** Fitting rows (all rows when omitted). */
  rows?: Int32Array;
  /**
   * Largest allowed KKT violation on the glmnet scale: gradient / n with respect to the
   * standardized coefficients (also when standardize=false); default 1e-8.
   */
  tol?: number;
  /** Newton (outer) iterations; default 100. */
  maxIter?: number;
  /** Starting point on the fitted scale: p coefficients, optionally followed by the intercept. */
  warmStart?: Float64Array;
}

export interface LogisticFit extends FittedLinearModel {
  /**
   * sklearn's objective at the solution: C * sum logloss + penalty (none: sum logloss). nIter counts
   * Newton steps (for a cold l1 / elasticnet fit on large data, those of its short warm-start path
   * from C_min).
   */
  objective: number;
  /** Largest KKT violation at the solution (glmnet scale). */
  kkt: number;
  /** glmnet's lambda = 1/(C n) (NaN for penalty 'none'). */
  lambda: number;
  /** Non-zero coefficients. */
  nnz: number;
  /** True when penalty 'none' stopped because a hyperplane separates the classes. */
  separable: boolean;
}

export interface LogisticPathOptions {
  /** 'l1' | 'l2' | 'elasticnet' ('none' has no path). */
  penalty: LogisticPenalty;
  l1Ratio?: number;
  /** Explicit C values (sorted ascending on output). */
  Cs?: Float64Array;
  /** Default grid size; 100. */
  nCs?: number;
  standardize: boolean;
  rows?: Int32Array;
  tol?: number;
  maxIter?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface LogisticPathFit {
  /** Ascending (from most to least regularized). */
  Cs: Float64Array;
  /** glmnet's lambda = 1/(C n) per C (descending). */
  lambdas: Float64Array;
  /** p x K column-major: fitted-scale coefficients of Cs[k] at k*p .. k*p+p. */
  coefStd: Float64Array;
  /** Fitted-scale intercept per C. */
  intercept: Float64Array;
  /** p x K column-major, original units. */
  coefOriginal: Float64Array;
  interceptOriginal: Float64Array;
  nnz: Int32Array;
  /** Column indices in the order they first become non-zero along increasing C (ties: larger |coef| first). */
  entryOrder: number[];
  nIter: Int32Array;
  converged: boolean;
  objective: Float64Array;
  mean: Float64Array;
  scale: Float64Array;
  /** Rows used. */
  n: number;
  warnings: string[];
}

export type LogisticCvMetric = 'auc' | 'log_loss' | 'accuracy';

export interface LogisticCvOptions {
  penalty: LogisticPenalty;
  /** elasticnet: the l1 ratios to try (default [0.5]); ignored for the other penalties. */
  l1Ratios?: number[];
  /** C grid shared by every fold and ratio (default: logisticCGrid on all rows, see below). */
  Cs?: Float64Array;
  nCs?: number;
  /** Fold label 0..K-1 per row of X (length X.n), or per entry of `rows` (length rows.length); < 0: unused. */
  foldIds: Int32Array;
  metric: LogisticCvMetric;
  standardize: boolean;
  rows?: Int32Array;
  tol?: number;
  maxIter?: number;
  onProgress?: (done: number, total: number, message: string) => void;
}

export interface LogisticCvCurve {
  l1Ratio: number;
  mean: Float64Array;
  se: Float64Array;
  /** K x nC row-major: fold k, C index c at k*nC + c. */
  foldScores: Float64Array;
  indexBest: number;
  index1se: number;
}

export interface LogisticCvFit {
  metric: LogisticCvMetric;
  /** Ascending. */
  Cs: Float64Array;
  /** The curve of the best l1 ratio. */
  mean: Float64Array;
  se: Float64Array;
  foldScores: Float64Array;
  CBest: number;
  C1se: number;
  indexBest: number;
  index1se: number;
  /** Best l1 ratio (elasticnet), 1 for l1, 0 for l2, NaN for none. */
  l1Ratio: number;
  byL1Ratio: LogisticCvCurve[];
  /**
   * elasticnet: the GridSearchCV table. mean[c][r] = mean fold score of (Cs[c], l1Ratios[r]);
   * best = first maximum (minimum for log_loss) in C-major order, as GridSearchCV's best_index_.
   */
  grid?: { Cs: number[]; l1Ratios: number[]; mean: number[][]; best: { C: number; l1Ratio: number; score: number } };
  folds: number;
  warnings: string[];
}

export const LOGISTIC_DEFAULT_TOL = 1e-8;
export const LOGISTIC_DEFAULT_MAX_ITER = 100;
/**
 * Floor of the IRLS weights p(1-p). glmnet floors p at 1e-5 (weights >= 1e-5), which on nearly
 * separable data overstates the curvature of confidently classified rows and makes Newton crawl;
 * the line search keeps steps safe, so only exact zeros need avoiding.
 */
const WEIGHT_MIN = 1e-10;
/** Penalty 'none': |x w + b| beyond this means the estimates run away (quasi-separation). */
const ETA_RUNAWAY = 1e3;
/**
 * Up to this many candidate columns the Newton system is formed (Gram matrix): penalty none / l2
 * then solve it by Cholesky, l1 / elasticnet run covariance-mode coordinate descent when n > m.
 * Beyond it (and for l1 with p >= n) coordinate descent works on the residual (glmnet: p < 500).
 */
const GRAM_MAX_P = 500;
/** Rows per block of the Gram build: m columns of this many doubles stay in the L2 cache. */
const GRAM_ROW_BLOCK = 256;
/** Rows per block of trialPass: the block of every candidate column stays in cache from the eta update to the gradient. */
const TRIAL_ROW_BLOCK = 512;
/**
 * The reusable Gram matrix X^T V~ X is kept with every weight v~_i within this fraction of the
 * current p(1 - p) (refreshGram): its steps are Newton steps up to that factor in the curvature.
 */
const WEIGHT_REFRESH = 0.05;
/**
 * A cold l1 / elasticnet fit at C beyond WARM_PATH_STEP C_min runs a path from C_min to C in steps
 * of this factor (at most WARM_PATH_MAX points), as glmnet reaches one lambda, when its data are
 * large (n p^2 >= WARM_PATH_MIN_WORK): there Newton from 0 rebuilds the n x p Gram matrix at every
 * step, while on small data it is the quicker way (S4, n 50,000 p 100: 2.4 s -> 1.1 s).
 */
const WARM_PATH_STEP = 1.4;
const WARM_PATH_MAX = 40;
const WARM_PATH_MIN_WORK = 1e8;
/** Coordinate-descent sweeps allowed inside one Newton iteration (an inexact step is still a descent step). */
const MAX_INNER_PASSES = 1000;

// ---------------------------------------------------------------------------------------------
// Stable scalar helpers (celer's cut-offs).

/** log(1 + exp(t)) without overflow or loss of precision. */
export function log1pexp(t: number): number {
  if (t <= -37) return Math.exp(t);
  if (t <= 18) return Math.log1p(Math.exp(t));
  if (t <= 33.3) return t + Math.exp(-t);
  return t;
}

/** 1 / (1 + exp(-t)) without overflow. */
export function sigmoid(t: number): number {
  if (t >= 0) return 1 / (1 + Math.exp(-t));
  const e = Math.exp(t);
  return e / (1 + e);
}

// ---------------------------------------------------------------------------------------------
// Fitted-scale design.

interface LogisticProblem {
  n: number;
  p: number;
  /** n x p column-major, centred (and scaled) columns; constant columns all 0. */
  x: Float64Array;
  y: Float64Array;
  mean: Float64Array;
  /** Reported divisor: colScale when standardizing, else 1. */
  scale: Float64Array;
  /** Internal divisor, always the ddof=0 std (1 for constant columns): x holds unit-variance columns. */
  colScale: Float64Array;
  /**
   * Penalty factors per internal coefficient w'_j = w_j * colScale_j: 1 when standardizing; without
   * standardization the raw-unit penalty becomes l1 |w'_j| / s_j + l2/2 w'_j^2 / s_j^2, which keeps
   * the problem identical while coordinate descent sees well-scaled columns.
   */
  pf1: Float64Array;
  pf2: Float64Array;
  /** 1 where the column can carry a coefficient (not constant on the fitting rows). */
  usable: Uint8Array;
  standardize: boolean;
  positives: number;
  /** Holds x and the work vectors of the problem's one workspace, where the column kernels run. */
  arena: LogisticArena;
  /** cMinOf's scratch in the arena: ybar - y, the usable columns and their gradients. */
  nullGradient: { r: Float64Array; list: Int32Array; out: Float64Array };
}

/**
 * Copies the fitting rows, centres every column and divides it by its ddof=0 std (see colScale
 * and pf1/pf2 for standardize=false). Constant-column test as scikit-learn's
 * _is_constant_feature: var <= n eps var + (n mean eps)^2.
 */
function prepareProblem(X: LogisticDesign, y01: Float64Array, rows: Int32Array | undefined, standardize: boolean): LogisticProblem {
  const N = X.n;
  const p = X.p;
  if (y01.length !== N) throw new Error(`logistic: y has ${y01.length} entries for ${N} rows`);
  const n = rows ? rows.length : N;
  const arena = newArena(n, p);
  const y = arena.f64(n);
  let positives = 0;
  for (let i = 0; i < n; i++) {
    const r = rows ? rows[i] : i;
    const v = y01[r];
    if (v !== 0 && v !== 1) throw new UserError(`The target must be 0/1 for logistic regression, but row ${r + 1} holds ${v}; choose a column with exactly two values.`);
    y[i] = v;
    positives += v;
  }
  if (n < 2 || positives === 0 || positives === n) {
    throw new UserError(`The target has only one class (${positives === 0 ? '0' : '1'}) in the ${n} rows used for fitting; logistic regression needs both classes.`);
  }
  const x = arena.f64(n * p);
  const mean = new Float64Array(p);
  const scale = new Float64Array(p);
  const colScale = new Float64Array(p);
  const pf1 = new Float64Array(p).fill(1);
  const pf2 = new Float64Array(p).fill(1);
  const usable = new Uint8Array(p);
  const eps = 2.220446049250313e-16;
  for (let j = 0; j < p; j++) {
    const src = j * N;
    const dst = j * n;
    for (let i = 0; i < n; i++) {
      const v = X.x[src + (rows ? rows[i] : i)];
      if (!Number.isFinite(v)) throw new UserError(`Feature column ${j + 1} has a missing or non-finite value at row ${(rows ? rows[i] : i) + 1}; drop or impute missing values before fitting.`);
      x[dst + i] = v;
    }
    // Moments of x / c, c a power of two near max|x| (exact division): squares of values around
    // 1e+-300 would overflow or underflow; ordinary data gives the same bits as without c.
    const c = powerOfTwoNear(x, dst, n);
    const ic = 1 / c;
    let s = 0;
    for (let i = 0; i < n; i++) s += x[dst + i] * ic;
    const ms = s / n;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const d = x[dst + i] * ic - ms;
      x[dst + i] = d;
      ss += d * d;
    }
    const vs = ss / n;
    mean[j] = ms * c;
    scale[j] = 1;
    colScale[j] = 1;
    if (vs <= n * eps * vs + (n * ms * eps) ** 2) {
      x.fill(0, dst, dst + n);
      continue;
    }
    usable[j] = 1;
    const sds = Math.sqrt(vs);
    const sd = sds * c;
    colScale[j] = sd;
    if (standardize) scale[j] = sd;
    else {
      pf1[j] = 1 / sd;
      pf2[j] = 1 / (sd * sd);
    }
    for (let i = 0; i < n; i++) x[dst + i] /= sds;
  }
  const nullGradient = { r: arena.f64(n), list: arena.i32(p), out: arena.f64(p) };
  return { n, p, x, y, mean, scale, colScale, pf1, pf2, usable, standardize, positives, arena, nullGradient };
}

/** Columns the Gram matrix can hold for p features, its dimension with the intercept being one more. */
function gramColumns(p: number): number {
  return Math.min(p, GRAM_MAX_P);
}

/** Room for the standardized copy of X and every kernel-facing array of LogisticWorkspace. */
function newArena(n: number, p: number): LogisticArena {
  const gm = gramColumns(p);
  // y, x, cMinOf's r and out; eta, etaNew, etaTry, prob, res, v, vHess; vxBlock, zBlock, dvRows;
  // hess, hessSpare; stepD, gBuf, colSums
  const f64 = n + n * p + n + p + 7 * n + (2 * gm + 1) * GRAM_ROW_BLOCK + 2 * (gm + 1) * (gm + 1) + 4 * p;
  // cMinOf's list; candList, stepList, gradList, listB; refreshRows
  return new LogisticArena(f64, 5 * p + n, 24);
}

// ---------------------------------------------------------------------------------------------
// Working state of one problem, reused along a path (no allocation inside the solver loops).

class LogisticWorkspace {
  readonly w: Float64Array;
  b = 0;
  readonly wNew: Float64Array;
  bNew = 0;
  /** Gradient of sum logloss: X^T (prob - y); gb for the intercept. */
  readonly g: Float64Array;
  gb = 0;
  /** Weighted squared column norms sum_i v_i x_ij^2 for the current Newton step. */
  readonly xv: Float64Array;
  /** 1 for the features coordinate descent may move (strong set + ever active + KKT violators). */
  readonly cand: Uint8Array;
  readonly candList: Int32Array;
  readonly nzList: Int32Array;
  /** Scratch list of the columns whose gradient is being computed. */
  readonly gradList: Int32Array;
  /** b + X w at the current iterate (swapped with etaTry when a full step is accepted). */
  eta: Float64Array;
  etaNew: Float64Array;
  etaTry: Float64Array;
  readonly prob: Float64Array;
  /** sum logloss at eta when known (NaN: compute it). */
  lossAtEta = NaN;
  /**
   * Reference point of outsideGradient: prob - y (rRef) and every gradient there (gRef), made on
   * first use; colNorm = ||x_j||_2.
   */
  rRef: Float64Array | null = null;
  gRef: Float64Array | null = null;
  colNorm: Float64Array | null = null;
  /** Paths only: outsideGradient may skip columns by its bound (a single fit computes them all). */
  boundOutside = false;
  /**
   * Path predictor-corrector: the first Newton iterate of the last C (before any correction), and
   * the correction the solution then needed beyond it (applied, scaled, to the next C's first step).
   */
  readonly firstW: Float64Array;
  firstB = 0;
  firstKnown = false;
  readonly corrW: Float64Array;
  corrB = 0;
  /** Scale of corrW for the current C (0: no correction). */
  corrScale = 0;
  /** Columns with a non-zero step d_j = wNew_j - w_j, and the steps (trialPass). */
  readonly stepList: Int32Array;
  readonly stepD: Float64Array;
  readonly v: Float64Array;
  /** Working residual v (z - eta_model) of the weighted least squares. */
  readonly res: Float64Array;
  /** (m x m) Newton matrix and right-hand side for the direct solve (m = candidates + 1), room for GRAM_MAX_P candidates. */
  hess: Float64Array;
  readonly rhs: Float64Array;
  readonly diag: Float64Array;
  /** Covariance-mode coordinate descent: rhs - H * step. */
  readonly sGrad: Float64Array;
  /**
   * Set once a Newton step's residual-mode sweeps ran out of budget: later steps (and later C
   * values of a path, whose candidate sets only grow) go straight to the Gram matrix instead of
   * paying for the sweeps first.
   */
  gramFirst = false;
  /**
   * `hess` still holds X^T V~ X over the candidates hessCand[0..hessM) with the weights V~ = vHess
   * (l1 / elasticnet only: Cholesky overwrites it).
   */
  hessReusable = false;
  hessM = 0;
  readonly hessCand: Int32Array;
  /** Position of column j in hessCand, or -1. */
  readonly hessPos: Int32Array;
  /** The weights the Gram matrix in `hess` was built with, and scratch. */
  readonly vHess: Float64Array;
  /** weightCols' sums (2 per column). */
  readonly colSums: Float64Array;
  hessSpare: Float64Array;
  /** Scratch (m x GRAM_ROW_BLOCK) block of v * x[:, j] for the Gram matrix. */
  readonly vxBlock: Float64Array;
  /** Scratch of refreshGram: the rows gathered (m x GRAM_ROW_BLOCK); extendGram's sums. */
  readonly zBlock: Float64Array;
  /** The rows whose weight moved beyond WEIGHT_REFRESH since the Gram matrix took it (refreshGram). */
  readonly refreshRows: Int32Array;
  /** Rows listed in refreshRows for the current weights v and vHess, or -1: not listed. */
  refreshCount = -1;
  /** refreshGram's weight changes of a block of rows. */
  readonly dvRows: Float64Array;
  /** Per-list sums of the column kernels (dotCols), before they are scattered to their columns. */
  readonly gBuf: Float64Array;
  /** Scratch column list. */
  readonly listB: Int32Array;

  /** The arrays the column kernels touch come from P's arena (one workspace per problem). */
  constructor(P: LogisticProblem) {
    const { n, p, arena } = P;
    const gm = gramColumns(p);
    this.w = new Float64Array(p);
    this.wNew = new Float64Array(p);
    this.g = new Float64Array(p);
    this.xv = new Float64Array(p);
    this.cand = new Uint8Array(p);
    this.candList = arena.i32(p);
    this.nzList = new Int32Array(p);
    this.hessCand = new Int32Array(p);
    this.hessPos = new Int32Array(p).fill(-1);
    this.gradList = arena.i32(p);
    this.stepList = arena.i32(p);
    this.listB = arena.i32(p);
    this.firstW = new Float64Array(p);
    this.corrW = new Float64Array(p);
    this.stepD = arena.f64(p);
    this.gBuf = arena.f64(p);
    this.eta = arena.f64(n);
    this.etaNew = arena.f64(n);
    this.etaTry = arena.f64(n);
    this.prob = arena.f64(n);
    this.v = arena.f64(n);
    this.vHess = arena.f64(n);
    this.colSums = arena.f64(2 * p);
    this.refreshRows = arena.i32(n);
    this.dvRows = arena.f64(GRAM_ROW_BLOCK);
    this.res = arena.f64(n);
    this.vxBlock = arena.f64(gm * GRAM_ROW_BLOCK);
    this.zBlock = arena.f64(gm * GRAM_ROW_BLOCK);
    this.hess = arena.f64((gm + 1) * (gm + 1));
    this.hessSpare = arena.f64((gm + 1) * (gm + 1));
    this.rhs = new Float64Array(gm + 1);
    this.diag = new Float64Array(gm + 1);
    this.sGrad = new Float64Array(gm + 1);
  }
}

/** Penalty weights on the sum-of-losses scale: objective / C = L + l1 ||w||_1 + l2/2 ||w||^2. */
interface PenaltyWeights {
  l1: number;
  l2: number;
  /** Multiplier back to sklearn's objective (C, or 1 for none). */
  C: number;
}

function penaltyWeights(penalty: LogisticPenalty, C: number, l1Ratio: number): PenaltyWeights {
  if (penalty === 'none') return { l1: 0, l2: 0, C: 1 };
  if (!(C > 0) || !Number.isFinite(C)) throw new UserError(`C must be a positive number (got ${C}); larger C means weaker regularization.`);
  if (penalty === 'l1') return { l1: 1 / C, l2: 0, C };
  if (penalty === 'l2') return { l1: 0, l2: 1 / C, C };
  if (!(l1Ratio >= 0 && l1Ratio <= 1)) throw new UserError(`l1_ratio must be between 0 and 1 (got ${l1Ratio}).`);
  return { l1: l1Ratio / C, l2: (1 - l1Ratio) / C, C };
}

function l1RatioOf(penalty: LogisticPenalty, l1Ratio: number | undefined): number {
  if (penalty === 'l1') return 1;
  if (penalty === 'l2') return 0;
  if (penalty === 'none') return NaN;
  return l1Ratio ?? 0.5;
}

/**
 * sum_i log(1 + exp(eta_i)) - y_i eta_i by the arena's lossRows in trialPass's row blocks: the same
 * bits as trialPass's loss at the same eta, so line-search comparisons see consistent values.
 */
function sumLogLoss(P: LogisticProblem, eta: Float64Array): number {
  const { n, y, arena } = P;
  let s = 0;
  for (let i0 = 0; i0 < n; i0 += TRIAL_ROW_BLOCK) s += arena.lossRows(eta, y, i0, Math.min(n, i0 + TRIAL_ROW_BLOCK));
  return s;
}

/** sum_j l1 pf1_j |w_j| + l2/2 pf2_j w_j^2 over usable columns. */
function penaltyValue(P: LogisticProblem, w: Float64Array, l1: number, l2: number): number {
  const { usable, pf1, pf2 } = P;
  let a = 0;
  let q = 0;
  for (let j = 0; j < w.length; j++) {
    if (!usable[j]) continue;
    a += pf1[j] * Math.abs(w[j]);
    q += pf2[j] * w[j] * w[j];
  }
  return l1 * a + 0.5 * l2 * q;
}

/** eta = b + X w (all usable columns). */
function linearPredictor(P: LogisticProblem, w: Float64Array, b: number, eta: Float64Array): void {
  const { n, p, x, usable } = P;
  eta.fill(b, 0, n);
  for (let j = 0; j < p; j++) {
    const wj = w[j];
    if (!usable[j] || wj === 0) continue;
    const o = j * n;
    // eta += w_j * x[:, j]
    for (let i = 0; i < n; i++) eta[i] += wj * x[o + i];
  }
}

/**
 * prob = sigmoid(eta); gb = sum(prob - y); g_j = x_j . (prob - y) for the usable columns that are
 * candidates (which = 1), not candidates (which = 0) or all (which = 2). Leaves prob - y in ws.res.
 */
function probabilityAndGradient(P: LogisticProblem, ws: LogisticWorkspace, which: 0 | 1 | 2 = 2): void {
  const { n, y } = P;
  const { eta, prob, res } = ws;
  let gb = 0;
  for (let i = 0; i < n; i++) {
    const pr = sigmoid(eta[i]);
    prob[i] = pr;
    res[i] = pr - y[i];
    gb += res[i];
  }
  ws.gb = gb;
  gradientColumns(P, ws, which);
}

/** g_j = x_j . ws.res for the columns chosen as in probabilityAndGradient (others keep their g). */
function gradientColumns(P: LogisticProblem, ws: LogisticWorkspace, which: 0 | 1 | 2): void {
  const { p, usable } = P;
  const { g, cand, gradList } = ws;
  let count = 0;
  for (let j = 0; j < p; j++) {
    if (!usable[j]) g[j] = 0;
    else if (which === 2 || cand[j] === which) gradList[count++] = j;
  }
  gradientOfList(P, ws, count);
}

/** g_j = x_j . ws.res for the columns ws.gradList[0..count). */
function gradientOfList(P: LogisticProblem, ws: LogisticWorkspace, count: number): void {
  const { n, x } = P;
  const { res, g, gradList, gBuf } = ws;
  gBuf.fill(0, 0, count);
  P.arena.dotCols(x, n, res, 0, n, gradList, count, gBuf);
  for (let k = 0; k < count; k++) g[gradList[k]] = gBuf[k];
}

/**
 * One pass over the rows for the full Newton step (t = 1), in row blocks so each block of the
 * candidate columns is read from memory once: etaTry = eta + db + sum_k stepD_k x[:, stepList_k]
 * (k < stepCount) and the sum of log-losses at etaTry, returned. withGradient (the step is expected
 * to be accepted) also leaves prob = sigmoid(etaTry), res = prob - y, gb and g_j for the m columns
 * of candList at etaTry, as probabilityAndGradient would; one exp per row (the arena's logitRows,
 * with one log per block instead of a log1p per row) serves both the loss and the probability.
 */
function trialPass(P: LogisticProblem, ws: LogisticWorkspace, stepCount: number, db: number, withGradient: boolean, m: number): number {
  const { n, x, y, arena } = P;
  const { eta, etaTry, prob, res, g, candList, stepList, stepD, gBuf } = ws;
  let loss = 0;
  let gb = 0;
  if (withGradient) gBuf.fill(0, 0, m);
  for (let i0 = 0; i0 < n; i0 += TRIAL_ROW_BLOCK) {
    const i1 = Math.min(n, i0 + TRIAL_ROW_BLOCK);
    // etaTry = eta + db + sum_k d_k x[:, k] on the block
    arena.etaStep(x, n, eta, etaTry, db, i0, i1, stepList, stepD, stepCount);
    if (!withGradient) {
      loss += arena.lossRows(etaTry, y, i0, i1);
      continue;
    }
    // one exp per row for the loss, prob and res = prob - y; then g_c += x[:, c] . res on the
    // block, while its columns are in cache
    loss += arena.logitRows(etaTry, y, prob, res, i0, i1);
    gb += arena.gb;
    arena.dotCols(x, n, res, i0, i1, candList, m, gBuf);
  }
  if (withGradient) {
    for (let k = 0; k < m; k++) g[candList[k]] = gBuf[k];
    ws.gb = gb;
  }
  return loss;
}

/**
 * The gradient of the columns outside the candidate set, for the KKT check at a candidate optimum,
 * skipping the columns whose KKT condition a bound already proves: since g_j = x_j . r (r = prob - y),
 * |g_j(r)| <= |g_j(rRef)| + ||x_j|| ||r - rRef|| (Cauchy-Schwarz), so a zero coefficient with that
 * bound <= l1 pf1_j satisfies its condition exactly and its gradient is not needed; it keeps the
 * reference value (its violation then reads 0, as it is). When over half of the columns need
 * computing, all are computed and the point becomes the new reference. Needs ws.res = prob - y.
 */
function outsideGradient(P: LogisticProblem, ws: LogisticWorkspace, l1: number): void {
  const { n, p, x, usable, pf1 } = P;
  const { res, g, cand, w, gradList } = ws;
  if (!ws.boundOutside || l1 === 0) {
    gradientColumns(P, ws, 0);
    return;
  }
  if (!ws.rRef || !ws.gRef || !ws.colNorm) {
    gradientColumns(P, ws, 0);
    if (!ws.colNorm) {
      ws.colNorm = new Float64Array(p);
      for (let j = 0; j < p; j++) {
        const o = j * n;
        let s = 0;
        for (let i = 0; i < n; i++) s += x[o + i] * x[o + i];
        ws.colNorm[j] = Math.sqrt(s);
      }
    }
    ws.rRef = Float64Array.from(res.subarray(0, n));
    ws.gRef = Float64Array.from(g);
    return;
  }
  const rRef = ws.rRef;
  const gRef = ws.gRef;
  const colNorm = ws.colNorm;
  let d2 = 0;
  for (let i = 0; i < n; i++) {
    const d = res[i] - rRef[i];
    d2 += d * d;
  }
  // a little slack over the exact bound covers the rounding of the sums
  const dist = Math.sqrt(d2) * (1 + 1e-9) + 1e-12;
  let outside = 0;
  let count = 0;
  for (let j = 0; j < p; j++) {
    if (!usable[j] || cand[j]) continue;
    outside++;
    if (w[j] === 0 && Math.abs(gRef[j]) + colNorm[j] * dist <= l1 * pf1[j] * (1 - 1e-9)) g[j] = gRef[j];
    else gradList[count++] = j;
  }
  if (count * 2 > outside) {
    // most columns need computing: all of them, and this point becomes the reference
    gradientColumns(P, ws, 0);
    rRef.set(res.subarray(0, n));
    gRef.set(g);
    return;
  }
  gradientOfList(P, ws, count);
}

/**
 * Largest violation of the optimality conditions of L + l1||w||_1 + l2/2||w||^2, divided by n
 * (glmnet's gradient scale), over candidate columns (+ intercept) and, when withOutside (their
 * gradient current), over the other columns (else outside = 0).
 */
function kktViolation(P: LogisticProblem, ws: LogisticWorkspace, l1: number, l2: number, withOutside: boolean): { cand: number; outside: number } {
  const { p, n, usable, pf1, pf2 } = P;
  const { w, g, cand } = ws;
  let inside = Math.abs(ws.gb);
  let outside = 0;
  for (let j = 0; j < p; j++) {
    if (!usable[j]) continue;
    const l1j = l1 * pf1[j];
    const gj = g[j] + l2 * pf2[j] * w[j];
    const viol = w[j] !== 0 ? Math.abs(gj + (w[j] > 0 ? l1j : -l1j)) : Math.max(Math.abs(gj) - l1j, 0);
    if (cand[j]) inside = Math.max(inside, viol);
    else if (withOutside) outside = Math.max(outside, viol);
  }
  return { cand: inside / n, outside: outside / n };
}

// Friedman, Hastie & Tibshirani (2010) "Regularization paths for GLMs via coordinate descent", §3:
// cyclic coordinate descent on the penalized weighted least squares of one Newton step.
function weightedLeastSquaresCD(P: LogisticProblem, ws: LogisticWorkspace, nCand: number, l1: number, l2: number, epsIn: number, maxPasses: number): boolean {
  const { n, x, pf1, pf2 } = P;
  const { wNew, xv, res, v, candList, nzList } = ws;
  let sumV = 0;
  for (let i = 0; i < n; i++) sumV += v[i];
  let fullPass = true;
  let nNz = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    // unpenalized intercept: exact minimization along b
    let sr = 0;
    for (let i = 0; i < n; i++) sr += res[i];
    const db = sr / sumV;
    let maxChange = (sumV / n) * Math.abs(db);
    if (db !== 0) {
      // res -= db * v
      for (let i = 0; i < n; i++) res[i] -= db * v[i];
      ws.bNew += db;
    }
    const count = fullPass ? nCand : nNz;
    const list = fullPass ? candList : nzList;
    for (let k = 0; k < count; k++) {
      const j = list[k];
      const o = j * n;
      const wj = wNew[j];
      let u = 0;
      // u = x[:, j] . res
      for (let i = 0; i < n; i++) u += x[o + i] * res[i];
      u += xv[j] * wj;
      const mag = Math.abs(u) - l1 * pf1[j];
      const wjNew = mag > 0 ? (u > 0 ? mag : -mag) / (xv[j] + l2 * pf2[j]) : 0;
      const d = wjNew - wj;
      if (d === 0) continue;
      // res -= d * v * x[:, j]
      for (let i = 0; i < n; i++) res[i] -= d * v[i] * x[o + i];
      wNew[j] = wjNew;
      const change = (xv[j] / n) * Math.abs(d);
      if (change > maxChange) maxChange = change;
    }
    if (maxChange < epsIn) {
      if (fullPass) return true;
      fullPass = true; // active set settled: confirm with a sweep over every candidate
    } else if (fullPass) {
      // iterate on the non-zero coordinates until they settle (glmnet's active-set cycling)
      nNz = 0;
      for (let k = 0; k < nCand; k++) if (wNew[candList[k]] !== 0) nzList[nNz++] = candList[k];
      fullPass = nNz === 0;
    }
  }
  return false;
}

/** Records ws.candList[0..m) (and the weights ws.v) as the columns of the Gram matrix in ws.hess. */
function recordGram(ws: LogisticWorkspace, m: number, n: number): void {
  for (let k = 0; k < ws.hessM; k++) ws.hessPos[ws.hessCand[k]] = -1;
  ws.hessM = m;
  ws.hessCand.set(ws.candList.subarray(0, m));
  for (let k = 0; k < m; k++) ws.hessPos[ws.candList[k]] = k;
  ws.vHess.set(ws.v.subarray(0, n));
  ws.refreshCount = -1;
}

/**
 * Re-indexes the reusable Gram matrix onto the candidates ws.candList[0..m): entries of columns it
 * already holds are copied, those of new columns computed with the same (stored) weights, so it
 * stays one X^T V X and positive semi-definite. Cost O(n m) per new column instead of n m^2 / 2.
 */
function extendGram(P: LogisticProblem, ws: LogisticWorkspace, m: number): void {
  const { n, x, arena } = P;
  const { candList, hessPos, listB } = ws;
  const vH = ws.vHess;
  const oldM = ws.hessM;
  const oldDim = oldM + 1;
  const dim = m + 1;
  const H = ws.hess;
  const H2 = ws.hessSpare;
  let k = 0;
  for (let a = 0; a < m; a++) {
    const ja = candList[a];
    const pa = hessPos[ja];
    if (pa >= 0) {
      for (let c = 0; c <= a; c++) {
        const pc = hessPos[candList[c]];
        if (pc >= 0) H2[a * dim + c] = H[pa * oldDim + pc];
      }
      H2[m * dim + a] = H[oldM * oldDim + pa];
    } else listB[k++] = ja;
  }
  // The k new columns' rows of the Gram matrix, vHess x_a . x_c for every candidate c, in one pass
  // over the rows: per block, vxBlock holds vHess x_a of each new a, and the block of every
  // candidate column is read from memory once for all of them. acc (k x m, in zBlock, free
  // outside refreshGram) gathers the sums; k <= m/4, so k m fits in m GRAM_ROW_BLOCK.
  const B = GRAM_ROW_BLOCK;
  const vxb = ws.vxBlock;
  const acc = ws.zBlock;
  const sums = ws.colSums;
  const rowSums = ws.gBuf;
  acc.fill(0, 0, k * m);
  rowSums.fill(0, 0, k);
  const accRows: Float64Array[] = [];
  for (let t = 0; t < k; t++) accRows.push(acc.subarray(t * m, t * m + m));
  for (let i0 = 0; i0 < n; i0 += B) {
    const i1 = Math.min(n, i0 + B);
    arena.weightCols(x, n, vH, ws.res, i0, i1, listB, k, vxb, B, sums);
    for (let t = 0; t < k; t++) {
      rowSums[t] += sums[2 * t];
      arena.dotCols(x, n, vxb, i0, i1, candList, m, accRows[t], i0 - t * B);
    }
  }
  for (let t = 0, a = 0; a < m; a++) {
    if (hessPos[candList[a]] >= 0) continue;
    // the intercept row, and H[a, c] for c <= a or an old column (a new c > a is done at row c)
    H2[m * dim + a] = rowSums[t];
    for (let c = 0; c < m; c++) if (c <= a || hessPos[candList[c]] >= 0) placeGram(H2, dim, a, c, acc[t * m + c]);
    t++;
  }
  H2[m * dim + m] = H[oldM * oldDim + oldM];
  for (let a = 0; a < m; a++) {
    for (let c = 0; c < a; c++) H2[c * dim + a] = H2[a * dim + c];
    H2[a * dim + m] = H2[m * dim + a];
  }
  ws.hessSpare = H;
  ws.hess = H2;
  for (let k = 0; k < oldM; k++) hessPos[ws.hessCand[k]] = -1;
  ws.hessM = m;
  ws.hessCand.set(candList.subarray(0, m));
  for (let k = 0; k < m; k++) hessPos[candList[k]] = k;
}

/** Stores a Gram entry in the lower triangle (row-major, leading dimension dim). */
function placeGram(H: Float64Array, dim: number, a: number, c: number, s: number): void {
  if (c <= a) H[a * dim + c] = s;
  else H[c * dim + a] = s;
}

/**
 * Brings the reusable Gram matrix X^T V~ X (V~ = ws.vHess) to within WEIGHT_REFRESH of the current
 * weights: every row whose weight moved by more than that fraction since gets v~_i = v_i, a rank-one
 * correction (v_i - v~_i) x_i x_i^T each (rows gathered into packed blocks for addGramBlock). The
 * matrix stays one X^T V~ X, positive semi-definite, with V~ within WEIGHT_REFRESH of V, so the
 * step is a Newton step up to that factor in the curvature. Returns false, changing nothing, when
 * so many rows moved that building afresh is cheaper.
 */
function refreshGram(P: LogisticProblem, ws: LogisticWorkspace, m: number): boolean {
  const { n, x } = P;
  const { v, candList } = ws;
  const vH = ws.vHess;
  const rows = ws.refreshRows;
  // the rows are usually listed already by solvePoint's weight pass
  let count = ws.refreshCount;
  if (count < 0) {
    count = 0;
    for (let i = 0; i < n; i++) if (Math.abs(v[i] - vH[i]) > WEIGHT_REFRESH * v[i]) rows[count++] = i;
  }
  ws.refreshCount = -1;
  if (count === 0) return true;
  if (count * 3 > n) return false;
  const dim = m + 1;
  const H = ws.hess;
  const B = GRAM_ROW_BLOCK;
  const dvz = ws.vxBlock;
  const z = ws.zBlock;
  const off = ws.gradList; // scratch: packed column offsets
  for (let a = 0; a < m; a++) off[a] = a * B;
  let sd = 0;
  const dv = ws.dvRows;
  const sums = ws.colSums;
  for (let r0 = 0; r0 < count; r0 += B) {
    const len = Math.min(B, count - r0);
    // the weight changes of the block's rows, read once instead of once per column
    for (let r = 0; r < len; r++) {
      const i = rows[r0 + r];
      dv[r] = v[i] - vH[i];
    }
    // gather x[rows, a]; dvz = (v - v~) x on the block, and its sum for the intercept row
    P.arena.gatherRows(x, n, candList, m, rows, r0, len, dv, z, dvz, B, sums);
    for (let a = 0; a < m; a++) H[m * dim + a] += sums[a];
    P.arena.gramAdd(H, dim, m, dvz, B, z, off, len);
  }
  for (let r = 0; r < count; r++) {
    const i = rows[r];
    sd += v[i] - vH[i];
    vH[i] = v[i];
  }
  H[m * dim + m] += sd;
  for (let a = 0; a < m; a++) {
    for (let c = 0; c < a; c++) H[c * dim + a] = H[a * dim + c];
    H[a * dim + m] = H[m * dim + a];
  }
  return true;
}

/** Columns among ws.candList[0..m) that the reusable Gram matrix lacks. */
function newGramColumns(ws: LogisticWorkspace, m: number): number {
  let k = 0;
  for (let a = 0; a < m; a++) if (ws.hessPos[ws.candList[a]] < 0) k++;
  return k;
}

/** True when ws.hess holds a reusable Gram matrix over exactly the m candidates in ws.candList. */
function sameGramCandidates(ws: LogisticWorkspace, m: number): boolean {
  if (!ws.hessReusable || ws.hessM !== m) return false;
  for (let k = 0; k < m; k++) if (ws.hessCand[k] !== ws.candList[k]) return false;
  return true;
}

/** Fills ws.candList with the usable candidate columns; returns their count m. */
function collectCandidates(P: LogisticProblem, ws: LogisticWorkspace): number {
  let m = 0;
  for (let j = 0; j < P.p; j++) if (ws.cand[j] && P.usable[j]) ws.candList[m++] = j;
  return m;
}

/**
 * The Newton system of one IRLS step over the m candidates and the intercept (last), dim = m + 1:
 * ws.hess = [X^T V X, X^T v; v^T X, sum v] (full symmetric, row-major), ws.rhs = [X^T res; sum res]
 * with res = y - prob. Needs ws.v and ws.res.
 */
function buildNewtonSystem(P: LogisticProblem, ws: LogisticWorkspace, m: number): void {
  const { n, x } = P;
  const { v, res, candList } = ws;
  const sums = ws.colSums;
  const dim = m + 1;
  const H = ws.hess;
  const r = ws.rhs;
  const vxb = ws.vxBlock;
  const off = ws.gradList; // scratch: column offsets of the block
  H.fill(0, 0, dim * dim);
  r.fill(0, 0, dim);
  // Rows in blocks whose v * x columns stay in cache (the Gram build is the O(n m^2) part of a
  // Newton step; gramAdd's tiles share each load between rows and columns of H).
  for (let i0 = 0; i0 < n; i0 += GRAM_ROW_BLOCK) {
    const len = Math.min(GRAM_ROW_BLOCK, n - i0);
    // vxb[a] = v * x[:, a] on the block; sums for the intercept row and the right-hand side
    P.arena.weightCols(x, n, v, res, i0, i0 + len, candList, m, vxb, GRAM_ROW_BLOCK, sums);
    for (let a = 0; a < m; a++) {
      H[m * dim + a] += sums[2 * a];
      r[a] += sums[2 * a + 1];
    }
    for (let a = 0; a < m; a++) off[a] = candList[a] * n + i0;
    P.arena.gramAdd(H, dim, m, vxb, GRAM_ROW_BLOCK, x, off, len);
  }
  for (let a = 0; a < m; a++) {
    for (let c = 0; c < a; c++) H[c * dim + a] = H[a * dim + c];
    H[a * dim + m] = H[m * dim + a];
  }
  let sv = 0;
  let sr = 0;
  for (let i = 0; i < n; i++) {
    sv += v[i];
    sr += res[i];
  }
  H[m * dim + m] = sv;
  r[m] = sr;
}

// Newton's method for the smooth cases (penalty none / l2), as R's glm IRLS: the weighted least
// squares of one step solved exactly by Cholesky instead of coordinate descent, which crawls on
// nearly collinear columns when nothing is penalized. Uses buildNewtonSystem's H and rhs.
function directNewtonSolve(P: LogisticProblem, ws: LogisticWorkspace, m: number, l2: number): void {
  const { wNew, candList } = ws;
  const dim = m + 1;
  const H = ws.hess;
  const r = ws.rhs;
  // (H + l2 I_w) delta = rhs - l2 wNew: the rest of the step from the current (wNew, bNew)
  for (let a = 0; a < m; a++) {
    const l2j = l2 * P.pf2[candList[a]];
    H[a * dim + a] += l2j;
    r[a] -= l2j * wNew[candList[a]];
  }
  choleskySolveInPlace(H, r, ws.diag, dim);
  for (let a = 0; a < m; a++) wNew[candList[a]] += r[a];
  ws.bNew += r[m];
}

// Friedman, Hastie & Tibshirani (2010) §2.2 "covariance updates": coordinate descent on the
// weighted least squares through its Gram matrix (built once per Newton step) so each coordinate
// costs O(m) instead of O(n). sGrad = rhs - H (wNew - w, bNew - b) is kept up to date.
function covarianceCD(P: LogisticProblem, ws: LogisticWorkspace, m: number, l1: number, l2: number, epsIn: number): void {
  const { n, pf1, pf2 } = P;
  const { wNew, candList, nzList } = ws;
  const dim = m + 1;
  const H = ws.hess;
  const s = ws.sGrad;
  s.set(ws.rhs.subarray(0, dim));
  const hb = H[m * dim + m];
  let fullPass = true;
  let nNz = 0;
  for (let pass = 0; pass < MAX_INNER_PASSES; pass++) {
    // unpenalized intercept: exact minimization along b
    const db = s[m] / hb;
    let maxChange = (hb / n) * Math.abs(db);
    if (db !== 0) {
      const row = m * dim;
      // s -= db * H[:, b]
      for (let t = 0; t < dim; t++) s[t] -= db * H[row + t];
      ws.bNew += db;
    }
    const count = fullPass ? m : nNz;
    for (let q = 0; q < count; q++) {
      const k = fullPass ? q : nzList[q];
      const j = candList[k];
      const hkk = H[k * dim + k];
      const wj = wNew[j];
      const u = s[k] + hkk * wj;
      const mag = Math.abs(u) - l1 * pf1[j];
      const wjNew = mag > 0 ? (u > 0 ? mag : -mag) / (hkk + l2 * pf2[j]) : 0;
      const d = wjNew - wj;
      if (d === 0) continue;
      const row = k * dim;
      // s -= d * H[:, k]
      for (let t = 0; t < dim; t++) s[t] -= d * H[row + t];
      wNew[j] = wjNew;
      const change = (hkk / n) * Math.abs(d);
      if (change > maxChange) maxChange = change;
    }
    if (maxChange < epsIn) {
      if (fullPass) return;
      fullPass = true; // active set settled: confirm with a sweep over every candidate
    } else if (fullPass) {
      // iterate on the non-zero coordinates until they settle (glmnet's active-set cycling)
      nNz = 0;
      for (let k = 0; k < m; k++) if (wNew[candList[k]] !== 0) nzList[nNz++] = k;
      fullPass = nNz === 0;
    }
  }
}

/**
 * Solves H d = r for a symmetric positive semi-definite H given by its lower triangle (row-major,
 * leading dimension dim); d overwrites r, H is overwritten by its Cholesky factor (lower) and
 * keeps a copy of the strict lower triangle in its upper triangle. A singular H (collinear
 * columns, p > n) gets the smallest diagonal shift, from 1e-12 of its mean diagonal up, that
 * factorizes; `diag` (length >= dim) is scratch.
 */
function choleskySolveInPlace(H: Float64Array, r: Float64Array, diag: Float64Array, dim: number): void {
  let meanDiag = 0;
  for (let a = 0; a < dim; a++) {
    diag[a] = H[a * dim + a];
    meanDiag += diag[a];
    for (let c = 0; c < a; c++) H[c * dim + a] = H[a * dim + c];
  }
  meanDiag = meanDiag / dim || 1;
  for (let shift = 0; ; shift = shift === 0 ? 1e-12 * meanDiag : shift * 100) {
    for (let a = 0; a < dim; a++) {
      for (let c = 0; c < a; c++) H[a * dim + c] = H[c * dim + a];
      H[a * dim + a] = diag[a] + shift;
    }
    if (choleskyLower(H, dim)) break;
    if (shift > meanDiag) {
      r.fill(0, 0, dim); // hopeless: no step (the caller's line search then stops)
      return;
    }
  }
  // L y = r, then L^T d = y
  for (let a = 0; a < dim; a++) {
    let s = r[a];
    for (let c = 0; c < a; c++) s -= H[a * dim + c] * r[c];
    r[a] = s / H[a * dim + a];
  }
  for (let a = dim - 1; a >= 0; a--) {
    let s = r[a];
    for (let c = a + 1; c < dim; c++) s -= H[c * dim + a] * r[c];
    r[a] = s / H[a * dim + a];
  }
}

/** In-place Cholesky H = L L^T on the lower triangle (row-major); false when not positive definite. */
function choleskyLower(H: Float64Array, dim: number): boolean {
  for (let a = 0; a < dim; a++) {
    for (let c = 0; c <= a; c++) {
      let s = H[a * dim + c];
      for (let k = 0; k < c; k++) s -= H[a * dim + k] * H[c * dim + k];
      if (a === c) {
        if (!(s > 0)) return false;
        H[a * dim + a] = Math.sqrt(s);
      } else H[a * dim + c] = s / H[c * dim + c];
    }
  }
  return true;
}

type PointStatus = 'converged' | 'maxiter' | 'linesearch' | 'separable' | 'runaway';

interface PointResult {
  nIter: number;
  status: PointStatus;
  kkt: number;
  /** L + l1||w||_1 + l2/2||w||^2 at the solution. */
  f: number;
}

// Proximal Newton for the binomial deviance (glmnet's IRLS outer loop, Friedman et al. 2010 §3),
// with a backtracking line search on the composite objective (Lee, Sun & Saunders 2014).
function solvePoint(P: LogisticProblem, ws: LogisticWorkspace, pw: PenaltyWeights, tol: number, maxIter: number, noPenalty: boolean, etaCurrent = false, gradCurrent = false): PointResult {
  const { n, p, x, y, usable } = P;
  const { w, wNew, g, xv, prob, v, res, cand, candList, stepList, stepD } = ws;
  let eta = ws.eta;
  const { l1, l2 } = pw;
  // along a path ws.eta already holds b + X w of the previous solution (each accepted step updates both)
  if (!etaCurrent) linearPredictor(P, w, ws.b, eta);
  // the sum of log-losses at eta is kept from the last accepted step (same formula and order)
  if (!etaCurrent || Number.isNaN(ws.lossAtEta)) ws.lossAtEta = sumLogLoss(P, eta);
  let f = ws.lossAtEta + penaltyValue(P, w, l1, l2);
  let kkt = Infinity;
  let nIter = 0;
  let stalls = 0;
  let staleStep = false;
  let forceFresh = false;
  // prob, res = prob - y, gb and g of every candidate are current at eta (a converged previous point
  // of a path left them so; an accepted full step's trialPass does)
  let gradFresh = etaCurrent && gradCurrent;
  for (;;) {
    // glmnet's order: solve on the candidates, and only once they satisfy KKT spend the O(n p)
    // pass over the other columns (strong-rule misses then join the candidates)
    if (!gradFresh) probabilityAndGradient(P, ws, 1);
    gradFresh = false;
    let viol = kktViolation(P, ws, l1, l2, false);
    if (viol.cand <= tol || nIter >= maxIter) {
      outsideGradient(P, ws, l1);
      viol = kktViolation(P, ws, l1, l2, true);
    }
    kkt = Math.max(viol.cand, viol.outside);
    if (viol.cand <= tol) {
      if (viol.outside <= tol) return { nIter, status: 'converged', kkt, f };
    }
    if (viol.outside > tol) {
      // strong-rule misses: columns outside the candidate set that violate KKT join it
      for (let j = 0; j < p; j++) {
        if (!usable[j] || cand[j]) continue;
        if (Math.abs(g[j]) - l1 * P.pf1[j] > tol * n) cand[j] = 1;
      }
    }
    if (nIter >= maxIter) return { nIter, status: 'maxiter', kkt, f };

    // IRLS weights and working residual res = y - prob (= v (z - eta)); with a reusable Gram
    // matrix, the same pass lists the rows whose weight moved beyond WEIGHT_REFRESH (refreshGram)
    const reuse = ws.hessReusable;
    ws.refreshCount = P.arena.irlsRows(prob, y, v, res, n, WEIGHT_MIN, WEIGHT_REFRESH, reuse ? ws.vHess : null, reuse ? ws.refreshRows : null);
    wNew.set(w);
    ws.bNew = ws.b;
    // inner accuracy follows the outer violation; below ~1e-16 gradient units rounding dominates
    const epsIn = Math.max(0.1 * tol, 0.01 * Math.min(kkt, 1), 1e-16);
    const m = collectCandidates(P, ws);
    // Residual-mode sweeps cost about 2 n m each and forming the Gram matrix n m^2 / 2: after
    // m/4 sweeps without convergence (collinear columns, weak penalty) switch to the Gram matrix.
    const canGram = m <= GRAM_MAX_P && (l1 === 0 || n > m);
    const budget = canGram ? (ws.gramFirst ? 0 : Math.max(3, Math.ceil(m / 4))) : MAX_INNER_PASSES;
    if (budget > 0) for (let k = 0; k < m; k++) {
      const o = candList[k] * n;
      let s = 0;
      // xv_j = sum v x[:, j]^2
      for (let i = 0; i < n; i++) s += v[i] * x[o + i] * x[o + i];
      xv[candList[k]] = s;
    }
    if ((budget === 0 || !weightedLeastSquaresCD(P, ws, m, l1, l2, epsIn, budget)) && canGram) {
      ws.gramFirst = true;
      // Proximal quasi-Newton (Lee, Sun & Saunders 2014): near the solution, and from one C to the
      // next, the weights barely change, so the Gram matrix of slightly older weights serves as the
      // curvature while the right-hand side (the gradient) is current; the line search keeps every
      // step a descent step and a failed stale step is retried with a fresh matrix.
      staleStep = l1 > 0 && budget === 0 && !forceFresh && ws.hessReusable;
      if (staleStep && !sameGramCandidates(ws, m)) {
        // the candidate set changed: re-index when few columns are new, else build afresh
        if (newGramColumns(ws, m) * 4 < m) extendGram(P, ws, m);
        else staleStep = false;
      }
      if (staleStep && !refreshGram(P, ws, m)) staleStep = false;
      forceFresh = false;
      if (staleStep) {
        const r = ws.rhs;
        for (let a = 0; a < m; a++) r[a] = -g[candList[a]];
        r[m] = -ws.gb;
      } else {
        buildNewtonSystem(P, ws, m); // its rhs, from the current residual, is the remaining gradient
        ws.hessReusable = l1 > 0;
        recordGram(ws, m, n);
      }
      if (l1 === 0) directNewtonSolve(P, ws, m, l2);
      // a sweep on the Gram matrix costs O(m^2), not O(n m): solve the step's model to 0.1 tol so
      // the Newton iterations are not slowed by an inexact inner solve
      else covarianceCD(P, ws, m, l1, l2, Math.max(0.1 * tol, 1e-16));
    }

    if (nIter === 0) {
      // Path predictor-corrector: the first Newton step from the previous C's solution leaves an
      // error of order (step in log C)^2 that varies smoothly along the path; the error the
      // previous C's solution had beyond its own first iterate, scaled, removes most of it, so one
      // Newton step from there usually reaches the tolerance. Only non-zero coefficients that keep
      // their sign are corrected; the line search keeps the step a descent step.
      ws.firstW.set(wNew);
      ws.firstB = ws.bNew;
      ws.firstKnown = true;
      const cs = ws.corrScale;
      if (cs > 0) {
        for (let k = 0; k < m; k++) {
          const j = candList[k];
          const wj = wNew[j];
          const c = ws.corrW[j];
          if (wj === 0 || c === 0) continue;
          const moved = wj + cs * c;
          if (moved > 0 === wj > 0) wNew[j] = moved;
        }
        ws.bNew += cs * ws.corrB;
      }
    }
    // direction d = (wNew - w, bNew - b); predicted decrease of the composite objective
    const db = ws.bNew - ws.b;
    let delta = ws.gb * db;
    let stepCount = 0;
    for (let j = 0; j < p; j++) {
      const dj = wNew[j] - w[j];
      if (dj === 0) continue;
      delta += g[j] * dj;
      stepList[stepCount] = j;
      stepD[stepCount++] = dj;
    }
    if (stepCount === 0 && db === 0) {
      if (!staleStep) return { nIter, status: kkt <= tol ? 'converged' : 'linesearch', kkt, f };
      forceFresh = true;
      staleStep = false;
      continue;
    }
    delta += penaltyValue(P, wNew, l1, l2) - penaltyValue(P, w, l1, l2);

    // backtracking: f(x + t d) <= f(x) + 1e-4 t delta (slack for rounding near the optimum). The
    // full step, nearly always accepted, is evaluated together with the next gradient (trialPass).
    const slack = 1e-12 * Math.abs(f);
    let t = 1;
    let lossTry = trialPass(P, ws, stepCount, db, true, m);
    let fTry = lossTry + penaltyValue(P, wNew, l1, l2);
    let accepted = fTry <= f + 1e-4 * Math.min(delta, 0) + slack;
    if (accepted) gradFresh = true;
    else {
      // etaNew = the full step's eta; halve t from there
      const full = ws.etaTry;
      ws.etaTry = ws.etaNew;
      ws.etaNew = full;
      const etaNew = ws.etaNew;
      const etaTry = ws.etaTry;
      for (let halvings = 1; halvings < 40; halvings++) {
        t *= 0.5;
        for (let i = 0; i < n; i++) etaTry[i] = eta[i] + t * (etaNew[i] - eta[i]);
        let a = 0;
        let q = 0;
        for (let j = 0; j < p; j++) {
          if (!usable[j]) continue;
          const wj = w[j] + t * (wNew[j] - w[j]);
          a += P.pf1[j] * Math.abs(wj);
          q += P.pf2[j] * wj * wj;
        }
        lossTry = sumLogLoss(P, etaTry);
        fTry = lossTry + l1 * a + 0.5 * l2 * q;
        if (fTry <= f + 1e-4 * t * Math.min(delta, 0) + slack) {
          accepted = true;
          break;
        }
      }
    }
    if (!accepted) {
      if (!staleStep) return { nIter, status: 'linesearch', kkt, f };
      forceFresh = true;
      staleStep = false;
      continue;
    }
    staleStep = false;
    // steps accepted only thanks to the rounding slack: the tolerance is below what rounding allows
    stalls = fTry < f ? 0 : stalls + 1;
    if (stalls >= 5) return { nIter, status: 'linesearch', kkt, f };
    for (let k = 0; k < stepCount; k++) w[stepList[k]] += t * stepD[k];
    ws.b += t * db;
    // the accepted step's eta becomes current (a swap, not a copy of n values)
    eta = ws.etaTry;
    ws.etaTry = ws.eta;
    ws.eta = eta;
    f = fTry;
    ws.lossAtEta = lossTry;
    nIter++;

    if (noPenalty) {
      // a hyperplane with every margin positive proves separation: the MLE does not exist
      let allSplit = true;
      let maxEta = 0;
      for (let i = 0; i < n; i++) {
        if ((y[i] > 0.5 ? eta[i] : -eta[i]) <= 0) allSplit = false;
        const a = Math.abs(eta[i]);
        if (a > maxEta) maxEta = a;
      }
      if (allSplit) return { nIter, status: 'separable', kkt, f };
      if (maxEta > ETA_RUNAWAY) return { nIter, status: 'runaway', kkt, f };
    }
  }
}

const SEPARABLE_WARNING =
  'Stopped early: the classes are perfectly separable by the features (a hyperplane splits every 0 from every 1), so unpenalized logistic regression has no finite solution and its coefficients grow without bound; use a penalty (l2, l1 or elasticnet).';
const RUNAWAY_WARNING =
  `Stopped early: the classes are (quasi-)perfectly separable by the features — some predicted log-odds exceeded ${ETA_RUNAWAY} and the coefficients grow without bound, so unpenalized logistic regression has no finite solution; use a penalty (l2, l1 or elasticnet).`;

function statusWarning(status: PointStatus, maxIter: number, kkt: number, tol: number, where: string): string | null {
  switch (status) {
    case 'converged':
      return null;
    case 'separable':
      return SEPARABLE_WARNING;
    case 'runaway':
      return RUNAWAY_WARNING;
    case 'maxiter':
      return `Logistic regression${where} did not converge in ${maxIter} Newton iterations (KKT violation ${kkt.toExponential(2)} > tol ${tol}); increase the iteration limit or the tolerance, or use a stronger penalty.`;
    case 'linesearch':
      return `Logistic regression${where} stopped: the line search could not decrease the objective further (KKT violation ${kkt.toExponential(2)} > tol ${tol}); the result is the best point found.`;
  }
}

function checkTol(tol: number | undefined, maxIter: number | undefined): { tol: number; maxIter: number } {
  const t = tol ?? LOGISTIC_DEFAULT_TOL;
  const m = maxIter ?? LOGISTIC_DEFAULT_MAX_ITER;
  if (!(t > 0)) throw new UserError(`tol must be a positive number (got ${t}).`);
  if (!(m >= 1)) throw new UserError(`max_iter must be at least 1 (got ${m}).`);
  return { tol: t, maxIter: Math.floor(m) };
}

function initialIntercept(P: LogisticProblem): number {
  const ybar = P.positives / P.n;
  return Math.log(ybar / (1 - ybar));
}

/** Fits one penalized logistic regression (see the module comment for the objective). */
export function fitLogistic(X: LogisticDesign, y01: Float64Array, opts: LogisticOptions): LogisticFit {
  const { tol, maxIter } = checkTol(opts.tol, opts.maxIter);
  const l1Ratio = l1RatioOf(opts.penalty, opts.l1Ratio);
  const pw = penaltyWeights(opts.penalty, opts.C, l1Ratio);
  const P = prepareProblem(X, y01, opts.rows, opts.standardize);
  if (opts.warmStart && opts.warmStart.length !== P.p && opts.warmStart.length !== P.p + 1) throw new Error(`warmStart has ${opts.warmStart.length} entries for ${P.p} columns`);
  let r: PointResult;
  let w: Float64Array;
  let b: number;
  const cMin = !opts.warmStart && pw.l1 > 0 && P.n * P.p * P.p >= WARM_PATH_MIN_WORK ? cMinOf(P, l1Ratio) : 0;
  if (cMin > 0 && opts.C > cMin * WARM_PATH_STEP) {
    // glmnet's way to one lambda: a short path from where every coefficient is 0 (warm starts,
    // strong rules, small candidate sets early), instead of Newton from 0 on every column
    const K = Math.min(WARM_PATH_MAX, Math.ceil(Math.log(opts.C / cMin) / Math.log(WARM_PATH_STEP)));
    const grid = new Float64Array(K);
    for (let k = 1; k <= K; k++) grid[k - 1] = k === K ? opts.C : cMin * Math.pow(opts.C / cMin, k / K);
    const core = pathOnProblem(P, opts.penalty, l1Ratio, grid, tol, maxIter);
    w = core.coefStd.subarray((K - 1) * P.p, K * P.p);
    b = core.intercept[K - 1];
    let nIter = 0;
    for (let k = 0; k < K; k++) nIter += core.nIter[k];
    r = { nIter, status: core.status[K - 1], kkt: core.kkt[K - 1], f: core.objective[K - 1] / pw.C };
  } else {
    const ws = new LogisticWorkspace(P);
    ws.b = initialIntercept(P);
    if (opts.warmStart) {
      // fitted scale (standardized, or raw units) to the internal unit-variance scale
      for (let j = 0; j < P.p; j++) ws.w[j] = P.usable[j] && Number.isFinite(opts.warmStart[j]) ? opts.warmStart[j] * (P.standardize ? 1 : P.colScale[j]) : 0;
      if (opts.warmStart.length === P.p + 1 && Number.isFinite(opts.warmStart[P.p])) ws.b = opts.warmStart[P.p];
    }
    ws.cand.set(P.usable);
    r = solvePoint(P, ws, pw, tol, maxIter, opts.penalty === 'none');
    w = ws.w;
    b = ws.b;
  }
  const warnings: string[] = [];
  const msg = statusWarning(r.status, maxIter, r.kkt, tol, '');
  if (msg) warnings.push(msg);
  const coef = new Float64Array(P.p);
  let intercept = b;
  let nnz = 0;
  for (let j = 0; j < P.p; j++) {
    if (!P.usable[j]) continue;
    coef[j] = w[j] / P.colScale[j];
    intercept -= P.mean[j] * coef[j];
    if (w[j] !== 0) nnz++;
  }
  return {
    coef,
    intercept,
    coefStd: P.standardize ? Float64Array.from(w) : null,
    interceptStd: P.standardize ? b : null,
    mean: P.mean,
    scale: P.scale,
    nIter: r.nIter,
    converged: r.status === 'converged',
    objective: pw.C * r.f,
    kkt: r.kkt,
    lambda: opts.penalty === 'none' ? NaN : 1 / (opts.C * P.n),
    nnz,
    n: P.n,
    separable: r.status === 'separable' || r.status === 'runaway',
    warnings,
  };
}

// ---------------------------------------------------------------------------------------------
// Path over C.

/**
 * Smallest C that keeps every coefficient at 0: at the intercept-only model (b = logit(ybar)) the
 * gradient is g_j = x_j . (ybar - y), and w = 0 is optimal iff C |g_j| <= l1Ratio for all j, so
 * C_min = l1Ratio / max_j |g_j| (glmnet's lambda_max = max|g_j| / (n alpha)). For l2 (l1Ratio 0)
 * there is no such C; as glmnet, l1Ratio is floored at 1e-3 for this computation.
 */
function cMinOf(P: LogisticProblem, l1Ratio: number): number {
  const { n, p, usable, pf1, y, x } = P;
  const ybar = P.positives / n;
  const { r, list, out } = P.nullGradient;
  for (let i = 0; i < n; i++) r[i] = ybar - y[i];
  let count = 0;
  for (let j = 0; j < p; j++) if (usable[j]) list[count++] = j;
  out.fill(0, 0, count);
  P.arena.dotCols(x, n, r, 0, n, list, count, out);
  let gmax = 0;
  for (let k = 0; k < count; k++) gmax = Math.max(gmax, Math.abs(out[k]) / pf1[list[k]]);
  if (gmax === 0) return 1;
  return Math.max(l1Ratio, 1e-3) / gmax;
}

/**
 * Default C grid, glmnet's lambda path seen through C = 1/(lambda n): nCs values log-spaced from
 * C_min (see cMinOf) up to C_min / lambdaMinRatio, lambdaMinRatio = 1e-4 when n > p else 1e-2.
 * For l2 the grid starts where an l1Ratio-1e-3 elastic net would zero every coefficient (the l2
 * coefficients there are tiny) and spans the same factor.
 */
export function logisticCGrid(X: LogisticDesign, y01: Float64Array, opts: { penalty: LogisticPenalty; l1Ratio?: number; nCs?: number; standardize: boolean; rows?: Int32Array }): Float64Array {
  const P = prepareProblem(X, y01, opts.rows, opts.standardize);
  return cGridOf(P, l1RatioOf(opts.penalty, opts.l1Ratio), opts.nCs ?? 100);
}

function cGridOf(P: LogisticProblem, l1Ratio: number, nCs: number): Float64Array {
  const cMin = cMinOf(P, l1Ratio);
  const factor = P.n > P.p ? 1e4 : 1e2;
  const K = Math.max(1, Math.floor(nCs));
  const Cs = new Float64Array(K);
  for (let k = 0; k < K; k++) Cs[k] = K === 1 ? cMin : cMin * Math.pow(factor, k / (K - 1));
  return Cs;
}

/** Ascending, validated copy of user C values. */
function sortedCs(Cs: Float64Array): Float64Array {
  if (Cs.length === 0) throw new UserError('The list of C values is empty; give at least one positive C.');
  for (let k = 0; k < Cs.length; k++) if (!(Cs[k] > 0) || !Number.isFinite(Cs[k])) throw new UserError(`Every C must be a positive number (got ${Cs[k]}).`);
  return Float64Array.from(Cs).sort();
}

interface PathCore {
  Cs: Float64Array;
  /** p x K, internal unit-variance scale (= standardized scale; raw = coefStd / colScale). */
  coefStd: Float64Array;
  intercept: Float64Array;
  nIter: Int32Array;
  objective: Float64Array;
  status: PointStatus[];
  kkt: Float64Array;
}

// Friedman, Hastie & Tibshirani (2010) §2.4-2.5 / Tibshirani et al. (2012) strong rules: warm
// starts along increasing C with sequential strong-rule screening and a KKT re-check.
function pathOnProblem(P: LogisticProblem, penalty: LogisticPenalty, l1Ratio: number, Cs: Float64Array, tol: number, maxIter: number, onProgress?: (done: number, total: number) => void): PathCore {
  const K = Cs.length;
  const p = P.p;
  const ws = new LogisticWorkspace(P);
  ws.b = initialIntercept(P);
  ws.boundOutside = true;
  const coefStd = new Float64Array(p * K);
  const intercept = new Float64Array(K);
  const nIter = new Int32Array(K);
  const objective = new Float64Array(K);
  const kkt = new Float64Array(K);
  const status: PointStatus[] = [];
  // gradient at the intercept-only start, for the first strong-rule screen
  linearPredictor(P, ws.w, ws.b, ws.eta);
  probabilityAndGradient(P, ws);
  const a = penalty === 'none' ? 0 : l1Ratio;
  let l1Prev = a > 0 ? a / cMinOf(P, a) : 0;
  let corrReady = false;
  for (let k = 0; k < K; k++) {
    const pw = penaltyWeights(penalty, Cs[k], l1Ratio);
    // strong set: ever active or |g_j| >= 2 l1_k - l1_{k-1} (g from the previous solution)
    const thr = 2 * pw.l1 - l1Prev;
    for (let j = 0; j < p; j++) ws.cand[j] = P.usable[j] && (ws.w[j] !== 0 || Math.abs(ws.g[j]) >= thr * P.pf1[j]) ? 1 : 0;
    // predictor-corrector scale: (this step in log C / the previous one)^2
    ws.corrScale = corrReady && k >= 2 ? (Math.log(Cs[k] / Cs[k - 1]) / Math.log(Cs[k - 1] / Cs[k - 2])) ** 2 : 0;
    if (!(ws.corrScale <= 4)) ws.corrScale = 0;
    ws.firstKnown = false;
    // eta, prob and every g_j are current: from the start above, a converged point, or the refresh below
    const r = solvePoint(P, ws, pw, tol, maxIter, penalty === 'none', true, true);
    corrReady = r.status === 'converged' && ws.firstKnown;
    if (corrReady) {
      for (let j = 0; j < p; j++) ws.corrW[j] = ws.w[j] !== 0 && ws.firstW[j] !== 0 ? ws.w[j] - ws.firstW[j] : 0;
      ws.corrB = ws.b - ws.firstB;
    }
    coefStd.set(ws.w, k * p);
    intercept[k] = ws.b;
    nIter[k] = r.nIter;
    objective[k] = pw.C * r.f;
    kkt[k] = r.kkt;
    status.push(r.status);
    l1Prev = pw.l1;
    // g is current when solvePoint converged (its last act); otherwise refresh it for the next screen
    if (r.status !== 'converged') probabilityAndGradient(P, ws);
    if (onProgress) onProgress(k + 1, K);
  }
  return { Cs, coefStd, intercept, nIter, objective, status, kkt };
}

/** Fits the regularization path over C (ascending) with warm starts and strong rules. */
export function fitLogisticPath(X: LogisticDesign, y01: Float64Array, opts: LogisticPathOptions): LogisticPathFit {
  if (opts.penalty === 'none') throw new UserError('A regularization path needs a penalty: choose l1, l2 or elasticnet (penalty none has no C to vary).');
  const { tol, maxIter } = checkTol(opts.tol, opts.maxIter);
  const l1Ratio = l1RatioOf(opts.penalty, opts.l1Ratio);
  penaltyWeights(opts.penalty, 1, l1Ratio);
  const P = prepareProblem(X, y01, opts.rows, opts.standardize);
  const Cs = opts.Cs ? sortedCs(opts.Cs) : cGridOf(P, l1Ratio, opts.nCs ?? 100);
  const core = pathOnProblem(P, opts.penalty, l1Ratio, Cs, tol, maxIter, opts.onProgress);
  const K = Cs.length;
  const p = P.p;
  const coefOriginal = new Float64Array(p * K);
  const interceptOriginal = new Float64Array(K);
  const nnz = new Int32Array(K);
  const lambdas = new Float64Array(K);
  const entryOrder: number[] = [];
  const entered = new Uint8Array(p);
  const warnings: string[] = [];
  for (let k = 0; k < K; k++) {
    lambdas[k] = 1 / (Cs[k] * P.n);
    let b = core.intercept[k];
    const fresh: number[] = [];
    for (let j = 0; j < p; j++) {
      const wj = core.coefStd[k * p + j];
      if (wj === 0) continue;
      nnz[k]++;
      const c = wj / P.colScale[j];
      coefOriginal[k * p + j] = c;
      b -= P.mean[j] * c;
      if (!entered[j]) {
        entered[j] = 1;
        fresh.push(j);
      }
    }
    fresh.sort((i, j) => Math.abs(core.coefStd[k * p + j]) - Math.abs(core.coefStd[k * p + i]) || i - j);
    entryOrder.push(...fresh);
    interceptOriginal[k] = b;
    const msg = statusWarning(core.status[k], maxIter, core.kkt[k], tol, ` at C=${Cs[k].toPrecision(4)}`);
    if (msg) warnings.push(msg);
  }
  return {
    Cs,
    lambdas,
    coefStd: P.standardize ? core.coefStd : coefOriginal,
    intercept: core.intercept,
    coefOriginal,
    interceptOriginal,
    nnz,
    entryOrder,
    nIter: core.nIter,
    converged: core.status.every((s) => s === 'converged'),
    objective: core.objective,
    mean: P.mean,
    scale: P.scale,
    n: P.n,
    warnings,
  };
}

// ---------------------------------------------------------------------------------------------
// Cross-validation.

/** Fold id of every fitting row, validated; returns the row indices and their folds. */
function foldLayout(N: number, foldIds: Int32Array, rows?: Int32Array): { rowIdx: Int32Array; fold: Int32Array; K: number } {
  let rowIdx: Int32Array;
  let fold: Int32Array;
  if (rows && foldIds.length === rows.length) {
    rowIdx = rows;
    fold = foldIds;
  } else if (foldIds.length === N) {
    rowIdx = rows ?? Int32Array.from({ length: N }, (_, i) => i);
    fold = new Int32Array(rowIdx.length);
    for (let k = 0; k < rowIdx.length; k++) fold[k] = foldIds[rowIdx[k]];
  } else {
    throw new Error(`foldIds has ${foldIds.length} entries; expected ${N} (rows of X)${rows ? ` or ${rows.length} (fitting rows)` : ''}`);
  }
  let K = 0;
  for (let k = 0; k < fold.length; k++) if (fold[k] + 1 > K) K = fold[k] + 1;
  if (K < 2) throw new UserError('Cross-validation needs at least 2 folds.');
  return { rowIdx, fold, K };
}

/** Score of one model on the test rows: AUC on x w + b (sklearn's decision_function), log loss on probabilities. */
function foldScore(metric: LogisticCvMetric, y01: Float64Array, eta: Float64Array, prob: Float64Array, testRows: Int32Array): number {
  if (metric === 'auc') return rocAuc(y01, eta, testRows);
  if (metric === 'log_loss') return logLoss(y01, prob, testRows);
  return accuracyScore(y01, eta, testRows, 0);
}

/** Index of the best mean (first maximum, or first minimum for log_loss) and the one-SE choice. */
function bestAndOneSe(metric: LogisticCvMetric, mean: Float64Array, se: Float64Array): { best: number; oneSe: number } {
  const lower = metric === 'log_loss';
  let best = 0;
  for (let c = 1; c < mean.length; c++) if (lower ? mean[c] < mean[best] : mean[c] > mean[best]) best = c;
  // one-SE rule: the smallest C (most regularized) within one SE of the best
  const bound = lower ? mean[best] + se[best] : mean[best] - se[best];
  let oneSe = best;
  for (let c = 0; c <= best; c++) {
    if (lower ? mean[c] <= bound : mean[c] >= bound) {
      oneSe = c;
      break;
    }
  }
  return { best, oneSe };
}

/** The validated layout of a cross-validation: grid, ratios and every fold's training and test rows. */
interface LogisticCvSetup {
  tol: number;
  maxIter: number;
  penalty: LogisticPenalty;
  ratios: number[];
  Cs: Float64Array;
  K: number;
  trainSets: Int32Array[];
  testSets: Int32Array[];
}

function logisticCvSetup(X: LogisticDesign, y01: Float64Array, opts: LogisticCvOptions): LogisticCvSetup {
  const { tol, maxIter } = checkTol(opts.tol, opts.maxIter);
  const { rowIdx, fold, K } = foldLayout(X.n, opts.foldIds, opts.rows);
  const penalty = opts.penalty;
  const ratios = penalty === 'elasticnet' ? (opts.l1Ratios && opts.l1Ratios.length ? opts.l1Ratios.slice() : [0.5]) : [l1RatioOf(penalty, undefined)];
  for (const r of ratios) penaltyWeights(penalty, 1, r);
  let Cs: Float64Array;
  if (penalty === 'none') Cs = opts.Cs && opts.Cs.length ? Float64Array.of(opts.Cs[0]) : Float64Array.of(1);
  else if (opts.Cs) Cs = sortedCs(opts.Cs);
  else {
    // one grid for every ratio: from the smallest ratio's C_min to the largest ratio's top C
    const P = prepareProblem(X, y01, rowIdx, opts.standardize);
    const nCs = opts.nCs ?? 100;
    const lo = cGridOf(P, Math.min(...ratios), nCs);
    const hi = cGridOf(P, Math.max(...ratios), nCs);
    const cLo = lo[0];
    const cHi = hi[hi.length - 1];
    Cs = new Float64Array(lo.length);
    for (let k = 0; k < lo.length; k++) Cs[k] = lo.length === 1 ? cLo : cLo * Math.pow(cHi / cLo, k / (lo.length - 1));
  }
  // per-fold row sets
  const trainSets: Int32Array[] = [];
  const testSets: Int32Array[] = [];
  for (let k = 0; k < K; k++) {
    const tr: number[] = [];
    const te: number[] = [];
    for (let t = 0; t < rowIdx.length; t++) {
      if (fold[t] < 0) continue;
      (fold[t] === k ? te : tr).push(rowIdx[t]);
    }
    if (te.length === 0) throw new UserError(`Cross-validation fold ${k + 1} of ${K} is empty; use fewer folds.`);
    trainSets.push(Int32Array.from(tr));
    testSets.push(Int32Array.from(te));
  }
  return { tol, maxIter, penalty, ratios, Cs, K, trainSets, testSets };
}

/** The scores of some folds (crossValidateLogisticFolds): plain data, so it can be posted between threads. */
export interface LogisticCvFoldRuns {
  /** The C grid (ascending) every fold used. */
  Cs: Float64Array;
  /** Folds fitted, in the order run. */
  folds: number[];
  /** Ratio r, folds[f], C index c at (r * folds.length + f) * nC + c. */
  scores: Float64Array;
  /** Warnings of ratio r, folds[f] at r * folds.length + f (first occurrence order). */
  warnings: string[][];
  notConverged: number;
  worstKkt: number;
}

/**
 * The fold paths and held-out scores of crossValidateLogistic for the listed folds only (all when
 * omitted). A fold's scores depend on nothing but the fold, so any split of the folds, combined by
 * combineLogisticCvFolds, gives crossValidateLogistic's bits (the thread pool relies on it).
 */
export function crossValidateLogisticFolds(X: LogisticDesign, y01: Float64Array, opts: LogisticCvOptions, folds?: number[]): LogisticCvFoldRuns {
  const { tol, maxIter, penalty, ratios, Cs, K, trainSets, testSets } = logisticCvSetup(X, y01, opts);
  const list = folds ?? Array.from({ length: K }, (_, k) => k);
  for (const k of list) if (!(Number.isInteger(k) && k >= 0 && k < K)) throw new Error(`fold ${k} is not one of the ${K} folds`);
  const nC = Cs.length;
  const p = X.p;
  const F = list.length;
  const scores = new Float64Array(ratios.length * F * nC);
  const warnings: string[][] = [];
  let notConverged = 0;
  let worstKkt = 0;
  const total = ratios.length * F;
  let done = 0;
  const eta = new Float64Array(X.n);
  const prob = new Float64Array(X.n);
  for (let r = 0; r < ratios.length; r++) {
    const ratio = ratios[r];
    for (let f = 0; f < F; f++) {
      const k = list[f];
      const message = `${ratios.length > 1 ? `l1_ratio ${ratio}, ` : ''}fold ${k + 1} of ${K}`;
      if (opts.onProgress) opts.onProgress(done, total, message);
      const P = prepareProblem(X, y01, trainSets[k], opts.standardize);
      // the held-out rows of X, contiguous per column (scoring reads them once per C)
      const te = testSets[k];
      const nt = te.length;
      const xt = new Float64Array(nt * p);
      for (let j = 0; j < p; j++) for (let t = 0; t < nt; t++) xt[j * nt + t] = X.x[j * X.n + te[t]];
      const etaT = new Float64Array(nt);
      const progress = opts.onProgress;
      const core = pathOnProblem(P, penalty, ratio, Cs, tol, maxIter, progress ? (c) => c % 10 === 0 && progress(done + c / nC, total, message) : undefined);
      const foldWarnings: string[] = [];
      for (let c = 0; c < nC; c++) {
        const status = core.status[c];
        if (status === 'separable' || status === 'runaway') {
          const msg = statusWarning(status, maxIter, core.kkt[c], tol, '')!.replace('Stopped early:', `Stopped early in fold ${k + 1}:`);
          if (!foldWarnings.includes(msg)) foldWarnings.push(msg);
        } else if (status !== 'converged') {
          notConverged++;
          worstKkt = Math.max(worstKkt, core.kkt[c]);
        }
        // original-units model of the training fold, applied to the held-out rows
        let b = core.intercept[c];
        for (let j = 0; j < p; j++) if (P.usable[j]) b -= (P.mean[j] * core.coefStd[c * p + j]) / P.colScale[j];
        etaT.fill(b);
        for (let j = 0; j < p; j++) {
          const wj = core.coefStd[c * p + j];
          if (wj === 0 || !P.usable[j]) continue;
          const cj = wj / P.colScale[j];
          const o = j * nt;
          for (let t = 0; t < nt; t++) etaT[t] += cj * xt[o + t];
        }
        for (let t = 0; t < nt; t++) {
          eta[te[t]] = etaT[t];
          prob[te[t]] = sigmoid(etaT[t]);
        }
        scores[(r * F + f) * nC + c] = foldScore(opts.metric, y01, eta, prob, te);
      }
      warnings.push(foldWarnings);
      done++;
    }
  }
  return { Cs, folds: list, scores, warnings, notConverged, worstKkt };
}

/**
 * crossValidateLogistic's result from fold runs that together cover every fold once (any order,
 * any split): the same bits as one crossValidateLogisticFolds over all folds.
 */
export function combineLogisticCvFolds(X: LogisticDesign, y01: Float64Array, opts: LogisticCvOptions, parts: LogisticCvFoldRuns[]): LogisticCvFit {
  const { tol, penalty, ratios, K } = logisticCvSetup(X, y01, { ...opts, Cs: parts.length ? parts[0].Cs : opts.Cs });
  const Cs = parts[0].Cs;
  const nC = Cs.length;
  // where each fold's rows are: part, position
  const where: [number, number][] = new Array(K);
  parts.forEach((part, q) => part.folds.forEach((k, f) => {
    if (where[k]) throw new Error(`fold ${k} appears twice in the fold runs`);
    where[k] = [q, f];
  }));
  for (let k = 0; k < K; k++) if (!where[k]) throw new Error(`fold ${k} is missing from the fold runs`);
  const warnings = new Set<string>();
  let notConverged = 0;
  let worstKkt = 0;
  for (const part of parts) {
    notConverged += part.notConverged;
    worstKkt = Math.max(worstKkt, part.worstKkt);
  }
  const total = ratios.length * K;
  const byL1Ratio: LogisticCvCurve[] = [];
  for (let r = 0; r < ratios.length; r++) {
    const foldScores = new Float64Array(K * nC);
    for (let k = 0; k < K; k++) {
      const [q, f] = where[k];
      const F = parts[q].folds.length;
      foldScores.set(parts[q].scores.subarray((r * F + f) * nC, (r * F + f + 1) * nC), k * nC);
      for (const w of parts[q].warnings[r * F + f]) warnings.add(w);
    }
    const mean = new Float64Array(nC);
    const se = new Float64Array(nC);
    for (let c = 0; c < nC; c++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += foldScores[k * nC + c];
      const m = s / K;
      let ss = 0;
      for (let k = 0; k < K; k++) ss += (foldScores[k * nC + c] - m) ** 2;
      mean[c] = m;
      se[c] = Math.sqrt(ss / (K - 1)) / Math.sqrt(K);
    }
    const { best, oneSe } = bestAndOneSe(opts.metric, mean, se);
    byL1Ratio.push({ l1Ratio: ratios[r], mean, se, foldScores, indexBest: best, index1se: oneSe });
  }
  // best (C, ratio) pair, first in C-major order as GridSearchCV's param grid
  const lower = opts.metric === 'log_loss';
  let bestC = 0;
  let bestR = 0;
  for (let c = 0; c < nC; c++) {
    for (let r = 0; r < ratios.length; r++) {
      const v = byL1Ratio[r].mean[c];
      const cur = byL1Ratio[bestR].mean[bestC];
      if (lower ? v < cur : v > cur) {
        bestC = c;
        bestR = r;
      }
    }
  }
  const curve = byL1Ratio[bestR];
  const result: LogisticCvFit = {
    metric: opts.metric,
    Cs,
    mean: curve.mean,
    se: curve.se,
    foldScores: curve.foldScores,
    CBest: Cs[curve.indexBest],
    C1se: Cs[curve.index1se],
    indexBest: curve.indexBest,
    index1se: curve.index1se,
    l1Ratio: curve.l1Ratio,
    byL1Ratio,
    folds: K,
    warnings: notConverged
      ? [...warnings, `${notConverged} of ${total * nC} cross-validation fits did not converge (largest KKT violation ${worstKkt.toExponential(2)} > tol ${tol}); increase the iteration limit or the tolerance.`]
      : [...warnings],
  };
  if (penalty === 'elasticnet') {
    const mean: number[][] = [];
    for (let c = 0; c < nC; c++) mean.push(ratios.map((_, r) => byL1Ratio[r].mean[c]));
    result.grid = { Cs: Array.from(Cs), l1Ratios: ratios, mean, best: { C: Cs[bestC], l1Ratio: ratios[bestR], score: byL1Ratio[bestR].mean[bestC] } };
  }
  return result;
}

/**
 * K-fold cross-validation over the C grid (and, for elasticnet, over l1Ratios): per fold the
 * standardization is refitted on the training rows, the path is fitted there and scored on the
 * held-out rows. mean = unweighted mean over folds (GridSearchCV's mean_test_score), se = sd
 * (ddof 1) / sqrt(K). C_best maximizes the mean (minimizes log loss); C_1se is the smallest C whose
 * mean is within one SE of the best. Penalty 'none' scores one model (Cs = [given C or 1]).
 * Single-threaded; src/worker/cvPool.ts runs the same folds on threads with the same bits.
 */
export function crossValidateLogistic(X: LogisticDesign, y01: Float64Array, opts: LogisticCvOptions): LogisticCvFit {
  const runs = crossValidateLogisticFolds(X, y01, opts);
  const fit = combineLogisticCvFolds(X, y01, { ...opts, Cs: runs.Cs }, [runs]);
  if (opts.onProgress) opts.onProgress(runs.folds.length * fit.byL1Ratio.length, runs.folds.length * fit.byL1Ratio.length, 'done');
  return fit;
}

/** P(y = 1) for every row of X under a fit in original units. */
export function predictLogistic(X: LogisticDesign, fit: { coef: Float64Array; intercept: number }, out?: Float64Array): Float64Array {
  const { n, p, x } = X;
  const prob = out ?? new Float64Array(n);
  prob.fill(fit.intercept, 0, n);
  for (let j = 0; j < p; j++) {
    const c = fit.coef[j];
    if (c === 0) continue;
    const o = j * n;
    for (let i = 0; i < n; i++) prob[i] += c * x[o + i];
  }
  for (let i = 0; i < n; i++) prob[i] = sigmoid(prob[i]);
  return prob;
}
