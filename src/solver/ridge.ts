/**
 * Ridge regression, sklearn's convention: minimize ||yc - Xs w||^2 + alpha ||w||^2 on the
 * centred (and, when standardizing, scaled) design; intercept never penalized.
 */
import { DenseMatrix, FittedDesign, fittedDesign, fittedScaleIntercept, toOriginalUnits } from './design';
import { applyQt, cholesky, choleskySolve, crossprod, dot, EPS, jacobiSvd, qrPivoted, qrR, symmetricEigen, tcrossprod } from './linalg';
import { checkRows, olsOnDesign } from './ols';
import { LinearFitOptions, LinearModelFit, PathFit, PathOptions } from './types';
import { UserError } from '../errors';

/** ||yc - Xs w||^2 + alpha ||w||^2 */
export function ridgeObjective(d: FittedDesign, w: Float64Array, alpha: number): number {
  const { n, p, xs } = d;
  const r = Float64Array.from(d.yc);
  let w2 = 0;
  for (let j = 0; j < p; j++) {
    const wj = w[j];
    if (wj === 0) continue;
    w2 += wj * wj;
    for (let i = 0; i < n; i++) r[i] -= wj * xs[j * n + i];
  }
  return dot(r, 0, r, 0, n) + alpha * w2;
}

/**
 * Closed-form ridge: primal Cholesky of Xs^T Xs + alpha I when n >= p, dual
 * w = Xs^T (Xs Xs^T + alpha I)^{-1} yc when p > n (Hastie, Tibshirani & Friedman, ESL §3.4.1 / kernel form).
 * Returns null when the system is not numerically positive definite (alpha too small).
 */
export function solveRidgeClosedForm(d: FittedDesign, alpha: number): Float64Array | null {
  const { n, p, xs, yc } = d;
  if (n >= p) {
    const a = crossprod(xs, n, p);
    for (let j = 0; j < p; j++) a[j * p + j] += alpha;
    if (!cholesky(a, p)) return null;
    const w = new Float64Array(p);
    for (let j = 0; j < p; j++) w[j] = dot(xs, j * n, yc, 0, n);
    choleskySolve(a, p, w);
    return w;
  }
  // Dual: K = Xs Xs^T + alpha I (n×n).
  const k = tcrossprod(xs, n, p);
  for (let i = 0; i < n; i++) k[i * n + i] += alpha;
  if (!cholesky(k, n)) return null;
  const c = Float64Array.from(yc);
  choleskySolve(k, n, c);
  const w = new Float64Array(p);
  for (let j = 0; j < p; j++) w[j] = dot(xs, j * n, c, 0, n);
  return w;
}

function fitFromWeights(d: FittedDesign, w: Float64Array, alpha: number, standardize: boolean, warnings: string[]): LinearModelFit {
  const { coef, intercept } = toOriginalUnits(d, w);
  return {
    coef,
    intercept,
    coefStd: standardize ? w : null,
    interceptStd: standardize ? d.yMean : null,
    mean: d.mean,
    scale: d.scale,
    nIter: 0,
    dualGap: 0,
    converged: true,
    warnings,
    objective: ridgeObjective(d, w, alpha),
    n: d.n,
  };
}

export function ridgeOnDesign(d: FittedDesign, alpha: number, standardize: boolean, names?: string[]): LinearModelFit {
  if (!(alpha >= 0) || !Number.isFinite(alpha)) throw new UserError(`Ridge alpha must be a finite number >= 0 (got ${alpha}).`);
  if (alpha === 0) {
    const f = olsOnDesign(d, standardize, names);
    f.warnings.unshift('Ridge with alpha=0 is ordinary least squares; fitted as OLS.');
    f.objective = 2 * d.n * f.objective;
    return f;
  }
  const warnings: string[] = [];
  let w = solveRidgeClosedForm(d, alpha);
  if (!w) {
    // alpha below rounding of ||Xs||^2: the SVD form stays accurate.
    w = ridgeFactor(d).weights(alpha, new Float64Array(d.p));
    warnings.push(`alpha=${alpha} is tiny relative to the data; ridge solved by SVD instead of Cholesky.`);
  }
  return fitFromWeights(d, w, alpha, standardize, warnings);
}

/** Ridge: Cholesky (primal n >= p, dual p > n) closed form, ESL §3.4.1. */
export function fitRidge(X: DenseMatrix, y: Float64Array, alpha: number, opts: LinearFitOptions): LinearModelFit {
  const d = fittedDesign(X, y, opts.standardize, opts.rows);
  checkRows(d.n, 'ridge');
  return ridgeOnDesign(d, alpha, opts.standardize, opts.names);
}

/** SVD-based ridge solutions for many alphas from one factorization. */
export interface RidgeFactor {
  /** Singular values of Xs, descending (min(n,p) of them). */
  s: Float64Array;
  /** Writes w(alpha) = V diag(s/(s^2+alpha)) U^T yc into out and returns it. */
  weights(alpha: number, out: Float64Array): Float64Array;
}

/**
 * Spectral factor of the fitted-scale design for ridge at many alphas. n >= 4p and well conditioned:
 * eigen-decomposition of Xs^T Xs (gramRidgeFactor). Otherwise n >= p: thin SVD via pivoted
 * QR then one-sided Jacobi on the p×p triangle (Chan's R-SVD, ACM TOMS 1982). p > n: eigen-
 * decomposition of Xs Xs^T, weights in the dual form w = Xs^T U diag(1/(s^2+alpha)) U^T yc.
 */
export function ridgeFactor(d: FittedDesign): RidgeFactor {
  const { n, p, xs, yc } = d;
  if (p === 0 || n === 0) return { s: new Float64Array(0), weights: (_a, out) => out.fill(0) };
  if (n >= 4 * p) {
    const g = gramRidgeFactor(d);
    if (g) return g;
  }
  if (n >= p) {
    const f = qrPivoted(xs, n, p);
    const r = qrR(f); // p×p
    const svd = jacobiSvd(r, p, p); // R = Ur S Vr^T
    const qty = Float64Array.from(yc);
    applyQt(f, qty);
    const uty = new Float64Array(p);
    for (let k = 0; k < p; k++) uty[k] = dot(svd.u, k * p, qty, 0, p);
    const z = new Float64Array(p);
    return {
      s: svd.s,
      weights(alpha: number, out: Float64Array): Float64Array {
        // z = Vr diag(s/(s^2+alpha)) U^T y (pivoted order), then undo the pivoting.
        z.fill(0);
        for (let k = 0; k < p; k++) {
          const sk = svd.s[k];
          if (sk <= 0) continue;
          const c = (sk / (sk * sk + alpha)) * uty[k];
          for (let i = 0; i < p; i++) z[i] += c * svd.v[k * p + i];
        }
        for (let i = 0; i < p; i++) out[f.perm[i]] = z[i];
        return out;
      },
    };
  }
  // p > n: eigen-decomposition of Xs Xs^T = U diag(s^2) U^T (n×n, one blocked product + tred2/tql2,
  // far cheaper than a QR of the p×n transpose). Eigenvalues at rounding level (the centring null
  // vector among them) carry no signal and are dropped; ridge needs s^2 only via 1/(s^2+alpha).
  const eig = symmetricEigen(tcrossprod(xs, n, p), n);
  const lmax = eig.d[n - 1];
  const cut = n * EPS * Math.max(lmax, 0);
  let kept = 0;
  for (let k = 0; k < n; k++) if (eig.d[k] > cut) kept++;
  const s = new Float64Array(kept);
  const u = new Float64Array(n * kept);
  // Descending order: eigen-decomposition is ascending.
  for (let t = 0; t < kept; t++) {
    const k = n - 1 - t;
    s[t] = Math.sqrt(eig.d[k]);
    u.set(eig.v.subarray(k * n, k * n + n), t * n);
  }
  const uty = new Float64Array(kept);
  for (let t = 0; t < kept; t++) uty[t] = dot(u, t * n, yc, 0, n);
  const c = new Float64Array(n);
  return {
    s,
    weights(alpha: number, out: Float64Array): Float64Array {
      // c = U diag(1/(s^2+alpha)) U^T y; w = Xs^T c
      c.fill(0);
      for (let t = 0; t < kept; t++) {
        const f = uty[t] / (s[t] * s[t] + alpha);
        for (let i = 0; i < n; i++) c[i] += f * u[t * n + i];
      }
      for (let j = 0; j < p; j++) out[j] = dot(xs, j * n, c, 0, n);
      return out;
    },
  };
}

/**
 * n >> p: eigen-decomposition of Xs^T Xs = V diag(s^2) V^T (one blocked O(np^2/2) product instead of
 * an O(2np^2) QR), with w(alpha) = V diag(1/(s^2+alpha)) V^T Xs^T yc. This has the accuracy of the
 * closed-form (Cholesky) ridge, so it is used only when every eigenvalue is either at rounding
 * level (a null direction, dropped) or above 1e-6 of the largest (condition number of Xs below
 * 1e3); otherwise null and the QR + Jacobi SVD route is taken.
 */
function gramRidgeFactor(d: FittedDesign): RidgeFactor | null {
  const { n, p, xs, yc } = d;
  const eig = symmetricEigen(crossprod(xs, n, p), p);
  const lmax = eig.d[p - 1];
  if (!(lmax > 0)) return null;
  const nullCut = 1e3 * n * EPS * lmax;
  let kept = 0;
  for (let k = 0; k < p; k++) {
    const l = eig.d[k];
    if (l > nullCut && l < 1e-6 * lmax) return null;
    if (l > nullCut) kept++;
  }
  const s = new Float64Array(kept);
  const v = new Float64Array(p * kept);
  const xty = new Float64Array(p);
  for (let j = 0; j < p; j++) xty[j] = dot(xs, j * n, yc, 0, n);
  const vty = new Float64Array(kept);
  for (let t = 0; t < kept; t++) {
    const k = p - 1 - t;
    s[t] = Math.sqrt(eig.d[k]);
    v.set(eig.v.subarray(k * p, k * p + p), t * p);
    vty[t] = dot(v, t * p, xty, 0, p);
  }
  return {
    s,
    weights(alpha: number, out: Float64Array): Float64Array {
      out.fill(0);
      for (let t = 0; t < kept; t++) {
        const f = vty[t] / (s[t] * s[t] + alpha);
        for (let j = 0; j < p; j++) out[j] += f * v[t * p + j];
      }
      return out;
    },
  };
}

/** Effective degrees of freedom sum s^2/(s^2+alpha). */
export function ridgeDf(s: Float64Array, alpha: number): number {
  let df = 0;
  for (let k = 0; k < s.length; k++) df += (s[k] * s[k]) / (s[k] * s[k] + alpha);
  return df;
}

/**
 * Ridge grid from singular values: nAlphas log-spaced alphas, descending, from the alpha where the
 * effective degrees of freedom are 0.01 down to the alpha where they are 0.99*rank (about min(n,p)).
 */
export function ridgeAlphaGridFromSingularValues(s: Float64Array, nAlphas: number): Float64Array {
  const smax = s.length ? s[0] : 0;
  const sv = Array.from(s).filter((v) => v > Math.max(s.length, 1) * EPS * smax);
  const out = new Float64Array(nAlphas);
  if (sv.length === 0 || smax === 0) return out.fill(1);
  const sa = Float64Array.from(sv);
  const rank = sa.length;
  const solve = (target: number): number => {
    // df is decreasing in alpha: bisection on log10(alpha).
    const c = Math.log10(smax * smax);
    let lo = c - 40;
    let hi = c + 40;
    for (let it = 0; it < 200; it++) {
      const mid = 0.5 * (lo + hi);
      if (ridgeDf(sa, 10 ** mid) > target) lo = mid;
      else hi = mid;
    }
    return 0.5 * (lo + hi);
  };
  const top = solve(0.01);
  const bottom = solve(0.99 * rank);
  if (nAlphas === 1) return out.fill(10 ** top);
  const step = (top - bottom) / (nAlphas - 1);
  for (let k = 0; k < nAlphas; k++) out[k] = 10 ** (top - k * step);
  return out;
}

/** Default ridge grid of a data set (see ridgeAlphaGridFromSingularValues). */
export function ridgeAlphaGrid(X: DenseMatrix, y: Float64Array, nAlphas: number, opts: { standardize: boolean; rows?: Int32Array }): Float64Array {
  const d = fittedDesign(X, y, opts.standardize, opts.rows);
  return ridgeAlphaGridFromSingularValues(ridgeFactor(d).s, nAlphas);
}

export function sortedDescending(a: Float64Array, what: string): Float64Array {
  for (let k = 0; k < a.length; k++) {
    if (!(a[k] >= 0) || !Number.isFinite(a[k])) throw new UserError(`Every ${what} alpha must be a finite number >= 0 (got ${a[k]}).`);
  }
  return Float64Array.from(a).sort().reverse();
}

/** Ridge path from one spectral factorization of the fitted-scale design (Golub, Heath & Wahba 1979 form of the solutions). */
export function ridgePathOnDesign(d: FittedDesign, alphasIn: Float64Array | undefined, nAlphas: number, standardize: boolean,
  onProgress?: (done: number, total: number) => void): PathFit {
  const { p } = d;
  const fac = ridgeFactor(d);
  const alphas = alphasIn ? sortedDescending(alphasIn, 'ridge') : ridgeAlphaGridFromSingularValues(fac.s, nAlphas);
  const K = alphas.length;
  const coefStd = new Float64Array(p * K);
  const intercept = new Float64Array(K);
  const interceptOriginal = new Float64Array(K);
  const nnz = new Int32Array(K);
  const first = new Int32Array(p).fill(-1);
  const w = new Float64Array(p);
  for (let k = 0; k < K; k++) {
    fac.weights(alphas[k], w);
    for (let j = 0; j < p; j++) if (d.constant[j]) w[j] = 0;
    coefStd.set(w, k * p);
    intercept[k] = fittedScaleIntercept(d, w, standardize);
    interceptOriginal[k] = toOriginalUnits(d, w).intercept;
    let c = 0;
    for (let j = 0; j < p; j++) if (w[j] !== 0) {
      c++;
      if (first[j] < 0) first[j] = k;
    }
    nnz[k] = c;
    if (onProgress) onProgress(k + 1, K);
  }
  return {
    alphas, coefStd, intercept, interceptOriginal, nnz, entryOrder: entryOrder(first, coefStd, p),
    nIter: new Int32Array(K), dualGaps: new Float64Array(K), converged: true, warnings: [], mean: d.mean, scale: d.scale, n: d.n,
  };
}

/** Columns by the alpha index where they first become non-zero; ties by larger |coef| there, then index. */
export function entryOrder(first: Int32Array, coefStd: Float64Array, p: number): number[] {
  const idx: number[] = [];
  for (let j = 0; j < p; j++) if (first[j] >= 0) idx.push(j);
  idx.sort((a, b) => first[a] - first[b] || Math.abs(coefStd[first[b] * p + b]) - Math.abs(coefStd[first[a] * p + a]) || a - b);
  return idx;
}

/** Ridge path: one SVD (n >= p) or eigen-decomposition of X X^T (p > n) serves every alpha; default grid by effective degrees of freedom. */
export function fitRidgePath(X: DenseMatrix, y: Float64Array, opts: Omit<PathOptions, 'l1Ratio' | 'eps'>): PathFit {
  const d = fittedDesign(X, y, opts.standardize, opts.rows);
  checkRows(d.n, 'ridge');
  return ridgePathOnDesign(d, opts.alphas, opts.nAlphas, opts.standardize, opts.onProgress);
}
