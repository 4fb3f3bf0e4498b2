/** Ordinary least squares on the fitted-scale design (intercept by centring). */
import { DenseMatrix, FittedDesign, fittedDesign, toOriginalUnits } from './design';
import { EPS, minNormSolve, qrPivoted, qrRank } from './linalg';
import { LinearFitOptions, LinearModelFit } from './types';
import { UserError } from '../errors';

export interface OlsSolution {
  w: Float64Array;
  rank: number;
  /** Column indices beyond the rank, in pivot order. */
  dependent: number[];
}

/**
 * Minimum-norm least squares min ||yc - Xs w|| with numerical rank detection.
 * Reference: LAPACK dgelsy (QR with column pivoting + complete orthogonal decomposition),
 * rank where |R_kk| > max(n,p)*eps*|R_00| (numpy.linalg.lstsq's default rcond).
 */
export function solveLeastSquares(xs: Float64Array, yc: Float64Array, n: number, p: number): OlsSolution {
  if (p === 0) return { w: new Float64Array(0), rank: 0, dependent: [] };
  const f = qrPivoted(xs, n, p);
  const rank = qrRank(f, Math.max(n, p) * EPS);
  const b = Float64Array.from(yc);
  const w = rank === 0 ? new Float64Array(p) : minNormSolve(f, rank, b);
  const dependent: number[] = [];
  for (let k = rank; k < p; k++) dependent.push(f.perm[k]);
  return { w, rank, dependent };
}

export function columnList(idx: number[], names?: string[]): string {
  const shown = idx.slice(0, 20).map((j) => (names && names[j] !== undefined ? names[j] : `column ${j}`));
  const more = idx.length > 20 ? ` and ${idx.length - 20} more` : '';
  return shown.join(', ') + more;
}

/** OLS fit on a prepared design; shared by fitOLS and the alpha=0 special cases. */
export function olsOnDesign(d: FittedDesign, standardize: boolean, names?: string[]): LinearModelFit {
  const { n, p } = d;
  const sol = solveLeastSquares(d.xs, d.yc, n, p);
  const warnings: string[] = [];
  if (sol.rank < p) {
    warnings.push(
      `The design has rank ${sol.rank} of ${p} columns: ${columnList(sol.dependent, names)} ` +
        `${sol.dependent.length === 1 ? 'is a linear combination' : 'are linear combinations'} of the other columns ` +
        `(or constant); the minimum-norm least-squares solution is reported.`,
    );
  }
  const { coef, intercept } = toOriginalUnits(d, sol.w);
  // sklearn-style OLS objective: (1/(2n)) ||y - Xw - b||^2 on the fitted scale.
  const r = Float64Array.from(d.yc);
  for (let j = 0; j < p; j++) if (sol.w[j] !== 0) for (let i = 0; i < n; i++) r[i] -= sol.w[j] * d.xs[j * n + i];
  let rss = 0;
  for (let i = 0; i < n; i++) rss += r[i] * r[i];
  return {
    coef,
    intercept,
    coefStd: standardize ? sol.w : null,
    interceptStd: standardize ? d.yMean : null,
    mean: d.mean,
    scale: d.scale,
    nIter: 0,
    dualGap: 0,
    converged: true,
    warnings,
    rank: sol.rank,
    dependent: sol.dependent,
    objective: n > 0 ? rss / (2 * n) : 0,
    n,
  };
}

export function checkRows(n: number, what: string): void {
  if (n === 0) throw new UserError(`No rows are left to fit the ${what} model; check the target column and the missing-value policy.`);
}

/** OLS: LAPACK dgelsy's algorithm (QR with column pivoting, complete orthogonal decomposition) on centred data. */
export function fitOLS(X: DenseMatrix, y: Float64Array, opts: LinearFitOptions): LinearModelFit {
  const d = fittedDesign(X, y, opts.standardize, opts.rows);
  checkRows(d.n, 'OLS');
  return olsOnDesign(d, opts.standardize, opts.names);
}
