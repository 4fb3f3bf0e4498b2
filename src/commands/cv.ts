/** regularization.cv — "Cross-Validate Alpha": opens (or reveals) the file's results panel showing the cross-validation curves with alpha_min and alpha_1se. */
import * as vscode from 'vscode';
import type { PanelManager } from '../panel/PanelManager';
import { resolveCsvFile } from './resolveFile';

export function registerCvCommand(panels: PanelManager): vscode.Disposable {
  return vscode.commands.registerCommand('regularization.cv', async (arg?: unknown) => {
    const uri = await resolveCsvFile(arg, panels);
    if (uri) await panels.open(uri, { focus: 'cv' });
  });
}
