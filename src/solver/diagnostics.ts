/**
 * Diagnostics of a design from its fitted-scale Gram matrix: Pearson correlations, variance
 * inflation factors, groups of strongly correlated columns, and the orthonormal-design
 * soft-thresholding table. Pure numerics on column-major Float64Array; no I/O.
 */
import { symmetricEigen } from './linalg';

/**
 * Pearson correlation matrix (p×p, symmetric) from the Gram matrix G = Xc^T Xc of centred columns:
 * r_jk = G_jk / sqrt(G_jj G_kk). A constant column (G_jj = 0) has no correlation: its row and
 * column, diagonal included, are 0 (pandas would give NaN; the protocol sends no NaN).
 */
export function correlationFromGram(gram: Float64Array, p: number): Float64Array {
  const r = new Float64Array(p * p);
  const s = new Float64Array(p);
  for (let j = 0; j < p; j++) s[j] = gram[j * p + j] > 0 ? 1 / Math.sqrt(gram[j * p + j]) : 0;
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < p; k++) {
      let v = gram[j * p + k] * s[j] * s[k];
      // Rounding can push |r| a hair past 1; the diagonal is exactly 1 by definition.
      if (v > 1) v = 1;
      else if (v < -1) v = -1;
      r[j * p + k] = v;
    }
    if (s[j] > 0) r[j * p + j] = 1;
  }
  return r;
}

/** Eigenvalues below this fraction of the largest are treated as exact zeros (linear dependence). */
export const VIF_RANK_RTOL = 1e-10;

/**
 * VIF_j = 1 / (1 - R²_j), R²_j from regressing column j on all the others, as the diagonal of the
 * (pseudo-)inverse of the correlation matrix: with R = A^T A (A's columns unit-norm), the
 * minimum-norm z with A^T z = e_j is the residual of a_j on the others divided by its squared
 * norm, so (R^+)_jj = 1/||res_j||² = 1/(1 - R²_j) whenever e_j is orthogonal to R's null space.
 * Columns with a component in the null space are exact linear combinations of the others (or
 * constant): VIF infinite, reported as null. Reference: Belsley, Kuh & Welsch, Regression
 * Diagnostics (1980), ch. 3 (VIF as the diagonal of the inverse correlation matrix).
 */
export function vifFromCorrelation(r: Float64Array, p: number): (number | null)[] {
  if (p === 0) return [];
  if (p === 1) return [r[0] > 0 ? 1 : null];
  const { d, v } = symmetricEigen(r, p);
  const dmax = d[p - 1];
  const cut = Math.max(dmax, 0) * VIF_RANK_RTOL;
  const out: (number | null)[] = [];
  for (let j = 0; j < p; j++) {
    let nullWeight = 0;
    let inv = 0;
    for (let k = 0; k < p; k++) {
      const vjk = v[k * p + j];
      if (d[k] <= cut) nullWeight += vjk * vjk;
      else inv += (vjk * vjk) / d[k];
    }
    // A column in the span of the others puts O(1) weight on a null eigenvector; rounding puts ~1e-16.
    out.push(nullWeight > 1e-8 || !Number.isFinite(inv) ? null : Math.max(1, inv));
  }
  return out;
}

/** Connected components (size >= 2) of the graph linking j and k when |r_jk| >= threshold; members ascending. */
export function correlatedGroups(r: Float64Array, p: number, threshold: number): number[][] {
  const parent = new Int32Array(p);
  for (let j = 0; j < p; j++) parent[j] = j;
  const find = (j: number): number => {
    while (parent[j] !== j) {
      parent[j] = parent[parent[j]];
      j = parent[j];
    }
    return j;
  };
  for (let j = 0; j < p; j++) {
    for (let k = j + 1; k < p; k++) {
      if (Math.abs(r[j * p + k]) >= threshold) {
        const a = find(j);
        const b = find(k);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  }
  const byRoot = new Map<number, number[]>();
  for (let j = 0; j < p; j++) {
    const root = find(j);
    const g = byRoot.get(root);
    if (g) g.push(j);
    else byRoot.set(root, [j]);
  }
  return [...byRoot.values()].filter((g) => g.length >= 2).sort((a, b) => a[0] - b[0]);
}

/**
 * For an orthonormal design the penalized solutions are closed forms of the OLS coefficient b:
 * Lasso (sklearn: (1/(2n))||y - Xw||² + alpha||w||₁, exact when X^T X / n = I) soft-thresholds,
 * sign(b)·max(|b| - alpha, 0); Ridge (sklearn: ||y - Xw||² + alpha||w||², exact when X^T X = I)
 * shrinks proportionally, b / (1 + alpha). Reference: Tibshirani (1996) §2.2; Hastie, Tibshirani &
 * Friedman, The Elements of Statistical Learning, Table 3.4.
 */
export function softThresholdRows(b: ArrayLike<number>, alpha: number, ridgeAlpha: number): { ols: number; lasso: number; ridge: number }[] {
  const rows: { ols: number; lasso: number; ridge: number }[] = [];
  for (let j = 0; j < b.length; j++) {
    const bj = b[j];
    const lasso = Math.sign(bj) * Math.max(Math.abs(bj) - alpha, 0);
    rows.push({ ols: bj, lasso: lasso === 0 ? 0 : lasso, ridge: bj / (1 + ridgeAlpha) });
  }
  return rows;
}
