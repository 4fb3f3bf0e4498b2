// SVG documents of the panel's charts, built from the chart data (not from the canvas): polylines
// for the series, a shaded ± SE band, axes with ticks, dashed alpha markers and a legend. Pure (no
// DOM), so the exported file is the same everywhere; every text is XML-escaped.

import type { CvResult, PathResult } from '../protocol';
import { alphaMarkers, cvCurves, metricLabel, pathLines, rocPoints, type XY } from './chartData';
import type { Theme } from './theme';

export interface SvgSeries {
  name: string;
  color: string;
  points: XY[];
  width?: number;
  dash?: string;
  /** A shaded band (e.g. ± one standard error) drawn under the line. */
  band?: { upper: XY[]; lower: XY[] };
}

export interface SvgMarker {
  x: number;
  label: string;
  color: string;
  dash?: string;
}

export interface SvgChart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: SvgSeries[];
  markers: SvgMarker[];
  colors: { background: string; foreground: string; grid: string };
  fontFamily: string;
}

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** About `count` round tick values covering [min, max]. */
export function niceTicks(min: number, max: number, count = 6): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : +v.toPrecision(12));
  return out;
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : String(+v.toPrecision(4)));
const px = (v: number) => v.toFixed(2);

export function chartSvg(c: SvgChart, width = 880, height = 520): string {
  const legend = c.series.filter((s) => s.name).slice(0, 40);
  const legendWidth = legend.length ? Math.min(220, 40 + Math.max(...legend.map((s) => s.name.length)) * 7) : 0;
  const m = { left: 72, right: 16 + legendWidth, top: 40, bottom: 56 };
  const w = width - m.left - m.right;
  const hgt = height - m.top - m.bottom;
  const all = c.series.flatMap((s) => [...s.points, ...(s.band ? [...s.band.upper, ...s.band.lower] : [])]).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  let xMin = Math.min(...all.map((p) => p.x)), xMax = Math.max(...all.map((p) => p.x));
  let yMin = Math.min(...all.map((p) => p.y)), yMax = Math.max(...all.map((p) => p.y));
  if (!all.length) { xMin = 0; xMax = 1; yMin = 0; yMax = 1; }
  if (xMax === xMin) { xMin -= 0.5; xMax += 0.5; }
  if (yMax === yMin) { yMin -= 0.5; yMax += 0.5; }
  const pad = (yMax - yMin) * 0.04;
  yMin -= pad; yMax += pad;
  const X = (x: number) => m.left + ((x - xMin) / (xMax - xMin)) * w;
  const Y = (y: number) => m.top + (1 - (y - yMin) / (yMax - yMin)) * hgt;
  const line = (pts: XY[]) => pts.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)).map((p, i) => `${i ? 'L' : 'M'}${px(X(p.x))},${px(Y(p.y))}`).join('');
  const { background, foreground, grid } = c.colors;
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(c.fontFamily)}" font-size="12">`,
    `<title>${escapeXml(c.title)}</title>`,
    `<rect width="100%" height="100%" fill="${escapeXml(background)}"/>`,
    `<text x="${m.left}" y="22" fill="${escapeXml(foreground)}" font-size="14" font-weight="600">${escapeXml(c.title)}</text>`,
    `<g stroke="${escapeXml(grid)}" stroke-width="1">`,
  ];
  const xt = niceTicks(xMin, xMax), yt = niceTicks(yMin, yMax);
  for (const t of xt) out.push(`<line x1="${px(X(t))}" y1="${m.top}" x2="${px(X(t))}" y2="${m.top + hgt}"/>`);
  for (const t of yt) out.push(`<line x1="${m.left}" y1="${px(Y(t))}" x2="${m.left + w}" y2="${px(Y(t))}"/>`);
  out.push('</g>', `<g fill="${escapeXml(foreground)}">`);
  for (const t of xt) out.push(`<text x="${px(X(t))}" y="${m.top + hgt + 18}" text-anchor="middle">${escapeXml(fmt(t))}</text>`);
  for (const t of yt) out.push(`<text x="${m.left - 8}" y="${px(Y(t) + 4)}" text-anchor="end">${escapeXml(fmt(t))}</text>`);
  out.push(
    `<text x="${m.left + w / 2}" y="${height - 14}" text-anchor="middle">${escapeXml(c.xLabel)}</text>`,
    `<text transform="translate(18 ${m.top + hgt / 2}) rotate(-90)" text-anchor="middle">${escapeXml(c.yLabel)}</text>`,
    '</g>',
    `<rect x="${m.left}" y="${m.top}" width="${px(w)}" height="${px(hgt)}" fill="none" stroke="${escapeXml(foreground)}" stroke-opacity="0.5"/>`,
    `<clipPath id="plot"><rect x="${m.left}" y="${m.top}" width="${px(w)}" height="${px(hgt)}"/></clipPath>`,
    '<g clip-path="url(#plot)" fill="none">',
  );
  for (const s of c.series) {
    if (s.band) {
      const d = `${line(s.band.upper)}${line([...s.band.lower].reverse()).replace(/^M/, 'L')}Z`;
      out.push(`<path d="${d}" fill="${escapeXml(s.color)}" fill-opacity="0.15" stroke="none"/>`);
    }
  }
  for (const s of c.series) {
    out.push(`<path d="${line(s.points)}" stroke="${escapeXml(s.color)}" stroke-width="${s.width ?? 1.75}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}><title>${escapeXml(s.name)}</title></path>`);
  }
  c.markers.forEach((mk, i) => {
    if (mk.x < xMin || mk.x > xMax) return;
    const x = px(X(mk.x));
    out.push(
      `<line x1="${x}" y1="${m.top}" x2="${x}" y2="${m.top + hgt}" stroke="${escapeXml(mk.color)}" stroke-width="1.25"${mk.dash ? ` stroke-dasharray="${mk.dash}"` : ''}/>`,
      `<text x="${px(X(mk.x) + 4)}" y="${m.top + 14 + i * 14}" fill="${escapeXml(mk.color)}" stroke="none">${escapeXml(mk.label)}</text>`,
    );
  });
  out.push('</g>');
  if (legend.length) {
    out.push(`<g transform="translate(${width - legendWidth} ${m.top})" fill="${escapeXml(foreground)}">`);
    legend.forEach((s, i) => {
      out.push(`<line x1="0" y1="${i * 16 + 6}" x2="18" y2="${i * 16 + 6}" stroke="${escapeXml(s.color)}" stroke-width="3"/>`, `<text x="24" y="${i * 16 + 10}">${escapeXml(s.name)}</text>`);
    });
    if (c.series.length > legend.length) out.push(`<text x="0" y="${legend.length * 16 + 10}">… ${c.series.length - legend.length} more</text>`);
    out.push('</g>');
  }
  out.push('</svg>', '');
  return out.join('\n');
}

function markerSvg(cv: CvResult | undefined, currentAlpha: number | undefined, logistic: boolean, theme: Theme): SvgMarker[] {
  return alphaMarkers(cv, currentAlpha, logistic).map((mk) => ({
    x: mk.x,
    label: mk.label,
    color: mk.kind === 'min' ? theme.red : mk.kind === '1se' ? theme.orange : theme.foreground,
    dash: mk.kind === 'min' ? '6 4' : mk.kind === '1se' ? '2 3' : undefined,
  }));
}

function colors(theme: Theme) {
  return { background: theme.background, foreground: theme.foreground, grid: theme.grid };
}

export function pathSvg(path: PathResult, cv: CvResult | undefined, currentAlpha: number | undefined, theme: Theme, name: string): string {
  const lines = pathLines(path, theme.palette);
  const logistic = path.model === 'logistic';
  return chartSvg({
    title: `Regularization path: ${name}`,
    xLabel: logistic ? 'log10(1/C)' : 'log10(alpha)',
    yLabel: 'coefficient (standardized scale)',
    series: lines.names.map((n, k) => ({ name: n, color: lines.colors[k], width: lines.width, points: Array.from(lines.xs, (x, i) => ({ x, y: lines.ys[k][i] })) })),
    markers: markerSvg(cv, currentAlpha, logistic, theme),
    colors: colors(theme),
    fontFamily: theme.fontFamily,
  });
}

export function cvSvg(cv: CvResult, currentAlpha: number | undefined, theme: Theme, name: string): string {
  const logistic = cv.model === 'logistic';
  return chartSvg({
    title: `Cross-validation: ${name}, ${cv.folds} folds`,
    xLabel: logistic ? 'log10(1/C)' : 'log10(alpha)',
    yLabel: `${metricLabel(cv.metric)} (± 1 SE)`,
    series: cvCurves(cv).map((c, k) => ({
      name: c.label, color: theme.palette[k % Math.max(1, theme.palette.length)] ?? theme.blue, points: c.mean, width: c.best ? 2 : 1,
      band: c.best ? { upper: c.upper, lower: c.lower } : undefined,
    })),
    markers: markerSvg(cv, currentAlpha, logistic, theme),
    colors: colors(theme),
    fontFamily: theme.fontFamily,
  });
}

export function rocSvg(roc: { fpr: number[]; tpr: number[] }, auc: number, theme: Theme): string {
  return chartSvg({
    title: `ROC curve, AUC ${+auc.toPrecision(4)}`,
    xLabel: 'false positive rate',
    yLabel: 'true positive rate',
    series: [
      { name: 'ROC', color: theme.blue, points: rocPoints(roc), width: 2 },
      { name: 'chance', color: theme.muted, points: [{ x: 0, y: 0 }, { x: 1, y: 1 }], width: 1, dash: '4 4' },
    ],
    markers: [],
    colors: colors(theme),
    fontFamily: theme.fontFamily,
  });
}
