// Turns the pipeline's PathResult / CvResult / ROC into the {x, y} point arrays Chart.js draws with
// parsing: false. Pure, unit tested; colours are passed in (read from the theme by theme.ts).

import type { CvResult, PathResult } from '../protocol';

export interface XY {
  x: number;
  y: number;
}

/**
 * A path ready to draw: x = log10(alpha) ascending (the pipeline sends alphas descending) shared
 * by every line, one Float64Array of coefficients per design column in the same order. Alphas
 * that are not positive have no logarithm and are skipped.
 */
export interface PathLines {
  names: string[];
  xs: Float64Array;
  ys: Float64Array[];
  colors: string[];
  /** Line width in CSS pixels: thinner when there are many lines. */
  width: number;
}

export function pathLines(path: PathResult, palette: readonly string[]): PathLines {
  const order = ascendingLogAlphaOrder(path.alphas);
  const names = Object.keys(path.coef);
  const xs = new Float64Array(order.length);
  for (let i = 0; i < order.length; i++) xs[i] = Math.log10(path.alphas[order[i]]);
  const ys: Float64Array[] = new Array(names.length);
  const colors: string[] = new Array(names.length);
  for (let k = 0; k < names.length; k++) {
    const coef = path.coef[names[k]];
    const y = new Float64Array(order.length);
    for (let i = 0; i < order.length; i++) y[i] = coef[order[i]];
    ys[k] = y;
    colors[k] = palette.length ? palette[k % palette.length] : '#888888';
  }
  return { names, xs, ys, colors, width: names.length > 50 ? 1 : 1.75 };
}

/** The y extent of all lines, or null when there is no point. */
export function linesYExtent(lines: PathLines): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const y of lines.ys) {
    for (let i = 0; i < y.length; i++) {
      const v = y[i];
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min <= max ? { min, max } : null;
}

/**
 * The point under the mouse: the alpha nearest to `x` (data units), then the line whose value
 * there is nearest to `y`. `maxDistance` (data units of y) bounds how far away a line may be.
 */
export function nearestPoint(lines: PathLines, x: number, y: number, maxDistance = Infinity): { line: number; index: number } | null {
  const xs = lines.xs;
  if (xs.length === 0 || lines.ys.length === 0) return null;
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  const index = Math.abs(xs[lo] - x) <= Math.abs(xs[hi] - x) ? lo : hi;
  let best = -1;
  let bestDistance = maxDistance;
  for (let k = 0; k < lines.ys.length; k++) {
    const d = Math.abs(lines.ys[k][index] - y);
    if (d < bestDistance || (best < 0 && d <= bestDistance)) {
      best = k;
      bestDistance = d;
    }
  }
  return best < 0 ? null : { line: best, index };
}

export interface Marker {
  /** log10(alpha) */
  x: number;
  alpha: number;
  kind: 'min' | '1se' | 'current';
  label: string;
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

/**
 * Vertical markers at CV's alpha_min and alpha_1se and at the alpha the single fit used. For
 * logistic regression the axis is 1/C but people think in C, so the labels name C.
 */
export function alphaMarkers(cv: CvResult | undefined, currentAlpha: number | undefined, logistic = false): Marker[] {
  const out: Marker[] = [];
  const add = (alpha: number | undefined, kind: Marker['kind'], label: string) => {
    if (alpha !== undefined && alpha > 0 && Number.isFinite(alpha)) out.push({ x: Math.log10(alpha), alpha, kind, label });
  };
  if (cv) {
    add(cv.alpha_min, 'min', logistic ? 'best C' : 'alpha_min');
    add(cv.alpha_1se, '1se', logistic ? '1-SE C' : 'alpha_1se');
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

/** Short name of a CV metric in sentences: "MSE", "AUC", "log loss", "accuracy". */
export function metricShortName(metric: CvResult['metric']): string {
  return metric === 'mse' ? 'MSE' : metric === 'auc' ? 'AUC' : metric === 'log_loss' ? 'log loss' : 'accuracy';
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
