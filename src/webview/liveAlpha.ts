// Live alpha on the Path tab: a slider over log10(alpha) spanning the path's grid and a numeric
// input. Moving either posts 'refit/request' with at most one request in flight (the newest value
// waits and is sent when the answer arrives, so a drag never builds a backlog); 'refit/result'
// updates the coefficient table (zeros marked), the selected-count line, the test metrics and the
// worker time. The path chart's marker is moved by the owner (onAlpha).

import type { PathResult, RefitRequest, RefitResult } from '../protocol';
import { h, replaceChildren, uniqueId } from './dom';
import { formatCount, formatDuration, formatFull, formatSig } from './format';
import { alphaGrid, nearestIndex, parseAlpha, stepAlpha, type AlphaGrid } from './insightsData';

export interface LiveAlphaOptions {
  path: PathResult;
  model: RefitRequest['model'];
  l1Ratio: number;
  /** The alpha of the analysis (settings), where the slider starts. */
  alpha: number;
  /** Design columns in table order. */
  columns: string[];
  post: (request: RefitRequest) => void;
  /** Called when the chosen alpha changes (chart marker, geometry). */
  onAlpha: (alpha: number) => void;
  /** A result that arrived before a re-render (retheme) is shown again. */
  last?: RefitResult | null;
}

/** An answer that never comes (a crashed worker) must not lock the slider for good. */
const IN_FLIGHT_TIMEOUT_MS = 10_000;

export class LiveAlpha {
  readonly element: HTMLElement;
  private readonly grid: AlphaGrid | null;
  private readonly slider: HTMLInputElement;
  private readonly input: HTMLInputElement;
  private readonly ms: HTMLElement;
  private readonly selected: HTMLElement;
  private readonly metrics: HTMLElement;
  private readonly tableHost: HTMLElement;
  private alpha: number;
  private inFlight: number | null = null;
  private waiting: number | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly opts: LiveAlphaOptions) {
    this.grid = alphaGrid(opts.path.alphas);
    this.alpha = opts.last?.alpha ?? opts.alpha;
    const sliderId = uniqueId('alpha-slider');
    const inputId = uniqueId('alpha-input');
    const g = this.grid;
    const step = g ? (g.max - g.min) / (g.logs.length - 1) : 0.01;
    this.slider = h('input', {
      class: 'alpha-slider',
      testid: 'alpha-slider',
      attrs: {
        id: sliderId, type: 'range', min: g ? g.min : -3, max: g ? g.max : 1, step: String(step),
        'aria-label': 'log10(alpha)',
      },
      on: {
        input: () => this.choose(10 ** Number(this.slider.value), 'slider'),
        keydown: (ev) => this.onKey(ev as KeyboardEvent),
      },
    });
    this.input = h('input', {
      class: 'alpha-input',
      testid: 'alpha-input',
      attrs: { id: inputId, type: 'text', inputmode: 'decimal', spellcheck: 'false', 'aria-label': 'alpha', size: 10 },
      on: {
        change: () => this.typed(),
        keydown: (ev) => {
          const k = (ev as KeyboardEvent).key;
          if (k === 'Enter') this.typed();
          else if (k === 'ArrowUp' || k === 'ArrowDown') this.onKey(ev as KeyboardEvent);
        },
      },
    });
    this.ms = h('span', { class: 'muted small refit-ms', testid: 'refit-ms', attrs: { 'aria-live': 'off' } });
    this.selected = h('p', { class: 'selected', testid: 'live-selected', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.metrics = h('p', { class: 'muted small', testid: 'live-metrics' });
    this.tableHost = h('div', { class: 'table-scroll live-table' });
    const name = opts.model === 'ridge' ? 'Ridge' : opts.model === 'elasticnet' ? `Elastic Net (l1_ratio ${formatSig(opts.l1Ratio)})` : 'Lasso';
    this.element = h(
      'section',
      { class: 'live-alpha', testid: 'live-alpha', attrs: { 'aria-label': `Live alpha for ${name}` } },
      h('h3', null, `Live alpha: ${name}`),
      h(
        'div',
        { class: 'live-controls' },
        h('label', { attrs: { for: sliderId } }, 'log10(alpha)'),
        this.slider,
        h('label', { attrs: { for: inputId } }, 'alpha'),
        this.input,
        this.ms,
      ),
      h('p', { class: 'muted small' }, g ? `Drag or use the arrow keys: one step is one of the path's ${g.logs.length} alphas (${formatSig(10 ** g.min, 3)} to ${formatSig(10 ** g.max, 3)}). Any alpha > 0 can be typed.` : 'The path has no alpha grid.'),
      this.selected,
      this.metrics,
      h('details', { class: 'live-details', attrs: { open: true } }, h('summary', null, 'Coefficients at this alpha'), this.tableHost),
    );
    this.syncControls();
    if (opts.last) this.show(opts.last);
    else replaceChildren(this.selected, 'Move the slider to refit at another alpha.');
  }

  get current(): number {
    return this.alpha;
  }

  /** 'refit/result' from the host. */
  onResult(r: RefitResult): void {
    if (r.model !== this.opts.model) return;
    clearTimeout(this.timer);
    this.inFlight = null;
    this.show(r);
    if (this.waiting !== null) {
      const next = this.waiting;
      this.waiting = null;
      if (next !== r.alpha) this.send(next);
    }
  }

  /** A failed job: unlock so the next move sends again. */
  release(): void {
    clearTimeout(this.timer);
    this.inFlight = null;
    this.waiting = null;
  }

  private onKey(ev: KeyboardEvent): void {
    if (!this.grid) return;
    const up = ev.key === 'ArrowRight' || ev.key === 'ArrowUp';
    const down = ev.key === 'ArrowLeft' || ev.key === 'ArrowDown';
    if (!up && !down) return;
    ev.preventDefault();
    this.choose(stepAlpha(this.grid, this.alpha, up ? 1 : -1), 'key');
  }

  private typed(): void {
    const v = parseAlpha(this.input.value);
    if (v === null) {
      this.input.setAttribute('aria-invalid', 'true');
      this.input.title = 'Type a number greater than 0, e.g. 0.1 or 1e-3';
      return;
    }
    this.input.removeAttribute('aria-invalid');
    this.input.title = '';
    if (v !== this.alpha) this.choose(v, 'input');
  }

  private choose(alpha: number, from: 'slider' | 'input' | 'key'): void {
    if (!(alpha > 0) || !Number.isFinite(alpha)) return;
    // The slider's value is log10 on a float grid: snap it to the exact grid alpha it means.
    if (from === 'slider' && this.grid) alpha = 10 ** this.grid.logs[nearestIndex(this.grid, alpha)];
    this.alpha = alpha;
    this.syncControls(from);
    this.opts.onAlpha(alpha);
    if (this.inFlight !== null) {
      this.waiting = alpha;
      return;
    }
    this.send(alpha);
  }

  private send(alpha: number): void {
    this.inFlight = alpha;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.release(), IN_FLIGHT_TIMEOUT_MS);
    this.element.dataset.pending = 'true';
    this.opts.post({ model: this.opts.model, alpha, l1Ratio: this.opts.l1Ratio });
  }

  private syncControls(from?: 'slider' | 'input' | 'key'): void {
    const x = Math.log10(this.alpha);
    if (from !== 'slider') this.slider.value = String(x);
    this.slider.setAttribute('aria-valuetext', `alpha ${formatSig(this.alpha, 4)}`);
    if (from !== 'input') this.input.value = formatSig(this.alpha, 4);
    this.element.dataset.alpha = formatFull(this.alpha);
  }

  private show(r: RefitResult): void {
    if (this.inFlight === null && this.waiting === null) delete this.element.dataset.pending;
    this.element.dataset.resultAlpha = formatFull(r.alpha);
    replaceChildren(this.ms, `refit ${r.elapsed_ms < 10 ? `${formatSig(r.elapsed_ms, 2)} ms` : formatDuration(r.elapsed_ms)}`, r.converged ? '' : ' (not converged)');
    this.ms.title = `Solver time in the worker at alpha ${formatFull(r.alpha)}: ${r.elapsed_ms} ms, ${r.n_iter} iterations`;
    const p = this.opts.columns.length || Object.keys(r.coef).length;
    const label = r.model === 'ridge' ? 'Ridge' : r.model === 'elasticnet' ? 'Elastic Net' : 'Lasso';
    replaceChildren(this.selected, `${label} selected ${formatCount(r.n_nonzero)} of ${formatCount(p)} features at alpha = ${formatSig(r.alpha, 4)}`);
    const m = r.metrics.test ?? r.metrics.train;
    const split = r.metrics.test ? 'Test' : 'Train';
    replaceChildren(
      this.metrics,
      h('span', { testid: 'live-mse', attrs: { 'data-value': formatFull(m.mse) } }, `${split} MSE ${formatSig(m.mse)}`),
      ' · ',
      h('span', { testid: 'live-r2', attrs: { 'data-value': formatFull(m.r2) } }, `${split} R² ${formatSig(m.r2)}`),
      ` · intercept ${formatSig(r.intercept)} · ${r.n_iter} iterations`,
    );
    const names = this.opts.columns.length ? this.opts.columns : Object.keys(r.coef);
    const body = h('tbody', null);
    for (const name of names) {
      const v = r.coef[name];
      const vs = r.coef_standardized?.[name];
      body.append(h('tr', { attrs: { 'data-feature': name } }, h('th', { attrs: { scope: 'row' }, class: 'name' }, name), coefCell(v, 'original'), coefCell(vs, 'standardized')));
    }
    replaceChildren(
      this.tableHost,
      h(
        'table',
        { class: 'coef', testid: 'live-coef-table' },
        h('caption', { class: 'visually-hidden' }, `${label} coefficients at alpha ${formatSig(r.alpha, 4)}`),
        h('thead', null, h('tr', null, h('th', { attrs: { scope: 'col' }, class: 'name' }, 'Feature'), h('th', { attrs: { scope: 'col' }, class: 'num' }, 'Coefficient'), h('th', { attrs: { scope: 'col' }, class: 'num' }, 'Standardized'))),
        body,
      ),
    );
  }
}

function coefCell(v: number | undefined, key: string): HTMLTableCellElement {
  if (v === undefined) return h('td', { class: 'num muted', attrs: { 'data-model': key } }, '—');
  if (v === 0) {
    return h('td', { class: 'num zeroed', attrs: { 'data-model': key, 'data-value': '0', 'data-zeroed': 'true', title: 'Exactly 0: the penalty removed this feature' } }, h('span', { class: 'zero' }, '0'), ' ', h('span', { class: 'badge' }, 'zeroed'));
  }
  return h('td', { class: 'num', attrs: { 'data-model': key, 'data-value': formatFull(v), title: formatFull(v) } }, formatSig(v));
}
