/**
 * The constraint-region picture for two coefficients: with every other coefficient held fixed, the
 * least-squares loss over (w1, w2) is a quadratic, and the Lasso, Elastic Net and Ridge solutions
 * of that two-variable problem have exact finite forms. Pure numerics; no I/O.
 */

/**
 * loss(w1, w2) = (1/(2n)) ||r - x1 w1 - x2 w2||²
 *              = (rr - 2 (c1 w1 + c2 w2) + g11 w1² + 2 g12 w1 w2 + g22 w2²) / (2n)
 * with r the residual of the other columns, c = [x1 x2]^T r, g = [x1 x2]^T [x1 x2], rr = ||r||².
 */
export interface Quadratic2 {
  n: number;
  rr: number;
  c1: number;
  c2: number;
  g11: number;
  g12: number;
  g22: number;
}

/**
 * The two-coefficient quadratic for columns j1, j2 of a fitted-scale design given by its Gram G
 * (p×p), Xᵀy (xty), ||y||² (yy) and n, with every other coefficient held at w (entries j1, j2 ignored).
 */
export function restrictedQuadratic(gram: Float64Array, xty: Float64Array, yy: number, n: number, p: number,
  w: ArrayLike<number>, j1: number, j2: number): Quadratic2 {
  // r = y - X_o w_o (o = others): rr = yy - 2 w_o·xty_o + w_o^T G_oo w_o, c_j = xty_j - G_jo w_o.
  let wq = 0;
  let wgw = 0;
  let c1 = xty[j1];
  let c2 = xty[j2];
  for (let k = 0; k < p; k++) {
    if (k === j1 || k === j2) continue;
    const wk = w[k];
    if (wk === 0) continue;
    wq += wk * xty[k];
    c1 -= gram[j1 * p + k] * wk;
    c2 -= gram[j2 * p + k] * wk;
    let s = 0;
    for (let l = 0; l < p; l++) if (l !== j1 && l !== j2) s += gram[k * p + l] * w[l];
    wgw += wk * s;
  }
  const rr = Math.max(0, yy - 2 * wq + wgw);
  return { n, rr, c1, c2, g11: gram[j1 * p + j1], g12: gram[j1 * p + j2], g22: gram[j2 * p + j2] };
}

export function loss2(q: Quadratic2, w1: number, w2: number): number {
  const v = q.rr - 2 * (q.c1 * w1 + q.c2 * w2) + q.g11 * w1 * w1 + 2 * q.g12 * w1 * w2 + q.g22 * w2 * w2;
  return Math.max(0, v) / (2 * q.n);
}

/** g11 g22 - g12² relative to g11 g22: 0 when the two columns are collinear (or one is constant). */
export function relativeDeterminant(q: Quadratic2): number {
  const dd = q.g11 * q.g22;
  return dd > 0 ? (dd - q.g12 * q.g12) / dd : 0;
}

/** Unpenalized minimizer: [g11 g12; g12 g22] w = c (Cramer's rule; caller checks relativeDeterminant). */
export function ols2(q: Quadratic2): [number, number] {
  const det = q.g11 * q.g22 - q.g12 * q.g12;
  return [(q.c1 * q.g22 - q.c2 * q.g12) / det, (q.g11 * q.c2 - q.g12 * q.c1) / det];
}

/** Ridge in scikit-learn's scaling, min ||r - Xw||² + alpha ||w||²: (g + alpha I) w = c. */
export function ridge2(q: Quadratic2, alpha: number): [number, number] {
  const a = q.g11 + alpha;
  const d = q.g22 + alpha;
  const det = a * d - q.g12 * q.g12;
  return [(q.c1 * d - q.c2 * q.g12) / det, (a * q.c2 - q.g12 * q.c1) / det];
}

/** Elastic net objective in scikit-learn's scaling: loss + alpha·l1·||w||₁ + alpha·(1 - l1)/2·||w||². */
export function enetObjective2(q: Quadratic2, w1: number, w2: number, alpha: number, l1Ratio: number): number {
  return loss2(q, w1, w2) + alpha * l1Ratio * (Math.abs(w1) + Math.abs(w2)) + 0.5 * alpha * (1 - l1Ratio) * (w1 * w1 + w2 * w2);
}

/**
 * Exact elastic net (Lasso at l1Ratio = 1) of the two-variable problem. The minimizer lies on one
 * orthant face (support S, signs s), where it solves (g_SS/n + λ2 I) w_S = c_S/n - λ1 s_S
 * (λ1 = alpha·l1, λ2 = alpha·(1 - l1)); every sign-consistent candidate of the nine faces is
 * feasible, and the one with the smallest objective is the minimizer (the objective is convex).
 */
export function enet2(q: Quadratic2, alpha: number, l1Ratio: number): [number, number] {
  const n = q.n;
  const l1 = alpha * l1Ratio;
  const l2 = alpha * (1 - l1Ratio);
  const h11 = q.g11 / n + l2;
  const h22 = q.g22 / n + l2;
  const h12 = q.g12 / n;
  const b1 = q.c1 / n;
  const b2 = q.c2 / n;
  let best: [number, number] = [0, 0];
  let bestF = enetObjective2(q, 0, 0, alpha, l1Ratio);
  const consider = (w1: number, w2: number) => {
    if (!Number.isFinite(w1) || !Number.isFinite(w2)) return;
    const f = enetObjective2(q, w1, w2, alpha, l1Ratio);
    if (f < bestF) {
      bestF = f;
      best = [w1, w2];
    }
  };
  for (const s of [1, -1]) {
    // Only w1 non-zero, sign s.
    if (h11 > 0) {
      const w1 = (b1 - l1 * s) / h11;
      if (w1 * s > 0) consider(w1, 0);
    }
    if (h22 > 0) {
      const w2 = (b2 - l1 * s) / h22;
      if (w2 * s > 0) consider(0, w2);
    }
  }
  const det = h11 * h22 - h12 * h12;
  if (det > 1e-14 * h11 * h22) {
    for (const s1 of [1, -1]) {
      for (const s2 of [1, -1]) {
        const r1 = b1 - l1 * s1;
        const r2 = b2 - l1 * s2;
        const w1 = (r1 * h22 - r2 * h12) / det;
        const w2 = (h11 * r2 - h12 * r1) / det;
        if (w1 * s1 > 0 && w2 * s2 > 0) consider(w1, w2);
      }
    }
  }
  return best;
}

export interface LossGrid {
  w1: number[];
  w2: number[];
  /** loss[i2][i1] at (w1[i1], w2[i2]). */
  loss: number[][];
  levels: number[];
}

/**
 * The loss on a size × size grid covering `points` (OLS point, origin, solutions, budget corners)
 * with a margin; both axes get the same span so circles stay circles on a square plot. Levels: the
 * loss at each of `through` plus a geometric sequence of excess loss over the minimum.
 */
export function lossGrid(q: Quadratic2, points: [number, number][], through: [number, number][], size = 61, nGeometric = 10): LossGrid {
  let lo1 = Infinity, hi1 = -Infinity, lo2 = Infinity, hi2 = -Infinity;
  for (const [a, b] of points) {
    lo1 = Math.min(lo1, a); hi1 = Math.max(hi1, a);
    lo2 = Math.min(lo2, b); hi2 = Math.max(hi2, b);
  }
  let span = Math.max(hi1 - lo1, hi2 - lo2);
  if (!(span > 0)) span = 1;
  const half = 0.5 * span * 1.3;
  const m1 = 0.5 * (lo1 + hi1);
  const m2 = 0.5 * (lo2 + hi2);
  const axis = (mid: number) => Array.from({ length: size }, (_, i) => mid - half + (2 * half * i) / (size - 1));
  const w1 = axis(m1);
  const w2 = axis(m2);
  const loss: number[][] = [];
  let gmax = 0;
  for (let i2 = 0; i2 < size; i2++) {
    const row = new Array<number>(size);
    for (let i1 = 0; i1 < size; i1++) {
      row[i1] = loss2(q, w1[i1], w2[i2]);
      if (row[i1] > gmax) gmax = row[i1];
    }
    loss.push(row);
  }
  const wo = ols2(q);
  const lmin = Number.isFinite(wo[0]) && Number.isFinite(wo[1]) ? loss2(q, wo[0], wo[1]) : 0;
  const levels = new Set<number>();
  for (const [a, b] of through) levels.add(loss2(q, a, b));
  const excessMax = gmax - lmin;
  if (excessMax > 0 && nGeometric > 0) {
    // Excess loss from 1e-3 of the grid's range up to 0.8 of it, evenly spaced in log.
    const e0 = excessMax * 1e-3;
    const e1 = excessMax * 0.8;
    for (let k = 0; k < nGeometric; k++) levels.add(lmin + e0 * Math.pow(e1 / e0, nGeometric === 1 ? 1 : k / (nGeometric - 1)));
  }
  return { w1, w2, loss, levels: [...levels].filter((v) => Number.isFinite(v)).sort((a, b) => a - b) };
}
