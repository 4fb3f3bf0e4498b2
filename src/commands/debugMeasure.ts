/**
 * regularization.debug.measure (hidden from the palette): a test hook. With `true`/`false` it
 * turns job measurements on or off; it always returns the metrics gathered so far (activation
 * time; per job: time to result and the host's longest event-loop stall).
 */
import * as vscode from 'vscode';
import type { Metrics, MetricsRecorder } from '../panel/metrics';

export function registerDebugMeasureCommand(metrics: MetricsRecorder): vscode.Disposable {
  return vscode.commands.registerCommand('regularization.debug.measure', (enable?: unknown): Metrics => {
    if (typeof enable === 'boolean') metrics.enabled = enable;
    return metrics.data;
  });
}
