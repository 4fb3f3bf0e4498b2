/**
 * Keeps one ResultsPanel per file (keyed by URI) and restores panels after a window reload
 * (WebviewPanelSerializer: the webview keeps `fileUri` in its state, see WebviewPersistedState).
 */
import * as vscode from 'vscode';
import type { WebviewPersistedState } from '../protocol';
import { ResultsPanel, type OpenOptions, type PanelContext } from './ResultsPanel';

export class PanelManager implements vscode.WebviewPanelSerializer<WebviewPersistedState> {
  private readonly panels = new Map<string, ResultsPanel>();

  constructor(private readonly ctx: PanelContext) {}

  async open(uri: vscode.Uri, options: OpenOptions = {}): Promise<ResultsPanel> {
    const key = uri.toString();
    const existing = this.panels.get(key);
    if (existing) {
      await existing.reveal(options);
      return existing;
    }
    const panel = ResultsPanel.create(uri, this.ctx, () => this.panels.delete(key));
    this.panels.set(key, panel);
    void panel.start(options);
    return panel;
  }

  /** The file of the results panel the user is looking at, if any. */
  activeFile(): vscode.Uri | undefined {
    for (const p of this.panels.values()) if (p.isActive) return p.uri;
    return undefined;
  }

  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: WebviewPersistedState | undefined): Promise<void> {
    let uri: vscode.Uri | undefined;
    try {
      if (state && typeof state.fileUri === 'string') uri = vscode.Uri.parse(state.fileUri, true);
    } catch {
      uri = undefined;
    }
    if (!uri) {
      this.ctx.output.appendLine('A results panel could not be restored: its state names no file. Run "Regularization: Analyze CSV…" again.');
      webviewPanel.dispose();
      return;
    }
    const key = uri.toString();
    if (this.panels.has(key)) {
      webviewPanel.dispose(); // a command already opened this file's panel
      return;
    }
    const panel = new ResultsPanel(uri, webviewPanel, this.ctx, () => this.panels.delete(key));
    this.panels.set(key, panel);
    void panel.start();
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    this.panels.clear();
  }
}
