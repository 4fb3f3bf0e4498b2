/**
 * The worker_threads entry (bundled to dist/worker.js). It runs one job at a time for the
 * extension host: parse, fit, path, CV. The host never waits on it synchronously; cancelling a
 * job terminates this thread (V8 stops it mid-loop), so no cancellation checks are needed here.
 */
import { setPriority } from 'os';
import { parentPort } from 'worker_threads';
import { runJob } from '../pipeline';
import { crossValidateInThreads, crossValidateLogisticInThreads } from './cvPool';
import { gaussianFitsInThreads } from './gramPool';
import { DesignCache } from '../pipeline/refit';
import { isUserError } from '../errors';
import type { HostToWorker, Progress, WorkerToHost } from '../protocol';

/** Progress messages are throttled: the host only needs a few per second to draw a bar. */
const PROGRESS_INTERVAL_MS = 80;

/**
 * The last design of a refit / insights / geometry job (file, content fingerprint, design options),
 * with its solver workspace and last coefficients per model: live alpha refits from it without
 * re-parsing. One entry, so at most one large design stays in memory.
 */
const designs = new DesignCache();

const port = parentPort;
if (!port) throw new Error('dist/worker.js must be started as a worker thread');

// Background work yields the CPU to the editor: on Linux a nice value belongs to one thread, and
// setpriority(0) from here lowers only this worker (elsewhere it would lower the whole process).
if (process.platform === 'linux') {
  try {
    setPriority(10);
  } catch {
    // Not permitted (some containers): run at normal priority.
  }
}

function send(message: WorkerToHost): void {
  port!.postMessage(message);
}

port.on('message', (message: HostToWorker) => {
  if (message.type !== 'job/start') return; // 'job/cancel' is handled by terminating the thread
  const { id, job } = message;
  let lastSent = 0;
  let lastStage = '';
  const onProgress = (progress: Progress): void => {
    const now = Date.now();
    const stageChanged = progress.stage !== lastStage;
    if (!stageChanged && progress.fraction !== 1 && now - lastSent < PROGRESS_INTERVAL_MS) return;
    lastSent = now;
    lastStage = progress.stage;
    send({ type: 'job/progress', id, progress });
  };
  runJob(job, onProgress, designs, (X, y, opts) => crossValidateInThreads(X, y, opts), (X, y, opts) => crossValidateLogisticInThreads(X, y, opts), gaussianFitsInThreads).then(
    (result) => send({ type: 'job/result', id, result }),
    (err: unknown) => {
      const userError = isUserError(err);
      // A user error is one sentence for the panel; anything else is a bug: keep its stack for the log.
      const message = userError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
      send({ type: 'job/error', id, message, userError });
    },
  );
});
