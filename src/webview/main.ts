// Entry of the webview script (bundled by esbuild.js into dist/webview.js, an IIFE). It speaks
// only the messages of src/protocol.ts, keeps its state with getState/setState so the panel comes
// back after a reload, and re-themes when VS Code switches the body's theme class.

import './lockdown'; // first: closes eval/new Function before any library code runs
import './elements';
import type { HostToWebview, PanelSettings, Progress, WebviewPersistedState, WebviewToHost } from '../protocol';
import { h, replaceChildren } from './dom';
import type { VscodeProgressBar } from './elements';
import { ResultsView, type ShownResult, type TabName, type UiState } from './resultsView';
import { SetupView } from './setupView';
import { readTheme } from './theme';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface PersistedState extends WebviewPersistedState {
  summary?: Extract<HostToWebview, { type: 'setup/dataset' }>['summary'];
  settings?: PanelSettings;
  ui: UiState;
  /** The last result, unless it is large (the host re-sends it after 'webview/ready' anyway). */
  result?: ShownResult;
}

/** Results with more numbers than this are not kept in the webview state (setState serializes). */
const MAX_PERSISTED_NUMBERS = 60_000;

const DEFAULT_UI: UiState = { tab: 'compare', sort: null, units: 'original', pathModel: 'lasso' };

class App {
  private readonly vscode = acquireVsCodeApi();
  private state: PersistedState;
  private readonly setup: SetupView;
  private readonly results: ResultsView;
  private readonly progressBox: HTMLElement;
  private readonly progressBar: VscodeProgressBar;
  private readonly progressText: HTMLElement;
  private readonly errorBox: HTMLElement;
  private readonly statusBox: HTMLElement;
  private readonly placeholder: HTMLElement;
  private readonly resultsRoot: HTMLElement;
  private readonly staleNote: HTMLElement;
  private readonly resultsSection: HTMLElement;
  private running = false;
  private settingsTimer: ReturnType<typeof setTimeout> | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(root: HTMLElement) {
    const saved = this.vscode.getState() as PersistedState | undefined;
    this.state = saved && typeof saved === 'object' ? { ...saved, ui: { ...DEFAULT_UI, ...(saved.ui ?? {}) } } : { fileUri: '', ui: { ...DEFAULT_UI } };

    const setupRoot = h('section', { class: 'setup', testid: 'setup', attrs: { 'aria-label': 'Setup' } });
    const resultsRoot = h('div', { class: 'results-body', testid: 'results' });
    this.resultsRoot = resultsRoot;
    this.staleNote = h('p', { class: 'muted stale-note', testid: 'stale-note', attrs: { hidden: true } }, 'Showing the previous result.');
    this.placeholder = h('p', { class: 'muted placeholder', testid: 'placeholder' }, 'Reading the CSV…');
    setupRoot.append(this.placeholder);

    this.progressText = h('span', { class: 'progress-text', testid: 'progress-message' });
    this.progressBar = h('vscode-progress-bar', { attrs: { 'aria-label': 'Analysis progress' }, props: { indeterminate: true } }) as VscodeProgressBar;
    const cancel = h('vscode-button', { testid: 'cancel', attrs: { secondary: true }, on: { click: () => this.post({ type: 'analysis/cancel' }) } }, 'Cancel');
    this.progressBox = h('div', { class: 'progress', testid: 'progress', attrs: { hidden: true, role: 'status', 'aria-live': 'polite' } }, this.progressBar, h('div', { class: 'progress-row' }, this.progressText, cancel));
    this.errorBox = h('div', { class: 'error', testid: 'error', attrs: { role: 'alert', hidden: true } });
    this.statusBox = h('div', { class: 'status', testid: 'status', attrs: { role: 'status', hidden: true } });

    this.resultsSection = h('section', { class: 'results', attrs: { 'aria-label': 'Results' } }, this.progressBox, this.errorBox, this.statusBox, this.staleNote, resultsRoot);
    replaceChildren(root, h('main', { class: 'layout' }, setupRoot, this.resultsSection));

    this.setup = new SetupView(setupRoot, {
      onChange: (settings) => this.settingsChanged(settings),
      onFit: (settings) => this.run(settings),
    });
    this.results = new ResultsView(resultsRoot, this.state.ui, (ui) => {
      this.state.ui = ui;
      this.save();
    });
    this.results.post = (m) => this.post(m);

    // Restore what was on screen before a reload; the host re-sends the live data after 'ready'.
    if (this.state.summary && this.state.settings) this.setup.show(this.state.summary, this.state.settings);
    if (this.state.result) this.results.show(this.state.result, readTheme());

    window.addEventListener('message', (ev: MessageEvent) => this.receive(ev.data as HostToWebview));
    // VS Code switches themes by changing the body's class and the variables in <html style>;
    // either may land first, so both are watched and the redraw waits for the next frame.
    let themeFrame = 0;
    let themeKey = JSON.stringify(readTheme());
    const onThemeChange = () => {
      cancelAnimationFrame(themeFrame);
      themeFrame = requestAnimationFrame(() => {
        const theme = readTheme();
        const key = JSON.stringify(theme);
        if (key === themeKey) return;
        themeKey = key;
        this.results.retheme(theme);
      });
    };
    const observer = new MutationObserver(onThemeChange);
    observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
    this.post({ type: 'webview/ready' });
  }

  private post(message: WebviewToHost): void {
    this.vscode.postMessage(message);
  }

  private receive(msg: HostToWebview): void {
    if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string') return;
    switch (msg.type) {
      case 'setup/dataset':
        this.state.fileUri = msg.fileUri;
        this.state.summary = msg.summary;
        this.state.settings = msg.settings;
        this.setup.show(msg.summary, msg.settings);
        this.save();
        break;
      case 'job/progress':
        this.showProgress(msg.progress);
        break;
      case 'analysis/result': {
        this.setRunning(false);
        this.hideMessages();
        const shown: ShownResult = { settings: msg.settings, result: msg.result, elapsedMs: msg.elapsedMs };
        if (msg.result.task === 'classification' && this.state.ui.tab === 'compare') this.state.ui = { ...this.state.ui, tab: 'logistic' };
        if (msg.result.task === 'regression' && this.state.ui.tab === 'logistic') this.state.ui = { ...this.state.ui, tab: 'compare' };
        this.results.focus(this.state.ui.tab);
        this.results.show(shown, readTheme());
        this.markStale(false);
        this.revealResults();
        this.state.result = countNumbers(msg.result) <= MAX_PERSISTED_NUMBERS ? shown : undefined;
        this.save();
        break;
      }
      case 'analysis/error':
        this.results.onJobError();
        this.setRunning(false);
        this.hideMessages();
        this.errorBox.textContent = msg.message;
        this.errorBox.hidden = false;
        this.markStale(true);
        if (this.placeholder.isConnected) this.placeholder.textContent = 'No dataset loaded.';
        break;
      case 'analysis/cancelled':
        this.setRunning(false);
        this.hideMessages();
        this.statusBox.textContent = 'Cancelled';
        this.statusBox.hidden = false;
        break;
      case 'view/focus':
        this.results.focus(msg.view as TabName);
        break;
      case 'refit/result':
        this.results.onRefit(msg.result);
        break;
      case 'insights/progress':
        this.results.onInsightsProgress(msg.progress);
        break;
      case 'insights/result':
        this.results.onInsights(msg.result);
        break;
      case 'geometry/result':
        this.results.onGeometry(msg.result);
        break;
    }
  }

  private run(settings: PanelSettings): void {
    this.state.settings = settings;
    this.save();
    this.hideMessages();
    this.showProgress({ stage: 'start', message: 'Starting…' });
    this.revealResults();
    this.post({ type: 'analysis/run', settings });
  }

  private settingsChanged(settings: PanelSettings): void {
    this.state.settings = settings;
    this.save();
    clearTimeout(this.settingsTimer);
    this.settingsTimer = setTimeout(() => this.post({ type: 'settings/changed', settings }), 250);
  }

  private showProgress(p: Progress): void {
    this.setRunning(true);
    this.statusBox.hidden = true;
    this.errorBox.hidden = true;
    this.progressText.textContent = p.message;
    if (p.fraction !== undefined && p.fraction >= 0 && p.fraction <= 1) {
      this.progressBar.indeterminate = false;
      this.progressBar.value = Math.round(p.fraction * 100);
    } else {
      this.progressBar.indeterminate = true;
    }
  }

  private setRunning(running: boolean): void {
    this.running = running;
    this.progressBox.hidden = !running;
    document.body.classList.toggle('running', running);
    this.setup.setRunning(running);
  }

  /**
   * In a narrow panel the results sit below the setup form: bring them into view when they
   * arrive (only if their top is off screen, so a wide layout never jumps).
   */
  private revealResults(): void {
    // After the components above have rendered (Lit updates land before the next frame).
    requestAnimationFrame(() => {
      const top = this.resultsSection.getBoundingClientRect().top;
      if (top > window.innerHeight * 0.6 || top < 0) this.resultsSection.scrollIntoView({ block: 'start' });
    });
  }

  /** After an error the previous result stays visible, dimmed and labelled as the previous one. */
  private markStale(stale: boolean): void {
    const stillShown = stale && this.results.hasResult;
    this.resultsRoot.classList.toggle('stale', stillShown);
    this.staleNote.hidden = !stillShown;
  }

  private hideMessages(): void {
    this.errorBox.hidden = true;
    this.statusBox.hidden = true;
    if (!this.running) this.progressBox.hidden = true;
  }

  private save(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.vscode.setState(this.state), 100);
  }
}

function countNumbers(result: ShownResult['result']): number {
  const paths = result.task === 'regression' ? Object.values(result.paths) : [result.path];
  let n = 0;
  for (const p of paths) n += p.alphas.length * (Object.keys(p.coef).length + 2);
  return n;
}

function start(): void {
  let root = document.getElementById('app');
  if (!root) {
    root = document.createElement('div');
    root.id = 'app';
    document.body.append(root);
  }
  new App(root);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
