/**
 * regularization.logistic — "Fit Penalized Logistic Regression": opens (or reveals) the file's
 * results panel with the task set to classification (a two-valued target) and the logistic view.
 */
import * as vscode from 'vscode';
import type { PanelManager } from '../panel/PanelManager';
import { resolveCsvFile } from './resolveFile';

export function registerLogisticCommand(panels: PanelManager): vscode.Disposable {
  return vscode.commands.registerCommand('regularization.logistic', async (arg?: unknown) => {
    const uri = await resolveCsvFile(arg, panels);
    if (uri) await panels.open(uri, { focus: 'logistic', classification: true });
  });
}
