/**
 * Dense linear algebra on column-major Float64Array (column j of an n-row matrix at offset j*n).
 * Everything the regression solvers need and nothing more: dot/axpy kernels, Cholesky,
 * Householder QR with column pivoting, the complete orthogonal decomposition for minimum-norm
 * least squares, and a one-sided Jacobi SVD. No allocation inside the loops.
 */
import { gramBlock, panelCount, panelIndex, releaseGramBlock, type GramBlock } from './gramKernel';

export const EPS = 2.220446049250313e-16;

/** x[xo..xo+len) · y[yo..yo+len) */
export function dot(x: Float64Array, xo: number, y: Float64Array, yo: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let i = 0;
  // Two accumulators: shorter dependency chain, same result order for a given length.
  for (; i + 1 < len; i += 2) {
    s0 += x[xo + i] * y[yo + i];
    s1 += x[xo + i + 1] * y[yo + i + 1];
  }
  if (i < len) s0 += x[xo + i] * y[yo + i];
  return s0 + s1;
}

/** y[yo..] += a * x[xo..] */
export function axpy(a: number, x: Float64Array, xo: number, y: Float64Array, yo: number, len: number): void {
  for (let i = 0; i < len; i++) y[yo + i] += a * x[xo + i];
}

/** ||x[xo..xo+len)||_2 without overflow/underflow (LAPACK dnrm2 style scaling). */
export function nrm2(x: Float64Array, xo: number, len: number): number {
  let scale = 0;
  let ssq = 1;
  for (let i = 0; i < len; i++) {
    const v = x[xo + i];
    if (v !== 0) {
      const a = Math.abs(v);
      if (scale < a) {
        const r = scale / a;
        ssq = 1 + ssq * r * r;
        scale = a;
      } else {
        const r = a / scale;
        ssq += r * r;
      }
    }
  }
  return scale * Math.sqrt(ssq);
}

/**
 * In-place Cholesky A = L L^T of the symmetric positive definite m×m matrix A (column-major,
 * lower triangle used and overwritten with L). Returns false if A is not numerically positive definite.
 * Reference: Golub & Van Loan, Matrix Computations 4th ed., Algorithm 4.2.2 (gaxpy Cholesky).
 */
export function cholesky(a: Float64Array, m: number): boolean {
  for (let j = 0; j < m; j++) {
    const cj = j * m;
    for (let k = 0; k < j; k++) {
      const ljk = a[k * m + j];
      if (ljk !== 0) for (let i = j; i < m; i++) a[cj + i] -= ljk * a[k * m + i];
    }
    const d = a[cj + j];
    if (!(d > 0)) return false;
    const s = Math.sqrt(d);
    for (let i = j; i < m; i++) a[cj + i] /= s;
  }
  return true;
}

/** Solve L L^T x = b in place (b overwritten with x); L from cholesky(). */
export function choleskySolve(l: Float64Array, m: number, b: Float64Array): void {
  for (let i = 0; i < m; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[k * m + i] * b[k];
    b[i] = s / l[i * m + i];
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = b[i];
    const ci = i * m;
    for (let k = i + 1; k < m; k++) s -= l[ci + k] * b[k];
    b[i] = s / l[ci + i];
  }
}

/** Result of qrPivoted: A P = Q R, with the Householder vectors stored below R's diagonal. */
export interface PivotedQR {
  /** m×n, column-major: R on and above the diagonal, Householder vectors (implicit leading 1) below. */
  qr: Float64Array;
  m: number;
  n: number;
  /** tau[k] of reflector k: H_k = I - tau v v^T. */
  tau: Float64Array;
  /** perm[k] = original column at position k. */
  perm: Int32Array;
}

/**
 * Householder QR with column pivoting (A P = Q R); A (m×n) is copied.
 * Reference: LAPACK dgeqp3/dlaqp2 (Businger & Golub 1965), with the partial-norm downdate
 * safeguard of Drmač & Bujanović (2008) as in LAPACK 3.1+.
 */
export function qrPivoted(a: Float64Array, m: number, n: number): PivotedQR {
  const qr = Float64Array.from(a.subarray(0, m * n));
  const k = Math.min(m, n);
  const tau = new Float64Array(k);
  const perm = new Int32Array(n);
  const vn1 = new Float64Array(n);
  const vn2 = new Float64Array(n);
  const tol3z = Math.sqrt(EPS);
  for (let j = 0; j < n; j++) {
    perm[j] = j;
    vn1[j] = nrm2(qr, j * m, m);
    vn2[j] = vn1[j];
  }
  for (let i = 0; i < k; i++) {
    // Pivot: the remaining column with the largest partial norm (first one on ties).
    let pvt = i;
    for (let j = i + 1; j < n; j++) if (vn1[j] > vn1[pvt]) pvt = j;
    if (pvt !== i) {
      const cp = pvt * m;
      const ci = i * m;
      for (let r = 0; r < m; r++) {
        const t = qr[cp + r];
        qr[cp + r] = qr[ci + r];
        qr[ci + r] = t;
      }
      const tp = perm[pvt];
      perm[pvt] = perm[i];
      perm[i] = tp;
      vn1[pvt] = vn1[i];
      vn2[pvt] = vn2[i];
    }
    // Householder reflector for column i, rows i..m-1 (dlarfg).
    const ci = i * m;
    const alpha = qr[ci + i];
    const xnorm = nrm2(qr, ci + i + 1, m - i - 1);
    let t = 0;
    if (xnorm !== 0) {
      const beta = -Math.sign(alpha || 1) * Math.hypot(alpha, xnorm);
      t = (beta - alpha) / beta;
      const scal = 1 / (alpha - beta);
      for (let r = i + 1; r < m; r++) qr[ci + r] *= scal;
      qr[ci + i] = beta;
    }
    tau[i] = t;
    // Apply H_i to each remaining column, A[i:, j] -= t * v (v^T A[i:, j]), then downdate its
    // partial norm while the column is still in cache (dlaqp2).
    let jPair = i + 1;
    // Two columns per pass share each load of v (the reflector stays in L1).
    if (t !== 0) {
      for (; jPair + 1 < n; jPair += 2) {
        const c0 = jPair * m;
        const c1 = c0 + m;
        let s0 = qr[c0 + i];
        let s1 = qr[c1 + i];
        for (let r = i + 1; r < m; r++) {
          const v = qr[ci + r];
          s0 += v * qr[c0 + r];
          s1 += v * qr[c1 + r];
        }
        s0 *= t;
        s1 *= t;
        qr[c0 + i] -= s0;
        qr[c1 + i] -= s1;
        for (let r = i + 1; r < m; r++) {
          const v = qr[ci + r];
          qr[c0 + r] -= s0 * v;
          qr[c1 + r] -= s1 * v;
        }
      }
    }
    for (let j = i + 1; j < n; j++) {
      const cj = j * m;
      if (t !== 0 && j >= jPair) {
        let s = qr[cj + i];
        for (let r = i + 1; r < m; r++) s += qr[ci + r] * qr[cj + r];
        s *= t;
        qr[cj + i] -= s;
        for (let r = i + 1; r < m; r++) qr[cj + r] -= s * qr[ci + r];
      }
      if (vn1[j] !== 0) {
        let temp = Math.abs(qr[cj + i]) / vn1[j];
        temp = 1 - temp * temp;
        if (temp < 0) temp = 0;
        const r = vn1[j] / vn2[j];
        const temp2 = temp * r * r;
        if (temp2 <= tol3z) {
          vn1[j] = i + 1 < m ? nrm2(qr, cj + i + 1, m - i - 1) : 0;
          vn2[j] = vn1[j];
        } else {
          vn1[j] *= Math.sqrt(temp);
        }
      }
    }
  }
  return { qr, m, n, tau, perm };
}

/** b (length m) := Q^T b using the reflectors of qrPivoted (dormqr 'L','T'). */
export function applyQt(f: PivotedQR, b: Float64Array): void {
  const { qr, m, tau } = f;
  for (let i = 0; i < tau.length; i++) {
    const t = tau[i];
    if (t === 0) continue;
    const ci = i * m;
    let s = b[i];
    for (let r = i + 1; r < m; r++) s += qr[ci + r] * b[r];
    s *= t;
    b[i] -= s;
    for (let r = i + 1; r < m; r++) b[r] -= s * qr[ci + r];
  }
}

/** Numerical rank of R: number of leading |R_kk| > rcond * |R_00| (LAPACK dgelsy / numpy style). */
export function qrRank(f: PivotedQR, rcond: number): number {
  const k = f.tau.length;
  if (k === 0) return 0;
  const r00 = Math.abs(f.qr[0]);
  if (r00 === 0) return 0;
  const tol = rcond * r00;
  let r = 0;
  while (r < k && Math.abs(f.qr[r * f.m + r]) > tol) r++;
  return r;
}

/**
 * Minimum-norm least-squares solution of min ||A x - b|| from a pivoted QR of A and its rank r:
 * the complete orthogonal decomposition A P = Q [T 0; 0 0] Z.
 * Reference: LAPACK dgelsy (dtzrzf to annihilate R12, then dormrz); Golub & Van Loan §5.5.2.
 * b is overwritten (Q^T b); returns x (length n).
 */
export function minNormSolve(f: PivotedQR, rank: number, b: Float64Array): Float64Array {
  const { m, n, perm } = f;
  applyQt(f, b);
  const r = rank;
  // Copy R1 = R[0:r, 0:n] (r×n, column-major with leading dimension r).
  const t = new Float64Array(r * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < Math.min(j + 1, r); i++) t[j * r + i] = f.qr[j * m + i];
  const nz = n - r;
  // Wide and well conditioned (|R_00| / |R_r-1,r-1| <= 1e4, the pivoted-QR estimate of cond(R1)):
  // z = R1^T (R1 R1^T)^{-1} c is the same minimum-norm solution with a blocked product instead of
  // the memory-bound RZ sweeps (squaring cond <= 1e4 keeps ~8 digits more than the tolerances need).
  if (nz > 0 && r * r * nz > 5e7 && Math.abs(t[0]) <= 1e4 * Math.abs(t[(r - 1) * r + r - 1])) {
    const gramR = tcrossprod(t, r, n);
    if (cholesky(gramR, r)) {
      const u = b.slice(0, r);
      choleskySolve(gramR, r, u);
      const x = new Float64Array(n);
      for (let j = 0; j < n; j++) x[perm[j]] = dot(t, j * r, u, 0, Math.min(j + 1, r));
      return x;
    }
  }
  const ztau = new Float64Array(r);
  const rowDot = new Float64Array(r);
  if (nz > 0) {
    // RZ factorization: for k = r-1..0 annihilate T[k, r:n] with a reflector touching column k and r:n.
    for (let k = r - 1; k >= 0; k--) {
      const alpha = t[k * r + k];
      let xs = 0;
      for (let j = r; j < n; j++) xs = Math.hypot(xs, t[j * r + k]);
      if (xs === 0) {
        ztau[k] = 0;
        continue;
      }
      const beta = -Math.sign(alpha || 1) * Math.hypot(alpha, xs);
      const tk = (beta - alpha) / beta;
      const scal = 1 / (alpha - beta);
      for (let j = r; j < n; j++) t[j * r + k] *= scal;
      t[k * r + k] = beta;
      ztau[k] = tk;
      // Apply from the right to rows 0..k-1: s_i = T[i,k] + sum_j T[i,j] v_j, T[i,.] -= tk s_i u^T.
      // Loops run down columns (contiguous) for all rows i < k at once.
      for (let i = 0; i < k; i++) rowDot[i] = t[k * r + i];
      for (let j = r; j < n; j++) {
        const vj = t[j * r + k];
        if (vj === 0) continue;
        const cj = j * r;
        for (let i = 0; i < k; i++) rowDot[i] += t[cj + i] * vj;
      }
      for (let i = 0; i < k; i++) {
        rowDot[i] *= tk;
        t[k * r + i] -= rowDot[i];
      }
      for (let j = r; j < n; j++) {
        const vj = t[j * r + k];
        if (vj === 0) continue;
        const cj = j * r;
        for (let i = 0; i < k; i++) t[cj + i] -= rowDot[i] * vj;
      }
    }
  }
  // Solve T u = (Q^T b)[0:r] (upper triangular r×r).
  const z = new Float64Array(n);
  for (let i = r - 1; i >= 0; i--) {
    let s = b[i];
    for (let j = i + 1; j < r; j++) s -= t[j * r + i] * z[j];
    z[i] = s / t[i * r + i];
  }
  // z := Z^T [u; 0] = H_{r-1} ... H_0 [u; 0]: apply H_0 first.
  if (nz > 0) {
    for (let k = 0; k < r; k++) {
      const tk = ztau[k];
      if (tk === 0) continue;
      let s = z[k];
      for (let j = r; j < n; j++) s += t[j * r + k] * z[j];
      s *= tk;
      z[k] -= s;
      for (let j = r; j < n; j++) z[j] -= s * t[j * r + k];
    }
  }
  // Undo the column permutation.
  const x = new Float64Array(n);
  for (let k = 0; k < n; k++) x[perm[k]] = z[k];
  return x;
}

/** Thin SVD A = U diag(s) V^T of an m×n matrix, m >= n; s descending. */
export interface Svd {
  u: Float64Array; // m×n
  s: Float64Array; // n
  v: Float64Array; // n×n
  m: number;
  n: number;
}

/**
 * One-sided Jacobi SVD of an m×n matrix with m >= n (A copied; U = A V diag(1/s)).
 * Reference: Hestenes (1958); Demmel & Veselić, "Jacobi's method is more accurate than QR" (1992),
 * rotation formulas of Golub & Van Loan §8.6.3. Call it on the small R of a QR for tall matrices.
 */
export function jacobiSvd(a: Float64Array, m: number, n: number): Svd {
  const u = Float64Array.from(a.subarray(0, m * n));
  const v = new Float64Array(n * n);
  for (let j = 0; j < n; j++) v[j * n + j] = 1;
  const norms = new Float64Array(n);
  for (let j = 0; j < n; j++) norms[j] = dot(u, j * m, u, j * m, m);
  const tol = m * EPS;
  for (let sweep = 0; sweep < 80; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const cp = p * m;
        const cq = q * m;
        const alpha = norms[p];
        const beta = norms[q];
        if (alpha === 0 || beta === 0) continue;
        const gamma = dot(u, cp, u, cq, m);
        if (Math.abs(gamma) <= tol * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < m; i++) {
          const up = u[cp + i];
          const uq = u[cq + i];
          u[cp + i] = c * up - s * uq;
          u[cq + i] = s * up + c * uq;
        }
        const vp = p * n;
        const vq = q * n;
        for (let i = 0; i < n; i++) {
          const a0 = v[vp + i];
          const b0 = v[vq + i];
          v[vp + i] = c * a0 - s * b0;
          v[vq + i] = s * a0 + c * b0;
        }
        // Recompute the two norms exactly rather than updating them (keeps small ones accurate).
        norms[p] = dot(u, cp, u, cp, m);
        norms[q] = dot(u, cq, u, cq, m);
      }
    }
    if (!rotated) break;
  }
  // Singular values, sorted descending, with U and V permuted alike.
  const s = new Float64Array(n);
  for (let j = 0; j < n; j++) s[j] = Math.sqrt(norms[j]);
  const order = Array.from({ length: n }, (_, j) => j).sort((i, j) => s[j] - s[i]);
  const us = new Float64Array(m * n);
  const vs = new Float64Array(n * n);
  const ss = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const j = order[k];
    ss[k] = s[j];
    const inv = s[j] > 0 ? 1 / s[j] : 0;
    for (let i = 0; i < m; i++) us[k * m + i] = u[j * m + i] * inv;
    for (let i = 0; i < n; i++) vs[k * n + i] = v[j * n + i];
  }
  return { u: us, s: ss, v: vs, m, n };
}

/** Transpose of an m×n column-major matrix (result n×m). */
export function transpose(a: Float64Array, m: number, n: number): Float64Array {
  const t = new Float64Array(m * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) t[i * n + j] = a[j * m + i];
  return t;
}

/** Upper triangle of the first min(m,n) rows of a PivotedQR as a dense k×n matrix (k = min(m,n)). */
export function qrR(f: PivotedQR): Float64Array {
  const k = Math.min(f.m, f.n);
  const r = new Float64Array(k * f.n);
  for (let j = 0; j < f.n; j++) for (let i = 0; i <= Math.min(j, k - 1); i++) r[j * k + i] = f.qr[j * f.m + i];
  return r;
}

/**
 * X^T X (p×p, full symmetric) of a column-major n×p X. Row blocks of B rows keep every column's
 * slice in cache while all pairs are accumulated, so X streams from memory once (BLAS dsyrk idea).
 */
export function crossprod(x: Float64Array, n: number, p: number): Float64Array {
  const g = new Float64Array(p * p);
  const B = Math.max(64, Math.min(n, Math.floor(131072 / Math.max(p, 1))));
  for (let rb = 0; rb < n; rb += B) {
    const len = Math.min(B, n - rb);
    for (let j = 0; j < p; j++) {
      const cj = j * n + rb;
      let k = j;
      // Four columns per pass over column j's block (one load of x_j feeds four products).
      for (; k + 4 <= p; k += 4) {
        const o0 = k * n + rb;
        const o1 = o0 + n;
        const o2 = o1 + n;
        const o3 = o2 + n;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let i = 0; i < len; i++) {
          const v = x[cj + i];
          s0 += v * x[o0 + i];
          s1 += v * x[o1 + i];
          s2 += v * x[o2 + i];
          s3 += v * x[o3 + i];
        }
        g[j * p + k] += s0;
        g[j * p + k + 1] += s1;
        g[j * p + k + 2] += s2;
        g[j * p + k + 3] += s3;
      }
      for (; k < p; k++) g[j * p + k] += dot(x, k * n + rb, x, cj, len);
    }
  }
  for (let j = 0; j < p; j++) for (let k = j + 1; k < p; k++) g[k * p + j] = g[j * p + k];
  return g;
}

/**
 * X X^T (n×n, full symmetric) of a column-major n×p X: rows made contiguous by one transpose,
 * then four dot products share each streamed row (register blocking; fewer passes over memory).
 */
export function tcrossprod(x: Float64Array, n: number, p: number): Float64Array {
  const xt = transpose(x, n, p); // row i of X at i*p
  const k = new Float64Array(n * n);
  for (let l = 0; l < n; l++) {
    const cl = l * p;
    let i = 0;
    for (; i + 3 <= l; i += 4) {
      const c0 = i * p;
      const c1 = c0 + p;
      const c2 = c1 + p;
      const c3 = c2 + p;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let t = 0; t < p; t++) {
        const v = xt[cl + t];
        s0 += xt[c0 + t] * v;
        s1 += xt[c1 + t] * v;
        s2 += xt[c2 + t] * v;
        s3 += xt[c3 + t] * v;
      }
      k[l * n + i] = s0;
      k[l * n + i + 1] = s1;
      k[l * n + i + 2] = s2;
      k[l * n + i + 3] = s3;
    }
    for (; i <= l; i++) k[l * n + i] = dot(xt, i * p, xt, cl, p);
  }
  for (let l = 0; l < n; l++) for (let i = 0; i < l; i++) k[i * n + l] = k[l * n + i];
  return k;
}

/** Eigen-decomposition of a symmetric matrix: A = V diag(d) V^T, d ascending. */
export interface SymmetricEigen {
  d: Float64Array;
  /** m×m column-major; column k is the eigenvector of d[k]. */
  v: Float64Array;
}

/**
 * Symmetric eigen-decomposition by Householder tridiagonalization and the implicit QL algorithm.
 * Reference: EISPACK tred2/tql2 (Bowdler, Martin, Reinsch & Wilkinson, Handbook for Automatic
 * Computation vol. II, 1971), as transcribed in JAMA's EigenvalueDecomposition (public domain).
 * A (m×m, column-major, symmetric) is copied.
 */
export function symmetricEigen(a: Float64Array, m: number): SymmetricEigen {
  // JAMA works on V[i][j] row-major; with a symmetric input, column-major storage of V^T is the same
  // layout, so index v[i*m + j] as V[i][j] and transpose at the end.
  const V = Float64Array.from(a.subarray(0, m * m));
  const d = new Float64Array(m);
  const e = new Float64Array(m);
  for (let j = 0; j < m; j++) d[j] = V[(m - 1) * m + j];
  // tred2: Householder reduction to tridiagonal form.
  for (let i = m - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = V[(i - 1) * m + j];
        V[i * m + j] = 0;
        V[j * m + i] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        V[j * m + i] = f;
        g = e[j] + V[j * m + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += V[k * m + j] * d[k];
          e[k] += V[k * m + j] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) V[k * m + j] -= f * e[k] + g * d[k];
        d[j] = V[(i - 1) * m + j];
        V[i * m + j] = 0;
      }
    }
    d[i] = h;
  }
  // Accumulate transformations.
  for (let i = 0; i < m - 1; i++) {
    V[(m - 1) * m + i] = V[i * m + i];
    V[i * m + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = V[k * m + i + 1] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += V[k * m + i + 1] * V[k * m + j];
        for (let k = 0; k <= i; k++) V[k * m + j] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) V[k * m + i + 1] = 0;
  }
  for (let j = 0; j < m; j++) {
    d[j] = V[(m - 1) * m + j];
    V[(m - 1) * m + j] = 0;
  }
  if (m > 0) V[(m - 1) * m + m - 1] = 1;
  e[0] = 0;
  // tql2: implicit QL on the tridiagonal matrix.
  for (let i = 1; i < m; i++) e[i - 1] = e[i];
  if (m > 0) e[m - 1] = 0;
  let f = 0;
  let tst1 = 0;
  for (let l = 0; l < m; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let mm = l;
    while (mm < m) {
      if (Math.abs(e[mm]) <= EPS * tst1) break;
      mm++;
    }
    if (mm > l) {
      for (let iter = 0; iter < 100; iter++) {
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < m; i++) d[i] -= h;
        f += h;
        p = d[mm];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = mm - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          for (let k = 0; k < m; k++) {
            h = V[k * m + i + 1];
            V[k * m + i + 1] = s * V[k * m + i] + c * h;
            V[k * m + i] = c * V[k * m + i] - s * h;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
        if (!(Math.abs(e[l]) > EPS * tst1)) break;
      }
    }
    d[l] += f;
    e[l] = 0;
  }
  // Sort ascending with vectors; V[k][i] (row k, column i) is component k of eigenvector i.
  const order = Array.from({ length: m }, (_, i) => i).sort((x, y) => d[x] - d[y]);
  const ds = new Float64Array(m);
  const vs = new Float64Array(m * m);
  for (let c = 0; c < m; c++) {
    const i = order[c];
    ds[c] = d[i];
    for (let k = 0; k < m; k++) vs[c * m + k] = V[k * m + i];
  }
  return { d: ds, v: vs };
}

/**
 * Columns pending[0..m) of the Gram matrix X^T X of a column-major n×p X, written to
 * gram[j*p + k] for all k. Entries against columns already marked in done are copied by symmetry.
 * Every entry is a sum over blocks of 2048 rows of per-block partial sums, each added in row order
 * (one accumulator per entry); the pending columns that do not fill a group of four within their
 * group of 16 use dot()'s two-accumulator order instead (as this kernel always has: the bits do not
 * depend on the tiling below). Register tile: 4 pending × 2 target columns (8 accumulators, 6 loads
 * per row); an entry between two groups of 16 pending columns is computed once and mirrored.
 * rowOrderOnly: the tails use the row order too, so every entry has the same bits whichever batches
 * asked for it (the shared cross-validation Gram, whose folds may run on different threads).
 */
export function gramColumnsInto(x: Float64Array, n: number, p: number, pending: Int32Array, m: number, gram: Float64Array, done: Uint8Array,
  rowOrderOnly = false): void {
  for (let t = 0; t < m; t++) gram.fill(0, pending[t] * p, pending[t] * p + p);
  const G = 16;
  const B = 2048;
  // Pending columns summed in row order (tiles of four) and those in dot()'s order (group tails).
  const tiled = new Int32Array(m);
  const tails = new Int32Array(m);
  let nt = 0;
  let nd = 0;
  for (let g0 = 0; g0 < m; g0 += G) {
    const g1 = Math.min(m, g0 + G);
    const full = g0 + 4 * Math.floor((g1 - g0) / 4);
    for (let t = g0; t < full; t++) tiled[nt++] = pending[t];
    for (let t = full; t < g1; t++) tails[nd++] = pending[t];
  }
  // Targets outside the tiles: columns neither done nor tiled.
  const isTiled = new Uint8Array(p);
  for (let t = 0; t < nt; t++) isTiled[tiled[t]] = 1;
  const others = new Int32Array(p);
  let no = 0;
  for (let k = 0; k < p; k++) if (!done[k] && !isTiled[k]) others[no++] = k;
  // Targets of tile group h (16 tiled columns, so X streams once per 16 pending columns and the
  // group's 2048-row blocks stay cache-resident): every non-done column outside the tiles, then the
  // tiled columns of groups >= h.
  const targets = new Int32Array(no + nt);
  targets.set(others.subarray(0, no));
  for (let h0 = 0; h0 < nt; h0 += G) {
    const h1 = Math.min(nt, h0 + G);
    let nk = no;
    for (let t = h0; t < nt; t++) targets[nk++] = tiled[t];
    for (let rb = 0; rb < n; rb += B) {
      const len = Math.min(B, n - rb);
      let u = 0;
      for (; u + 2 <= nk; u += 2) {
        const ka = targets[u];
        const kb = targets[u + 1];
        const oa = ka * n + rb;
        const ob = kb * n + rb;
        for (let q = h0; q < h1; q += 4) {
          const j0 = tiled[q];
          const j1 = tiled[q + 1];
          const j2 = tiled[q + 2];
          const j3 = tiled[q + 3];
          const o0 = j0 * n + rb;
          const o1 = j1 * n + rb;
          const o2 = j2 * n + rb;
          const o3 = j3 * n + rb;
          let a0 = 0;
          let a1 = 0;
          let a2 = 0;
          let a3 = 0;
          let b0 = 0;
          let b1 = 0;
          let b2 = 0;
          let b3 = 0;
          for (let i = 0; i < len; i++) {
            const va = x[oa + i];
            const vb = x[ob + i];
            const x0 = x[o0 + i];
            const x1 = x[o1 + i];
            const x2 = x[o2 + i];
            const x3 = x[o3 + i];
            a0 += va * x0;
            a1 += va * x1;
            a2 += va * x2;
            a3 += va * x3;
            b0 += vb * x0;
            b1 += vb * x1;
            b2 += vb * x2;
            b3 += vb * x3;
          }
          gram[j0 * p + ka] += a0;
          gram[j1 * p + ka] += a1;
          gram[j2 * p + ka] += a2;
          gram[j3 * p + ka] += a3;
          gram[j0 * p + kb] += b0;
          gram[j1 * p + kb] += b1;
          gram[j2 * p + kb] += b2;
          gram[j3 * p + kb] += b3;
        }
      }
      if (u < nk) {
        const ka = targets[u];
        const oa = ka * n + rb;
        for (let q = h0; q < h1; q += 4) {
          const j0 = tiled[q];
          const j1 = tiled[q + 1];
          const j2 = tiled[q + 2];
          const j3 = tiled[q + 3];
          const o0 = j0 * n + rb;
          const o1 = j1 * n + rb;
          const o2 = j2 * n + rb;
          const o3 = j3 * n + rb;
          let a0 = 0;
          let a1 = 0;
          let a2 = 0;
          let a3 = 0;
          for (let i = 0; i < len; i++) {
            const va = x[oa + i];
            a0 += va * x[o0 + i];
            a1 += va * x[o1 + i];
            a2 += va * x[o2 + i];
            a3 += va * x[o3 + i];
          }
          gram[j0 * p + ka] += a0;
          gram[j1 * p + ka] += a1;
          gram[j2 * p + ka] += a2;
          gram[j3 * p + ka] += a3;
        }
      }
    }
  }
  // Entries of a tiled column against an earlier group: the same products in the same order, mirrored.
  for (let t = G; t < nt; t++) {
    const j = tiled[t];
    const h0 = t - (t % G);
    for (let s = 0; s < h0; s++) gram[j * p + tiled[s]] = gram[tiled[s] * p + j];
  }
  // Tails, up to three at a time so each target column streams past once for all of them; each
  // entry keeps its order (dot(): even and odd rows in two accumulators, an odd last row added to
  // the even one; row order throughout when rowOrderOnly).
  for (let t0 = 0; t0 < nd; t0 += 3) {
    const w = Math.min(3, nd - t0);
    const ja = tails[t0];
    const jb = w > 1 ? tails[t0 + 1] : ja;
    const jc = w > 2 ? tails[t0 + 2] : ja;
    for (let rb = 0; rb < n; rb += B) {
      const len = Math.min(B, n - rb);
      const oa = ja * n + rb;
      const ob = jb * n + rb;
      const oc = jc * n + rb;
      for (let k = 0; k < p; k++) {
        if (done[k]) continue;
        const ok = k * n + rb;
        let a0 = 0;
        let a1 = 0;
        let b0 = 0;
        let b1 = 0;
        let c0 = 0;
        let c1 = 0;
        if (rowOrderOnly) {
          for (let i = 0; i < len; i++) {
            const v = x[ok + i];
            a0 += v * x[oa + i];
            b0 += v * x[ob + i];
            c0 += v * x[oc + i];
          }
        } else {
          let i = 0;
          for (; i + 1 < len; i += 2) {
            const v0 = x[ok + i];
            const v1 = x[ok + i + 1];
            a0 += v0 * x[oa + i];
            a1 += v1 * x[oa + i + 1];
            b0 += v0 * x[ob + i];
            b1 += v1 * x[ob + i + 1];
            c0 += v0 * x[oc + i];
            c1 += v1 * x[oc + i + 1];
          }
          if (i < len) {
            const v0 = x[ok + i];
            a0 += v0 * x[oa + i];
            b0 += v0 * x[ob + i];
            c0 += v0 * x[oc + i];
          }
        }
        gram[ja * p + k] += a0 + a1;
        if (w > 1) gram[jb * p + k] += b0 + b1;
        if (w > 2) gram[jc * p + k] += c0 + c1;
      }
    }
  }
  for (let t = 0; t < m; t++) {
    const j = pending[t];
    for (let k = 0; k < p; k++) if (done[k]) gram[j * p + k] = gram[k * p + j];
  }
}

/** Rows per block of the centred Gram kernel (and of gramColumnsInto): per-block partial sums. */
export const GRAM_BLOCK = 2048;

/**
 * Full symmetric Gram matrix of q = p (+1 when y is given) centred columns, added to gram
 * (q×q column-major): gram[j*q + k] += Σ_i (c_j(i) − shift[j]) (c_k(i) − shift[k]) over the n rows
 * r_i = rows ? rows[i] : i, where c_j is column j of the column-major N×p x and c_p is y. So with
 * y given, column p of the result is Σ (x − shift)(y − shift[p]) and its last entry Σ (y − shift[p])².
 * sums (length q), when given, gets Σ (c_j(i) − shift[j]) added (block sums in block order).
 * Blocks of GRAM_BLOCK rows are centred into packed panels (no n-sized copy of X), then the register
 * tiles of gramKernel.ts accumulate each entry in row order within the block, and the block sums
 * are added in block order: the same bits as gramColumnsInto with rowOrderOnly on pre-centred
 * columns (shift 0 leaves them unchanged).
 * Reference: the register-blocked rank-k update of BLAS dsyrk (Goto & van de Geijn, "Anatomy of
 * high-performance matrix multiplication", ACM TOMS 2008), with the block copy as its packing step.
 */
export function centredGramInto(x: Float64Array, N: number, p: number, y: Float64Array | null, rows: Int32Array | null, n: number,
  shift: Float64Array, gram: Float64Array, sums: Float64Array | null = null): void {
  const q = y ? p + 1 : p;
  if (q === 0 || n === 0) return;
  const B = GRAM_BLOCK;
  const P = panelCount(q);
  const ld = 4 * P;
  const blk = gramBlock(B, P, ld * ld);
  const { z, acc } = blk;
  for (let rb = 0; rb < n; rb += B) {
    const len = Math.min(B, n - rb);
    for (let j = 0; j < q; j++) {
      const src = j < p ? x : (y as Float64Array);
      const off = j < p ? j * N : 0;
      const s = shift[j];
      const dst = panelIndex(B, j, 0);
      if (rows) for (let i = 0; i < len; i++) z[dst + 4 * i] = src[off + rows[rb + i]] - s;
      else for (let i = 0; i < len; i++) z[dst + 4 * i] = src[off + rb + i] - s;
      if (sums) {
        let t = 0;
        for (let i = 0; i < len; i++) t += z[dst + 4 * i];
        sums[j] += t;
      }
    }
    blk.tiles(0, len, 0, P, 0, ld);
  }
  mirrorLowerInto(acc, 0, ld, q, gram, 0);
  releaseGramBlock(blk);
}

/** gram[off + j*q + k] and [off + k*q + j] += acc[accOff + j*ld + k] for k <= j < q (once on the diagonal). */
function mirrorLowerInto(acc: Float64Array, accOff: number, ld: number, q: number, gram: Float64Array, off: number): void {
  for (let j = 0; j < q; j++) {
    for (let k = 0; k <= j; k++) {
      const v = acc[accOff + j * ld + k];
      gram[off + j * q + k] += v;
      if (k !== j) gram[off + k * q + j] += v;
    }
  }
}

/**
 * Column means and the centred Gram matrix of q = p (+1 when y is given) columns in one pass over
 * the rows (as centredGramInto, without knowing the means first). Every value is taken minus its
 * column's first value (base), so all sums are of deviations, accurate to the spread even when
 * |mean| >> sd. Rows fall into segments of STATS_SEGMENT rows (statsNode): each block of 512 rows
 * is packed, centred on its own means and its Gram accumulated by the WebAssembly tiles, and blocks
 * merge with the pairwise update M = M_A + M_B + (n_A n_B / n) δ δᵀ, δ = mean_B − mean_A; segments
 * merge by the same update over a binary tree fixed by n alone (statsTreeSplit), so that the Gram
 * threads (src/worker/gramPool.ts) can each compute a subtree and give the same bits as this.
 * Reference: Chan, Golub & LeVeque, "Updating formulae and a pairwise algorithm for computing
 * sample variances" (1979), in its multivariate form. mean (length q) and gram (q×q) are outputs.
 * given, when set, supplies subtrees computed elsewhere (the Gram threads), which are merged as they are.
 */
export function meanAndCentredGram(x: Float64Array, N: number, p: number, y: Float64Array | null, rows: Int32Array | null, n: number,
  mean: Float64Array, gram: Float64Array, given: GivenSubtrees | null = null): void {
  const q = y ? p + 1 : p;
  mean.fill(0, 0, q);
  gram.fill(0, 0, q * q);
  if (q === 0 || n === 0) return;
  const base = new Float64Array(q);
  statsBase(x, N, p, y, rows, q, base);
  const ld = 4 * panelCount(q);
  const devMean = new Float64Array(q);
  const m = new Float64Array(ld * ld);
  const scratch = new StatsScratch(q);
  statsTree(x, N, p, y, rows, 0, n, base, devMean, m, scratch, given);
  scratch.release();
  for (let j = 0; j < q; j++) mean[j] = base[j] + devMean[j];
  mirrorLowerInto(m, 0, ld, q, gram, 0);
}

/**
 * Rows per block of statsNode (its bits depend on it): 512-row blocks keep a tile's panels in L1.
 */
export const STATS_BLOCK = 512;

/**
 * Rows per leaf of meanAndCentredGram's merge tree (its bits depend on it, never on the threads):
 * small enough that two threads split S1's 100,000 rows within 4% of even, large enough that the
 * merges (q² each) cost nothing beside the leaves (n q² / 2).
 */
export const STATS_SEGMENT = 8192;

/** Where the merge tree splits rows r0..r1 (more than one segment): at the segment boundary nearest the middle. */
export function statsTreeSplit(r0: number, r1: number): number {
  const segments = Math.ceil((r1 - r0) / STATS_SEGMENT);
  return r0 + STATS_SEGMENT * Math.max(1, Math.min(segments - 1, Math.round((r1 - r0) / (2 * STATS_SEGMENT))));
}

/** base[j] = column j's value on the first row (rows[0], or row 0), for the columns j < cols. */
export function statsBase(x: Float64Array, N: number, p: number, y: Float64Array | null, rows: Int32Array | null, cols: number, base: Float64Array): void {
  const r = rows ? rows[0] : 0;
  for (let j = 0; j < cols; j++) base[j] = j < p ? x[j * N + r] : (y as Float64Array)[r];
}

/** Buffers reused by statsTree and statsNode: the packed block and its accumulators, and one merge buffer per tree level. */
export class StatsScratch {
  readonly q: number;
  readonly ld: number;
  readonly delta: Float64Array;
  private block: GramBlock | null = null;
  private readonly levels: { devMean: Float64Array; m: Float64Array }[] = [];
  constructor(q: number) {
    this.q = q;
    this.ld = 4 * panelCount(q);
    this.delta = new Float64Array(q);
  }
  /** The packed block and its accumulators (made on first use: a merge of given subtrees needs none). */
  get blk(): GramBlock {
    if (!this.block) this.block = gramBlock(STATS_BLOCK, panelCount(this.q), this.ld * this.ld);
    return this.block;
  }
  /** Hands the packed block back for reuse (releaseGramBlock); this scratch is not used after. */
  release(): void {
    if (this.block) releaseGramBlock(this.block);
    this.block = null;
  }
  level(depth: number): { devMean: Float64Array; m: Float64Array } {
    while (this.levels.length <= depth) this.levels.push({ devMean: new Float64Array(this.q), m: new Float64Array(this.ld * this.ld) });
    return this.levels[depth];
  }
}

/** The statistics of a subtree (rows r0..r1) computed elsewhere, or null to compute it (statsTree). */
export type GivenSubtrees = (r0: number, r1: number) => { devMean: Float64Array; m: Float64Array } | null;

/**
 * The statistics of rows r0..r1-1 (indices into rows, or rows of x): devMean (column means minus
 * base) and m (lower triangle of the centred Gram, leading dimension 4·panels), both overwritten;
 * segments by statsNode, merged over the tree of statsTreeSplit. done, when given, supplies the
 * subtrees other threads computed (by their row range), which are then not recomputed.
 */
export function statsTree(x: Float64Array, N: number, p: number, y: Float64Array | null, rows: Int32Array | null, r0: number, r1: number,
  base: Float64Array, devMean: Float64Array, m: Float64Array, scratch: StatsScratch, done: GivenSubtrees | null, depth = 0): void {
  const given = done ? done(r0, r1) : null;
  if (given) {
    devMean.set(given.devMean.subarray(0, scratch.q));
    m.set(given.m.subarray(0, m.length));
    return;
  }
  if (r1 - r0 <= STATS_SEGMENT) {
    statsNode(x, N, p, y, rows, r0, r1, base, devMean, m, scratch);
    return;
  }
  const mid = statsTreeSplit(r0, r1);
  statsTree(x, N, p, y, rows, r0, mid, base, devMean, m, scratch, done, depth + 1);
  const right = scratch.level(depth);
  statsTree(x, N, p, y, rows, mid, r1, base, right.devMean, right.m, scratch, done, depth + 1);
  mergeStats(mid - r0, devMean, m, r1 - mid, right.devMean, right.m, scratch.q, scratch.ld, scratch.delta);
}

/**
 * Chan et al.'s pairwise update of two row ranges' statistics into the first: with δ = d_B − d_A,
 * m_A += m_B + (n_A n_B / n) δ δᵀ (lower triangle) and d_A += δ n_B / n.
 */
export function mergeStats(nA: number, dA: Float64Array, mA: Float64Array, nB: number, dB: Float64Array, mB: Float64Array,
  q: number, ld: number, delta: Float64Array): void {
  const n = nA + nB;
  const f = (nA * nB) / n;
  for (let j = 0; j < q; j++) delta[j] = dB[j] - dA[j];
  for (let j = 0; j < q; j++) {
    const dj = f * delta[j];
    const a = j * ld;
    for (let k = 0; k <= j; k++) mA[a + k] += mB[a + k] + dj * delta[k];
  }
  for (let j = 0; j < q; j++) dA[j] += (delta[j] * nB) / n;
}

/**
 * One leaf of the merge tree, rows r0..r1-1: blocks of STATS_BLOCK rows through packStatsBlock and
 * the tiles, from zero; devMean and m (leading dimension scratch.ld) are overwritten.
 */
export function statsNode(x: Float64Array, N: number, p: number, y: Float64Array | null, rows: Int32Array | null, r0: number, r1: number,
  base: Float64Array, devMean: Float64Array, m: Float64Array, scratch: StatsScratch): void {
  const { q, ld, blk, delta } = scratch;
  const P = blk.P;
  devMean.fill(0, 0, q);
  blk.acc.fill(0);
  for (let rb = r0; rb < r1; rb += STATS_BLOCK) {
    const len = Math.min(STATS_BLOCK, r1 - rb);
    packStatsBlock(x, N, p, y, rows, rb, len, rb - r0, q, blk.z, base, devMean, delta, ld, blk.acc);
    blk.tiles(0, len, 0, P, 0, ld);
  }
  m.set(blk.acc.subarray(0, m.length));
}

/**
 * One block of statsNode: rows rb..rb+len-1 (the `seen` rows before them in the leaf already
 * merged) of columns 0..cols-1 packed into the panels z (gramKernel.ts, STATS_BLOCK rows) minus
 * base[j], each column centred on its block mean, devMean (the running mean minus base, never
 * carrying base's rounding) updated; then the between-block term f δ_j δ_k of the pairwise update
 * added to acc[j*ld + k], k <= j (none for the first block). A short last block leaves stale values
 * past len. Four columns of X go together (one pass writes whole panel rows); each column's
 * arithmetic is the one-column loop's.
 */
export function packStatsBlock(x: Float64Array, N: number, p: number, y: Float64Array | null, rows: Int32Array | null, rb: number, len: number,
  seen: number, cols: number, z: Float64Array, base: Float64Array, devMean: Float64Array, delta: Float64Array, ld: number, acc: Float64Array): void {
  const B = STATS_BLOCK;
  let j = 0;
  for (; j + 3 < Math.min(cols, p); j += 4) {
    const o0 = j * N;
    const o1 = o0 + N;
    const o2 = o1 + N;
    const o3 = o2 + N;
    const b0 = base[j], b1 = base[j + 1], b2 = base[j + 2], b3 = base[j + 3];
    const dst = panelIndex(B, j, 0);
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    if (rows) {
      for (let i = 0; i < len; i++) {
        const r = rows[rb + i];
        const v0 = x[o0 + r] - b0, v1 = x[o1 + r] - b1, v2 = x[o2 + r] - b2, v3 = x[o3 + r] - b3;
        const d = dst + 4 * i;
        z[d] = v0; z[d + 1] = v1; z[d + 2] = v2; z[d + 3] = v3;
        s0 += v0; s1 += v1; s2 += v2; s3 += v3;
      }
    } else {
      for (let i = 0, r = rb; i < len; i++, r++) {
        const v0 = x[o0 + r] - b0, v1 = x[o1 + r] - b1, v2 = x[o2 + r] - b2, v3 = x[o3 + r] - b3;
        const d = dst + 4 * i;
        z[d] = v0; z[d + 1] = v1; z[d + 2] = v2; z[d + 3] = v3;
        s0 += v0; s1 += v1; s2 += v2; s3 += v3;
      }
    }
    const m0 = s0 / len, m1 = s1 / len, m2 = s2 / len, m3 = s3 / len;
    for (let i = 0; i < len; i++) {
      const d = dst + 4 * i;
      z[d] -= m0; z[d + 1] -= m1; z[d + 2] -= m2; z[d + 3] -= m3;
    }
    blockMeanUpdate(j, m0, seen, len, devMean, delta);
    blockMeanUpdate(j + 1, m1, seen, len, devMean, delta);
    blockMeanUpdate(j + 2, m2, seen, len, devMean, delta);
    blockMeanUpdate(j + 3, m3, seen, len, devMean, delta);
  }
  for (; j < cols; j++) {
    const src = j < p ? x : (y as Float64Array);
    const off = j < p ? j * N : 0;
    const dst = panelIndex(B, j, 0);
    const b = base[j];
    let s = 0;
    if (rows) {
      for (let i = 0; i < len; i++) {
        const v = src[off + rows[rb + i]] - b;
        z[dst + 4 * i] = v;
        s += v;
      }
    } else {
      for (let i = 0; i < len; i++) {
        const v = src[off + rb + i] - b;
        z[dst + 4 * i] = v;
        s += v;
      }
    }
    const mb = s / len;
    for (let i = 0; i < len; i++) z[dst + 4 * i] -= mb;
    blockMeanUpdate(j, mb, seen, len, devMean, delta);
  }
  if (seen > 0) {
    const f = (seen * len) / (seen + len);
    for (let jj = 0; jj < cols; jj++) {
      const dj = f * delta[jj];
      const a = jj * ld;
      for (let k = 0; k <= jj; k++) acc[a + k] += dj * delta[k];
    }
  }
}

/** Column j's block mean mb (deviations from base) after `seen` rows: its δ and the running devMean. */
function blockMeanUpdate(j: number, mb: number, seen: number, len: number, devMean: Float64Array, delta: Float64Array): void {
  const d = mb - devMean[j];
  delta[j] = d;
  devMean[j] += (d * len) / (seen + len);
}

/**
 * Per-fold centred Gram matrices of q = p (+1 with y) columns in one pass over the rows: fold f's
 * grams[f*q*q + j*q + k] += Σ over its rows of (c_j − shift[j])(c_k − shift[k]) (columns as in
 * centredGramInto) and sums[f*q + j] += Σ (c_j − shift[j]).
 * label[t] in 0..K-1 is the fold of row r_t = rows ? rows[t] : t. Each block of GRAM_BLOCK rows is
 * packed grouped by fold (a stable counting sort, so each fold's rows keep their order) and every
 * fold's segment goes through the same register tiles: X streams once for all folds instead of once
 * per fold.
 * Reference: centredGramInto's packed dsyrk (Goto & van de Geijn 2008) with a counting-sort pack
 * (Knuth, TAOCP vol. 3, 5.2 "distribution counting").
 */
export function foldGramsInto(x: Float64Array, N: number, p: number, y: Float64Array | null, rows: Int32Array | null, n: number,
  label: Int32Array, K: number, shift: Float64Array, grams: Float64Array, sums: Float64Array): void {
  const q = y ? p + 1 : p;
  if (q === 0 || n === 0) return;
  const B = GRAM_BLOCK;
  const P = panelCount(q);
  const ld = 4 * P;
  const blk = gramBlock(B, P, K * ld * ld);
  const { z, acc } = blk;
  const start = new Int32Array(K + 1);
  const pos = new Int32Array(B);
  for (let rb = 0; rb < n; rb += B) {
    const len = Math.min(B, n - rb);
    // Segment of each fold within the packed block.
    start.fill(0);
    for (let i = 0; i < len; i++) start[label[rb + i] + 1]++;
    for (let f = 0; f < K; f++) start[f + 1] += start[f];
    for (let i = 0; i < len; i++) pos[i] = start[label[rb + i]]++;
    for (let f = K; f > 0; f--) start[f] = start[f - 1];
    start[0] = 0;
    for (let j = 0; j < q; j++) {
      const src = j < p ? x : (y as Float64Array);
      const off = j < p ? j * N : 0;
      const s = shift[j];
      const dst = panelIndex(B, j, 0);
      if (rows) for (let i = 0; i < len; i++) z[dst + 4 * pos[i]] = src[off + rows[rb + i]] - s;
      else for (let i = 0; i < len; i++) z[dst + 4 * pos[i]] = src[off + rb + i] - s;
      for (let f = 0; f < K; f++) {
        let t = 0;
        for (let i = start[f]; i < start[f + 1]; i++) t += z[dst + 4 * i];
        sums[f * q + j] += t;
      }
    }
    for (let f = 0; f < K; f++) {
      if (start[f + 1] > start[f]) blk.tiles(start[f], start[f + 1], 0, P, f * ld * ld, ld);
    }
  }
  for (let f = 0; f < K; f++) mirrorLowerInto(acc, f * ld * ld, ld, q, grams, f * q * q);
  releaseGramBlock(blk);
}

/**
 * Whether column j of x (rows r_t = rows ? rows[t] : t, t < n; j = p means y) holds one value on
 * every row: tells a constant column from one whose squared deviations underflowed to 0.
 */
export function columnIsConstant(x: Float64Array, N: number, p: number, y: Float64Array | null, rows: Int32Array | null, n: number, j: number): boolean {
  const src = j < p ? x : (y as Float64Array);
  const off = j < p ? j * N : 0;
  if (n === 0) return true;
  const v0 = src[off + (rows ? rows[0] : 0)];
  for (let t = 1; t < n; t++) if (src[off + (rows ? rows[t] : t)] !== v0) return false;
  return true;
}
