// Turns the pipeline's PathResult / CvResult / ROC into the {x, y} point arrays Chart.js draws with
// parsing: false. Pure, unit tested; colours are passed in (read from the theme by theme.ts).

import type { CvResult, PathResult } from '../protocol';

export interface XY {
  x: number;
  y: number;
}

export interface LineSeries {
  /** The design column (CSV-derived; Chart.js draws it on the canvas as text). */
  label: string;
  data: XY[];
  color: string;
  width: number;
}

export interface Marker {
  /** log10(alpha) */
  x: number;
  alpha: number;
  kind: 'min' | '1se' | 'current';
  label: string;
}

/**
 * One line per design column: coefficient (fitted, standardized scale) against log10(alpha).
 * The pipeline sends alphas descending; points are emitted with x ascending because Chart.js
 * binary-searches sorted data when it looks for the point under the mouse. Alphas that are not
 * positive have no logarithm and are skipped.
 */
export function pathSeries(path: PathResult, palette: readonly string[]): LineSeries[] {
  const order = ascendingLogAlphaOrder(path.alphas);
  const names = Object.keys(path.coef);
  const width = names.length > 50 ? 1 : 1.75;
  const out: LineSeries[] = new Array(names.length);
  for (let k = 0; k < names.length; k++) {
    const coef = path.coef[names[k]];
    const data: XY[] = new Array(order.length);
    for (let i = 0; i < order.length; i++) {
      const j = order[i];
      data[i] = { x: Math.log10(path.alphas[j]), y: coef[j] };
    }
    out[k] = { label: names[k], data, color: palette.length ? palette[k % palette.length] : '#888888', width };
  }
  return out;
}

/** Indices of the positive alphas, ordered by log10(alpha) ascending. */
export function ascendingLogAlphaOrder(alphas: readonly number[]): number[] {
  const idx: number[] = [];
  for (let i = 0; i < alphas.length; i++) if (alphas[i] > 0 && Number.isFinite(alphas[i])) idx.push(i);
  return idx.sort((a, b) => alphas[a] - alphas[b]);
}

/** The x extent of a set of alphas in log10 units, or null when none is positive. */
export function logAlphaExtent(alphas: readonly number[]): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const a of alphas) {
    if (!(a > 0) || !Number.isFinite(a)) continue;
    const v = Math.log10(a);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : null;
}

/** Vertical markers at CV's alpha_min and alpha_1se and at the alpha the single fit used. */
export function alphaMarkers(cv: CvResult | undefined, currentAlpha: number | undefined): Marker[] {
  const out: Marker[] = [];
  const add = (alpha: number | undefined, kind: Marker['kind'], label: string) => {
    if (alpha !== undefined && alpha > 0 && Number.isFinite(alpha)) out.push({ x: Math.log10(alpha), alpha, kind, label });
  };
  if (cv) {
    add(cv.alpha_min, 'min', 'alpha_min');
    add(cv.alpha_1se, '1se', 'alpha_1se');
  }
  add(currentAlpha, 'current', 'current');
  return out;
}

export interface CvCurve {
  label: string;
  l1Ratio: number | null;
  mean: XY[];
  upper: XY[];
  lower: XY[];
  /** The curve the markers belong to (drawn with its ± SE band). */
  best: boolean;
}

/**
 * The CV curves to draw: the chosen one (top-level fields, with its band) first, then, for
 * Elastic Net CV over several l1_ratios, one thin line per other ratio.
 */
export function cvCurves(cv: CvResult): CvCurve[] {
  const curves: CvCurve[] = [
    curve(cv.alphas, cv.cv_mean, cv.cv_se, cv.l1_ratio, true, cv.model === 'elasticnet' && cv.l1_ratio !== null ? `l1_ratio ${cv.l1_ratio}` : 'mean'),
  ];
  for (const r of cv.by_l1_ratio ?? []) {
    if (r.l1_ratio === cv.l1_ratio) continue;
    curves.push(curve(r.alphas, r.cv_mean, r.cv_se, r.l1_ratio, false, `l1_ratio ${r.l1_ratio}`));
  }
  return curves;
}

function curve(alphas: readonly number[], mean: readonly number[], se: readonly number[], l1Ratio: number | null, best: boolean, label: string): CvCurve {
  const order = ascendingLogAlphaOrder(alphas);
  const m: XY[] = [];
  const u: XY[] = [];
  const l: XY[] = [];
  for (const j of order) {
    const x = Math.log10(alphas[j]);
    const s = se[j] ?? 0;
    m.push({ x, y: mean[j] });
    u.push({ x, y: mean[j] + s });
    l.push({ x, y: mean[j] - s });
  }
  return { label, l1Ratio, mean: m, upper: u, lower: l, best };
}

/** Human name of a CV metric for the y axis. */
export function metricLabel(metric: CvResult['metric']): string {
  switch (metric) {
    case 'mse':
      return 'CV mean squared error';
    case 'auc':
      return 'CV AUC';
    case 'log_loss':
      return 'CV log loss';
    case 'accuracy':
      return 'CV accuracy';
  }
}

/** ROC points (fpr, tpr) in the order given, which the pipeline sends by increasing threshold rank. */
export function rocPoints(roc: { fpr: number[]; tpr: number[] }): XY[] {
  const n = Math.min(roc.fpr.length, roc.tpr.length);
  const out: XY[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = { x: roc.fpr[i], y: roc.tpr[i] };
  return out;
}

/** A row of the path's table alternative (screen readers, copying numbers). */
export interface PathSummaryRow {
  name: string;
  /** The largest alpha at which the coefficient is non-zero (where it enters), or null if never. */
  entryAlpha: number | null;
  /** Coefficient at the smallest alpha on the path (least penalized). */
  finalCoef: number;
  /** Coefficient at the alpha nearest to `atAlpha` (e.g. alpha_min), or null when not asked. */
  coefAt: number | null;
}

export function pathSummaryRows(path: PathResult, atAlpha?: number): PathSummaryRow[] {
  const alphas = path.alphas;
  let smallest = -1;
  let nearest = -1;
  for (let i = 0; i < alphas.length; i++) {
    if (smallest < 0 || alphas[i] < alphas[smallest]) smallest = i;
    if (atAlpha !== undefined && atAlpha > 0 && alphas[i] > 0) {
      if (nearest < 0 || Math.abs(Math.log(alphas[i] / atAlpha)) < Math.abs(Math.log(alphas[nearest] / atAlpha))) nearest = i;
    }
  }
  const order = alphas.map((_, i) => i).sort((a, b) => alphas[b] - alphas[a]);
  return Object.keys(path.coef).map((name) => {
    const coef = path.coef[name];
    let entryAlpha: number | null = null;
    for (const i of order) {
      if (coef[i] !== 0) {
        entryAlpha = alphas[i];
        break;
      }
    }
    return { name, entryAlpha, finalCoef: smallest >= 0 ? coef[smallest] : NaN, coefAt: nearest >= 0 ? coef[nearest] : null };
  });
}

/** The y extent of many series (so axes can be fixed without Chart.js scanning 100k points twice). */
export function yExtent(series: readonly { data: readonly XY[] }[]): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const s of series) {
    for (const p of s.data) {
      if (p.y < min) min = p.y;
      if (p.y > max) max = p.y;
    }
  }
  return min <= max ? { min, max } : null;
}
