/**
 * The host side of the export bar: code to the clipboard, a notebook opened in the editor, results
 * and charts written where the user chooses (save dialog + workspace.fs, so remote and virtual
 * workspaces work). The numbers and code always describe the result the panel shows.
 *
 * Test hook: with REGULARIZATION_EXPORT_DIR set in the extension host's environment, files are
 * written there under their default names without a dialog, and copied code is also written there
 * (the e2e test reads them; code-server's clipboard is not readable from a headless browser).
 */
import * as vscode from 'vscode';
import type { AnalysisResult, DatasetSummary, ExportKind, PanelSettings } from '../protocol';
import { notebookJson, pythonSnippet, resultsCsv, resultsJson, rSnippet, type SnippetInput } from '../pipeline/snippets';
import { readConfig } from './config';
import { dataOptions, fitOptions } from './settings';
import { basename } from './source';

export interface ExportSource {
  uri: vscode.Uri;
  summary: DatasetSummary | undefined;
  /** The settings the shown result was computed with. */
  settings: PanelSettings;
  result: AnalysisResult;
}

export interface ExportRequest {
  kind: ExportKind;
  chart?: string;
  data?: string;
}

/** Largest chart the webview may hand over (a PNG data URL or SVG text). */
export const MAX_CHART_CHARS = 40_000_000;

const stem = (uri: vscode.Uri) => basename(uri).replace(/\.[^.]+$/, '') || 'data';

/** The CSV's path as a script should read it. */
function scriptPath(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : basename(uri);
}

function snippetInput(src: ExportSource): SnippetInput {
  const cfg = readConfig(src.uri);
  return {
    file: scriptPath(src.uri),
    settings: src.settings,
    data: dataOptions(src.settings, cfg),
    fit: fitOptions(src.settings, cfg),
    result: src.result,
    summary: src.summary,
  };
}

/** Runs one export; returns the sentence the panel shows, or undefined when the user cancelled. */
export async function runExport(req: ExportRequest, src: ExportSource): Promise<string | undefined> {
  const input = snippetInput(src);
  const name = stem(src.uri);
  switch (req.kind) {
    case 'python':
    case 'r': {
      const code = req.kind === 'python' ? pythonSnippet(input) : rSnippet(input);
      await vscode.env.clipboard.writeText(code);
      await testHookWrite(`${name}.${req.kind === 'python' ? 'py' : 'R'}`, code);
      return `${req.kind === 'python' ? 'Python (scikit-learn)' : 'R (glmnet)'} code copied to the clipboard: paste it into a notebook or script.`;
    }
    case 'notebook': {
      const target = await chooseTarget(src.uri, `${name}.ipynb`, { 'Jupyter notebook': ['ipynb'] });
      if (!target) return undefined;
      await write(target, notebookJson(input));
      await openNotebook(target);
      return `Notebook written to ${displayPath(target)}.`;
    }
    case 'results-csv': {
      const target = await chooseTarget(src.uri, `${name}-coefficients.csv`, { CSV: ['csv'] });
      if (!target) return undefined;
      await write(target, resultsCsv(src.result));
      return `Coefficients written to ${displayPath(target)}.`;
    }
    case 'results-json': {
      const target = await chooseTarget(src.uri, `${name}-results.json`, { JSON: ['json'] });
      if (!target) return undefined;
      const version = vscode.extensions.getExtension('regularization-explorer.regularization-explorer')?.packageJSON?.version as string | undefined;
      await write(target, resultsJson({ file: scriptPath(src.uri), settings: input.settings, data: input.data, fit: input.fit, result: src.result, version }));
      return `Results written to ${displayPath(target)}.`;
    }
    case 'chart-png':
    case 'chart-svg': {
      const chart = req.chart ?? 'chart';
      const png = req.kind === 'chart-png';
      const bytes = png ? pngBytes(req.data) : svgBytes(req.data);
      const target = await chooseTarget(src.uri, `${name}-${chart}.${png ? 'png' : 'svg'}`, png ? { 'PNG image': ['png'] } : { 'SVG image': ['svg'] });
      if (!target) return undefined;
      await vscode.workspace.fs.writeFile(target, bytes);
      return `Chart written to ${displayPath(target)}.`;
    }
  }
}

/** Bytes of a `data:image/png;base64,` URL; anything else is refused. */
export function pngBytes(data: string | undefined): Uint8Array {
  const prefix = 'data:image/png;base64,';
  if (!data || !data.startsWith(prefix)) throw new Error('the chart did not arrive as a PNG image');
  const body = data.slice(prefix.length);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) throw new Error('the PNG image is not valid base64');
  const bytes = Buffer.from(body, 'base64');
  // The PNG signature: a canvas always produces it; anything else is not what we asked for.
  if (bytes.length < 8 || bytes.readUInt32BE(0) !== 0x89504e47) throw new Error('the chart is not a PNG image');
  return new Uint8Array(bytes);
}

export function svgBytes(data: string | undefined): Uint8Array {
  if (!data || !/^<\?xml[^>]*>\s*<svg[\s>]/.test(data) || !data.trimEnd().endsWith('</svg>')) throw new Error('the chart did not arrive as an SVG document');
  return new TextEncoder().encode(data);
}

async function write(target: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
}

function displayPath(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? vscode.workspace.asRelativePath(uri, false) : uri.toString(true);
}

function testHookDir(): vscode.Uri | undefined {
  const dir = process.env.REGULARIZATION_EXPORT_DIR;
  return dir ? vscode.Uri.file(dir) : undefined;
}

async function testHookWrite(fileName: string, text: string): Promise<void> {
  const dir = testHookDir();
  if (dir) await write(vscode.Uri.joinPath(dir, fileName), text);
}

/** Where to save: the save dialog, opening next to the CSV (or in the workspace for untitled files). */
async function chooseTarget(source: vscode.Uri, fileName: string, filters: Record<string, string[]>): Promise<vscode.Uri | undefined> {
  const hook = testHookDir();
  if (hook) return vscode.Uri.joinPath(hook, fileName);
  const folder = source.scheme === 'untitled' ? vscode.workspace.workspaceFolders?.[0]?.uri : vscode.Uri.joinPath(source, '..');
  return vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
    filters,
    saveLabel: 'Export',
    title: `Export ${fileName}`,
  });
}

/** Opens the notebook in the notebook editor when a Jupyter notebook type is there, else as text. */
async function openNotebook(uri: vscode.Uri): Promise<void> {
  try {
    const doc = await vscode.workspace.openNotebookDocument(uri);
    await vscode.window.showNotebookDocument(doc, { preview: false });
    return;
  } catch {
    // No serializer for .ipynb (the Jupyter extension is not installed): show the JSON.
  }
  try {
    await vscode.window.showTextDocument(uri, { preview: false });
  } catch {
    /* the file is written; the message says where */
  }
}
