// The C × l1_ratio CV grid of logistic regression, as rows and cells for a coloured table.
// Pure, unit tested.

import type { CvResult } from '../protocol';

export interface HeatmapCell {
  C: number;
  l1Ratio: number;
  value: number;
  /** 0..1 position on the colour scale; higher is better for AUC and accuracy, worse for log loss. */
  position: number;
  best: boolean;
}

export interface Heatmap {
  /** One row per l1_ratio, one cell per C (C ascending left to right as in the Cs list). */
  rows: { l1Ratio: number; cells: HeatmapCell[] }[];
  Cs: number[];
  min: number;
  max: number;
}

type Grid = NonNullable<CvResult['grid']>;

/**
 * `grid.mean` is indexed [C][l1_ratio] (C × l1_ratio, as the name says); a matrix that is clearly
 * the transpose ([l1_ratio][C]) is read that way too so a non-square grid is never misread.
 * `higherIsBetter` orients the colour scale (true for AUC).
 */
export function buildHeatmap(grid: Grid, higherIsBetter: boolean): Heatmap {
  const nC = grid.Cs.length;
  const nL = grid.l1_ratios.length;
  const cMajor = !(grid.mean.length === nL && nL !== nC && (grid.mean[0]?.length ?? 0) === nC);
  const at = (ci: number, li: number): number => (cMajor ? grid.mean[ci]?.[li] : grid.mean[li]?.[ci]) ?? NaN;
  let min = Infinity;
  let max = -Infinity;
  for (let ci = 0; ci < nC; ci++) {
    for (let li = 0; li < nL; li++) {
      const v = at(ci, li);
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const rows = grid.l1_ratios.map((l1Ratio, li) => ({
    l1Ratio,
    cells: grid.Cs.map((C, ci) => {
      const value = at(ci, li);
      let position = !Number.isFinite(value) ? 0 : max > min ? (value - min) / (max - min) : 0.5;
      if (!higherIsBetter) position = 1 - position;
      return { C, l1Ratio, value, position, best: sameNumber(C, grid.best.C) && sameNumber(l1Ratio, grid.best.l1_ratio) };
    }),
  }));
  return { rows, Cs: grid.Cs.slice(), min, max };
}

function sameNumber(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
}
