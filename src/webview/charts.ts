// Chart.js charts for the path, the CV curve and the ROC curve. Only the pieces used are imported
// and registered (tree-shaken bundle). Chart.js evaluates no strings as code, so it runs under the
// panel's CSP; it sizes the canvas through CSSOM (element.style), which style-src does not block.

import {
  Chart,
  Decimation,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartDataset,
  type ChartOptions,
  type ChartType,
  type Plugin,
  type TooltipItem,
} from 'chart.js';
import type { CvResult, PathResult } from '../protocol';
import { alphaMarkers, cvCurves, linesYExtent, logAlphaExtent, metricLabel, nearestPoint, pathLines, rocPoints, yExtent, type Marker, type PathLines, type XY } from './chartData';
import { withAlpha } from './color';
import { formatSig } from './format';
import type { Theme } from './theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip, Filler, Decimation);

interface MarkerPluginOptions {
  markers: Marker[];
  colors: Record<Marker['kind'], string>;
  font: string;
}

declare module 'chart.js' {
  interface PluginOptionsByType<TType extends ChartType> {
    alphaMarkers?: MarkerPluginOptions & { _type?: TType };
  }
}

/** Vertical dashed lines at alpha_min, alpha_1se and the current alpha, labelled at the top. */
const alphaMarkersPlugin: Plugin<'line'> = {
  id: 'alphaMarkers',
  afterDatasetsDraw(chart, _args, opts) {
    const options = opts as unknown as MarkerPluginOptions | undefined;
    if (!options || !options.markers) return;
    const { ctx, chartArea } = chart;
    const x = chart.scales.x;
    ctx.save();
    ctx.font = options.font;
    ctx.textBaseline = 'top';
    options.markers.forEach((m, i) => {
      const px = x.getPixelForValue(m.x);
      if (px < chartArea.left - 0.5 || px > chartArea.right + 0.5) return;
      const color = options.colors[m.kind];
      ctx.strokeStyle = color;
      ctx.fillStyle = color;
      ctx.lineWidth = m.kind === 'current' ? 1.5 : 1.25;
      ctx.setLineDash(m.kind === 'min' ? [6, 4] : m.kind === '1se' ? [2, 3] : []);
      ctx.beginPath();
      ctx.moveTo(px, chartArea.top);
      ctx.lineTo(px, chartArea.bottom);
      ctx.stroke();
      const w = ctx.measureText(m.label).width;
      const right = px + 4 + w > chartArea.right;
      ctx.textAlign = right ? 'right' : 'left';
      ctx.fillText(m.label, right ? px - 4 : px + 4, chartArea.top + 2 + i * 14);
    });
    ctx.restore();
  },
};

function markerColors(theme: Theme): Record<Marker['kind'], string> {
  return { min: theme.red, '1se': theme.orange, current: theme.foreground };
}

function baseOptions(theme: Theme, xTitle: string, yTitle: string): ChartOptions<'line'> {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false,
    normalized: true,
    spanGaps: true,
    color: theme.foreground,
    font: { family: theme.fontFamily, size: theme.fontSize },
    elements: {
      point: { radius: 0, hitRadius: 4, hoverRadius: 3 },
      line: { tension: 0, borderJoinStyle: 'round' },
    },
    scales: {
      x: {
        type: 'linear',
        title: { display: true, text: xTitle, color: theme.foreground },
        ticks: { color: theme.muted, includeBounds: false, callback: (v) => formatSig(Number(v), 3) },
        grid: { color: theme.grid },
        border: { color: theme.border },
      },
      y: {
        type: 'linear',
        title: { display: true, text: yTitle, color: theme.foreground },
        ticks: { color: theme.muted, includeBounds: false, callback: (v) => formatSig(Number(v), 4) },
        grid: { color: theme.grid },
        border: { color: theme.border },
      },
    },
    plugins: {
      decimation: { enabled: true, algorithm: 'min-max' },
      tooltip: {
        backgroundColor: theme.tooltipBackground,
        titleColor: theme.tooltipForeground,
        bodyColor: theme.tooltipForeground,
        borderColor: theme.tooltipBorder,
        borderWidth: 1,
        titleFont: { family: theme.fontFamily },
        bodyFont: { family: theme.fontFamily },
        displayColors: true,
      },
    },
  };
}

function pad(extent: { min: number; max: number } | null, frac: number): { min?: number; max?: number } {
  if (!extent) return {};
  const span = extent.max - extent.min || Math.abs(extent.max) || 1;
  return { min: extent.min - span * frac, max: extent.max + span * frac };
}

export interface DrawnChart {
  chart: Chart<'line', XY[]>;
  series: number;
  renderMs: number;
}

/**
 * Draws every path line straight onto the canvas, one stroke per colour, into a cached bitmap
 * that is blitted on later draws (hover). Chart.js datasets would make one element per point
 * (100,000 for 1,000 features × 100 alphas) and redraw them all on every mouse move; this keeps a
 * 1,000-feature path well under 100 ms. Chart.js still draws the axes, grid and markers.
 */
class PathLayer {
  hovered: { line: number; index: number } | null = null;
  private cache: HTMLCanvasElement | null = null;
  private cacheKey = '';

  constructor(readonly lines: PathLines) {}

  readonly plugin: Plugin<'line'> = {
    id: 'pathLines',
    beforeDatasetsDraw: (chart) => this.draw(chart as unknown as Chart),
  };

  private draw(chart: Chart): void {
    const { ctx, chartArea } = chart;
    const x = chart.scales.x;
    const y = chart.scales.y;
    const dpr = chart.currentDevicePixelRatio || 1;
    const key = `${chart.width}x${chart.height}@${dpr}|${x.min},${x.max},${y.min},${y.max}|${chartArea.left},${chartArea.top},${chartArea.right},${chartArea.bottom}`;
    if (key !== this.cacheKey || !this.cache) {
      const off = this.cache ?? document.createElement('canvas');
      off.width = Math.max(1, Math.round(chart.width * dpr));
      off.height = Math.max(1, Math.round(chart.height * dpr));
      const octx = off.getContext('2d')!;
      octx.setTransform(dpr, 0, 0, dpr, 0, 0);
      octx.clearRect(0, 0, chart.width, chart.height);
      this.strokeAll(octx, chart);
      this.cache = off;
      this.cacheKey = key;
    }
    ctx.drawImage(this.cache, 0, 0, chart.width, chart.height);
    if (this.hovered) this.strokeOne(ctx, chart, this.hovered.line, this.hovered.index);
  }

  private transform(chart: Chart): { px: (v: number) => number; py: (v: number) => number } {
    const a = chart.chartArea;
    const x = chart.scales.x;
    const y = chart.scales.y;
    const sx = (a.right - a.left) / (x.max - x.min || 1);
    const sy = (a.bottom - a.top) / (y.max - y.min || 1);
    return { px: (v) => a.left + (v - x.min) * sx, py: (v) => a.top + (y.max - v) * sy };
  }

  private strokeAll(ctx: CanvasRenderingContext2D, chart: Chart): void {
    const { xs, ys, colors, width } = this.lines;
    const a = chart.chartArea;
    const { px, py } = this.transform(chart);
    const X = new Float64Array(xs.length);
    for (let i = 0; i < xs.length; i++) X[i] = px(xs[i]);
    // One path per colour: a few strokes instead of one per line.
    const byColor = new Map<string, number[]>();
    for (let k = 0; k < ys.length; k++) {
      const group = byColor.get(colors[k]);
      if (group) group.push(k);
      else byColor.set(colors[k], [k]);
    }
    ctx.save();
    ctx.beginPath();
    ctx.rect(a.left, a.top, a.right - a.left, a.bottom - a.top);
    ctx.clip();
    ctx.lineWidth = width;
    ctx.lineJoin = 'round';
    for (const [color, members] of byColor) {
      ctx.beginPath();
      for (const k of members) {
        const y = ys[k];
        ctx.moveTo(X[0], py(y[0]));
        for (let i = 1; i < X.length; i++) ctx.lineTo(X[i], py(y[i]));
      }
      ctx.strokeStyle = color;
      ctx.stroke();
    }
    ctx.restore();
  }

  private strokeOne(ctx: CanvasRenderingContext2D, chart: Chart, k: number, index: number): void {
    const { xs, ys, colors, width } = this.lines;
    const a = chart.chartArea;
    const { px, py } = this.transform(chart);
    ctx.save();
    ctx.beginPath();
    ctx.rect(a.left, a.top, a.right - a.left, a.bottom - a.top);
    ctx.clip();
    ctx.lineWidth = Math.max(3, width * 2.5);
    ctx.strokeStyle = colors[k];
    ctx.beginPath();
    ctx.moveTo(px(xs[0]), py(ys[k][0]));
    for (let i = 1; i < xs.length; i++) ctx.lineTo(px(xs[i]), py(ys[k][i]));
    ctx.stroke();
    ctx.beginPath();
    ctx.fillStyle = colors[k];
    ctx.arc(px(xs[index]), py(ys[k][index]), 4, 0, Math.PI * 2);
    ctx.fill();
    ctx.restore();
  }
}

/** Coefficients against log10(alpha), one line per design column, with a hover tooltip. */
export function drawPathChart(
  canvas: HTMLCanvasElement,
  tooltip: HTMLElement,
  path: PathResult,
  cv: CvResult | undefined,
  currentAlpha: number | undefined,
  theme: Theme,
): DrawnChart {
  const t0 = performance.now();
  const lines = pathLines(path, theme.palette);
  const layer = new PathLayer(lines);
  const logistic = path.model === 'logistic';
  const options = baseOptions(theme, logistic ? 'log10(1/C)' : 'log10(alpha)', 'coefficient (standardized scale)');
  Object.assign(options.scales!.x!, logAlphaExtent(path.alphas) ?? { min: -1, max: 1 });
  Object.assign(options.scales!.y!, pad(linesYExtent(lines), 0.04));
  options.events = ['mousemove', 'mouseout'];
  options.plugins!.tooltip!.enabled = false;
  options.plugins!.alphaMarkers = {
    markers: alphaMarkers(cv, currentAlpha, logistic),
    colors: markerColors(theme),
    font: `${theme.fontSize - 1}px ${theme.fontFamily}`,
  };
  options.onHover = (event, _elements, chart) => {
    const a = chart.chartArea;
    const inside = event.type !== 'mouseout' && event.x !== null && event.y !== null && event.x >= a.left && event.x <= a.right && event.y >= a.top && event.y <= a.bottom;
    let hit: { line: number; index: number } | null = null;
    if (inside) {
      const xv = chart.scales.x.getValueForPixel(event.x!)!;
      const yv = chart.scales.y.getValueForPixel(event.y!)!;
      const yPerPx = (chart.scales.y.max - chart.scales.y.min) / Math.max(1, a.bottom - a.top);
      hit = nearestPoint(lines, xv, yv, 24 * yPerPx);
    }
    const same = hit && layer.hovered && hit.line === layer.hovered.line && hit.index === layer.hovered.index;
    if (same || (!hit && !layer.hovered)) return;
    layer.hovered = hit;
    chart.draw();
    if (!hit) {
      tooltip.hidden = true;
      return;
    }
    const name = lines.names[hit.line];
    const value = lines.ys[hit.line][hit.index];
    const alpha = 10 ** lines.xs[hit.index];
    const title = document.createElement('b');
    title.textContent = name;
    tooltip.replaceChildren(title, document.createElement('br'), document.createTextNode(`${formatSig(value)} at ${logistic ? `C = ${formatSig(1 / alpha)}` : `alpha = ${formatSig(alpha)}`}`));
    tooltip.hidden = false;
    // CSSOM position (allowed by the CSP); flip to the left half when near the right edge.
    const left = event.x! + 14;
    tooltip.style.left = `${left}px`;
    tooltip.style.top = `${Math.max(0, event.y! - 10)}px`;
    tooltip.style.transform = event.x! > (a.left + a.right) / 2 ? 'translateX(calc(-100% - 28px))' : '';
  };
  const chart = new Chart<'line', XY[]>(canvas, { type: 'line', data: { datasets: [] }, options, plugins: [layer.plugin, alphaMarkersPlugin] });
  return { chart, series: lines.names.length, renderMs: performance.now() - t0 };
}

/** Mean CV score ± one standard error against log10(alpha), with alpha_min and alpha_1se marked. */
export function drawCvChart(canvas: HTMLCanvasElement, cv: CvResult, currentAlpha: number | undefined, theme: Theme): DrawnChart {
  const t0 = performance.now();
  const curves = cvCurves(cv);
  const datasets: ChartDataset<'line', XY[]>[] = [];
  const others = [theme.green, theme.purple, theme.orange, theme.yellow, theme.red];
  const seByDataset = new Map<number, number[]>();
  curves.forEach((c, i) => {
    const color = c.best ? theme.blue : others[(i - 1) % others.length];
    if (c.best) {
      // The ± SE band: the upper edge filled down to the lower edge ('+1' = the next dataset).
      datasets.push({ label: `${c.label} + SE`, data: c.upper, borderColor: withAlpha(color, 0.5), borderWidth: 0.75, backgroundColor: withAlpha(color, 0.18), fill: '+1', pointRadius: 0 });
      datasets.push({ label: `${c.label} − SE`, data: c.lower, borderColor: withAlpha(color, 0.5), borderWidth: 0.75, fill: false, pointRadius: 0 });
    }
    seByDataset.set(datasets.length, c.upper.map((u, k) => u.y - c.mean[k].y));
    datasets.push({ label: c.label, data: c.mean, borderColor: color, backgroundColor: color, borderWidth: c.best ? 2 : 1.25, fill: false, pointRadius: c.best ? 1.5 : 0 });
  });
  const options = baseOptions(theme, cv.model === 'logistic' ? 'log10(1/C)' : 'log10(alpha)', metricLabel(cv.metric));
  Object.assign(options.scales!.x!, logAlphaExtent(cv.alphas.concat(...(cv.by_l1_ratio ?? []).map((r) => r.alphas))) ?? {});
  Object.assign(options.scales!.y!, pad(yExtent(datasets.map((d) => ({ data: d.data }))), 0.05));
  options.interaction = { mode: 'nearest', intersect: false, axis: 'x' };
  options.plugins!.tooltip!.filter = (item: TooltipItem<'line'>) => seByDataset.has(item.datasetIndex);
  options.plugins!.tooltip!.callbacks = {
    title: (items: TooltipItem<'line'>[]) => {
      if (!items.length) return '';
      const a = 10 ** (items[0].parsed.x ?? NaN);
      return cv.model === 'logistic' ? `C = ${formatSig(1 / a)}` : `alpha = ${formatSig(a)}`;
    },
    label: (item: TooltipItem<'line'>) => {
      const se = seByDataset.get(item.datasetIndex)?.[item.dataIndex];
      return `${item.dataset.label ?? ''}: ${formatSig((item.parsed.y ?? NaN))}${se !== undefined ? ` ± ${formatSig(se, 3)}` : ''}`;
    },
  };
  options.plugins!.alphaMarkers = {
    markers: alphaMarkers(cv, currentAlpha, cv.model === 'logistic'),
    colors: markerColors(theme),
    font: `${theme.fontSize - 1}px ${theme.fontFamily}`,
  };
  const chart = new Chart<'line', XY[]>(canvas, { type: 'line', data: { datasets }, options, plugins: [alphaMarkersPlugin] });
  return { chart, series: curves.length, renderMs: performance.now() - t0 };
}

/** ROC curve with the chance diagonal. */
export function drawRocChart(canvas: HTMLCanvasElement, roc: { fpr: number[]; tpr: number[] }, auc: number, theme: Theme): DrawnChart {
  const t0 = performance.now();
  const datasets: ChartDataset<'line', XY[]>[] = [
    { label: `ROC (AUC ${formatSig(auc, 4)})`, data: rocPoints(roc), borderColor: theme.blue, backgroundColor: theme.blue, borderWidth: 2, pointRadius: 0, fill: false },
    { label: 'chance', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], borderColor: theme.muted, borderDash: [4, 4], borderWidth: 1, pointRadius: 0, fill: false },
  ];
  const options = baseOptions(theme, 'false positive rate', 'true positive rate');
  Object.assign(options.scales!.x!, { min: 0, max: 1 });
  Object.assign(options.scales!.y!, { min: 0, max: 1 });
  options.interaction = { mode: 'nearest', intersect: false, axis: 'xy' };
  options.plugins!.tooltip!.filter = (item: TooltipItem<'line'>) => item.datasetIndex === 0;
  options.plugins!.tooltip!.callbacks = {
    title: () => '',
    label: (item: TooltipItem<'line'>) => `FPR ${formatSig((item.parsed.x ?? NaN), 4)}, TPR ${formatSig((item.parsed.y ?? NaN), 4)}`,
  };
  const chart = new Chart<'line', XY[]>(canvas, { type: 'line', data: { datasets }, options });
  return { chart, series: 1, renderMs: performance.now() - t0 };
}
