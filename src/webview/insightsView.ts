// The Diagnostics tab (regression): correlation heatmap, VIF, correlated groups with the Lasso
// warning, stability selection, the relaxed (two-stage) fit, the soft-threshold explainer and the
// decision guide, all from one 'insights/request' -> 'insights/progress' + 'insights/result'.
// Every CSV-derived string is a Text node (dom.ts); colours come from the theme's --vscode-* values.

import type { InsightsResult, Progress } from '../protocol';
import { bestTextColor, heatColor, mix, parseColor, toCss, type Rgba } from './color';
import { h, replaceChildren, srOnly, uniqueId } from './dom';
import type { VscodeProgressBar } from './elements';
import { formatFull, formatPercent, formatSig } from './format';
import { stabilityRows, vifHigh, vifText } from './insightsData';
import type { Theme } from './theme';

export interface InsightsOptions {
  theme: Theme;
  post: (threshold: number, nSubsamples: number) => void;
  /** Kept across re-renders (retheme) by the owner. */
  last: InsightsResult | null;
  threshold: number;
  nSubsamples: number;
  onParams: (threshold: number, nSubsamples: number) => void;
}

export class InsightsView {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly progressBox: HTMLElement;
  private readonly progressBar: VscodeProgressBar;
  private readonly progressText: HTMLElement;
  private readonly runButton: HTMLElement;
  private readonly thresholdInput: HTMLInputElement;
  private readonly subsamplesInput: HTMLInputElement;
  private readonly problem: HTMLElement;
  private running = false;
  private started = false;

  constructor(private readonly opts: InsightsOptions) {
    const tId = uniqueId('threshold');
    const sId = uniqueId('subsamples');
    this.thresholdInput = h('input', { class: 'num-input', testid: 'threshold', attrs: { id: tId, type: 'number', min: 0.05, max: 1, step: 0.05, value: String(opts.threshold) } });
    this.subsamplesInput = h('input', { class: 'num-input', testid: 'subsamples', attrs: { id: sId, type: 'number', min: 1, max: 1000, step: 10, value: String(opts.nSubsamples) } });
    this.runButton = h('vscode-button', { testid: 'run-diagnostics', on: { click: () => this.run() } }, 'Run diagnostics');
    this.problem = h('p', { class: 'field-error', attrs: { role: 'alert', hidden: true } });
    for (const input of [this.thresholdInput, this.subsamplesInput]) {
      input.addEventListener('keydown', (ev) => {
        if ((ev as KeyboardEvent).key === 'Enter') this.run();
      });
    }
    this.progressText = h('span', { class: 'progress-text', testid: 'insights-progress-message' });
    this.progressBar = h('vscode-progress-bar', { attrs: { 'aria-label': 'Diagnostics progress' }, props: { indeterminate: true } }) as VscodeProgressBar;
    this.progressBox = h('div', { class: 'progress', testid: 'insights-progress', attrs: { hidden: true, role: 'status', 'aria-live': 'polite' } }, this.progressBar, this.progressText);
    this.body = h('div', { class: 'insights-body', testid: 'insights' });
    this.element = h(
      'div',
      { class: 'panel-body diagnostics' },
      h(
        'div',
        { class: 'toolbar' },
        h('label', { attrs: { for: tId } }, 'Correlation threshold |r| ≥'),
        this.thresholdInput,
        h('label', { attrs: { for: sId } }, 'Stability subsamples'),
        this.subsamplesInput,
        this.runButton,
      ),
      this.problem,
      this.progressBox,
      this.body,
    );
    if (opts.last) {
      this.started = true;
      this.render(opts.last);
    } else {
      replaceChildren(this.body, h('p', { class: 'muted' }, 'Correlations, variance inflation, correlated groups, stability selection, a two-stage fit and a recommendation for these features. They run when this tab is first opened.'));
    }
  }

  /** First opening of the tab runs the diagnostics once. */
  ensureStarted(): void {
    if (!this.started) this.run();
  }

  run(): void {
    const threshold = Number(this.thresholdInput.value);
    const n = Number(this.subsamplesInput.value);
    let problem = '';
    if (!(threshold > 0 && threshold <= 1)) problem = 'The threshold must be a number above 0 and at most 1.';
    else if (!Number.isInteger(n) || n < 1 || n > 1000) problem = 'Subsamples must be a whole number from 1 to 1000.';
    this.problem.textContent = problem;
    this.problem.hidden = !problem;
    if (problem) return;
    this.started = true;
    this.opts.onParams(threshold, n);
    this.setRunning(true);
    this.onProgress({ stage: 'insights', message: 'Starting the diagnostics…' });
    this.opts.post(threshold, n);
  }

  onProgress(p: Progress): void {
    if (!this.running) this.setRunning(true);
    this.progressText.textContent = p.message;
    if (p.fraction !== undefined && p.fraction >= 0 && p.fraction <= 1) {
      this.progressBar.indeterminate = false;
      this.progressBar.value = Math.round(p.fraction * 100);
      this.progressBox.dataset.fraction = String(p.fraction);
    } else {
      this.progressBar.indeterminate = true;
    }
  }

  onResult(r: InsightsResult): void {
    this.setRunning(false);
    this.render(r);
  }

  release(): void {
    this.setRunning(false);
  }

  private setRunning(running: boolean): void {
    this.running = running;
    this.progressBox.hidden = !running;
    this.runButton.toggleAttribute('disabled', running);
  }

  private render(r: InsightsResult): void {
    replaceChildren(
      this.body,
      this.advice(r),
      this.groups(r),
      this.heatmap(r),
      this.vif(r),
      this.stability(r),
      this.relaxed(r),
      this.softThreshold(r),
      r.notes.length ? h('ul', { class: 'notes' }, ...[...new Set(r.notes)].map((n) => h('li', null, n))) : null,
    );
  }

  private colors(): { bg: Rgba; pos: Rgba; neg: Rgba; text: Rgba[] } {
    const t = this.opts.theme;
    const bg = parseColor(t.background) ?? { r: 30, g: 30, b: 30, a: 1 };
    const pos = parseColor(t.blue) ?? { r: 55, g: 148, b: 255, a: 1 };
    const neg = parseColor(t.red) ?? { r: 241, g: 76, b: 76, a: 1 };
    const text = [parseColor(t.foreground), parseColor(t.background), { r: 0, g: 0, b: 0, a: 1 }, { r: 255, g: 255, b: 255, a: 1 }].filter(Boolean) as Rgba[];
    return { bg, pos, neg, text };
  }

  private heatmap(r: InsightsResult): HTMLElement {
    const { bg, pos, neg, text } = this.colors();
    const cols = r.correlation.columns;
    const fill = (v: number): Rgba => {
      const hi = v >= 0 ? pos : neg;
      const lo: Rgba = { ...mix(bg, hi, 0.04), a: 1 };
      return heatColor(Math.abs(v), 0, 1, lo, hi, bg);
    };
    const table = h(
      'table',
      { class: 'heatmap corr', testid: 'corr-heatmap' },
      h('caption', null, `Pearson correlation of the ${cols.length} design columns on the training rows (blue positive, red negative; stronger colour, larger |r|)`),
      h('thead', null, h('tr', null, h('td', null), ...cols.map((c) => h('th', { attrs: { scope: 'col', title: c } }, c)))),
      h(
        'tbody',
        null,
        ...cols.map((row, i) =>
          h(
            'tr',
            { attrs: { 'data-feature': row } },
            h('th', { attrs: { scope: 'row', title: row } }, row),
            ...cols.map((col, j) => {
              const v = r.correlation.r[i]?.[j];
              if (typeof v !== 'number') return h('td', { class: 'num muted' }, '—');
              const td = h('td', { class: 'num', attrs: { 'data-value': formatFull(v), title: `r(${row}, ${col}) = ${formatFull(v)}` } }, formatSig(v, 2));
              const c = fill(v);
              td.style.backgroundColor = toCss(c);
              td.style.color = toCss(bestTextColor(c, text));
              return td;
            }),
          ),
        ),
      ),
    );
    return section('Correlation', h('div', { class: 'table-scroll' }, table));
  }

  private vif(r: InsightsResult): HTMLElement {
    const table = h(
      'table',
      { class: 'coef vif', testid: 'vif-table' },
      h('caption', { class: 'visually-hidden' }, 'Variance inflation factor per design column; above 10 is highlighted'),
      h('thead', null, h('tr', null, h('th', { attrs: { scope: 'col' }, class: 'name' }, 'Feature'), h('th', { attrs: { scope: 'col' }, class: 'num' }, 'VIF'))),
      h(
        'tbody',
        null,
        ...r.vif.map((v) => {
          const high = vifHigh(v.vif);
          return h(
            'tr',
            { class: high ? 'high' : '', attrs: { 'data-feature': v.column, 'data-high': high ? 'true' : undefined } },
            h('th', { attrs: { scope: 'row' }, class: 'name' }, v.column),
            h('td', { class: high ? 'num warn' : 'num', attrs: { 'data-value': v.vif === null ? 'Infinity' : formatFull(v.vif), title: v.vif === null ? 'Infinite: this column is a linear combination of others' : formatFull(v.vif) } }, vifText(v.vif, (x) => formatSig(x, 4)), high ? srOnly(' (high)') : null),
          );
        }),
      ),
    );
    return section('Variance inflation factors', h('p', { class: 'muted small' }, 'VIF = 1 / (1 − R²) of each column regressed on the others; above 10 (highlighted) the coefficient is poorly determined.'), h('div', { class: 'table-scroll' }, table));
  }

  private groups(r: InsightsResult): HTMLElement {
    const g = r.groups;
    const box = h('div', { class: 'groups', testid: 'groups', attrs: { role: 'status' } });
    if (!g.groups.length) {
      box.append(h('p', null, `No group of features with |r| ≥ ${formatSig(g.threshold)}.`));
    } else {
      for (const grp of g.groups) {
        const item = h('div', { class: grp.warning ? 'corr-group warning' : 'corr-group', attrs: { 'data-columns': String(grp.columns.length) } });
        item.append(h('p', null, h('strong', null, 'Group: '), grp.columns.join(', ')));
        item.append(
          h(
            'p',
            { class: 'muted small' },
            `Lasso keeps ${grp.kept_by_lasso.length ? grp.kept_by_lasso.join(', ') : 'none'}; zeroes ${grp.zeroed_by_lasso.length ? grp.zeroed_by_lasso.join(', ') : 'none'}.`,
          ),
        );
        if (grp.warning) item.append(h('p', { class: 'warning-text', testid: 'group-warning' }, h('span', { class: 'codicon-warning', attrs: { 'aria-hidden': 'true' } }, '⚠ '), grp.warning));
        box.append(item);
      }
    }
    return section(`Correlated groups (|r| ≥ ${formatSig(g.threshold)})`, box);
  }

  private stability(r: InsightsResult): HTMLElement {
    const s = r.stability;
    const rows = stabilityRows(s.frequency);
    const list = h(
      'table',
      { class: 'bars', testid: 'stability' },
      h('caption', null, `Selection frequency over ${s.n_subsamples} subsamples of ${formatPercent(s.fraction)} of the training rows (Lasso alpha ${formatSig(s.alpha, 4)}, seed ${s.seed})`),
      h('thead', { class: 'visually-hidden' }, h('tr', null, h('th', { attrs: { scope: 'col' } }, 'Feature'), h('th', { attrs: { scope: 'col' } }, 'Selected in'))),
      h(
        'tbody',
        null,
        ...rows.map((row) => {
          const bar = h('span', { class: 'bar', attrs: { 'aria-hidden': 'true' } });
          bar.style.width = `${Math.max(0, Math.min(1, row.frequency)) * 100}%`;
          return h(
            'tr',
            { attrs: { 'data-feature': row.name, 'data-value': formatFull(row.frequency) } },
            h('th', { attrs: { scope: 'row' }, class: 'name' }, row.name),
            h('td', { class: 'bar-cell' }, h('span', { class: 'bar-track' }, bar)),
            h('td', { class: 'num' }, formatPercent(row.frequency)),
          );
        }),
      ),
    );
    return section('Stability selection', h('div', { class: 'table-scroll' }, list));
  }

  private relaxed(r: InsightsResult): HTMLElement {
    const x = r.relaxed;
    const names = [...new Set([...Object.keys(x.lasso.coef), ...Object.keys(x.relaxed_ols.coef)])];
    const cell = (v: number | null | undefined) =>
      typeof v !== 'number' ? h('td', { class: 'num muted' }, '—') : v === 0 ? h('td', { class: 'num zeroed', attrs: { 'data-value': '0' } }, h('span', { class: 'zero' }, '0'), ' ', h('span', { class: 'badge' }, 'zeroed')) : h('td', { class: 'num', attrs: { 'data-value': formatFull(v), title: formatFull(v) } }, formatSig(v));
    const table = h(
      'table',
      { class: 'coef', testid: 'relaxed-table' },
      h('caption', null, `Two-stage fit: OLS refitted on the ${x.selected.length} features Lasso selected at alpha ${formatSig(x.alpha, 4)}`),
      h('thead', null, h('tr', null, h('th', { attrs: { scope: 'col' }, class: 'name' }, ''), h('th', { attrs: { scope: 'col' }, class: 'num' }, 'Lasso'), h('th', { attrs: { scope: 'col' }, class: 'num' }, 'OLS on selected'))),
      h(
        'tbody',
        null,
        h('tr', { class: 'metric-row', attrs: { 'data-row': 'test_mse' } }, h('th', { attrs: { scope: 'row' } }, 'Test MSE'), cell(x.lasso.test_mse), cell(x.relaxed_ols.test_mse)),
        h('tr', { class: 'metric-row', attrs: { 'data-row': 'test_r2' } }, h('th', { attrs: { scope: 'row' } }, 'Test R²'), cell(x.lasso.test_r2), cell(x.relaxed_ols.test_r2)),
        h('tr', { attrs: { 'data-row': 'intercept' } }, h('th', { attrs: { scope: 'row' } }, 'Intercept'), cell(x.lasso.intercept), cell(x.relaxed_ols.intercept)),
        ...names.map((n) => h('tr', { attrs: { 'data-feature': n } }, h('th', { attrs: { scope: 'row' }, class: 'name' }, n), cell(x.lasso.coef[n]), cell(x.relaxed_ols.coef[n] ?? 0))),
      ),
    );
    return section('Relaxed fit', h('div', { class: 'table-scroll' }, table));
  }

  private softThreshold(r: InsightsResult): HTMLElement {
    const s = r.soft_threshold;
    const table = h(
      'table',
      { class: 'coef', testid: 'soft-threshold-table' },
      h('caption', null, `For an orthonormal design: Lasso = sign(b)·max(|b| − ${formatSig(s.alpha, 4)}, 0), Ridge = b / (1 + ${formatSig(s.ridge_alpha, 4)})`),
      h('thead', null, h('tr', null, ...['Feature', 'OLS', 'Lasso (soft threshold)', 'Ridge (shrinkage)'].map((t, i) => h('th', { attrs: { scope: 'col' }, class: i ? 'num' : 'name' }, t)))),
      h(
        'tbody',
        null,
        ...s.rows.map((row) =>
          h(
            'tr',
            { attrs: { 'data-feature': row.column } },
            h('th', { attrs: { scope: 'row' }, class: 'name' }, row.column),
            num(row.ols),
            row.lasso === 0 ? h('td', { class: 'num zeroed', attrs: { 'data-value': '0' } }, h('span', { class: 'zero' }, '0'), ' ', h('span', { class: 'badge' }, 'zeroed')) : num(row.lasso),
            num(row.ridge),
          ),
        ),
      ),
    );
    return section('Soft thresholding vs shrinkage, for an orthonormal design', h('p', { class: 'muted small' }, s.note), h('div', { class: 'table-scroll' }, table));
  }

  private advice(r: InsightsResult): HTMLElement {
    const a = r.advice;
    const label = a.recommendation === 'ridge' ? 'Ridge' : a.recommendation === 'lasso' ? 'Lasso' : 'Elastic Net';
    return h(
      'section',
      { class: 'card advice', testid: 'advice', attrs: { 'aria-label': 'Decision guide', 'data-recommendation': a.recommendation } },
      h('h3', null, 'Decision guide: ', h('span', { class: 'recommendation' }, label)),
      h('ul', { class: 'reasons' }, ...a.reasons.map((t) => h('li', null, t))),
    );
  }
}

function section(title: string, ...children: (HTMLElement | null)[]): HTMLElement {
  return h('section', { class: 'insight', attrs: { 'aria-label': title } }, h('h3', null, title), ...children);
}

function num(v: number): HTMLTableCellElement {
  return h('td', { class: 'num', attrs: { 'data-value': formatFull(v), title: formatFull(v) } }, formatSig(v));
}
