// Pure helpers of the issue 7 views (live alpha, diagnostics, geometry): the slider's alpha grid,
// marching squares for the loss contours, default feature pair, sorted stability rows. No DOM, so
// they are unit tested under mocha (test/unit/webviewInsights.test.ts).

/** The slider over log10(alpha): the path's grid ascending, one slider step per grid point. */
export interface AlphaGrid {
  /** log10 of the path's alphas, ascending. */
  logs: number[];
  min: number;
  max: number;
}

export function alphaGrid(alphas: readonly number[]): AlphaGrid | null {
  const logs = alphas.filter((a) => a > 0 && Number.isFinite(a)).map((a) => Math.log10(a)).sort((a, b) => a - b);
  if (logs.length < 2) return null;
  return { logs, min: logs[0], max: logs[logs.length - 1] };
}

/** Index of the grid point nearest (in log10) to `alpha`. */
export function nearestIndex(grid: AlphaGrid, alpha: number): number {
  if (!(alpha > 0)) return 0;
  const x = Math.log10(alpha);
  let best = 0;
  for (let i = 1; i < grid.logs.length; i++) if (Math.abs(grid.logs[i] - x) < Math.abs(grid.logs[best] - x)) best = i;
  return best;
}

/**
 * One grid step from `alpha` (dir +1 = larger alpha). From a value between grid points the first
 * step lands on the neighbouring grid point in that direction; clamped at both ends.
 */
export function stepAlpha(grid: AlphaGrid, alpha: number, dir: 1 | -1): number {
  const x = alpha > 0 ? Math.log10(alpha) : grid.min;
  const eps = 1e-9 * Math.max(1, Math.abs(x));
  const { logs } = grid;
  if (dir > 0) {
    for (let i = 0; i < logs.length; i++) if (logs[i] > x + eps) return 10 ** logs[i];
    return 10 ** logs[logs.length - 1];
  }
  for (let i = logs.length - 1; i >= 0; i--) if (logs[i] < x - eps) return 10 ** logs[i];
  return 10 ** logs[0];
}

/** A typed alpha: a finite number > 0, else null. Accepts "0.1", "1e-3", " 2 ". */
export function parseAlpha(text: string): number | null {
  const t = text.trim();
  if (!/^[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) && v > 0 ? v : null;
}

// -----------------------------------------------------------------------------------------------
// Marching squares (Lorensen & Cline 1987, the 2-D case): the level set of a grid as segments.

export type Segment = [number, number, number, number];

/**
 * Segments of the curve loss = level, with loss[i2][i1] sampled at (w1[i1], w2[i2]). Edge
 * crossings are linearly interpolated; the two saddle cases are split by the cell's mean value.
 */
export function contourSegments(w1: readonly number[], w2: readonly number[], loss: readonly (readonly number[])[], level: number): Segment[] {
  const out: Segment[] = [];
  const n1 = w1.length;
  const n2 = w2.length;
  if (n1 < 2 || n2 < 2 || loss.length < n2) return out;
  const lerp = (a: number, b: number, va: number, vb: number) => (va === vb ? (a + b) / 2 : a + ((level - va) / (vb - va)) * (b - a));
  for (let j = 0; j < n2 - 1; j++) {
    const row0 = loss[j];
    const row1 = loss[j + 1];
    for (let i = 0; i < n1 - 1; i++) {
      // Corners: a (i, j), b (i+1, j), c (i+1, j+1), d (i, j+1), counter-clockwise.
      const va = row0[i], vb = row0[i + 1], vc = row1[i + 1], vd = row1[i];
      if (![va, vb, vc, vd].every(Number.isFinite)) continue;
      const code = (va > level ? 1 : 0) | (vb > level ? 2 : 0) | (vc > level ? 4 : 0) | (vd > level ? 8 : 0);
      if (code === 0 || code === 15) continue;
      const x0 = w1[i], x1 = w1[i + 1], y0 = w2[j], y1 = w2[j + 1];
      // Crossing points on the four edges: bottom (a-b), right (b-c), top (d-c), left (a-d).
      const bottom = (): [number, number] => [lerp(x0, x1, va, vb), y0];
      const right = (): [number, number] => [x1, lerp(y0, y1, vb, vc)];
      const top = (): [number, number] => [lerp(x0, x1, vd, vc), y1];
      const left = (): [number, number] => [x0, lerp(y0, y1, va, vd)];
      const seg = (p: [number, number], q: [number, number]) => out.push([p[0], p[1], q[0], q[1]]);
      switch (code) {
        case 1: case 14: seg(left(), bottom()); break;
        case 2: case 13: seg(bottom(), right()); break;
        case 3: case 12: seg(left(), right()); break;
        case 4: case 11: seg(right(), top()); break;
        case 6: case 9: seg(bottom(), top()); break;
        case 7: case 8: seg(left(), top()); break;
        case 5: case 10: {
          // Saddle: a and c on one side, b and d on the other; the centre decides which pair joins.
          const centreAbove = (va + vb + vc + vd) / 4 > level;
          const aAbove = code === 5;
          if (centreAbove === aAbove) {
            seg(left(), top());
            seg(bottom(), right());
          } else {
            seg(left(), bottom());
            seg(right(), top());
          }
          break;
        }
      }
    }
  }
  return out;
}

// -----------------------------------------------------------------------------------------------

/** The two design columns with the largest |coefficient| (ties: the earlier column), in that order. */
export function defaultPair(coef: Record<string, number>, columns: readonly string[]): [string, string] | null {
  if (columns.length < 2) return null;
  const ranked = columns
    .map((c, index) => ({ c, index, a: Math.abs(coef[c] ?? 0) }))
    .sort((x, y) => y.a - x.a || x.index - y.index);
  return [ranked[0].c, ranked[1].c];
}

/** Stability frequencies as rows, most often selected first (ties by name). */
export function stabilityRows(frequency: Record<string, number>): { name: string; frequency: number }[] {
  return Object.entries(frequency)
    .map(([name, f]) => ({ name, frequency: f }))
    .sort((a, b) => b.frequency - a.frequency || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** VIF as shown: null is infinite (an exact linear combination). */
export function vifText(v: number | null, format: (x: number) => string): string {
  return v === null ? '∞' : format(v);
}

/** A VIF above 10 is the usual rule of thumb for harmful collinearity. */
export function vifHigh(v: number | null): boolean {
  return v === null || v > 10;
}

/** The data extent a geometry picture must show: the grid, the points and both budgets' shapes. */
export function geometryBounds(g: { grid: { w1: number[]; w2: number[] }; ols: [number, number]; lasso: [number, number]; ridge: [number, number]; l1_budget: number; l2_budget: number }): {
  xmin: number; xmax: number; ymin: number; ymax: number;
} {
  const xs = [...g.grid.w1, g.ols[0], g.lasso[0], g.ridge[0], g.l1_budget, -g.l1_budget, g.l2_budget, -g.l2_budget, 0].filter(Number.isFinite);
  const ys = [...g.grid.w2, g.ols[1], g.lasso[1], g.ridge[1], g.l1_budget, -g.l1_budget, g.l2_budget, -g.l2_budget, 0].filter(Number.isFinite);
  return { xmin: Math.min(...xs), xmax: Math.max(...xs), ymin: Math.min(...ys), ymax: Math.max(...ys) };
}
