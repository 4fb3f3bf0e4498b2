/** regularization.path — "Show Regularization Path": opens (or reveals) the file's results panel showing the Lasso, Elastic Net and Ridge paths. */
import * as vscode from 'vscode';
import type { PanelManager } from '../panel/PanelManager';
import { resolveCsvFile } from './resolveFile';

export function registerPathCommand(panels: PanelManager): vscode.Disposable {
  return vscode.commands.registerCommand('regularization.path', async (arg?: unknown) => {
    const uri = await resolveCsvFile(arg, panels);
    if (uri) await panels.open(uri, { focus: 'path' });
  });
}
