/**
 * A cross-validation fold thread (bundled to dist/cvThread.js, started by cvPool.ts): runs the
 * solver's crossValidateFolds (Gaussian) or crossValidateLogisticFolds on its share of the folds
 * with X and y from shared memory, posts the fold results on its port, then signals the waiting
 * thread. Started with kind 'gram' (gramPool.ts) it stays and serves shares of Gram rows instead:
 * one reply per task on its port, each followed by the task's signal.
 */
import { workerData } from 'worker_threads';
import type { MessagePort } from 'worker_threads';
import { crossValidateFolds } from '../solver/cv';
import { crossValidateLogisticFolds } from '../solver/logistic';
import { isUserError } from '../errors';
import type { CvThreadData, CvThreadReply } from './cvPool';
import { runGramTask, warmGramKernel, type GramReply, type GramTask } from './gramPool';

function serveGram(port: MessagePort): void {
  port.on('message', (task: GramTask | { warm: true; id: number; signal: SharedArrayBuffer }) => {
    let reply: GramReply;
    try {
      if ('warm' in task) warmGramKernel();
      else runGramTask(task);
      reply = { id: task.id };
    } catch (e) {
      reply = { id: task.id, error: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
    const signal = new Int32Array(task.signal);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
}

function runFolds(data: CvThreadData & { port: MessagePort }): void {
  const signal = new Int32Array(data.signal);
  let reply: CvThreadReply;
  try {
    const X = { n: data.n, p: data.p, x: new Float64Array(data.x) };
    const y = new Float64Array(data.y);
    reply = data.kind === 'logistic'
      ? { logisticRuns: crossValidateLogisticFolds(X, y, data.opts, data.folds) }
      : { runs: crossValidateFolds(X, y, data.opts, data.folds, data.gram) };
  } catch (e) {
    reply = { error: e instanceof Error ? e.message : String(e), user: isUserError(e) };
  }
  data.port.postMessage(reply);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

const start = workerData as (CvThreadData | { kind: 'gram' }) & { port: MessagePort };
if (start.kind === 'gram') serveGram(start.port);
else runFolds(start as CvThreadData & { port: MessagePort });
