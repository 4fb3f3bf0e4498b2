/**
 * Cross-validation folds on worker threads (issue 5: "CV folds run in parallel worker threads").
 * The calling thread keeps one share of the folds and starts one thread per other share (up to
 * min(K, os.availableParallelism()) shares in all); every thread calls the solver's public
 * crossValidateFolds on its folds with X and y in SharedArrayBuffers (no copy per thread), and
 * combineCvFolds puts the rows together. Fold errors depend only on the fold, so the result has the
 * same bits as crossValidate on one thread (test/unit/cvPool.test.ts). Logistic CV the same way:
 * crossValidateLogisticFolds per share, combineLogisticCvFolds (test/unit/cvPoolLogistic.test.ts).
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
import { combineCvFolds, crossValidateFolds, cvFoldsFromOnePass, sharedCvGram, wholeGramIsCheap, type CvFoldRuns } from '../solver/cv';
import type { CenteredGramParts } from '../solver/cvGram';
import type { DenseMatrix } from '../solver/design';
import type { CvFit, CvOptions } from '../solver/types';
import {
  combineLogisticCvFolds, crossValidateLogistic, crossValidateLogisticFolds, type LogisticCvFit, type LogisticCvFoldRuns, type LogisticCvOptions, type LogisticDesign,
} from '../solver/logistic';
import { UserError } from '../errors';
import { sharedCopy } from './sharedMemory';

/** What a fold thread receives (dist/cvThread.js): a Gaussian or a logistic share of the folds. */
export type CvThreadData = GaussianThreadData | LogisticThreadData;

export interface GaussianThreadData {
  kind: 'gaussian';
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

export interface LogisticThreadData {
  kind: 'logistic';
  x: SharedArrayBuffer;
  y: SharedArrayBuffer;
  n: number;
  p: number;
  opts: Omit<LogisticCvOptions, 'onProgress'>;
  folds: number[];
  signal: SharedArrayBuffer;
}

/** A fold thread's reply on its port. */
export type CvThreadReply = { runs: CvFoldRuns } | { logisticRuns: LogisticCvFoldRuns } | { error: string; user: boolean };

export interface CvPoolOptions {
  /** Total shares including the calling thread (default min(K, os.availableParallelism())). */
  threads?: number;
  /** The fold thread script (default cvThread.js next to this bundle). */
  script?: string;
  /** How long to wait for the threads after this thread's share, at least (default 30 s). */
  minReplyWaitMs?: number;
}

/** The shared Gram's parts with every array in shared memory. */
function inSharedMemory(g: CenteredGramParts): CenteredGramParts {
  return {
    ...g, xc: sharedCopy(g.xc), c: sharedCopy(g.c), yc: sharedCopy(g.yc), sumX: sharedCopy(g.sumX), sumSq: sharedCopy(g.sumSq),
    sumXY: sharedCopy(g.sumXY), varAll: sharedCopy(g.varAll), constantAll: sharedCopy(g.constantAll), gram: sharedCopy(g.gram),
    done: sharedCopy(g.done),
  };
}

function foldCount(foldIds: Int32Array): number {
  let K = 0;
  for (let i = 0; i < foldIds.length; i++) K = Math.max(K, foldIds[i] + 1);
  return K;
}

function coreCount(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** Folds 0..K-1 dealt round-robin into T shares. */
function dealFolds(K: number, T: number): number[][] {
  const shares: number[][] = Array.from({ length: T }, () => []);
  for (let k = 0; k < K; k++) shares[k % T].push(k);
  return shares;
}

/**
 * Runs shares[1..] on one thread each (`dataFor` builds a thread's workerData) and shares[0] here
 * (`runHere(folds, withProgress)`); returns every share's runs (`unpack` reads a thread's reply).
 * A thread that dies without replying (out of memory aborts it before any JS runs) would leave the
 * wait hanging: past a deadline well beyond this thread's own share, its folds are computed here
 * instead. The folds are deterministic, so the result has the same bits either way.
 */
function runShares<R>(
  shares: number[][], script: string, signal: Int32Array, dataFor: (folds: number[]) => CvThreadData,
  runHere: (folds: number[], withProgress: boolean) => R, unpack: (reply: CvThreadReply) => R, minReplyWaitMs: number | undefined,
): { runs: R; folds: number[] }[] {
  const threads: { worker: Worker; port: MessagePort; folds: number[] }[] = [];
  try {
    for (let t = 1; t < shares.length; t++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(script, { workerData: { ...dataFor(shares[t]), port: port2 }, transferList: [port2] });
      threads.push({ worker, port: port1, folds: shares[t] });
    }
    const mine = shares[0];
    const started = Date.now();
    const parts: { runs: R; folds: number[] }[] = [{ runs: runHere(mine, true), folds: mine }];
    const deadline = Date.now() + Math.max(minReplyWaitMs ?? 30_000, 10 * (Date.now() - started));
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
        parts.push({ runs: runHere(th.folds, false), folds: th.folds });
        return;
      }
      if ('error' in reply) throw reply.user ? new UserError(reply.error) : new Error(reply.error);
      parts.push({ runs: unpack(reply), folds: th.folds });
    });
    return parts;
  } finally {
    for (const th of threads) {
      th.port.close();
      void th.worker.terminate();
    }
  }
}

/** onProgress of one share scaled to the whole run (the shares are equal in size to within one fold). */
function scaledProgress<F extends (done: number, total: number, message: string) => void>(report: F | undefined, T: number): F | undefined {
  if (!report) return undefined;
  let steps = 0;
  return ((_done: number, total: number, message: string) => report(Math.min(total, ++steps * T), total, message)) as F;
}

/** crossValidate with its folds shared between this thread and worker threads; same result bits. */
export function crossValidateInThreads(X: DenseMatrix, y: Float64Array, opts: CvOptions, pool: CvPoolOptions = {}): CvFit {
  const K = foldCount(opts.foldIds);
  const T = Math.max(1, Math.min(K, pool.threads ?? coreCount()));
  const script = pool.script ?? path.join(__dirname, 'cvThread.js');
  const shares = dealFolds(K, T);
  // Covariance-mode folds of a small p come from one pass over X here; threads would add a Gram
  // pass, X's copy into shared memory and their start-up to fold solves of milliseconds (measured:
  // S1 0.59 s on one thread vs 0.91 s on two, S3 0.24 vs 0.42). Same bits either way.
  if (T < 2 || !fs.existsSync(script) || cvFoldsFromOnePass(X, opts)) {
    const runs = crossValidateFolds(X, y, opts);
    return combineCvFolds(opts, [{ runs, folds: Array.from({ length: runs.folds }, (_, k) => k) }]);
  }
  const xs = sharedCopy(X.x);
  const ys = sharedCopy(y);
  const signal = new Int32Array(new SharedArrayBuffer(4));
  // Covariance-mode folds: one all-rows Gram for every thread instead of one per thread (same bits)
  // when it is cheap to compute whole; otherwise each thread builds the columns its folds need.
  const built = wholeGramIsCheap(opts.rows ? opts.rows.length : X.n, X.p) ? sharedCvGram(X, y, opts) : null;
  const gram = built ? inSharedMemory(built) : null;
  const plain: Omit<CvOptions, 'onProgress'> = { ...opts };
  delete (plain as CvOptions).onProgress;
  // Progress of this thread's share stands for all of them.
  const local: CvOptions = { ...opts, onProgress: scaledProgress(opts.onProgress, T) };
  const parts = runShares<CvFoldRuns>(
    shares, script, signal,
    (folds) => ({
      kind: 'gaussian', x: xs.buffer as SharedArrayBuffer, y: ys.buffer as SharedArrayBuffer, n: X.n, p: X.p, opts: plain, folds, gram,
      signal: signal.buffer as SharedArrayBuffer,
    }),
    (folds, withProgress) => crossValidateFolds({ n: X.n, p: X.p, x: xs }, ys, withProgress ? local : plain, folds, gram),
    (reply) => (reply as { runs: CvFoldRuns }).runs,
    pool.minReplyWaitMs,
  );
  return combineCvFolds(opts, parts);
}

/**
 * crossValidateLogistic with its folds shared between this thread and worker threads (X and y in
 * shared memory, the C grid computed once here); the same result bits as crossValidateLogistic.
 */
export function crossValidateLogisticInThreads(X: LogisticDesign, y: Float64Array, opts: LogisticCvOptions, pool: CvPoolOptions = {}): LogisticCvFit {
  // No folds: validates the options (the same user errors as crossValidateLogistic) and makes the
  // grid once, here (every fold uses it; each thread would recompute the same one).
  const first = crossValidateLogisticFolds(X, y, { ...opts, onProgress: undefined }, []);
  const { foldIds, rows } = opts;
  const K = foldCount(rows && foldIds.length === rows.length ? foldIds : rows ? Int32Array.from(rows, (r) => foldIds[r]) : foldIds);
  const T = Math.max(1, Math.min(K, pool.threads ?? coreCount()));
  const script = pool.script ?? path.join(__dirname, 'cvThread.js');
  if (T < 2 || !fs.existsSync(script)) return crossValidateLogistic(X, y, opts);
  const withGrid: LogisticCvOptions = { ...opts, Cs: first.Cs };
  const xs = sharedCopy(X.x);
  const ys = sharedCopy(y);
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const plain: Omit<LogisticCvOptions, 'onProgress'> = { ...withGrid };
  delete (plain as LogisticCvOptions).onProgress;
  const local: LogisticCvOptions = { ...withGrid, onProgress: scaledProgress(opts.onProgress, T) };
  const parts = runShares<LogisticCvFoldRuns>(
    dealFolds(K, T), script, signal,
    (folds) => ({ kind: 'logistic', x: xs.buffer as SharedArrayBuffer, y: ys.buffer as SharedArrayBuffer, n: X.n, p: X.p, opts: plain, folds, signal: signal.buffer as SharedArrayBuffer }),
    (folds, withProgress) => crossValidateLogisticFolds({ n: X.n, p: X.p, x: xs }, ys, withProgress ? local : plain, folds),
    (reply) => (reply as { logisticRuns: LogisticCvFoldRuns }).logisticRuns,
    pool.minReplyWaitMs,
  );
  const fit = combineLogisticCvFolds(X, y, withGrid, parts.map((part) => part.runs));
  const total = K * fit.byL1Ratio.length;
  if (opts.onProgress) opts.onProgress(total, total, 'done');
  return fit;
}
