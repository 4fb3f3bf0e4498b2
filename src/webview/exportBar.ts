// The export toolbar above the results ("Copy as Python", "Copy as R", "Open as notebook",
// "Export results CSV", "Export JSON") and the PNG / SVG buttons above each chart. The webview
// only asks: the host generates code and files from the result it holds and writes the bytes.
// The host's answer ('export/done') is shown in the bar's status line.

import type { ExportKind, HostToWebview, PanelSettings, WebviewToHost } from '../protocol';
import { h } from './dom';
import { readTheme } from './theme';

type Post = (message: WebviewToHost) => void;

const BAR: { kind: ExportKind; label: string; title: string; testid: string }[] = [
  { kind: 'python', label: 'Copy as Python', title: 'Copy scikit-learn code that reproduces these numbers', testid: 'export-python' },
  { kind: 'r', label: 'Copy as R', title: 'Copy glmnet code that reproduces these numbers', testid: 'export-r' },
  { kind: 'notebook', label: 'Open as notebook', title: 'Write a Jupyter notebook with the Python code and open it', testid: 'export-notebook' },
  { kind: 'results-csv', label: 'Export results CSV', title: 'Save the coefficient table as CSV', testid: 'export-csv' },
  { kind: 'results-json', label: 'Export JSON', title: 'Save the settings and every number of this result as JSON', testid: 'export-json' },
];

export function exportBar(post: () => Post | null, settings: PanelSettings): HTMLElement {
  const status = h('span', { class: 'muted small export-status', testid: 'export-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const buttons = BAR.map((b) =>
    h(
      'vscode-button',
      {
        testid: b.testid,
        attrs: { secondary: true, title: b.title },
        on: {
          click: () => {
            status.textContent = 'Exporting…';
            post()?.({ type: 'export/request', kind: b.kind, settings });
          },
        },
      },
      b.label,
    ),
  );
  return h('div', { class: 'toolbar export-bar', testid: 'export-bar', attrs: { role: 'toolbar', 'aria-label': 'Export' } }, ...buttons, status);
}

/** PNG and SVG buttons for one chart, placed just above its box. */
export function addChartExport(box: HTMLElement, chart: string, svg: () => string, post: () => Post | null, settings: PanelSettings): void {
  const send = (kind: 'chart-png' | 'chart-svg', data: string) => {
    setStatus(`Exporting the ${chart} chart…`);
    post()?.({ type: 'export/request', kind, settings, chart, data });
  };
  const png = h('button', {
    class: 'link-button', attrs: { type: 'button', 'data-testid': `${chart}-png`, title: `Save the ${chart} chart as PNG` },
    on: {
      click: () => {
        const canvas = box.querySelector('canvas');
        if (canvas) send('chart-png', canvasPng(canvas));
      },
    },
  }, 'PNG');
  const svgButton = h('button', {
    class: 'link-button', attrs: { type: 'button', 'data-testid': `${chart}-svg`, title: `Save the ${chart} chart as SVG` },
    on: { click: () => send('chart-svg', svg()) },
  }, 'SVG');
  box.before(h('div', { class: 'chart-export small', testid: `${chart}-export` }, 'Save chart: ', png, ' ', svgButton));
}

/** The canvas on the theme's background (a canvas is transparent where nothing was drawn). */
function canvasPng(canvas: HTMLCanvasElement): string {
  const out = document.createElement('canvas');
  out.width = canvas.width;
  out.height = canvas.height;
  const ctx = out.getContext('2d');
  if (!ctx) return canvas.toDataURL('image/png');
  ctx.fillStyle = readTheme().background;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(canvas, 0, 0);
  return out.toDataURL('image/png');
}

function setStatus(text: string): void {
  document.querySelectorAll<HTMLElement>('[data-testid="export-status"]').forEach((el) => {
    el.textContent = text;
  });
}

window.addEventListener('message', (ev: MessageEvent) => {
  const msg = ev.data as HostToWebview;
  if (msg && typeof msg === 'object' && msg.type === 'export/done' && typeof msg.message === 'string') setStatus(msg.message);
});
