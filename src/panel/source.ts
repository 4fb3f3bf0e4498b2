/**
 * What a job reads: the open document's text when it has unsaved edits (or is untitled), else
 * the file's bytes through vscode.workspace.fs (so remote and virtual workspaces work). The bytes
 * are transferred to the worker, never decoded on the extension host.
 */
import * as vscode from 'vscode';
import type { JobSource } from '../protocol';
import { DEFAULT_MAX_FILE_BYTES, fileTooBig } from '../data/limits';

export function displayName(uri: vscode.Uri): string {
  if (uri.scheme === 'file') {
    const rel = vscode.workspace.asRelativePath(uri, false);
    return rel || uri.fsPath;
  }
  return uri.toString(true);
}

export async function loadSource(uri: vscode.Uri): Promise<JobSource> {
  const file = displayName(uri);
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (doc && (doc.isDirty || doc.isUntitled)) return { file, text: doc.getText() };
  // Refuse a file too big to analyse before reading it, rather than run the worker out of memory.
  const { size } = await vscode.workspace.fs.stat(uri);
  if (size > DEFAULT_MAX_FILE_BYTES) {
    throw fileTooBig(file, size, DEFAULT_MAX_FILE_BYTES, 'the panel', 'analyze a sample of the rows (e.g. the first million lines) saved as a smaller CSV.');
  }
  const bytes = await vscode.workspace.fs.readFile(uri);
  return { file, bytes };
}

export function basename(uri: vscode.Uri): string {
  const parts = uri.path.split('/');
  return parts[parts.length - 1] || uri.toString();
}
