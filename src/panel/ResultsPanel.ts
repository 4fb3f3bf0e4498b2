/**
 * One results panel per CSV file. On open it inspects the file (worker job 'inspect'), sends
 * 'setup/dataset' with the remembered or default settings, and at once runs the 'analyze' job.
 * Every webview message is validated; progress goes to a cancellable notification and to the
 * panel; the last dataset/result is replayed whenever the webview (re)loads and says ready.
 */
import * as vscode from 'vscode';
import type {
  AnalysisResult, DatasetSummary, GeometryResult, HostToWebview, InsightsResult, JobRequest, PanelSettings, Progress, RefitResult, WebviewToHost,
} from '../protocol';
import { JobCancelledError, JobFailedError, WorkerCrashError, type WorkerClient } from '../worker/client';
import { readConfig } from './config';
import { panelHtml } from './html';
import type { MetricsRecorder } from './metrics';
import { analyzeJob, classificationSettings, dataOptions, fitOptions, reconcileSettings } from './settings';
import type { ExtensionConfig } from './configDefaults';
import { basename, displayName, loadSource } from './source';
import { isUserError } from '../errors';
import { validateWebviewMessage } from './validate';
import { runExport } from './exports';

export const VIEW_TYPE = 'regularizationExplorer.results';

export type FocusView = 'compare' | 'path' | 'cv' | 'logistic';

export interface PanelContext {
  extensionUri: vscode.Uri;
  worker: WorkerClient;
  output: vscode.OutputChannel;
  workspaceState: vscode.Memento;
  metrics: MetricsRecorder;
}

export interface OpenOptions {
  focus?: FocusView;
  /** The logistic command: make the task classification (choosing a two-valued target). */
  classification?: boolean;
}

const settingsKey = (uri: vscode.Uri) => `regularization.settings:${uri.toString()}`;

/** A job still running after this long gets a notification too (the panel shows progress at once). */
const NOTIFY_AFTER_MS = 400;

/** Rough weights of the analyze job's stages, so the notification's bar only moves forward. */
const STAGE_SPAN: Record<string, [number, number]> = {
  parse: [0, 0.1], fit: [0.1, 0.2], compare: [0.1, 0.2], path: [0.2, 0.5], cv: [0.5, 1],
};

export class ResultsPanel {
  private ready = false;
  private summary: DatasetSummary | undefined;
  private settings: PanelSettings | undefined;
  private last: HostToWebview | undefined; // analysis/result | analysis/error | analysis/cancelled
  private lastProgress: Progress | undefined;
  private focus: FocusView | undefined;
  private running: { cancel(): Promise<void> } | undefined;
  /** When the last cancel request reached the host (performance.now()), for the metrics. */
  private cancelRequestedAt = 0;
  /** The file's version when it was last inspected (see sourceVersion). */
  private inspectedVersion = '';
  /** Bumped by every run; outcomes of superseded runs are not shown. */
  private generation = 0;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  private readonly aux: Record<AuxKind, { running: boolean; waiting: AuxRequest | undefined }> = {
    refit: { running: false, waiting: undefined },
    insights: { running: false, waiting: undefined },
    geometry: { running: false, waiting: undefined },
  };
  private readonly auxHandles = new Set<{ cancel(): Promise<void> }>();

  constructor(
    readonly uri: vscode.Uri,
    readonly panel: vscode.WebviewPanel,
    private readonly ctx: PanelContext,
    private readonly onDispose: () => void,
  ) {
    const title = `Regularization: ${basename(uri)}`;
    panel.title = title;
    panel.iconPath = {
      light: vscode.Uri.joinPath(ctx.extensionUri, 'media', 'icon-analyze-light.svg'),
      dark: vscode.Uri.joinPath(ctx.extensionUri, 'media', 'icon-analyze-dark.svg'),
    };
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(ctx.extensionUri, 'media'), vscode.Uri.joinPath(ctx.extensionUri, 'dist')],
    };
    panel.webview.html = panelHtml(panel.webview, ctx.extensionUri, title);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)),
      // A hidden webview is torn down (no retainContextWhenHidden): hold messages until it is
      // back and says 'webview/ready', then replay the state.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  static create(uri: vscode.Uri, ctx: PanelContext, onDispose: () => void): ResultsPanel {
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE, `Regularization: ${basename(uri)}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      { enableScripts: true, retainContextWhenHidden: false },
    );
    return new ResultsPanel(uri, panel, ctx, onDispose);
  }

  /** Inspect the file, send the setup form, run the first analysis. */
  async start(options: OpenOptions = {}): Promise<void> {
    if (options.focus) this.setFocus(options.focus);
    const gen = ++this.generation;
    const version = await sourceVersion(this.uri);
    const summary = await this.runJob(gen, 'inspect', async () => ({
      kind: 'inspect', source: await loadSource(this.uri), data: this.dataDefaults(),
    }));
    if (!summary || gen !== this.generation) return;
    this.summary = summary as DatasetSummary;
    this.inspectedVersion = version;
    const cfg = readConfig(this.uri);
    let settings = reconcileSettings(this.ctx.workspaceState.get<PanelSettings>(settingsKey(this.uri)), this.summary, cfg);
    let noBinaryTarget = false;
    if (options.classification) {
      const s = classificationSettings(settings, this.summary);
      if (s) settings = s;
      else noBinaryTarget = true;
    }
    this.settings = settings;
    this.post({ type: 'setup/dataset', summary: this.summary, settings, fileUri: this.uri.toString() });
    if (noBinaryTarget) {
      // The user asked for a logistic fit: say why there is none rather than show a regression.
      this.showError(`${displayName(this.uri)} has no two-valued column to use as the target of a logistic regression.`);
      return;
    }
    await this.analyze(settings);
  }

  /** Called when a command targets a file whose panel is already open. */
  async reveal(options: OpenOptions = {}): Promise<void> {
    this.panel.reveal(undefined, false);
    if (options.focus) this.setFocus(options.focus);
    if (options.classification && this.summary && this.settings && this.settings.task !== 'classification') {
      const s = classificationSettings(this.settings, this.summary);
      if (!s) {
        this.showError(`${displayName(this.uri)} has no two-valued column to use as the target of a logistic regression.`);
        return;
      }
      this.settings = s;
      this.post({ type: 'setup/dataset', summary: this.summary, settings: s, fileUri: this.uri.toString() });
      await this.analyze(s);
    } else if (!this.running && (!this.summary || (await sourceVersion(this.uri)) !== this.inspectedVersion)) {
      // The first inspect failed (e.g. a malformed file since fixed), or the file or its unsaved
      // text changed since: read it again (columns may differ) and analyze.
      await this.start(options);
    }
  }

  get isActive(): boolean {
    return this.panel.active;
  }

  private setFocus(view: FocusView): void {
    this.focus = view;
    this.post({ type: 'view/focus', view });
  }

  private dataDefaults() {
    const cfg = readConfig(this.uri);
    return {
      missing: cfg.missingValues, missingTokens: cfg.missingTokens, maxCategoricalLevels: cfg.maxCategoricalLevels,
      ...(cfg.skipBadRows ? { skipBadRows: true } : {}),
    };
  }

  private async analyze(settings: PanelSettings): Promise<void> {
    const gen = ++this.generation;
    this.settings = settings;
    await this.ctx.workspaceState.update(settingsKey(this.uri), settings);
    const t0 = Date.now();
    const result = await this.runJob(gen, 'analyze', async () => analyzeJob(await loadSource(this.uri), settings, readConfig(this.uri)));
    if (!result || gen !== this.generation) return;
    this.send({ type: 'analysis/result', settings, result: result as AnalysisResult, elapsedMs: Date.now() - t0 });
  }

  /**
   * Runs one worker job with a cancellable notification and panel progress. Returns undefined
   * when the job failed or was cancelled (the panel has been told).
   */
  private async runJob(gen: number, kind: string, makeJob: () => Promise<JobRequest>): Promise<unknown> {
    await this.cancelRunning();
    const file = displayName(this.uri);
    const done = this.ctx.metrics.startJob(kind, file);
    const startProgress: Progress = { stage: 'start', message: kind === 'inspect' ? 'Reading the file…' : 'Starting the analysis…' };
    this.lastProgress = startProgress;
    this.post({ type: 'job/progress', progress: startProgress });
    const notification = new JobNotification(
      kind === 'inspect' ? `Reading ${basename(this.uri)}` : `Analyzing ${basename(this.uri)}`,
      () => {
        this.cancelRequestedAt = performance.now();
        void this.running?.cancel();
      },
    );
    try {
      let job: JobRequest;
      try {
        job = await makeJob();
      } catch (err) {
        done('error');
        if (gen === this.generation) this.showError(readFailure(err, file));
        return undefined;
      }
      if (notification.cancelled || gen !== this.generation || this.disposed) {
        done('cancelled', undefined, Math.round((performance.now() - this.cancelRequestedAt) * 10) / 10);
        if (gen === this.generation) this.send({ type: 'analysis/cancelled' });
        return undefined;
      }
      const handle = this.ctx.worker.start(job, (p) => {
        if (gen !== this.generation) return;
        this.lastProgress = p;
        this.post({ type: 'job/progress', progress: p });
        notification.report(p);
      });
      this.running = handle;
      try {
        const result = await handle.result;
        done('result', (result as { rows?: number; summary?: { rows_used?: number } })?.rows ?? (result as { summary?: { rows_used?: number } })?.summary?.rows_used);
        return result;
      } catch (err) {
        if (err instanceof JobCancelledError) {
          done('cancelled', undefined, Math.round((performance.now() - this.cancelRequestedAt) * 10) / 10);
          if (gen === this.generation) this.send({ type: 'analysis/cancelled' });
        } else {
          done('error');
          if (gen === this.generation) this.showError(jobFailure(err));
          if (err instanceof WorkerCrashError) void vscode.window.showErrorMessage(err.message);
        }
        return undefined;
      } finally {
        if (this.running === handle) this.running = undefined;
        this.lastProgress = undefined;
      }
    } finally {
      notification.close();
    }
  }

  private async cancelRunning(): Promise<void> {
    this.cancelRequestedAt = performance.now();
    const r = this.running;
    this.running = undefined;
    if (r) await r.cancel();
  }

  private showError(message: string): void {
    this.send({ type: 'analysis/error', message });
  }

  /** Posts and remembers an outcome so a reloaded webview gets it again. */
  private send(message: HostToWebview): void {
    this.last = message;
    this.post(message);
  }

  private post(message: HostToWebview): void {
    if (this.disposed || !this.ready) return; // replayed on 'webview/ready'
    void this.panel.webview.postMessage(message);
  }

  private replay(): void {
    if (this.summary && this.settings) {
      this.post({ type: 'setup/dataset', summary: this.summary, settings: this.settings, fileUri: this.uri.toString() });
    }
    if (this.last) this.post(this.last);
    if (this.running && this.lastProgress) this.post({ type: 'job/progress', progress: this.lastProgress });
    if (this.focus) this.post({ type: 'view/focus', view: this.focus });
  }

  private onMessage(raw: unknown): void {
    const checked = validateWebviewMessage(raw);
    if (!checked.ok) {
      this.ctx.output.appendLine(`[panel ${basename(this.uri)}] dropped a webview message: ${checked.reason}`);
      return;
    }
    const msg: WebviewToHost = checked.message;
    switch (msg.type) {
      case 'webview/ready':
        this.ready = true;
        this.replay();
        break;
      case 'analysis/run':
        void this.analyze(msg.settings);
        break;
      case 'analysis/cancel':
        this.generation++;
        void this.cancelRunning().then(() => this.send({ type: 'analysis/cancelled' }));
        break;
      case 'settings/changed':
        this.settings = msg.settings;
        void this.ctx.workspaceState.update(settingsKey(this.uri), msg.settings);
        break;
      case 'export/request':
        void this.exportShown(msg);
        break;
      case 'refit/request':
      case 'insights/request':
      case 'geometry/request':
        this.requestAux(msg);
        break;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Issue 7 jobs (live refit, diagnostics, geometry): no notification, no cancelling the analysis.
  // One job per kind at a time; a request arriving while one runs replaces any waiting request
  // of its kind (a dragged slider sends many: only the newest is worth computing).

  private requestAux(msg: AuxRequest): void {
    const kind = auxKind(msg);
    const slot = this.aux[kind];
    slot.waiting = msg;
    if (!slot.running) void this.pumpAux(kind);
  }

  private async pumpAux(kind: AuxKind): Promise<void> {
    const slot = this.aux[kind];
    while (slot.waiting && !this.disposed) {
      const msg = slot.waiting;
      slot.waiting = undefined;
      slot.running = true;
      try {
        await this.runAux(kind, msg);
      } finally {
        slot.running = false;
      }
    }
  }

  private async runAux(kind: AuxKind, msg: AuxRequest): Promise<void> {
    const done = this.ctx.metrics.startJob(kind, displayName(this.uri));
    const cfg = readConfig(this.uri);
    const contentKey = `${this.uri.toString()}#${await sourceVersion(this.uri)}`;
    const start = async (withContent: boolean) => {
      // A refit first goes without the file: the worker's cached design for contentKey answers it
      // (reading and cloning a large file each slider step would cost more than the refit).
      const source = withContent ? { ...(await loadSource(this.uri)), contentKey } : { file: displayName(this.uri), contentKey };
      const handle = this.ctx.worker.start(auxJob(msg, source, cfg), (p) => {
        if (kind === 'insights') this.post({ type: 'insights/progress', progress: p });
      });
      this.auxHandles.add(handle);
      try {
        return await handle.result;
      } finally {
        this.auxHandles.delete(handle);
      }
    };
    try {
      let result: unknown;
      try {
        result = await start(kind !== 'refit');
      } catch (err) {
        if (kind !== 'refit' || !(err instanceof JobFailedError) || !err.userError) throw err;
        result = await start(true); // the design was not cached (or the file changed): send it
      }
      done('result');
      // A newer refit already waits: this answer is stale, skip posting it (the slider moved on).
      if (kind === 'refit' && this.aux.refit.waiting) return;
      if (kind === 'refit') this.post({ type: 'refit/result', result: result as RefitResult });
      else if (kind === 'insights') this.post({ type: 'insights/result', result: result as InsightsResult });
      else this.post({ type: 'geometry/result', result: result as GeometryResult });
    } catch (err) {
      if (err instanceof JobCancelledError) {
        done('cancelled');
        return;
      }
      done('error');
      this.post({ type: 'analysis/error', message: jobFailure(err) });
      if (err instanceof WorkerCrashError) void vscode.window.showErrorMessage(err.message);
    }
  }

  /** Exports what the panel shows (the last result and the settings it was computed with). */
  private async exportShown(msg: Extract<WebviewToHost, { type: 'export/request' }>): Promise<void> {
    const shown = this.last?.type === 'analysis/result' ? this.last : undefined;
    if (!shown) {
      this.post({ type: 'export/done', kind: msg.kind, message: 'Nothing to export yet: run an analysis first.' });
      return;
    }
    try {
      const message = await runExport(msg, { uri: this.uri, summary: this.summary, settings: shown.settings, result: shown.result });
      if (message) this.post({ type: 'export/done', kind: msg.kind, message });
    } catch (err) {
      const text = `Export failed: ${err instanceof Error ? err.message : String(err)}`;
      this.ctx.output.appendLine(`[panel ${basename(this.uri)}] ${text}`);
      this.post({ type: 'export/done', kind: msg.kind, message: text });
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.generation++;
    void this.cancelRunning();
    for (const h of this.auxHandles) void h.cancel();
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
    this.onDispose();
  }
}

/**
 * The cancellable progress notification of one job. It appears only if the job is still running
 * after NOTIFY_AFTER_MS (the panel shows progress from the start), so quick jobs on small files do
 * not flash notifications; it then shows the latest progress and its bar only moves forward.
 */
class JobNotification {
  cancelled = false;
  private bar: vscode.Progress<{ message?: string; increment?: number }> | undefined;
  private shown = 0;
  private last: Progress | undefined;
  private closed = false;
  private finish: () => void = () => undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(title: string, onCancel: () => void) {
    this.timer = setTimeout(() => {
      if (this.closed) return;
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (bar, token) => {
        this.bar = bar;
        token.onCancellationRequested(() => {
          this.cancelled = true;
          onCancel();
        });
        if (this.last) this.report(this.last);
        return new Promise<void>((resolve) => (this.finish = resolve));
      });
    }, NOTIFY_AFTER_MS);
  }

  report(p: Progress): void {
    this.last = p;
    if (!this.bar) return;
    const span = STAGE_SPAN[p.stage];
    const overall = span && p.fraction !== undefined ? span[0] + (span[1] - span[0]) * p.fraction : undefined;
    if (overall !== undefined && overall > this.shown) {
      this.bar.report({ message: p.message, increment: (overall - this.shown) * 100 });
      this.shown = overall;
    } else {
      this.bar.report({ message: p.message });
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.finish();
  }
}

type AuxRequest = Extract<WebviewToHost, { type: 'refit/request' | 'insights/request' | 'geometry/request' }>;
type AuxKind = 'refit' | 'insights' | 'geometry';

function auxKind(msg: AuxRequest): AuxKind {
  return msg.type === 'refit/request' ? 'refit' : msg.type === 'insights/request' ? 'insights' : 'geometry';
}

/** The worker job of an issue 7 request: source, data and fit options built like the analyze job's. */
function auxJob(msg: AuxRequest, source: JobRequest['source'], cfg: ExtensionConfig): JobRequest {
  const base = { source, data: dataOptions(msg.settings, cfg), fit: fitOptions(msg.settings, cfg), settings: msg.settings };
  switch (msg.type) {
    case 'refit/request':
      return { kind: 'refit', ...base, request: msg.request };
    case 'insights/request':
      return { kind: 'insights', ...base, threshold: msg.threshold, nSubsamples: msg.nSubsamples };
    case 'geometry/request':
      return { kind: 'geometry', ...base, request: msg.request };
  }
}

/** Changes when the file on disk or its open document's text changes. */
async function sourceVersion(uri: vscode.Uri): Promise<string> {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  let disk = '';
  try {
    const st = await vscode.workspace.fs.stat(uri);
    disk = `${st.mtime}:${st.size}`;
  } catch {
    disk = 'unreadable';
  }
  return doc?.isDirty || doc?.isUntitled ? `${disk}:doc${doc.version}` : disk;
}

function readFailure(err: unknown, file: string): string {
  if (isUserError(err)) return err.message;
  if (err instanceof vscode.FileSystemError) return `${file} could not be read (${err.code || err.message}).`;
  return `${file} could not be read: ${err instanceof Error ? err.message : String(err)}`;
}

function jobFailure(err: unknown): string {
  if (err instanceof JobFailedError && !err.userError) {
    // A pipeline bug: show the first line, keep the stack in the log.
    return `The analysis failed unexpectedly: ${err.message.split('\n')[0]} (details in the "Regularization Explorer" output).`;
  }
  return err instanceof Error ? err.message : String(err);
}
