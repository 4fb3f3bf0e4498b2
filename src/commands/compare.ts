/** regularization.compare — "Compare OLS, Ridge, Lasso and Elastic Net": opens (or reveals) the file's results panel showing the coefficient comparison. */
import * as vscode from 'vscode';
import type { PanelManager } from '../panel/PanelManager';
import { resolveCsvFile } from './resolveFile';

export function registerCompareCommand(panels: PanelManager): vscode.Disposable {
  return vscode.commands.registerCommand('regularization.compare', async (arg?: unknown) => {
    const uri = await resolveCsvFile(arg, panels);
    if (uri) await panels.open(uri, { focus: 'compare' });
  });
}
