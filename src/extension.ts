/**
 * Regularization Explorer's extension host entry. Activation stays light: it registers the
 * commands and the panel serializer; the analysis worker thread starts with the first job.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { registerAnalyzeCommand } from './commands/analyze';
import { registerCompareCommand } from './commands/compare';
import { registerCvCommand } from './commands/cv';
import { registerDebugMeasureCommand } from './commands/debugMeasure';
import { registerLogisticCommand } from './commands/logistic';
import { registerOpenSampleCommand } from './commands/openSample';
import { registerPathCommand } from './commands/path';
import { readConfig } from './panel/config';
import { MetricsRecorder } from './panel/metrics';
import { PanelManager } from './panel/PanelManager';
import { VIEW_TYPE } from './panel/ResultsPanel';
import { defaultWorkerFactory, WorkerClient } from './worker/client';

let worker: WorkerClient | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const activateStart = performance.now();
  const output = vscode.window.createOutputChannel('Regularization Explorer');
  const metrics = new MetricsRecorder(process.env.REGULARIZATION_METRICS, process.env.REGULARIZATION_PROFILE);
  const workerScript = path.join(context.extensionPath, 'dist', 'worker.js');
  const memoryLimitMb = () => readConfig().workerMemoryMb;
  const client = new WorkerClient({
    createWorker: defaultWorkerFactory(workerScript, memoryLimitMb),
    memoryLimitMb,
    log: (line) => output.appendLine(`[worker] ${line}`),
  });
  worker = client;
  metrics.data.workerMemoryMb = memoryLimitMb();
  const panels = new PanelManager({
    extensionUri: context.extensionUri,
    worker: client,
    output,
    workspaceState: context.workspaceState,
    metrics,
  });
  context.subscriptions.push(
    output,
    registerAnalyzeCommand(panels),
    registerCompareCommand(panels),
    registerPathCommand(panels),
    registerCvCommand(panels),
    registerLogisticCommand(panels),
    registerDebugMeasureCommand(metrics),
    registerOpenSampleCommand(context.extensionUri),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('regularization.workerMemoryMb')) return;
      // A new heap limit needs a new worker: the next job starts one.
      client.recycle();
      metrics.data.workerMemoryMb = memoryLimitMb();
      metrics.flush();
      output.appendLine(`worker memory limit is now ${memoryLimitMb()} MB (applies from the next job)`);
    }),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, panels),
    { dispose: () => panels.dispose() },
  );
  // VS Code's own figure (code loading + activate) is in Developer: Show Running Extensions.
  metrics.recordActivation(Math.round((performance.now() - activateStart) * 10) / 10);
  output.appendLine(`activate() took ${metrics.data.activationMs} ms`);
}

export async function deactivate(): Promise<void> {
  const w = worker;
  worker = undefined;
  await w?.dispose();
}
