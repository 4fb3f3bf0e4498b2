// A bare stand-in for the real webview (src/webview/main.ts), used only by test/e2e/devBuild.js
// while the real one is not in the tree: it shows the e2e test ids from src/protocol.ts so the
// host side can be exercised end to end. Not shipped.
import type { HostToWebview, PanelSettings, WebviewToHost } from '../../src/protocol';

declare function acquireVsCodeApi(): { postMessage(m: WebviewToHost): void; setState(s: unknown): void; getState(): unknown };
const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;
let settings: PanelSettings | undefined;

function el(tag: string, attrs: Record<string, string> = {}, text?: string): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

const progress = el('div', { 'data-testid': 'progress', hidden: '' });
const progressText = el('span');
const cancel = el('button', { 'data-testid': 'cancel' }, 'Cancel');
cancel.addEventListener('click', () => vscode.postMessage({ type: 'analysis/cancel' }));
progress.append(progressText, cancel);
const fit = el('button', { 'data-testid': 'fit' }, 'Fit');
fit.addEventListener('click', () => settings && vscode.postMessage({ type: 'analysis/run', settings }));
const results = el('div');
app.append(fit, progress, results);

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const m = event.data;
  switch (m.type) {
    case 'setup/dataset':
      settings = m.settings;
      vscode.setState({ fileUri: m.fileUri });
      break;
    case 'job/progress':
      progress.hidden = false;
      progressText.textContent = m.progress.message;
      break;
    case 'analysis/cancelled':
      progress.hidden = true;
      results.replaceChildren(el('div', { 'data-testid': 'cancelled' }, 'Cancelled'));
      break;
    case 'analysis/error':
      progress.hidden = true;
      results.replaceChildren(el('div', { 'data-testid': 'error' }, m.message));
      break;
    case 'analysis/result': {
      progress.hidden = true;
      const r = m.result;
      const parts: HTMLElement[] = [el('div', { 'data-testid': 'summary' }, JSON.stringify(r.summary))];
      if (r.task === 'regression') {
        const table = el('table', { 'data-testid': 'coef-table' });
        const head = el('tr');
        head.append(el('th', {}, 'Feature'), ...['OLS', 'Ridge', 'Lasso', 'Elastic Net'].map((h) => el('th', {}, h)));
        table.append(head);
        for (const c of r.compare.columns) {
          const tr = el('tr');
          tr.append(el('td', {}, c), ...r.compare.fits.map((f) => el('td', { 'data-value': String(f.coef[c]) }, f.coef[c] === 0 ? 'zeroed' : f.coef[c].toFixed(4))));
          table.append(tr);
        }
        parts.push(table);
        parts.push(el('div', { 'data-testid': 'path-chart', 'data-series': String(Object.keys(r.paths.lasso.coef).length) }));
        parts.push(el('div', { 'data-testid': 'cv-chart', 'data-series': '3' }));
      } else {
        parts.push(el('div', { 'data-testid': 'logistic-auc' }, String((r.fit.metrics.test ?? r.fit.metrics.train as { auc?: number }) && 'AUC')));
      }
      results.replaceChildren(...parts);
      break;
    }
    case 'view/focus':
      document.body.dataset.view = m.view;
      break;
  }
});
vscode.postMessage({ type: 'webview/ready' });
