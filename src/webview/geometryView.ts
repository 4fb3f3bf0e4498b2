// The Geometry tab (regression): for two chosen coefficients (the others held at their OLS
// values), the real loss contours of the data, the L1 diamond |w1| + |w2| = l1_budget and the L2
// circle of radius l2_budget, the OLS point and where the Lasso and Ridge solutions land: the
// constraint-region picture, computed from the user's data. Drawn on a canvas in theme colours,
// with an aria-label and a text summary; re-requested when a feature or the live alpha changes.

import type { GeometryRequest, GeometryResult } from '../protocol';
import { withAlpha } from './color';
import { h, replaceChildren, uniqueId } from './dom';
import { formatFull, formatSig } from './format';
import { contourSegments, geometryBounds } from './insightsData';
import type { Theme } from './theme';

export interface GeometryOptions {
  theme: Theme;
  columns: string[];
  /** Default pair (the two largest |OLS| coefficients). */
  pair: [string, string];
  post: (request: GeometryRequest) => void;
  /** Current alpha values (live alpha for Lasso, the settings otherwise). */
  params: () => { alpha: number; l1Ratio: number; ridgeAlpha: number };
  last: GeometryResult | null;
  onPair: (pair: [string, string]) => void;
}

export class GeometryView {
  readonly element: HTMLElement;
  private readonly selX: HTMLSelectElement;
  private readonly selY: HTMLSelectElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly legend: HTMLElement;
  private readonly facts: HTMLElement;
  private readonly status: HTMLElement;
  private result: GeometryResult | null;
  private started = false;
  private observer: ResizeObserver | null = null;
  private lastRequestKey = '';

  constructor(private readonly opts: GeometryOptions) {
    this.result = opts.last;
    const xId = uniqueId('geometry-x');
    const yId = uniqueId('geometry-y');
    const select = (id: string, testid: string, value: string) => {
      const s = h('select', { class: 'native-select', testid, attrs: { id }, on: { change: () => this.changed() } });
      for (const c of opts.columns) s.append(h('option', { props: { value: c, selected: c === value } }, c));
      s.value = value;
      return s;
    };
    this.selX = select(xId, 'geometry-x', opts.pair[0]);
    this.selY = select(yId, 'geometry-y', opts.pair[1]);
    this.canvas = h('canvas', { class: 'geometry-canvas', testid: 'geometry-canvas', attrs: { role: 'img', 'aria-label': 'Loss contours with the L1 and L2 constraint regions (not drawn yet)', width: 600, height: 420 } });
    this.legend = h('p', { class: 'geometry-legend marker-legend' });
    this.facts = h('p', { class: 'muted small', testid: 'geometry-facts' });
    this.status = h('p', { class: 'field-error', attrs: { role: 'alert', hidden: true } });
    this.element = h(
      'div',
      { class: 'panel-body geometry' },
      h('div', { class: 'toolbar' }, h('label', { attrs: { for: xId } }, 'Horizontal w1'), this.selX, h('label', { attrs: { for: yId } }, 'Vertical w2'), this.selY),
      this.status,
      h('div', { class: 'geometry-box' }, this.canvas),
      this.legend,
      this.facts,
      h('p', { class: 'muted small' }, 'Standardized coefficients; the other coefficients are held at their OLS values. The Lasso solution sits where a loss contour first touches the diamond (often on a corner: a zero), the Ridge one where a contour touches the circle.'),
    );
    if (opts.columns.length < 2) this.showProblem('The geometry needs at least two features.');
  }

  /** The tab became visible: draw (the canvas has a size now) or request the first picture. */
  shown(): void {
    if (!this.observer && typeof ResizeObserver !== 'undefined') {
      let w = 0;
      this.observer = new ResizeObserver(() => {
        const cw = this.canvas.clientWidth;
        if (cw && cw !== w) {
          w = cw;
          this.draw();
        }
      });
      this.observer.observe(this.canvas);
    }
    if (!this.started) {
      this.started = true;
      if (this.result) this.draw();
      else this.request();
    } else {
      this.draw();
    }
  }

  /** The live alpha moved: a new picture if the tab has been opened. */
  alphaChanged(): void {
    if (this.started) this.request();
  }

  onResult(r: GeometryResult): void {
    if (r.features[0] !== this.selX.value || r.features[1] !== this.selY.value) return; // an older pair
    this.result = r;
    this.draw();
  }

  retheme(theme: Theme): void {
    this.opts.theme = theme;
    this.draw();
  }

  dispose(): void {
    this.observer?.disconnect();
  }

  private changed(): void {
    const pair: [string, string] = [this.selX.value, this.selY.value];
    if (pair[0] === pair[1]) {
      this.showProblem('Choose two different features.');
      return;
    }
    this.showProblem('');
    this.opts.onPair(pair);
    this.started = true;
    this.request();
  }

  private showProblem(text: string): void {
    this.status.textContent = text;
    this.status.hidden = !text;
  }

  private request(): void {
    const features: [string, string] = [this.selX.value, this.selY.value];
    if (!features[0] || !features[1] || features[0] === features[1]) return;
    const p = this.opts.params();
    const req: GeometryRequest = { features, alpha: p.alpha, l1Ratio: p.l1Ratio, ridgeAlpha: p.ridgeAlpha };
    const key = JSON.stringify(req);
    if (key === this.lastRequestKey && this.result && this.result.features[0] === features[0] && this.result.features[1] === features[1]) return;
    this.lastRequestKey = key;
    this.canvas.dataset.pending = 'true';
    this.opts.post(req);
  }

  private draw(): void {
    const r = this.result;
    const canvas = this.canvas;
    if (!r || !canvas.isConnected) return;
    const cssW = canvas.clientWidth || 600;
    const cssH = Math.round(Math.min(520, Math.max(260, cssW * 0.7)));
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(cssW * dpr);
    canvas.height = Math.round(cssH * dpr);
    canvas.style.height = `${cssH}px`; // CSSOM, allowed by the CSP
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const t = this.opts.theme;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, cssW, cssH);

    // Equal scale on both axes, or the circle would be an ellipse and the diamond a rhombus.
    const b = geometryBounds(r);
    const pad = 28;
    const dx = b.xmax - b.xmin || 1;
    const dy = b.ymax - b.ymin || 1;
    const s = Math.min((cssW - 2 * pad) / dx, (cssH - 2 * pad) / dy);
    const ox = (cssW - s * dx) / 2;
    const oy = (cssH - s * dy) / 2;
    const px = (x: number) => ox + (x - b.xmin) * s;
    const py = (y: number) => cssH - oy - (y - b.ymin) * s;

    // Axes through the origin.
    ctx.strokeStyle = t.border;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(px(b.xmin), py(0));
    ctx.lineTo(px(b.xmax), py(0));
    ctx.moveTo(px(0), py(b.ymin));
    ctx.lineTo(px(0), py(b.ymax));
    ctx.stroke();
    ctx.fillStyle = t.muted;
    ctx.font = `${t.fontSize - 1}px ${t.fontFamily}`;
    ctx.textBaseline = 'bottom';
    ctx.textAlign = 'right';
    // Axis names, shortened to fit (the full names are in the selects, the legend and the aria-label).
    const fit = (text: string, max: number) => {
      if (ctx.measureText(text).width <= max) return text;
      let t = text;
      while (t.length > 1 && ctx.measureText(`${t}…`).width > max) t = t.slice(0, -1);
      return `${t}…`;
    };
    ctx.fillText(fit(r.features[0], Math.max(40, (px(b.xmax) - px(0)) * 0.9)), px(b.xmax) - 2, py(0) - 2);
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.fillText(fit(r.features[1], Math.max(40, cssW - px(0) - 8)), px(0) + 4, py(b.ymax) + 2);

    // Loss contours, faint to strong from the outermost level inwards.
    const levels = r.grid.levels.slice().sort((a, c) => a - c);
    levels.forEach((level, k) => {
      const segs = contourSegments(r.grid.w1, r.grid.w2, r.grid.loss, level);
      // High contrast themes get no faint lines.
      const fade = t.kind === 'high-contrast' || t.kind === 'high-contrast-light' ? 0.2 : 0.55;
      ctx.strokeStyle = withAlpha(t.purple, 0.95 - (fade * k) / Math.max(1, levels.length - 1));
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (const [x1, y1, x2, y2] of segs) {
        ctx.moveTo(px(x1), py(y1));
        ctx.lineTo(px(x2), py(y2));
      }
      ctx.stroke();
    });

    // The L1 diamond and the L2 circle of the current budgets.
    const l1 = r.l1_budget;
    ctx.strokeStyle = t.orange;
    ctx.fillStyle = withAlpha(t.orange, 0.12);
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(px(l1), py(0));
    ctx.lineTo(px(0), py(l1));
    ctx.lineTo(px(-l1), py(0));
    ctx.lineTo(px(0), py(-l1));
    ctx.closePath();
    ctx.fill();
    ctx.stroke();
    ctx.strokeStyle = t.green;
    ctx.fillStyle = withAlpha(t.green, 0.1);
    ctx.beginPath();
    ctx.arc(px(0), py(0), Math.max(0, r.l2_budget * s), 0, Math.PI * 2);
    ctx.fill();
    ctx.stroke();

    // The points: OLS (ring), Lasso (square), Ridge (triangle); shapes differ so colour is not needed.
    const point = (p: [number, number], color: string, shape: 'ring' | 'square' | 'triangle') => {
      const x = px(p[0]);
      const y = py(p[1]);
      ctx.fillStyle = color;
      ctx.strokeStyle = t.background;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      if (shape === 'ring') ctx.arc(x, y, 5.5, 0, Math.PI * 2);
      else if (shape === 'square') ctx.rect(x - 5, y - 5, 10, 10);
      else {
        ctx.moveTo(x, y - 6.5);
        ctx.lineTo(x + 6, y + 4.5);
        ctx.lineTo(x - 6, y + 4.5);
        ctx.closePath();
      }
      ctx.fill();
      ctx.stroke();
    };
    point(r.ols, t.foreground, 'ring');
    point(r.ridge, t.green, 'triangle');
    point(r.lasso, t.orange, 'square');

    const f = (p: [number, number]) => `(${formatSig(p[0], 3)}, ${formatSig(p[1], 3)})`;
    canvas.setAttribute(
      'aria-label',
      `Loss contours of ${r.features[0]} (horizontal) and ${r.features[1]} (vertical), standardized, others at their OLS values. ` +
        `OLS at ${f(r.ols)}; the Lasso solution at ${f(r.lasso)} on the L1 diamond |w1| + |w2| = ${formatSig(r.l1_budget, 3)}; ` +
        `the Ridge solution at ${f(r.ridge)} on the L2 circle of radius ${formatSig(r.l2_budget, 3)}.`,
    );
    canvas.dataset.drawn = '1';
    delete canvas.dataset.pending;
    canvas.dataset.features = JSON.stringify(r.features);
    canvas.dataset.l1Budget = formatFull(r.l1_budget);
    canvas.dataset.l2Budget = formatFull(r.l2_budget);
    const item = (color: string, cls: string, label: string) => {
      const sw = h('span', { class: `swatch ${cls}`, attrs: { 'aria-hidden': 'true' } });
      sw.style.backgroundColor = color;
      return h('span', { class: 'marker' }, sw, label);
    };
    replaceChildren(
      this.legend,
      item(t.purple, 'line', 'loss contours'),
      item(t.orange, 'line', `L1 diamond, ‖w‖₁ = ${formatSig(r.l1_budget, 3)}`),
      item(t.green, 'line', `L2 circle, ‖w‖₂ = ${formatSig(r.l2_budget, 3)}`),
      item(t.foreground, 'dot', 'OLS'),
      item(t.orange, 'square', 'Lasso'),
      item(t.green, 'triangle', 'Ridge'),
    );
    replaceChildren(
      this.facts,
      h('span', { attrs: { 'data-point': 'ols', 'data-value': `${formatFull(r.ols[0])},${formatFull(r.ols[1])}` } }, `OLS ${f(r.ols)}`),
      ' · ',
      h('span', { attrs: { 'data-point': 'lasso', 'data-value': `${formatFull(r.lasso[0])},${formatFull(r.lasso[1])}` } }, `Lasso ${f(r.lasso)}`),
      ' · ',
      h('span', { attrs: { 'data-point': 'ridge', 'data-value': `${formatFull(r.ridge[0])},${formatFull(r.ridge[1])}` } }, `Ridge ${f(r.ridge)}`),
    );
  }
}
