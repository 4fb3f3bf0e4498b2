/**
 * Cross-validation folds on worker threads (issue 5: "CV folds run in parallel worker threads").
 * The calling thread keeps one share of the folds and starts one thread per other share (up to
 * min(K, os.availableParallelism()) shares in all); every thread calls the solver's public
 * crossValidateFolds on its folds with X and y in SharedArrayBuffers (no copy per thread), and
 * combineCvFolds puts the rows together. Fold errors depend only on the fold, so the result has the
 * same bits as crossValidate on one thread (test/unit/cvPool.test.ts).
 *
 * Synchronous on purpose: callers (the CLI, a job inside the extension's worker thread) run CV as
 * one blocking step, so the calling thread waits with Atomics.wait and reads each thread's result
 * with receiveMessageOnPort. Never call it from the extension host's main thread. The wait wakes
 * every 20 ms so a terminate() of the calling worker (cancel) takes effect promptly; the fold
 * threads are its children and end with it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'worker_threads';
import { combineCvFolds, crossValidateFolds, sharedCvGram, wholeGramIsCheap, type CvFoldRuns } from '../solver/cv';
import type { CenteredGramParts } from '../solver/cvGram';
import type { DenseMatrix } from '../solver/design';
import type { CvFit, CvOptions } from '../solver/types';
import { UserError } from '../errors';

/** What a fold thread receives (dist/cvThread.js). */
export interface CvThreadData {
  x: SharedArrayBuffer;
  y: SharedArrayBuffer;
  n: number;
  p: number;
  opts: Omit<CvOptions, 'onProgress'>;
  folds: number[];
  /** The all-rows Gram of covariance-mode folds, computed once by the calling thread (shared memory). */
  gram: CenteredGramParts | null;
  /** Int32Array [finished threads]: incremented and notified by each thread when its reply is posted. */
  signal: SharedArrayBuffer;
}

/** A fold thread's reply on its port. */
export type CvThreadReply = { runs: CvFoldRuns } | { error: string; user: boolean };

export interface CvPoolOptions {
  /** Total shares including the calling thread (default min(K, os.availableParallelism())). */
  threads?: number;
  /** The fold thread script (default cvThread.js next to this bundle). */
  script?: string;
  /** How long to wait for the threads after this thread's share, at least (default 30 s). */
  minReplyWaitMs?: number;
}

function shared(a: Float64Array): Float64Array {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const out = new Float64Array(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

function sharedBytes<T extends Float64Array | Uint8Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const out = new (a.constructor as { new (b: SharedArrayBuffer): T })(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

/** The shared Gram's parts with every array in shared memory. */
function inSharedMemory(g: CenteredGramParts): CenteredGramParts {
  return {
    ...g, xc: sharedBytes(g.xc), c: sharedBytes(g.c), yc: sharedBytes(g.yc), sumX: sharedBytes(g.sumX), sumSq: sharedBytes(g.sumSq),
    sumXY: sharedBytes(g.sumXY), varAll: sharedBytes(g.varAll), constantAll: sharedBytes(g.constantAll), gram: sharedBytes(g.gram),
    done: sharedBytes(g.done),
  };
}

function foldCount(opts: CvOptions): number {
  let K = 0;
  for (let i = 0; i < opts.foldIds.length; i++) K = Math.max(K, opts.foldIds[i] + 1);
  return K;
}

/** crossValidate with its folds shared between this thread and worker threads; same result bits. */
export function crossValidateInThreads(X: DenseMatrix, y: Float64Array, opts: CvOptions, pool: CvPoolOptions = {}): CvFit {
  const K = foldCount(opts);
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const T = Math.max(1, Math.min(K, pool.threads ?? cores));
  const script = pool.script ?? path.join(__dirname, 'cvThread.js');
  const shares: number[][] = Array.from({ length: T }, () => []);
  for (let k = 0; k < K; k++) shares[k % T].push(k);
  if (T < 2 || !fs.existsSync(script)) {
    const runs = crossValidateFolds(X, y, opts);
    return combineCvFolds(opts, [{ runs, folds: Array.from({ length: runs.folds }, (_, k) => k) }]);
  }
  const xs = shared(X.x);
  const ys = shared(y);
  const signal = new Int32Array(new SharedArrayBuffer(4));
  // Covariance-mode folds: one all-rows Gram for every thread instead of one per thread (same bits)
  // when it is cheap to compute whole; otherwise each thread builds the columns its folds need.
  const built = wholeGramIsCheap(opts.rows ? opts.rows.length : X.n, X.p) ? sharedCvGram(X, y, opts) : null;
  const gram = built ? inSharedMemory(built) : null;
  const plain: Omit<CvOptions, 'onProgress'> = { ...opts };
  delete (plain as CvOptions).onProgress;
  const threads: { worker: Worker; port: MessagePort; folds: number[] }[] = [];
  try {
    for (let t = 1; t < T; t++) {
      const { port1, port2 } = new MessageChannel();
      const data: CvThreadData = {
        x: xs.buffer as SharedArrayBuffer, y: ys.buffer as SharedArrayBuffer, n: X.n, p: X.p, opts: plain, folds: shares[t], gram,
        signal: signal.buffer as SharedArrayBuffer,
      };
      const worker = new Worker(script, { workerData: { ...data, port: port2 }, transferList: [port2] });
      threads.push({ worker, port: port1, folds: shares[t] });
    }
    // This thread's share (with progress, scaled to the whole run).
    const mine = shares[0];
    // Progress of this share stands for all of them (the shares are equal in size to within one fold).
    const local: CvOptions = { ...opts };
    if (opts.onProgress) {
      const report = opts.onProgress;
      let steps = 0;
      local.onProgress = (_done, total, message) => report(Math.min(total, ++steps * T), total, message);
    }
    const started = Date.now();
    const runs0 = crossValidateFolds({ n: X.n, p: X.p, x: xs }, ys, local, mine, gram);
    const parts: { runs: CvFoldRuns; folds: number[] }[] = [{ runs: runs0, folds: mine }];
    // A thread that dies without replying (out of memory aborts it before any JS runs) would leave
    // this wait hanging: past a deadline well beyond this thread's own share, the missing shares are
    // computed here instead. The folds are deterministic, so the result has the same bits either way.
    const deadline = Date.now() + Math.max(pool.minReplyWaitMs ?? 30_000, 10 * (Date.now() - started));
    const replies: (CvThreadReply | undefined)[] = threads.map(() => undefined);
    let pending = threads.length;
    for (;;) {
      threads.forEach((th, t) => {
        if (replies[t]) return;
        const msg = receiveMessageOnPort(th.port);
        if (msg) { replies[t] = msg.message as CvThreadReply; pending--; }
      });
      if (pending === 0 || Date.now() > deadline) break;
      Atomics.wait(signal, 0, Atomics.load(signal, 0), 20);
    }
    threads.forEach((th, t) => {
      const reply = replies[t];
      if (!reply) {
        parts.push({ runs: crossValidateFolds({ n: X.n, p: X.p, x: xs }, ys, plain, th.folds, gram), folds: th.folds });
        return;
      }
      if ('error' in reply) throw reply.user ? new UserError(reply.error) : new Error(reply.error);
      parts.push({ runs: reply.runs, folds: th.folds });
    });
    return combineCvFolds(opts, parts);
  } finally {
    for (const th of threads) {
      th.port.close();
      void th.worker.terminate();
    }
  }
}
