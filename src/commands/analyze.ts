/** regularization.analyze — "Analyze CSV…": opens (or reveals) the file's results panel with the comparison first. */
import * as vscode from 'vscode';
import type { PanelManager } from '../panel/PanelManager';
import { resolveCsvFile } from './resolveFile';

export function registerAnalyzeCommand(panels: PanelManager): vscode.Disposable {
  return vscode.commands.registerCommand('regularization.analyze', async (arg?: unknown) => {
    const uri = await resolveCsvFile(arg, panels);
    if (uri) await panels.open(uri);
  });
}
