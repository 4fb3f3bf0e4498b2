/**
 * Cross-validation folds in covariance mode without a per-fold design copy. The Gram matrix of the
 * globally centred cross-validated rows is computed once (shared by every fold and l1 ratio); a
 * fold's training Gram is that minus the Gram of its held-out rows, re-centred on the training
 * means and divided by the training standard deviations — the same fitted-scale problem a
 * materialized fold design gives, up to rounding. Two modes: whole (CenteredGramCache.byFolds,
 * p <= 256): every fold's held-out Gram in one blocked pass over X and the all-rows Gram as their
 * sum, no copy of X; copying (the constructor): a centred copy of the rows whose all-rows and
 * held-out Gram columns are computed as the folds ask for them. Held-out errors are scored through
 * the held-out Gram (heldOutMseFromGram). Folds where a column (or the target) is nearly constant
 * on the training rows return null: the caller then materializes that fold, because the
 * subtraction would leave only rounding noise there.
 */
import { DenseMatrix } from './design';
import { CovarianceProblem } from './enet';
import { centredGramInto, columnIsConstant, foldGramsInto, gramColumnsInto } from './linalg';

const EPS = 2.220446049250313e-16;
/** Below this fraction of its all-rows variance, a column's training variance is not trusted from a difference. */
const MIN_VARIANCE_RATIO = 1e-4;

/** Largest magnitude of a[off..off+n) within [1e-100, 1e100] (or all zero): products stay normal numbers. */
function moderate(a: Float64Array, off: number, n: number): boolean {
  let m = 0;
  for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(a[off + i]));
  return m === 0 || (m >= 1e-100 && m <= 1e100);
}

/** sklearn's _is_constant_feature bound (the one fittedDesign uses). */
function isConstant(variance: number, mean: number, n: number): boolean {
  return variance <= n * EPS * variance + (n * mean * EPS) ** 2;
}

/** A CenteredGramCache's state (see toParts / fromParts). */
export interface CenteredGramParts {
  N: number;
  p: number;
  xc: Float64Array;
  c: Float64Array;
  yBar: number;
  yc: Float64Array;
  sumX: Float64Array;
  sumSq: Float64Array;
  sumXY: Float64Array;
  sumY: number;
  sumYY: number;
  varAll: Float64Array;
  constantAll: Uint8Array;
  usable: boolean;
  gram: Float64Array;
  done: Uint8Array;
  /** Whole mode (CenteredGramCache.byFolds): every fold's held-out statistics; xc and yc are then empty. */
  folds?: FoldSums | null;
}

/**
 * Held-out statistics of every fold on the all-rows centred scale (z = x − c, u = y − yBar over the
 * fold's rows): fold k's Gram zᵀz at k*p*p, Σz and zᵀu at k*p, Σu and uᵀu at k.
 */
export interface FoldSums {
  m: Int32Array;
  gram: Float64Array;
  sum: Float64Array;
  xy: Float64Array;
  sy: Float64Array;
  syy: Float64Array;
}

export class CenteredGramCache {
  /** Cross-validated rows. */
  readonly N: number;
  readonly p: number;
  /** N×p column-major copy of the rows, each column minus its all-rows mean. */
  readonly xc: Float64Array;
  /** All-rows column means and target mean. */
  readonly c: Float64Array;
  readonly yBar: number;
  /** y - yBar on the rows. */
  readonly yc: Float64Array;
  readonly sumX: Float64Array;
  readonly sumSq: Float64Array;
  readonly sumXY: Float64Array;
  readonly sumY: number;
  readonly sumYY: number;
  readonly varAll: Float64Array;
  readonly constantAll: Uint8Array;
  /**
   * False when some centred column or the target has magnitudes where products of two values
   * could overflow or underflow (beyond 1e+-100): fittedDesign rescales those per column, the sums
   * here would not, so the caller materializes every fold instead.
   */
  readonly usable: boolean;
  private readonly gram: Float64Array;
  private readonly done: Uint8Array;
  private readonly todo: Int32Array;
  /** Whole mode: the folds' held-out statistics (null: held-out rows are gathered from xc per fold). */
  readonly folds: FoldSums | null = null;

  constructor(X: DenseMatrix, y: Float64Array, rows?: Int32Array) {
    const N = rows ? rows.length : X.n;
    const p = X.p;
    this.N = N;
    this.p = p;
    this.xc = new Float64Array(N * p);
    this.c = new Float64Array(p);
    this.sumX = new Float64Array(p);
    this.sumSq = new Float64Array(p);
    this.sumXY = new Float64Array(p);
    this.varAll = new Float64Array(p);
    this.constantAll = new Uint8Array(p);
    let sy = 0;
    const yc = new Float64Array(N);
    for (let t = 0; t < N; t++) sy += yc[t] = y[rows ? rows[t] : t];
    this.yBar = sy / N;
    let s1 = 0;
    let s2 = 0;
    for (let t = 0; t < N; t++) {
      const v = yc[t] - this.yBar;
      yc[t] = v;
      s1 += v;
      s2 += v * v;
    }
    this.yc = yc;
    let usable = moderate(yc, 0, N);
    this.sumY = s1;
    this.sumYY = s2;
    for (let j = 0; j < p; j++) {
      const src = j * X.n;
      const dst = j * N;
      let s = 0;
      for (let t = 0; t < N; t++) s += this.xc[dst + t] = X.x[src + (rows ? rows[t] : t)];
      const m = s / N;
      let a = 0;
      let q = 0;
      let xy = 0;
      for (let t = 0; t < N; t++) {
        const v = this.xc[dst + t] - m;
        this.xc[dst + t] = v;
        a += v;
        q += v * v;
        xy += v * yc[t];
      }
      if (!moderate(this.xc, dst, N)) usable = false;
      this.c[j] = m;
      this.sumX[j] = a;
      this.sumSq[j] = q;
      this.sumXY[j] = xy;
      this.varAll[j] = q / N - (a / N) ** 2;
      this.constantAll[j] = isConstant(this.varAll[j], m, N) ? 1 : 0;
    }
    this.usable = usable;
    this.gram = new Float64Array(p * p);
    this.done = new Uint8Array(p);
    this.todo = new Int32Array(p);
  }

  /** X^T y on the all-rows fitted scale (centred, and divided by the ddof=0 std when standardizing): the grid's input. */
  fittedXty(standardize: boolean): Float64Array {
    const out = new Float64Array(this.p);
    for (let j = 0; j < this.p; j++) {
      if (this.constantAll[j]) continue;
      const mj = this.sumX[j] / this.N;
      const xy = this.sumXY[j] - mj * this.sumY;
      out[j] = standardize ? xy / Math.sqrt(this.varAll[j]) : xy;
    }
    return out;
  }

  /** Makes the all-rows centred Gram columns of pending[0..m) available. */
  ensure(pending: Int32Array, m: number): void {
    let k = 0;
    for (let t = 0; t < m; t++) if (!this.done[pending[t]]) this.todo[k++] = pending[t];
    if (k === 0) return;
    gramColumnsInto(this.xc, this.N, this.p, this.todo, k, this.gram, this.done, true);
    for (let t = 0; t < k; t++) this.done[this.todo[t]] = 1;
  }

  /**
   * Every Gram column in one blocked pass over the lower triangle (centredGramInto: row order per
   * entry within blocks of GRAM_BLOCK rows, so the same bits as any lazy order of ensure calls).
   */
  ensureAll(): void {
    const { N, p } = this;
    const all = new Float64Array(p * p);
    centredGramInto(this.xc, N, p, null, null, N, new Float64Array(p), all);
    for (let j = 0; j < p; j++) {
      if (this.done[j]) continue;
      this.gram.set(all.subarray(j * p, j * p + p), j * p);
      this.done[j] = 1;
    }
  }

  /**
   * Whole mode: every fold's held-out Gram, sums and cross products with y in one blocked pass over
   * the rows (foldGramsInto on the all-rows centred scale, no centred copy of X), and the all-rows
   * Gram as their sum in fold order, so X is read once for the Gram instead of once for the all-rows
   * Gram and again for the held-out ones. labels[t]: the fold (0..K-1) of cross-validated row t.
   * Reference: the additivity of sums of products over disjoint row sets (Chan, Golub & LeVeque 1979
   * combine such per-group sums); scikit-learn's LassoCV solves the same per-fold problems.
   */
  static byFolds(X: DenseMatrix, y: Float64Array, rows: Int32Array | undefined, labels: Int32Array, K: number): CenteredGramCache {
    const N = rows ? rows.length : X.n;
    const p = X.p;
    const q = p + 1;
    const shift = new Float64Array(q);
    for (let j = 0; j < q; j++) {
      const src = j < p ? X.x : y;
      const off = j < p ? j * X.n : 0;
      let s = 0;
      if (rows) for (let t = 0; t < N; t++) s += src[off + rows[t]];
      else for (let t = 0; t < N; t++) s += src[off + t];
      shift[j] = s / N;
    }
    const grams = new Float64Array(K * q * q);
    const sums = new Float64Array(K * q);
    foldGramsInto(X.x, X.n, p, y, rows ?? null, N, labels, K, shift, grams, sums);
    const folds: FoldSums = {
      m: new Int32Array(K), gram: new Float64Array(K * p * p), sum: new Float64Array(K * p), xy: new Float64Array(K * p),
      sy: new Float64Array(K), syy: new Float64Array(K),
    };
    for (let t = 0; t < N; t++) folds.m[labels[t]]++;
    const gram = new Float64Array(p * p);
    const sumX = new Float64Array(p);
    const sumXY = new Float64Array(p);
    let sumY = 0;
    let sumYY = 0;
    for (let k = 0; k < K; k++) {
      const g = k * q * q;
      for (let j = 0; j < p; j++) {
        const dst = k * p * p + j * p;
        for (let i = 0; i < p; i++) {
          const v = grams[g + j * q + i];
          folds.gram[dst + i] = v;
          gram[j * p + i] += v;
        }
        const sj = sums[k * q + j];
        const xy = grams[g + p * q + j];
        folds.sum[k * p + j] = sj;
        folds.xy[k * p + j] = xy;
        sumX[j] += sj;
        sumXY[j] += xy;
      }
      folds.sy[k] = sums[k * q + p];
      folds.syy[k] = grams[g + q * q - 1];
      sumY += folds.sy[k];
      sumYY += folds.syy[k];
    }
    const sumSq = new Float64Array(p);
    const varAll = new Float64Array(p);
    const constantAll = new Uint8Array(p);
    // Products of centred values stay normal numbers (the copying mode's `moderate`, from the sums of
    // squares as in sufficientStats.ts): each within [1e-200 N, 1e300] unless the column is constant.
    let usable = true;
    for (let j = 0; j < q; j++) {
      const css = j < p ? gram[j * p + j] : sumYY;
      if (!(css <= 1e300)) usable = false;
      else if (!(css >= 1e-200 * N) && !columnIsConstant(X.x, X.n, p, y, rows ?? null, N, j)) usable = false;
    }
    for (let j = 0; j < p; j++) {
      sumSq[j] = gram[j * p + j];
      varAll[j] = sumSq[j] / N - (sumX[j] / N) ** 2;
      constantAll[j] = isConstant(varAll[j], shift[j], N) ? 1 : 0;
    }
    const cache = Object.create(CenteredGramCache.prototype) as CenteredGramCache;
    Object.assign(cache, {
      N, p, xc: new Float64Array(0), c: shift.slice(0, p), yBar: shift[p], yc: new Float64Array(0), sumX, sumSq, sumXY, sumY, sumYY,
      varAll, constantAll, usable, gram, done: new Uint8Array(p).fill(1), todo: new Int32Array(p), folds,
    });
    return cache;
  }

  /** The cache's state, to hand to another thread (typed arrays; copy them into shared memory there). */
  toParts(): CenteredGramParts {
    const { N, p, xc, c, yBar, yc, sumX, sumSq, sumXY, sumY, sumYY, varAll, constantAll, usable, gram, done, folds } = this;
    return { N, p, xc, c, yBar, yc, sumX, sumSq, sumXY, sumY, sumYY, varAll, constantAll, usable, gram, done, folds };
  }

  /** A cache from toParts() of another (the arrays are used, not copied). */
  static fromParts(parts: CenteredGramParts): CenteredGramCache {
    const cache = Object.create(CenteredGramCache.prototype) as CenteredGramCache;
    Object.assign(cache, parts, { todo: new Int32Array(parts.p), folds: parts.folds ?? null });
    return cache;
  }

  /** Entry (k, j) of the all-rows centred Gram; column j must be ensured. */
  entry(k: number, j: number): number {
    return this.gram[j * this.p + k];
  }
}

/** A fold's training problem on the fitted scale, with what is needed to map back to original units. */
export interface FoldProblem {
  problem: CovarianceProblem;
  /** Training means (original units), divisors, constant flags, target mean. */
  mean: Float64Array;
  scale: Float64Array;
  constant: Uint8Array;
  yMean: number;
  /** Held-out rows: their statistics on the all-rows centred scale, for heldOutMseFromGram. */
  heldOut: HeldOutStats;
}

/**
 * The held-out rows of a fold, centred on the all-rows means (xt: m×p column-major, yt), with
 * their sums, cross products with yt, ||yt||^2, the training-minus-all-rows mean shifts, and their
 * own Gram matrix st (columns filled on demand, stDone).
 */
interface HeldOutStats {
  m: number;
  xt: Float64Array;
  yt: Float64Array;
  sum: Float64Array;
  xy: Float64Array;
  sy: number;
  syy: number;
  shift: Float64Array;
  yShift: number;
  st: Float64Array;
  stDone: Uint8Array;
  /** Whole mode (xt, yt empty): where the held-out rows are, for the row-by-row fallback. */
  source: { x: Float64Array; ld: number; y: Float64Array; rows: Int32Array; c: Float64Array; yBar: number } | null;
}

/** Held-out Gram columns pending[0..m) not yet in st. */
function ensureHeldOutGram(h: HeldOutStats, p: number, pending: Int32Array, m: number): void {
  let k = 0;
  for (let t = 0; t < m; t++) if (!h.stDone[pending[t]]) k++;
  if (k === 0) return;
  const todo = new Int32Array(k);
  k = 0;
  for (let t = 0; t < m; t++) if (!h.stDone[pending[t]]) todo[k++] = pending[t];
  gramColumnsInto(h.xt, h.m, p, todo, k, h.st, h.stDone);
  for (let t = 0; t < k; t++) h.stDone[todo[t]] = 1;
}

/**
 * Held-out MSE of each path point (coefStd: p×K fitted-scale coefficients of fp's training
 * problem) through the held-out rows' statistics instead of a prediction per row: with c = w/scale,
 * the all-rows centred held-out data (z, u) and delta = c·shift − yShift,
 *   ||y − b − X c||^2 = u·u − 2 c·(zᵀu) + cᵀ(zᵀz)c + 2 delta (Σu − c·Σz) + m delta^2,
 * O(nnz^2) per alpha. Where that sum cancels to below 1e-6 of its terms' magnitude (a near-exact
 * fit), the residuals are summed row by row instead, so the relative error stays ~1e-10 or better.
 * Reference: the expansion is scikit-learn's Gram-based gap/objective identity (_cd_fast.pyx,
 * enet_coordinate_descent_gram) applied to the held-out rows.
 */
export function heldOutMseFromGram(fp: FoldProblem, coefStd: Float64Array, K: number, out: Float64Array, outOffset: number): void {
  const h = fp.heldOut;
  const p = fp.scale.length;
  const { m, st, xy, sum } = h;
  const idx = new Int32Array(p);
  const c = new Float64Array(p);
  for (let k = 0; k < K; k++) {
    let nz = 0;
    for (let j = 0; j < p; j++) {
      const w = coefStd[k * p + j];
      if (w !== 0 && !fp.constant[j]) {
        idx[nz] = j;
        c[nz++] = w / fp.scale[j];
      }
    }
    ensureHeldOutGram(h, p, idx, nz);
    let a = 0;
    let q = 0;
    let sxc = 0;
    let delta = -h.yShift;
    for (let s = 0; s < nz; s++) {
      const j = idx[s];
      const cj = c[s];
      a += cj * xy[j];
      sxc += cj * sum[j];
      delta += cj * h.shift[j];
      const gj = j * p;
      let row = 0;
      for (let t = 0; t < nz; t++) row += st[gj + idx[t]] * c[t];
      q += cj * row;
    }
    const lin = h.sy - sxc;
    const sse = h.syy - 2 * a + q + 2 * delta * lin + m * delta * delta;
    const size = h.syy + 2 * Math.abs(a) + Math.abs(q) + 2 * Math.abs(delta * lin) + m * delta * delta;
    if (sse >= 1e-6 * size) {
      out[outOffset + k] = sse / m;
      continue;
    }
    // Near-exact fit: the residuals themselves, e = u − z c + delta.
    let e2 = 0;
    const src = h.source;
    for (let r = 0; r < m; r++) {
      let e: number;
      if (src) {
        const i = src.rows[r];
        e = src.y[i] - src.yBar + delta;
        for (let s = 0; s < nz; s++) e -= c[s] * (src.x[idx[s] * src.ld + i] - src.c[idx[s]]);
      } else {
        e = h.yt[r] + delta;
        for (let s = 0; s < nz; s++) e -= c[s] * h.xt[idx[s] * m + r];
      }
      e2 += e * e;
    }
    out[outOffset + k] = e2 / m;
  }
}

/**
 * The training problem of the fold whose held-out rows are at positions testPos of the cache's
 * rows, or null when a difference of sums cannot be trusted there (see the file comment).
 */
export function foldProblem(cache: CenteredGramCache, testPos: Int32Array, standardize: boolean,
  whole?: { k: number; X: DenseMatrix; y: Float64Array; test: Int32Array }): FoldProblem | null {
  const { N, p, xc, yc } = cache;
  const nTe = testPos.length;
  const nTr = N - nTe;
  if (nTr < 2) return null;
  const fs = whole ? cache.folds : null;
  const k0 = whole ? whole.k : 0;
  // Copying mode: the held-out rows gathered contiguous (their Gram is computed per fold as needed).
  // Whole mode: their statistics are in cache.folds and the rows are read from X only if needed.
  const xt = fs ? new Float64Array(0) : new Float64Array(nTe * p);
  const yt = fs ? new Float64Array(0) : new Float64Array(nTe);
  let syTe = 0;
  let syyTe = 0;
  if (fs) {
    syTe = fs.sy[k0];
    syyTe = fs.syy[k0];
  } else {
    for (let t = 0; t < nTe; t++) {
      const v = yc[testPos[t]];
      yt[t] = v;
      syTe += v;
      syyTe += v * v;
    }
  }
  const yShift = (cache.sumY - syTe) / nTr;
  const yy = cache.sumYY - syyTe - nTr * yShift * yShift;
  if (!(yy > 1e-8 * cache.sumYY)) return null;
  const shift = new Float64Array(p);
  const mean = new Float64Array(p);
  const scale = new Float64Array(p);
  const constant = new Uint8Array(p);
  const xty = new Float64Array(p);
  const colSq = new Float64Array(p);
  const sumTe = fs ? fs.sum.subarray(k0 * p, k0 * p + p) : new Float64Array(p);
  const xyTe = fs ? fs.xy.subarray(k0 * p, k0 * p + p) : new Float64Array(p);
  const st = fs ? fs.gram.subarray(k0 * p * p, (k0 + 1) * p * p) : new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    let q = 0;
    let xy = 0;
    if (fs) {
      s = sumTe[j];
      q = st[j * p + j];
      xy = xyTe[j];
    } else {
      const src = j * N;
      const dst = j * nTe;
      for (let t = 0; t < nTe; t++) {
        const v = xc[src + testPos[t]];
        xt[dst + t] = v;
        s += v;
        q += v * v;
        xy += v * yt[t];
      }
      sumTe[j] = s;
      xyTe[j] = xy;
    }
    const m = (cache.sumX[j] - s) / nTr;
    const css = cache.sumSq[j] - q - nTr * m * m;
    const variance = css / nTr;
    shift[j] = m;
    mean[j] = cache.c[j] + m;
    if (cache.constantAll[j]) {
      constant[j] = 1;
      scale[j] = 1;
      continue;
    }
    if (!(variance >= MIN_VARIANCE_RATIO * cache.varAll[j])) return null;
    scale[j] = standardize ? Math.sqrt(variance) : 1;
    xty[j] = (cache.sumXY[j] - xy - nTr * m * yShift) / scale[j];
    colSq[j] = css / (scale[j] * scale[j]);
  }
  const stDone = new Uint8Array(p);
  if (fs) stDone.fill(1);
  const source = whole ? { x: whole.X.x, ld: whole.X.n, y: whole.y, rows: whole.test, c: cache.c, yBar: cache.yBar } : null;
  const heldOut: HeldOutStats = { m: nTe, xt, yt, sum: sumTe, xy: xyTe, sy: syTe, syy: syyTe, shift, yShift, st, stDone, source };
  const gramSource = {
    fill(pending: Int32Array, m: number, gram: Float64Array): void {
      cache.ensure(pending, m);
      ensureHeldOutGram(heldOut, p, pending, m);
      for (let t = 0; t < m; t++) {
        const j = pending[t];
        const gj = j * p;
        if (constant[j]) {
          gram.fill(0, gj, gj + p);
          continue;
        }
        for (let k = 0; k < p; k++) {
          gram[gj + k] = constant[k]
            ? 0
            : (cache.entry(k, j) - st[gj + k] - nTr * shift[k] * shift[j]) / (scale[k] * scale[j]);
        }
      }
    },
  };
  return {
    problem: { n: nTr, p, yy, xty, colSq, gramSource },
    mean,
    scale,
    constant,
    yMean: cache.yBar + yShift,
    heldOut,
  };
}
