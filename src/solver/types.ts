/** Shapes shared by the regression solvers (the public API re-exported from ./index). */
export type { DenseMatrix } from './design';
import type { CdMode } from './enet';
import type { StatsOfRows } from './sufficientStats';

export interface LinearFitOptions {
  /** true: columns centred and divided by their ddof=0 std on the fitting rows; false: centred only. */
  standardize: boolean;
  /** Fitting rows (all rows when omitted). */
  rows?: Int32Array;
  /** Coordinate descent tolerance (sklearn's tol; default 1e-4). */
  tol?: number;
  /** Coordinate descent sweeps per alpha (sklearn's max_iter; default 1000). */
  maxIter?: number;
  /** Design column names, used in warnings. */
  names?: string[];
  /** Coordinate-descent variant; default: glmnet's rule (covariance when p < 500 and n > p). */
  cdMode?: CdMode;
  /**
   * Covariance-mode statistics kept between fits on the same X, y and rows (the panel's analysis
   * fits four models on one training set): the first fit that computes them stores them here, the
   * next ones reuse them. Ignored for any other X, y or rows.
   */
  statsMemo?: StatsMemo;
}

/** See LinearFitOptions.statsMemo; start with {}. */
export interface StatsMemo {
  of?: { x: Float64Array; y: Float64Array; rows: Int32Array | undefined; stats: StatsOfRows };
}

/** What every fitted linear model reports (regression and logistic): both scales, the scaling, convergence. */
export interface FittedLinearModel {
  /** Coefficients in original units (0 for constant columns). */
  coef: Float64Array;
  /** Intercept in original units. */
  intercept: number;
  /** Coefficients on the standardized scale (null when standardize=false). */
  coefStd: Float64Array | null;
  /** Intercept of the standardized-scale model; null when standardize=false. */
  interceptStd: number | null;
  /** Column means and divisors (std, or 1 when not standardizing / constant column) on the fitting rows. */
  mean: Float64Array;
  scale: Float64Array;
  /** Iterations taken (coordinate sweeps for regression, Newton steps for logistic). */
  nIter: number;
  converged: boolean;
  warnings: string[];
  /** Value of the model's objective at the solution (sklearn's convention per model). */
  objective: number;
  /** Rows used. */
  n: number;
}

export interface LinearModelFit extends FittedLinearModel {
  /** Duality gap on the (1/(2n)) objective scale, as sklearn's dual_gap_ (0 for closed forms). */
  dualGap: number;
  /** OLS: numerical rank of the fitted-scale design. */
  rank?: number;
  /** OLS: columns found linearly dependent (indices), in pivot order. */
  dependent?: number[];
}

export interface PathOptions extends LinearFitOptions {
  l1Ratio: number;
  /** Explicit alphas (sorted descending, as sklearn's enet_path does). */
  alphas?: Float64Array;
  nAlphas: number;
  eps: number;
  onProgress?: (done: number, total: number) => void;
}

export interface PathFit {
  /** Descending. */
  alphas: Float64Array;
  /** p x K column-major: coefficients (fitted scale) of alpha k at k*p. */
  coefStd: Float64Array;
  /** Fitted-scale intercept per alpha (target mean when standardizing). */
  intercept: Float64Array;
  /** Original-units intercept per alpha. */
  interceptOriginal: Float64Array;
  nnz: Int32Array;
  /** Column indices in the order they first become non-zero (ties: larger |coef| first). */
  entryOrder: number[];
  nIter: Int32Array;
  dualGaps: Float64Array;
  converged: boolean;
  warnings: string[];
  mean: Float64Array;
  scale: Float64Array;
  /** Rows used. */
  n: number;
}

export interface CvOptions {
  model: 'lasso' | 'elasticnet' | 'ridge';
  /** l1 ratios to try (lasso: ignored, 1 is used; ridge: ignored). */
  l1Ratios: number[];
  alphas?: Float64Array;
  nAlphas: number;
  eps: number;
  /** Fold label 0..K-1 per row of X (length X.n), or per entry of `rows` (length rows.length). */
  foldIds: Int32Array;
  standardize: boolean;
  tol?: number;
  maxIter?: number;
  rows?: Int32Array;
  onProgress?: (done: number, total: number, message: string) => void;
  cdMode?: CdMode;
  /**
   * Covariance-mode folds from one shared Gram minus each fold's held-out rows (default true);
   * false materializes every fold's design (the reference behaviour, for tests).
   */
  foldGram?: boolean;
}

export interface CvCurve {
  l1Ratio: number;
  alphas: Float64Array;
  mean: Float64Array;
  se: Float64Array;
  /** K x A row-major: fold k, alpha a at k*A + a. */
  foldErrors: Float64Array;
  alphaMin: number;
  alpha1se: number;
  indexMin: number;
  index1se: number;
}

/** The CV curve of the chosen l1 ratio (l1Ratio NaN for ridge), with every ratio's curve. */
export interface CvFit extends CvCurve {
  byL1Ratio: CvCurve[];
  folds: number;
  warnings: string[];
}
