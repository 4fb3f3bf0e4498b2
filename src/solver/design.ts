/**
 * The fitted-scale design: rows selected, columns centred (always, for the unpenalized intercept)
 * and divided by their ddof=0 standard deviation when standardizing, as scikit-learn's
 * StandardScaler + fit_intercept do. Constant columns become exact zeros (coefficient 0).
 */
import { designColumns } from './naiveKernel';

/** Column-major dense matrix: column j of the n rows at x[j*n .. j*n+n). */
export interface DenseMatrix {
  n: number;
  p: number;
  x: Float64Array;
}

export interface FittedDesign {
  /** Rows used. */
  n: number;
  p: number;
  /** n×p column-major, centred (and scaled) columns; constant columns all 0. */
  xs: Float64Array;
  /** Centred target. */
  yc: Float64Array;
  yMean: number;
  /** Column means on the fitting rows (original units). */
  mean: Float64Array;
  /** Divisor per column: ddof=0 std when standardizing (1 for constant columns), else 1. */
  scale: Float64Array;
  /** 1 where the column is constant on the fitting rows. */
  constant: Uint8Array;
}

/**
 * Builds the fitted-scale design on `rows` (all rows when omitted).
 * Constant-column test as scikit-learn's _is_constant_feature: var <= n*eps*var + (n*mean*eps)^2.
 */
export function fittedDesign(X: DenseMatrix, y: Float64Array, standardize: boolean, rows?: Int32Array): FittedDesign {
  const N = X.n;
  const p = X.p;
  const n = rows ? rows.length : N;
  // In a WebAssembly memory when the naive-mode kernels can run (naiveKernel.ts), else a plain array.
  const xs = designColumns(n, p);
  const mean = new Float64Array(p);
  const scale = new Float64Array(p);
  const constant = new Uint8Array(p);
  const eps = 2.220446049250313e-16;
  for (let j = 0; j < p; j++) {
    const src = j * N;
    const dst = j * n;
    if (!rows) {
      fitColumnFromSource(X.x, src, n, xs, dst, standardize, j, mean, scale, constant, eps);
      continue;
    }
    // Gathered rows: copied first, then the same column arithmetic in place.
    for (let i = 0; i < n; i++) xs[dst + i] = X.x[src + rows[i]];
    fitColumnFromSource(xs, dst, n, xs, dst, standardize, j, mean, scale, constant, eps);
  }
  const yc = new Float64Array(n);
  for (let i = 0; i < n; i++) yc[i] = rows ? y[rows[i]] : y[i];
  // Scaled like the columns: a sum of targets near 1e308 must not overflow.
  const cy = powerOfTwoNear(yc, 0, n);
  const icy = 1 / cy;
  let sy = 0;
  for (let i = 0; i < n; i++) sy += yc[i] * icy;
  const yMean = n > 0 ? (sy / n) * cy : 0;
  for (let i = 0; i < n; i++) yc[i] -= yMean;
  return { n, p, xs, yc, yMean, mean, scale, constant };
}

/**
 * One column of fittedDesign: max, mean and centred sum of squares of x / c, then (x / c - mean)
 * times c or 1/sd, read from the source column three times and written once. Moments of x / c with
 * c a power of two near max|x|: squares of values around 1e+-300 would overflow or underflow, and
 * dividing by a power of two is exact, so ordinary data gives the same bits as the unscaled
 * formulas. The source may be the destination (each value is read before it is overwritten).
 */
function fitColumnFromSource(x: Float64Array, src: number, n: number, xs: Float64Array, dst: number, standardize: boolean,
  j: number, mean: Float64Array, scale: Float64Array, constant: Uint8Array, eps: number): void {
  const c = powerOfTwoNear(x, src, n);
  const ic = 1 / c;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[src + i] * ic;
  const ms = n > 0 ? s / n : 0;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = x[src + i] * ic - ms;
    ss += d * d;
  }
  const vs = n > 0 ? ss / n : 0;
  mean[j] = ms * c;
  // The bound is homogeneous of degree 2, so testing on the x / c scale is the same test.
  const bound = n * eps * vs + (n * ms * eps) ** 2;
  if (vs <= bound) {
    constant[j] = 1;
    scale[j] = 1;
    xs.fill(0, dst, dst + n);
  } else if (standardize) {
    const sds = Math.sqrt(vs);
    scale[j] = sds * c;
    const inv = 1 / sds;
    for (let i = 0; i < n; i++) xs[dst + i] = (x[src + i] * ic - ms) * inv;
  } else {
    scale[j] = 1;
    for (let i = 0; i < n; i++) xs[dst + i] = (x[src + i] * ic - ms) * c;
  }
}

/** A power of two within a factor 2 of max |a[off..off+n)| (1 when that is 0 or not finite). */
export function powerOfTwoNear(a: Float64Array, off: number, n: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = Math.abs(a[off + i]);
    if (v > m) m = v;
  }
  if (!(m > 0) || m === Infinity) return 1;
  // Clamped so that 1 / c stays a normal number (exact); subnormal columns keep c = 2^-1022.
  const k = Math.min(1022, Math.max(-1022, Math.floor(Math.log2(m))));
  return 2 ** k;
}

/** Original-units coefficients and intercept from fitted-scale ones: coef = w/scale, b = ymean - mean·coef. */
export function toOriginalUnits(d: FittedDesign, w: Float64Array): { coef: Float64Array; intercept: number } {
  const coef = new Float64Array(d.p);
  let b = d.yMean;
  for (let j = 0; j < d.p; j++) {
    coef[j] = d.constant[j] ? 0 : w[j] / d.scale[j];
    b -= d.mean[j] * coef[j];
  }
  return { coef, intercept: b };
}

/**
 * Fitted-scale intercept: the intercept of the model on the standardized (or, when not
 * standardizing, original) columns. Standardized columns have mean 0, so it is the target mean.
 */
export function fittedScaleIntercept(d: FittedDesign, w: Float64Array, standardize: boolean): number {
  if (standardize) return d.yMean;
  let b = d.yMean;
  for (let j = 0; j < d.p; j++) b -= d.mean[j] * (d.constant[j] ? 0 : w[j]);
  return b;
}
