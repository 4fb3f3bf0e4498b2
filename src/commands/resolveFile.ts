/**
 * Which CSV a command works on: the Uri a menu passed, else the results panel the user is
 * looking at, else the active CSV/TSV editor (its current text, unsaved edits included, is read
 * later by loadSource), else a file the user picks.
 */
import * as vscode from 'vscode';
import type { PanelManager } from '../panel/PanelManager';

const CSV_LANGUAGES = new Set(['csv', 'tsv']);

function isCsvDocument(doc: vscode.TextDocument): boolean {
  return CSV_LANGUAGES.has(doc.languageId) || /\.(csv|tsv|tab)$/i.test(doc.uri.path);
}

export async function resolveCsvFile(arg: unknown, panels: PanelManager): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const fromPanel = panels.activeFile();
  if (fromPanel) return fromPanel;
  const editor = vscode.window.activeTextEditor;
  if (editor && isCsvDocument(editor.document)) return editor.document.uri;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Analyze',
    title: 'Choose a CSV or TSV file to analyze',
    filters: { 'CSV and TSV': ['csv', 'tsv', 'tab'], 'All files': ['*'] },
  });
  return picked?.[0];
}
