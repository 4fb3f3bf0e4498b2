// The results: a summary, then tabs (Compare | Path | CV for regression; Logistic | Path | CV for
// classification). Tables are real <table>s (sortable with keyboard-reachable header buttons);
// charts are Chart.js canvases with aria labels and a table alternative for the path.

import type { Chart } from 'chart.js';
import type {
  AnalysisResult,
  ClassificationMetrics,
  CvResult,
  FitResult,
  GeometryResult,
  InsightsResult,
  LogisticAnalysis,
  PanelSettings,
  PathModel,
  PathResult,
  RegressionAnalysis,
  RegressionMetrics,
  RefitResult,
  Progress,
  WebviewToHost,
} from '../protocol';
import { alphaMarkers } from './chartData';
import { GeometryView } from './geometryView';
import { defaultPair } from './insightsData';
import { InsightsView } from './insightsView';
import { LiveAlpha } from './liveAlpha';
import { metricShortName, pathSummaryRows } from './chartData';
import { drawCvChart, drawPathChart, drawRocChart, type DrawnChart } from './charts';
import { cvSvg, pathSvg, rocSvg } from './chartSvg';
import { addChartExport, exportBar } from './exportBar';
import { compareTable, countZeroed, isZeroed, lassoSelectedText, logisticTable, type CoefTable, type Units } from './coefTable';
import { bestTextColor, heatColor, mix, parseColor, toCss, type Rgba } from './color';
import { h, replaceChildren, srOnly, uniqueId } from './dom';
import type { VscodeSingleSelect, VscodeTabs } from './elements';
import { formatCount, formatDuration, formatFull, formatSig } from './format';
import { buildHeatmap } from './heatmap';
import { nextSort, sortRows, type SortState } from './sort';
import type { Theme } from './theme';

export type TabName = 'compare' | 'path' | 'cv' | 'logistic' | 'diagnostics' | 'geometry';

export interface UiState {
  tab: TabName;
  sort: SortState | null;
  units: Units;
  pathModel: PathModel;
}

export interface ShownResult {
  settings: PanelSettings;
  result: AnalysisResult;
  elapsedMs: number;
}

const PATH_MODELS: { value: PathModel; label: string }[] = [
  { value: 'lasso', label: 'Lasso' },
  { value: 'elasticnet', label: 'Elastic Net' },
  { value: 'ridge', label: 'Ridge' },
];

export class ResultsView {
  private charts: Chart[] = [];
  private shown: ShownResult | null = null;
  private theme: Theme | null = null;
  private tabs: VscodeTabs | null = null;
  private tabOrder: TabName[] = [];
  private pathHost: HTMLElement | null = null;
  private cvHost: HTMLElement | null = null;
  private pathChart: Chart | null = null;
  private cvChart: Chart | null = null;
  /** Posts to the host (set by main.ts); the issue 7 views send their requests through it. */
  post: ((message: WebviewToHost) => void) | null = null;
  private readonly extra = new Issue7State();

  constructor(
    private readonly root: HTMLElement,
    private ui: UiState,
    private readonly onUiChange: (ui: UiState) => void,
  ) {}

  get hasResult(): boolean {
    return this.shown !== null;
  }

  show(shown: ShownResult, theme: Theme): void {
    if (shown !== this.shown) this.extra.reset();
    this.shown = shown;
    this.theme = theme;
    this.render();
  }

  /** Redraw with new theme colours (charts and heatmap read them at render time). */
  retheme(theme: Theme): void {
    this.theme = theme;
    if (this.shown) this.render();
  }

  clear(): void {
    this.destroyCharts();
    this.shown = null;
    replaceChildren(this.root);
  }

  /** Brings a view forward (view/focus); remembered if no result is shown yet. */
  focus(view: TabName): void {
    this.setUi({ ...this.ui, tab: view });
    if (!this.tabs) return;
    const index = this.tabOrder.indexOf(view);
    if (index >= 0) {
      this.tabs.selectedIndex = index;
      this.tabs.scrollIntoView({ block: 'nearest' });
      this.tabShown(view);
    }
  }

  private setUi(ui: UiState): void {
    this.ui = ui;
    this.onUiChange(ui);
  }

  private destroyCharts(): void {
    for (const c of this.charts) c.destroy();
    this.charts = [];
    this.pathChart?.destroy();
    this.cvChart?.destroy();
    this.pathChart = null;
    this.cvChart = null;
  }

  private render(): void {
    this.destroyCharts();
    this.extra.geometry?.dispose();
    this.extra.live = this.extra.insights = this.extra.geometry = null;
    this.liveHost = null;
    const { result } = this.shown!;
    const content = result.task === 'regression' ? this.renderRegression(result) : this.renderLogistic(result);
    replaceChildren(this.root, ...content);
    this.root.prepend(exportBar(() => this.post, this.shown!.settings));
    // Charts need their canvas in the document to size themselves.
    this.drawCharts();
    this.tabShown(this.ui.tab);
  }

  // ---------------------------------------------------------------------------------------------
  // Regression

  private renderRegression(r: RegressionAnalysis): HTMLElement[] {
    const tabs: [TabName, string, HTMLElement][] = [
      ['compare', 'Compare', this.comparePanel(r)],
      ['path', 'Path', this.pathPanel()],
      ['cv', 'CV', this.cvPanel()],
      ['diagnostics', 'Diagnostics', this.diagnosticsPanel()],
      ['geometry', 'Geometry', this.geometryPanel(r)],
    ];
    return [this.regressionSummary(r), this.tabsElement(tabs)];
  }

  private regressionSummary(r: RegressionAnalysis): HTMLElement {
    const s = r.summary;
    const hasTest = r.compare.fits.some((f) => f.metrics.test !== null);
    const split = hasTest ? 'Test' : 'Train';
    const metrics = h(
      'table',
      { class: 'metrics', testid: 'metrics-table' },
      h('caption', { class: 'visually-hidden' }, `${split} metrics per model`),
      h('thead', null, h('tr', null, h('th', { attrs: { scope: 'col' } }, 'Model'), h('th', { attrs: { scope: 'col' } }, `${split} MSE`), h('th', { attrs: { scope: 'col' } }, `${split} R²`))),
      h(
        'tbody',
        null,
        ...r.compare.fits.map((f) => {
          const m = (hasTest ? f.metrics.test : f.metrics.train) as RegressionMetrics | null;
          return h('tr', { attrs: { 'data-model': f.model } }, h('th', { attrs: { scope: 'row' } }, modelLabel(f.model)), numCell(m?.mse), numCell(m?.r2));
        }),
      ),
    );
    return h(
      'section',
      { class: 'summary', testid: 'summary', attrs: { 'aria-label': 'Summary' } },
      facts(summaryFacts(s, [], this.shown!.elapsedMs)),
      metrics,
      notesList([...r.notes, ...r.compare.notes]),
    );
  }

  private comparePanel(r: RegressionAnalysis): HTMLElement {
    const table = compareTable(r.compare, this.ui.units);
    const tableHost = h('div', { class: 'table-scroll' });
    const intercepts = h('p', { class: 'muted small', testid: 'intercepts' });
    const renderTable = () => {
      const t = compareTable(r.compare, this.ui.units);
      replaceChildren(tableHost, this.coefTableElement(t, 'Coefficients of OLS, Ridge, Lasso and Elastic Net', () => renderTable()));
      replaceChildren(
        intercepts,
        'Intercept: ',
        t.columns.map((c) => `${c.label} ${t.intercepts[c.key] === undefined ? '—' : formatSig(t.intercepts[c.key]!)}`).join(' · '),
      );
    };
    renderTable();
    const lasso = h('p', { class: 'selected', testid: 'lasso-selected' }, lassoSelectedText(r.compare));
    const zeroedEn = countZeroed(table.rows, 'elasticnet');
    const fitNotes = r.compare.fits.flatMap((f) => f.notes);
    return h(
      'div',
      { class: 'panel-body' },
      h('div', { class: 'toolbar' }, lasso, h('span', { class: 'muted small' }, `Elastic Net zeroed ${zeroedEn}`), this.unitsToggle(table, () => renderTable())),
      tableHost,
      intercepts,
      notesList(fitNotes),
    );
  }

  // ---------------------------------------------------------------------------------------------
  // Logistic

  private renderLogistic(r: LogisticAnalysis): HTMLElement[] {
    const tabs: [TabName, string, HTMLElement][] = [
      ['logistic', 'Logistic', this.logisticPanel(r)],
      ['path', 'Path', this.pathPanel()],
      ['cv', 'CV', this.cvPanel()],
    ];
    return [this.logisticSummary(r), this.tabsElement(tabs)];
  }

  private logisticSummary(r: LogisticAnalysis): HTMLElement {
    const s = r.summary;
    const rows: [string, ClassificationMetrics | null][] = [
      ['Train', r.fit.metrics.train as ClassificationMetrics],
      ['Test', r.fit.metrics.test as ClassificationMetrics | null],
    ];
    const metrics = h(
      'table',
      { class: 'metrics', testid: 'metrics-table' },
      h('caption', { class: 'visually-hidden' }, 'Classification metrics'),
      h('thead', null, h('tr', null, ...['Split', 'AUC', 'Log loss', 'Accuracy'].map((t) => h('th', { attrs: { scope: 'col' } }, t)))),
      h(
        'tbody',
        null,
        ...rows
          .filter(([, m]) => m !== null)
          .map(([name, m]) => h('tr', { attrs: { 'data-split': name.toLowerCase() } }, h('th', { attrs: { scope: 'row' } }, name), numCell(m!.auc), numCell(m!.log_loss), numCell(m!.accuracy))),
      ),
    );
    return h(
      'section',
      { class: 'summary', testid: 'summary', attrs: { 'aria-label': 'Summary' } },
      facts(summaryFacts(s, [
        ['Positive class', s.positive_class, 'positive-class'],
        ['Negative class', s.negative_class, 'negative-class'],
      ], this.shown!.elapsedMs)),
      metrics,
      notesList(r.notes),
    );
  }

  private logisticPanel(r: LogisticAnalysis): HTMLElement {
    const fit = r.fit;
    const m = (fit.metrics.test ?? fit.metrics.train) as ClassificationMetrics;
    const split = fit.metrics.test ? 'test' : 'train';
    const headline = h(
      'div',
      { class: 'headline', testid: 'logistic-metrics' },
      bigNumber(`AUC (${split})`, m.auc),
      bigNumber(`Log loss (${split})`, m.log_loss),
      bigNumber(`Accuracy (${split})`, m.accuracy),
      h('p', { class: 'muted small' }, describeLogisticFit(fit)),
    );

    const rocBox = m.roc
      ? this.chartBox('roc-chart', `ROC curve, AUC ${formatSig(m.auc, 4)}`, 'roc')
      : h('p', { class: 'muted' }, 'No ROC curve (one class only in this split).');

    const tableHost = h('div', { class: 'table-scroll' });
    const table = logisticTable(fit, this.ui.units);
    const renderTable = () => replaceChildren(tableHost, this.coefTableElement(logisticTable(fit, this.ui.units), 'Logistic regression coefficients', () => renderTable()));
    renderTable();
    const zeroed = countZeroed(table.rows, 'logistic');

    return h(
      'div',
      { class: 'panel-body' },
      headline,
      h(
        'div',
        { class: 'two-col' },
        h('section', { attrs: { 'aria-label': 'ROC curve' } }, h('h3', null, 'ROC curve'), rocBox),
        h('section', { attrs: { 'aria-label': 'Confusion matrix' } }, h('h3', null, 'Confusion matrix (threshold 0.5)'), confusionTable(m.confusion, r.summary.positive_class, r.summary.negative_class)),
      ),
      h('h3', null, 'Coefficients'),
      h('div', { class: 'toolbar' }, h('p', { class: 'selected' }, `${table.rows.length - zeroed} of ${table.rows.length} coefficients non-zero`), this.unitsToggle(table, () => renderTable())),
      tableHost,
      h('p', { class: 'muted small' }, `Intercept ${formatSig((this.ui.units === 'standardized' && table.units === 'standardized' ? fit.intercept_standardized : fit.intercept) ?? NaN)}`),
      r.cv.grid ? this.heatmapSection(r.cv) : null,
      notesList(fit.notes),
    );
  }

  private heatmapSection(cv: CvResult): HTMLElement {
    const grid = cv.grid!;
    const higherIsBetter = cv.metric !== 'log_loss';
    const map = buildHeatmap(grid, higherIsBetter);
    const theme = this.theme!;
    const bg = parseColor(theme.background) ?? { r: 30, g: 30, b: 30, a: 1 };
    const hi = parseColor(theme.blue) ?? { r: 55, g: 148, b: 255, a: 1 };
    const lo: Rgba = { ...mix(bg, hi, 0.06), a: 1 };
    const textChoices = [parseColor(theme.foreground), parseColor(theme.background), { r: 0, g: 0, b: 0, a: 1 }, { r: 255, g: 255, b: 255, a: 1 }].filter(Boolean) as Rgba[];
    const metric = cv.metric === 'auc' ? 'AUC' : cv.metric === 'log_loss' ? 'log loss' : cv.metric;
    const table = h(
      'table',
      { class: 'heatmap', testid: 'cv-grid' },
      h('caption', null, `Mean CV ${metric} for each C (columns) and l1_ratio (rows); best: C = ${formatSig(grid.best.C)}, l1_ratio = ${formatSig(grid.best.l1_ratio)}, ${metric} ${formatSig(grid.best.score)}`),
      h('thead', null, h('tr', null, h('th', { attrs: { scope: 'col' } }, 'l1_ratio \\ C'), ...map.Cs.map((C) => h('th', { attrs: { scope: 'col', title: formatFull(C) } }, formatSig(C, 3))))),
      h(
        'tbody',
        null,
        ...map.rows.map((row) =>
          h(
            'tr',
            null,
            h('th', { attrs: { scope: 'row', title: formatFull(row.l1Ratio) } }, formatSig(row.l1Ratio, 3)),
            ...row.cells.map((cell) => {
              const td = h('td', { class: cell.best ? 'num best' : 'num', attrs: { 'data-value': formatFull(cell.value), title: `C = ${formatFull(cell.C)}, l1_ratio = ${formatFull(cell.l1Ratio)}: ${formatFull(cell.value)}` } }, formatSig(cell.value), cell.best ? srOnly(' (best)') : null);
              const fill = heatColor(cell.position, 0, 1, lo, hi, bg);
              // CSSOM writes are allowed by the CSP (only style attributes in markup are not).
              td.style.backgroundColor = toCss(fill);
              td.style.color = toCss(bestTextColor(fill, textChoices));
              return td;
            }),
          ),
        ),
      ),
    );
    return h('section', { class: 'heatmap-section', attrs: { 'aria-label': 'Cross-validation grid' } }, h('h3', null, `CV ${metric}: C × l1_ratio`), h('div', { class: 'table-scroll' }, table), legendScale(lo, hi, bg, map.min, map.max, higherIsBetter));
  }

  // ---------------------------------------------------------------------------------------------
  // Path and CV (both tasks)

  private currentPath(): { path: PathResult | undefined; cv: CvResult | undefined; model: PathModel | 'logistic'; currentAlpha: number } {
    const { result, settings } = this.shown!;
    if (result.task === 'classification') return { path: result.path, cv: result.cv, model: 'logistic', currentAlpha: 1 / settings.C };
    const model = this.ui.pathModel;
    const live = this.extra.alpha[model];
    return { path: result.paths?.[model], cv: result.cv?.[model], model, currentAlpha: live ?? (model === 'ridge' ? settings.ridgeAlpha : settings.alpha) };
  }

  private modelSelect(testid: string): HTMLElement | null {
    if (this.shown!.result.task !== 'regression') return null;
    const id = uniqueId(testid);
    const select = h('vscode-single-select', {
      testid,
      attrs: { id, 'aria-label': 'Model' },
      on: {
        change: (ev) => {
          this.setUi({ ...this.ui, pathModel: (ev.target as VscodeSingleSelect).value as PathModel });
          this.drawPathAndCv();
          this.syncModelSelects();
        },
      },
    });
    for (const m of PATH_MODELS) select.append(h('vscode-option', { props: { value: m.value, selected: m.value === this.ui.pathModel } }, m.label));
    return h('div', { class: 'field inline' }, h('vscode-label', { attrs: { for: id } }, 'Model'), select);
  }

  private syncModelSelects(): void {
    this.root.querySelectorAll<VscodeSingleSelect>('[data-testid="path-model"], [data-testid="cv-model"]').forEach((s) => {
      if (s.value !== this.ui.pathModel) s.value = this.ui.pathModel;
    });
  }

  private pathPanel(): HTMLElement {
    this.pathHost = h('div', { class: 'chart-area' });
    this.liveHost = this.shown!.result.task === 'regression' ? h('div', { class: 'live-host' }) : null;
    return h('div', { class: 'panel-body' }, h('div', { class: 'toolbar' }, this.modelSelect('path-model')), this.pathHost, this.liveHost);
  }

  private cvPanel(): HTMLElement {
    this.cvHost = h('div', { class: 'chart-area' });
    return h('div', { class: 'panel-body' }, h('div', { class: 'toolbar' }, this.modelSelect('cv-model')), this.cvHost);
  }

  private drawCharts(): void {
    this.drawPathAndCv();
    const r = this.shown!.result;
    if (r.task === 'classification') {
      const m = (r.fit.metrics.test ?? r.fit.metrics.train) as ClassificationMetrics;
      const canvas = this.root.querySelector<HTMLCanvasElement>('[data-testid="roc-chart"] canvas');
      if (canvas && m.roc) this.track(canvas.parentElement!, drawRocChart(canvas, m.roc, m.auc, this.theme!));
      if (canvas && m.roc) addChartExport(canvas.parentElement!, 'roc', () => rocSvg(m.roc!, m.auc, this.theme!), () => this.post, this.shown!.settings);
    }
  }

  private drawPathAndCv(): void {
    const { path, cv, model, currentAlpha } = this.currentPath();
    if (!path || !cv) {
      // A result without this model's path or CV should not happen; say so rather than throw.
      const text = `This result has no ${!path ? 'path' : 'cross-validation'} for ${model}.`;
      if (this.pathHost) replaceChildren(this.pathHost, h('p', { class: 'muted' }, text));
      if (this.cvHost) replaceChildren(this.cvHost, h('p', { class: 'muted' }, text));
      return;
    }
    const theme = this.theme!;
    const name = model === 'logistic' ? 'Logistic' : modelLabel(model);
    const alphaName = model === 'logistic' ? '1/C' : 'alpha';

    if (this.pathHost) {
      this.pathChart?.destroy();
      const nLines = Object.keys(path.coef).length;
      const box = this.chartBox('path-chart', `Regularization path of ${name}: ${nLines} coefficients against log10(${alphaName}), ${path.alphas.length} values of ${alphaName}. A table of the same data follows.`, 'path');
      box.dataset.model = model;
      replaceChildren(
        this.pathHost,
        box,
        markerLegend(cv, currentAlpha, model === 'logistic', 'path-markers'),
        h('p', { class: 'muted small' }, `Coefficients on the fitted (standardized) scale. Hover a line for its feature and value.${model === 'elasticnet' && path.l1_ratio !== null ? ` l1_ratio = ${path.l1_ratio}.` : ''}`),
        pathTableDetails(path, cv, alphaName),
        notesList(path.notes),
      );
      const drawn = drawPathChart(box.querySelector('canvas')!, box.querySelector<HTMLElement>('.chart-tooltip')!, path, cv, currentAlpha, theme);
      addChartExport(box, 'path', () => pathSvg(path, cv, currentAlpha, theme, name), () => this.post, this.shown!.settings);
      this.pathChart = this.setDrawn(box, drawn);
      this.mountLiveAlpha(path, model, currentAlpha);
    }
    if (this.cvHost) {
      this.cvChart?.destroy();
      const box = this.chartBox('cv-chart', `Cross-validation curve of ${name}: mean ${metricShortName(cv.metric)} ± one standard error over ${cv.folds} folds against log10(${alphaName}).`, 'cv');
      box.dataset.model = model;
      replaceChildren(this.cvHost, box, markerLegend(cv, currentAlpha, model === 'logistic', 'cv-markers'), cvSummary(cv, model === 'logistic'), notesList(cv.notes));
      const drawn = drawCvChart(box.querySelector('canvas')!, cv, currentAlpha, theme);
      addChartExport(box, 'cv', () => cvSvg(cv, currentAlpha, theme, name), () => this.post, this.shown!.settings);
      this.cvChart = this.setDrawn(box, drawn);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Issue 7: live alpha (Path tab), Diagnostics and Geometry tabs.

  private liveHost: HTMLElement | null = null;

  private mountLiveAlpha(path: PathResult, model: PathModel | 'logistic', alpha: number): void {
    if (!this.liveHost || model === 'logistic') return;
    const r = this.shown!.result as RegressionAnalysis;
    const settings = this.shown!.settings;
    const last = this.extra.refit?.model === model ? this.extra.refit : null;
    this.extra.live = new LiveAlpha({
      path, model, alpha, last,
      l1Ratio: model === 'lasso' ? 1 : model === 'elasticnet' ? (path.l1_ratio ?? settings.l1Ratio) : 0,
      columns: r.compare.columns,
      post: (request) => this.post?.({ type: 'refit/request', settings, request }),
      onAlpha: (a) => this.setLiveAlpha(model, a),
    });
    replaceChildren(this.liveHost, this.extra.live.element);
  }

  /** Moves the current-alpha markers of the path and CV charts, and refreshes the geometry. */
  private setLiveAlpha(model: PathModel, alpha: number): void {
    this.extra.alpha[model] = alpha;
    const { cv } = this.currentPath();
    for (const [chart, host] of [[this.pathChart, this.pathHost], [this.cvChart, this.cvHost]] as const) {
      if (!chart || !cv) continue;
      const plugins = chart.options.plugins;
      if (plugins?.alphaMarkers) {
        // Plugin options are resolved on update: replace them and update without animation.
        plugins.alphaMarkers = { ...plugins.alphaMarkers, markers: alphaMarkers(cv, alpha, false) };
        chart.update('none');
      }
      const current = host?.querySelector<HTMLElement>('.marker.current');
      if (current) {
        current.dataset.value = formatFull(alpha);
        const swatch = current.querySelector('.swatch');
        replaceChildren(current, swatch, `current alpha = ${formatSig(alpha)}`);
      }
    }
    this.extra.geometry?.alphaChanged();
  }

  private tabShown(tab: TabName): void {
    if (tab === 'diagnostics') this.extra.insights?.ensureStarted();
    if (tab === 'geometry') requestAnimationFrame(() => this.extra.geometry?.shown());
  }

  private diagnosticsPanel(): HTMLElement {
    const settings = this.shown!.settings;
    this.extra.insights = new InsightsView({
      theme: this.theme!,
      last: this.extra.insightsResult,
      threshold: this.extra.threshold,
      nSubsamples: this.extra.nSubsamples,
      onParams: (t, n) => {
        this.extra.threshold = t;
        this.extra.nSubsamples = n;
      },
      post: (threshold, nSubsamples) => this.post?.({ type: 'insights/request', settings, threshold, nSubsamples }),
    });
    return this.extra.insights.element;
  }

  private geometryPanel(r: RegressionAnalysis): HTMLElement {
    const settings = this.shown!.settings;
    const ols = r.compare.fits.find((f) => f.model === 'ols');
    const columns = r.compare.columns;
    const pair = this.extra.pair ?? defaultPair(ols?.coef_standardized ?? ols?.coef ?? {}, columns) ?? [columns[0] ?? '', columns[1] ?? ''];
    this.extra.geometry = new GeometryView({
      theme: this.theme!,
      columns,
      pair,
      last: this.extra.geometryResult,
      onPair: (p) => (this.extra.pair = p),
      params: () => ({
        alpha: this.extra.alpha.lasso ?? settings.alpha,
        l1Ratio: settings.l1Ratio,
        ridgeAlpha: this.extra.alpha.ridge ?? settings.ridgeAlpha,
      }),
      post: (request) => this.post?.({ type: 'geometry/request', settings, request }),
    });
    return this.extra.geometry.element;
  }

  onRefit(r: RefitResult): void {
    this.extra.refit = r;
    this.extra.live?.onResult(r);
  }

  onInsightsProgress(p: Progress): void {
    this.extra.insights?.onProgress(p);
  }

  onInsights(r: InsightsResult): void {
    this.extra.insightsResult = r;
    this.extra.insights?.onResult(r);
  }

  onGeometry(g: GeometryResult): void {
    this.extra.geometryResult = g;
    this.extra.geometry?.onResult(g);
  }

  /** A job failed (analysis/error): unlock the views waiting for an answer. */
  onJobError(): void {
    this.extra.live?.release();
    this.extra.insights?.release();
  }

  private setDrawn(box: HTMLElement, drawn: DrawnChart): Chart {
    box.dataset.series = String(drawn.series);
    box.dataset.renderMs = drawn.renderMs.toFixed(1);
    return drawn.chart as unknown as Chart;
  }

  private track(box: HTMLElement, drawn: DrawnChart): void {
    this.charts.push(this.setDrawn(box, drawn));
  }

  private chartBox(testid: string, label: string, kind: string): HTMLElement {
    const canvas = h('canvas', { attrs: { role: 'img', 'aria-label': label } }, label);
    const tooltip = h('div', { class: 'chart-tooltip', attrs: { hidden: true, 'aria-hidden': 'true' } });
    return h('div', { class: `chart-box chart-${kind}`, testid, attrs: { 'data-series': '0' } }, canvas, tooltip);
  }

  // ---------------------------------------------------------------------------------------------
  // Shared pieces

  private tabsElement(tabs: [TabName, string, HTMLElement][]): HTMLElement {
    this.tabOrder = tabs.map((t) => t[0]);
    const selected = Math.max(0, this.tabOrder.indexOf(this.ui.tab));
    const el = h('vscode-tabs', {
      class: 'result-tabs',
      testid: 'tabs',
      props: { selectedIndex: selected },
      on: {
        'vsc-tabs-select': (ev) => {
          const index = (ev as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex;
          const tab = this.tabOrder[index];
          if (tab) {
            this.setUi({ ...this.ui, tab });
            this.tabShown(tab);
          }
        },
      },
    }) as VscodeTabs;
    for (const [name, label, panel] of tabs) {
      el.append(h('vscode-tab-header', { testid: `tab-${name}`, attrs: { slot: 'header' } }, label));
      el.append(h('vscode-tab-panel', { testid: `panel-${name}` }, panel));
    }
    this.tabs = el;
    return el;
  }

  private unitsToggle(table: CoefTable, rerender: () => void): HTMLElement {
    const group = h('vscode-radio-group', {
      testid: 'units',
      attrs: { 'aria-label': 'Coefficient units' },
      on: {
        change: (ev) => {
          const value = (ev.target as HTMLInputElement).value as Units;
          if (value !== 'original' && value !== 'standardized') return;
          this.setUi({ ...this.ui, units: value });
          rerender();
        },
      },
    });
    const name = uniqueId('units');
    group.append(
      h('vscode-radio', { attrs: { name, 'data-testid': 'units-original' }, props: { value: 'original', label: 'Original units', checked: table.units === 'original' } }),
      h('vscode-radio', {
        attrs: { name, 'data-testid': 'units-standardized', title: table.standardizedAvailable ? 'Coefficients per standard deviation of each feature' : 'Fit with "Standardize" on to see standardized coefficients' },
        props: { value: 'standardized', label: 'Standardized', checked: table.units === 'standardized', disabled: !table.standardizedAvailable },
      }),
    );
    return group;
  }

  private coefTableElement(table: CoefTable, caption: string, rerender: () => void): HTMLTableElement {
    const sort = this.ui.sort && (this.ui.sort.column === 'feature' || table.columns.some((c) => c.key === this.ui.sort!.column)) ? this.ui.sort : null;
    const headers: { key: string; label: string }[] = [{ key: 'feature', label: 'Feature' }, ...table.columns];
    const headRow = h('tr', null);
    for (const col of headers) {
      const state = sort && sort.column === col.key ? sort.direction : 'none';
      const th = h('th', { attrs: { scope: 'col', 'aria-sort': state, 'data-column': col.key }, class: col.key === 'feature' ? 'name' : 'num' });
      const indicator = state === 'ascending' ? '▲' : state === 'descending' ? '▼' : '↕';
      const button = h(
        'button',
        {
          class: 'sort',
          attrs: { type: 'button', 'data-testid': `sort-${col.key}`, title: col.key === 'feature' ? 'Sort by name' : `Sort by |${col.label} coefficient|` },
          on: {
            click: () => {
              this.setUi({ ...this.ui, sort: nextSort(sort, col.key) });
              rerender();
              (this.root.querySelector(`[data-testid="sort-${cssEscape(col.key)}"]`) as HTMLElement | null)?.focus();
            },
          },
        },
        col.label,
        h('span', { class: 'sort-indicator', attrs: { 'aria-hidden': 'true' } }, indicator),
      );
      th.append(button);
      headRow.append(th);
    }
    const body = h('tbody', null);
    for (const row of sortRows(table.rows, sort)) {
      const tr = h('tr', { attrs: { 'data-feature': row.name } }, h('th', { attrs: { scope: 'row' }, class: 'name' }, row.name));
      for (const c of table.columns) tr.append(coefCell(row.values[c.key], c.key));
      body.append(tr);
    }
    const unitsText = table.units === 'standardized' ? 'standardized units' : 'original units';
    return h(
      'table',
      { class: 'coef', testid: 'coef-table', attrs: { 'data-units': table.units } },
      h('caption', { class: 'visually-hidden' }, `${caption}, ${unitsText}. Column headers are buttons that sort the table.`),
      h('thead', null, headRow),
      body,
    );
  }
}

// -----------------------------------------------------------------------------------------------
// Small builders

function modelLabel(model: string): string {
  switch (model) {
    case 'ols':
      return 'OLS';
    case 'ridge':
      return 'Ridge';
    case 'lasso':
      return 'Lasso';
    case 'elasticnet':
      return 'Elastic Net';
    case 'logistic':
      return 'Logistic';
    default:
      return model;
  }
}

function numCell(v: number | undefined | null): HTMLTableCellElement {
  if (typeof v !== 'number' || !Number.isFinite(v)) return h('td', { class: 'num muted' }, '—');
  return h('td', { class: 'num', attrs: { 'data-value': formatFull(v), title: formatFull(v) } }, formatSig(v));
}

function coefCell(v: number | undefined, model: string): HTMLTableCellElement {
  if (v === undefined) return h('td', { class: 'num muted', attrs: { 'data-model': model } }, '—');
  if (isZeroed(v)) {
    return h(
      'td',
      { class: 'num zeroed', attrs: { 'data-model': model, 'data-value': '0', 'data-zeroed': 'true', title: 'Exactly 0: the penalty removed this feature' } },
      h('span', { class: 'zero' }, '0'),
      ' ',
      h('span', { class: 'badge' }, 'zeroed'),
    );
  }
  return h('td', { class: 'num', attrs: { 'data-model': model, 'data-value': formatFull(v), title: formatFull(v) } }, formatSig(v));
}

/** The summary line both tasks show: rows, split, p, then the task's own facts, then the time. */
function summaryFacts(
  s: { rows_used: number; rows_dropped: number; n_train: number; n_test: number; p: number },
  extra: [string, string, string][], elapsedMs: number,
): [string, string, string][] {
  return [
    ['Rows used', formatCount(s.rows_used), 'rows-used'],
    ['Rows dropped', formatCount(s.rows_dropped), 'rows-dropped'],
    ['Train / test', `${formatCount(s.n_train)} / ${formatCount(s.n_test)}`, 'split'],
    ['Features (p)', formatCount(s.p), 'p'],
    ...extra,
    ['Time', formatDuration(elapsedMs), 'elapsed'],
  ];
}

function facts(items: [string, string, string][]): HTMLElement {
  const dl = h('dl', { class: 'facts' });
  for (const [k, v, id] of items) dl.append(h('div', { attrs: { 'data-fact': id } }, h('dt', null, k), h('dd', null, v)));
  return dl;
}

function notesList(notes: string[]): HTMLElement | null {
  const unique = [...new Set(notes)].filter(Boolean);
  if (!unique.length) return null;
  return h('ul', { class: 'notes', testid: 'notes' }, ...unique.map((n) => h('li', null, n)));
}

function bigNumber(label: string, v: number | null | undefined): HTMLElement {
  const known = typeof v === 'number' && Number.isFinite(v);
  const value = known
    ? h('div', { class: 'big-value', attrs: { 'data-value': formatFull(v), title: formatFull(v) } }, formatSig(v, 4))
    : h('div', { class: 'big-value muted', attrs: { title: 'not available' } }, '—');
  return h('div', { class: 'big' }, value, h('div', { class: 'big-label' }, label));
}

function describeLogisticFit(fit: FitResult): string {
  const parts = [`penalty ${fit.penalty ?? 'l2'}`];
  if (fit.C != null) parts.push(`C = ${formatSig(fit.C)}`);
  if (fit.l1_ratio != null && fit.penalty === 'elasticnet') parts.push(`l1_ratio = ${formatSig(fit.l1_ratio)}`);
  parts.push(`${fit.n_iter} iterations${fit.converged ? '' : ' (not converged)'}`);
  return parts.join(' · ');
}

function confusionTable(c: [[number, number], [number, number]], positive: string, negative: string): HTMLElement {
  const [[tn, fp], [fn, tp]] = c;
  const cell = (v: number, what: string, good: boolean) => h('td', { class: good ? 'num cm good' : 'num cm bad', attrs: { 'data-value': String(v), 'data-cell': what, title: what } }, formatCount(v));
  return h(
    'table',
    { class: 'confusion', testid: 'confusion-matrix' },
    h('caption', { class: 'visually-hidden' }, 'Confusion matrix: rows are actual classes, columns predicted classes'),
    h('thead', null, h('tr', null, h('td', null), h('th', { attrs: { scope: 'col' } }, 'Predicted ', negative), h('th', { attrs: { scope: 'col' } }, 'Predicted ', positive))),
    h(
      'tbody',
      null,
      h('tr', null, h('th', { attrs: { scope: 'row' } }, 'Actual ', negative), cell(tn, 'true negatives', true), cell(fp, 'false positives', false)),
      h('tr', null, h('th', { attrs: { scope: 'row' } }, 'Actual ', positive), cell(fn, 'false negatives', false), cell(tp, 'true positives', true)),
    ),
  );
}

function markerLegend(cv: CvResult, currentAlpha: number, logistic: boolean, testid: string): HTMLElement {
  // Logistic axes are 1/C; the legend names C, which is what the setup form and scikit-learn use.
  const item = (cls: string, label: string, value: number) =>
    h('span', { class: `marker ${cls}`, attrs: { 'data-value': formatFull(value) } }, h('span', { class: 'swatch', attrs: { 'aria-hidden': 'true' } }), `${label} = ${formatSig(value)}`);
  if (logistic) {
    return h(
      'p',
      { class: 'marker-legend', testid },
      item('min', 'best C', cv.C_best ?? 1 / cv.alpha_min),
      item('one-se', '1-SE C', cv.C_1se ?? 1 / cv.alpha_1se),
      item('current', 'current C', 1 / currentAlpha),
    );
  }
  return h(
    'p',
    { class: 'marker-legend', testid },
    item('min', 'alpha_min', cv.alpha_min),
    item('one-se', 'alpha_1se', cv.alpha_1se),
    item('current', 'current alpha', currentAlpha),
  );
}

function cvSummary(cv: CvResult, logistic: boolean): HTMLElement {
  const i = cv.index_min;
  const j = cv.index_1se;
  const metric = metricShortName(cv.metric);
  const parts = [`${cv.folds}-fold CV.`];
  if (logistic) {
    parts.push(
      `Best ${metric} ${formatSig(cv.cv_mean[i])} ± ${formatSig(cv.cv_se[i], 3)} at C = ${formatSig(cv.C_best ?? 1 / cv.alpha_min)};`,
      `the smallest C within one standard error is ${formatSig(cv.C_1se ?? 1 / cv.alpha_1se)} (${metric} ${formatSig(cv.cv_mean[j])}).`,
    );
  } else {
    parts.push(
      `Best ${metric} ${formatSig(cv.cv_mean[i])} ± ${formatSig(cv.cv_se[i], 3)} at alpha = ${formatSig(cv.alpha_min)};`,
      `the largest alpha within one standard error is ${formatSig(cv.alpha_1se)} (${metric} ${formatSig(cv.cv_mean[j])}).`,
    );
  }
  if (cv.by_l1_ratio && cv.by_l1_ratio.length > 1) parts.push(`Best l1_ratio ${cv.l1_ratio} of ${cv.by_l1_ratio.map((r) => r.l1_ratio).join(', ')}.`);
  return h('p', { class: 'cv-summary', testid: 'cv-summary' }, parts.join(' '));
}

/** The path as a table (for screen readers and for copying), built only when opened. */
function pathTableDetails(path: PathResult, cv: CvResult, alphaName: string): HTMLElement {
  const details = h('details', { class: 'path-table', testid: 'path-table' }, h('summary', null, 'Path data as a table'));
  let built = false;
  details.addEventListener('toggle', () => {
    if (built || !details.open) return;
    built = true;
    const rows = pathSummaryRows(path, cv.alpha_min);
    const table = h(
      'table',
      { class: 'coef' },
      h('caption', { class: 'visually-hidden' }, 'Where each coefficient enters the path and its value at the CV choice and at the smallest penalty'),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ...['Feature', `Enters at ${alphaName}`, `At ${alphaName}_min`, `At smallest ${alphaName}`].map((t) => h('th', { attrs: { scope: 'col' } }, t)),
        ),
      ),
      h(
        'tbody',
        null,
        ...rows.map((r) => h('tr', null, h('th', { attrs: { scope: 'row' } }, r.name), r.entryAlpha === null ? h('td', { class: 'num muted' }, 'never') : numCell(r.entryAlpha), coefCell(r.coefAt ?? undefined, 'at-min'), coefCell(r.finalCoef, 'final'))),
      ),
    );
    details.append(h('div', { class: 'table-scroll' }, table));
  });
  return details;
}

function legendScale(lo: Rgba, hi: Rgba, bg: Rgba, min: number, max: number, higherIsBetter: boolean): HTMLElement {
  const steps = 5;
  const bar = h('span', { class: 'scale-bar', attrs: { 'aria-hidden': 'true' } });
  for (let i = 0; i < steps; i++) {
    const sw = h('span', { class: 'scale-step' });
    sw.style.backgroundColor = toCss(heatColor(i / (steps - 1), 0, 1, lo, hi, bg));
    bar.append(sw);
  }
  const worst = higherIsBetter ? min : max;
  const best = higherIsBetter ? max : min;
  return h('p', { class: 'muted small scale' }, `worse ${formatSig(worst, 4)} `, bar, ` ${formatSig(best, 4)} better`);
}

function cssEscape(s: string): string {
  return typeof CSS !== 'undefined' && CSS.escape ? CSS.escape(s) : s.replace(/["\\]/g, '\\$&');
}

/** What the issue 7 views keep across re-renders (theme changes) of the same result. */
class Issue7State {
  live: LiveAlpha | null = null;
  insights: InsightsView | null = null;
  geometry: GeometryView | null = null;
  alpha: Partial<Record<PathModel, number>> = {};
  refit: RefitResult | null = null;
  insightsResult: InsightsResult | null = null;
  geometryResult: GeometryResult | null = null;
  pair: [string, string] | null = null;
  threshold = 0.8;
  nSubsamples = 100;

  reset(): void {
    this.alpha = {};
    this.refit = null;
    this.insightsResult = null;
    this.geometryResult = null;
    this.pair = null;
  }
}
