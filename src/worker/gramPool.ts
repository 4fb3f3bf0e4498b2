/**
 * The sufficient statistics of Gaussian fits (column means and the centred Gram of [X y], the limit
 * of covariance-mode paths when n p^2 is large: issue 5) computed on worker threads. The data rows
 * are split into subtrees of the solver's merge tree (meanAndCentredGram: leaves of STATS_SEGMENT
 * rows merged pairwise over a tree fixed by n alone); each thread computes its subtrees
 * (gramRows.ts) and this thread merges them over the same tree, so the statistics have the same bits
 * as statsOfRows on one thread, whatever the number of threads, and so do the fits made from them
 * (test/unit/gramPool.test.ts).
 *
 * The threads (the 'gram' entry of dist/cvThread.js) start on first use and stay for the life of
 * the process (or of the extension's worker thread, whose children end with it), unref'd so they
 * never keep the CLI alive: a later fit skips the ~25 ms start-up. Synchronous like cvPool.ts: the
 * calling thread computes its own share, then waits with Atomics.wait; a thread that has not replied
 * long after that (dead: out of memory) is dropped and its share computed here (same bits).
 * Designs live in shared memory (src/data/design.ts), so the threads read X where it is; other
 * arrays are copied there first, which the cost model counts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'worker_threads';
import type { DenseMatrix } from '../solver/design';
import { checkRows } from '../solver/ols';
import {
  checkL1RatioForGrid, checkTol, fitElasticNet, fitElasticNetPath, statsPathApplies, DEFAULT_MAX_ITER, DEFAULT_TOL,
} from '../solver/path';
import { enetFromStats, memoizedStats, pathFromStats, statsFromGram, statsOfRows, type StatsOfRows, type SufficientStats } from '../solver/sufficientStats';
import type { LinearFitOptions, LinearModelFit, PathFit, PathOptions } from '../solver/types';
import { meanAndCentredGram } from '../solver/linalg';
import { shareLength, statsShares, statsSubtree } from './gramRows';
import { sharedCopy } from './sharedMemory';

/**
 * Smallest n q^2 (q = p + 1) computed on threads: below it the hand-over to the threads and the
 * packing, which every share repeats for its columns, are not repaid. S1 (n = 1e5, p = 100) is 1e9.
 */
export const THREADED_STATS_MIN_WORK = 1e8;

/**
 * Smallest predicted speed-up worth threads: with X in shared memory two threads halve the work
 * (S1, n = 1e5, p = 100: 38 vs 72 ms; S3, n = 1e6, p = 10: 16 vs 30 ms, best of 25); a copy of X
 * into shared memory first costs about what S1 gains.
 */
export const THREADED_STATS_MIN_SPEEDUP = 1.3;

export interface GramPoolOptions {
  /** Shares including the calling thread (default os.availableParallelism()). */
  threads?: number;
  /** The thread script (default cvThread.js next to this bundle). */
  script?: string;
  /** Wait at least this long for a thread after this thread's share (default 30 s). */
  minReplyWaitMs?: number;
  /** Smallest n q^2 computed on threads (default THREADED_STATS_MIN_WORK). */
  minWork?: number;
  /** Smallest speed-up gramSpeedup predicts for threads (default THREADED_STATS_MIN_SPEEDUP). */
  minSpeedup?: number;
}

/** What a Gram thread receives per share (its start-up workerData is { kind: 'gram', port }). */
export interface GramTask {
  id: number;
  x: SharedArrayBuffer;
  y: SharedArrayBuffer;
  rows: SharedArrayBuffer | null;
  N: number;
  p: number;
  /** The share: rows r0..r1 of the used rows (a subtree of meanAndCentredGram's merge tree). */
  r0: number;
  r1: number;
  /** Float64Array: the thread writes the share's result (gramRows.ts statsSubtree) at offset `at`. */
  out: SharedArrayBuffer;
  at: number;
  /** Int32Array [replies posted]: incremented and notified after each reply. */
  signal: SharedArrayBuffer;
}

export type GramReply = { id: number; error?: string };

interface GramThread { worker: Worker; port: MessagePort; alive: boolean }

/** Live Gram threads per script, started on first use. */
const pools = new Map<string, GramThread[]>();
let threadsStarted = 0;
let sharesOnThreads = 0;
let nextTask = 1;

/** Counters for tests: threads ever started and shares run on threads. */
export function gramPoolCounters(): { threadsStarted: number; sharesOnThreads: number } {
  return { threadsStarted, sharesOnThreads };
}

/** Ends every Gram thread (tests; the process ends without it). */
export function closeGramPools(): void {
  for (const list of pools.values()) for (const th of list) stop(th);
  pools.clear();
}

function stop(th: GramThread): void {
  th.alive = false;
  th.port.close();
  void th.worker.terminate();
}

function coreCount(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

function threadsFor(script: string, count: number): GramThread[] {
  let list = (pools.get(script) ?? []).filter((th) => th.alive);
  while (list.length < count) {
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(script, { workerData: { kind: 'gram', port: port2 }, transferList: [port2] });
    const th: GramThread = { worker, port: port1, alive: true };
    // Without listeners a thread's error would be thrown in this thread; an ended thread is dropped.
    worker.on('error', () => { th.alive = false; });
    worker.on('exit', () => { th.alive = false; });
    worker.unref();
    port1.unref();
    threadsStarted++;
    list.push(th);
  }
  pools.set(script, list);
  list = list.slice(0, count);
  return list;
}

/**
 * Cost of packing one column, in Gram entries (one entry: one multiply-add per row, in the
 * WebAssembly tiles of gramKernel.ts); measured on S1 (15 ms of packing, 49 ms of tiles).
 */
const PACK_COST = 17;
/** Cost of copying one column of X into shared memory (fresh pages), in Gram entries; measured on S1. */
const COPY_COST = 36;

/**
 * Predicted speed-up of T threads over one for the statistics of n rows and q columns: the shares
 * (statsShares) split the rows, so each costs its rows' tiles and packing; a copy of X into shared
 * memory (`copying`) comes first, on the calling thread.
 */
export function gramSpeedup(n: number, q: number, T: number, copying: boolean): number {
  const perRow = (q * (q + 1)) / 2 + PACK_COST * q;
  const largest = Math.max(...statsShares(n, T).map(([a, b]) => b - a));
  return (n * perRow) / (largest * perRow + (copying ? n * COPY_COST * q : 0));
}

/** Whether statistics of n rows and p columns go to threads under these options. */
export function statsRunInThreads(n: number, p: number, pool: GramPoolOptions = {}, copying = true): boolean {
  const q = p + 1;
  const T = pool.threads ?? coreCount();
  return T >= 2 && n * q * q >= (pool.minWork ?? THREADED_STATS_MIN_WORK) && gramSpeedup(n, q, T, copying) >= (pool.minSpeedup ?? THREADED_STATS_MIN_SPEEDUP)
    && fs.existsSync(pool.script ?? path.join(__dirname, 'cvThread.js'));
}

/**
 * statsOfRows(X, y, rows) with the rows shared between this thread and Gram threads when
 * n (p+1)^2 is large enough (otherwise on this thread): each computes subtrees of the merge tree
 * (statsShares), this thread merges them as meanAndCentredGram does: the same statistics and usable
 * flag, bit for bit.
 */
export function statsOfRowsInThreads(X: DenseMatrix, y: Float64Array, rows?: Int32Array, pool: GramPoolOptions = {}): StatsOfRows {
  const { p } = X;
  const n = rows ? rows.length : X.n;
  const copyX = !(X.x.buffer instanceof SharedArrayBuffer);
  const copyY = !(y.buffer instanceof SharedArrayBuffer);
  if (n === 0 || !statsRunInThreads(n, p, pool, copyX || copyY)) return statsOfRows(X, y, rows);
  const shares = statsShares(n, pool.threads ?? coreCount());
  const T = shares.length;
  if (T < 2) return statsOfRows(X, y, rows);
  const q = p + 1;
  const script = pool.script ?? path.join(__dirname, 'cvThread.js');
  const xs = sharedCopy(X.x);
  const ys = sharedCopy(y);
  const rs = rows ? sharedCopy(rows) : null;
  const L = shareLength(q);
  const out = new Float64Array(new SharedArrayBuffer(T * L * 8));
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const threads = threadsFor(script, T - 1);
  // The threads take the first shares, this thread the last one.
  const tasks: GramTask[] = threads.map((_, t) => ({
    id: nextTask++, x: xs.buffer as SharedArrayBuffer, y: ys.buffer as SharedArrayBuffer, rows: rs ? (rs.buffer as SharedArrayBuffer) : null,
    N: X.n, p, r0: shares[t][0], r1: shares[t][1], out: out.buffer as SharedArrayBuffer, at: t * L, signal: signal.buffer as SharedArrayBuffer,
  }));
  threads.forEach((th, t) => th.port.postMessage(tasks[t]));
  const started = Date.now();
  statsSubtree(xs, X.n, p, ys, rs, shares[T - 1][0], shares[T - 1][1], out.subarray((T - 1) * L, T * L));
  const deadline = Date.now() + Math.max(pool.minReplyWaitMs ?? 30_000, 10 * (Date.now() - started));
  const replies: (GramReply | undefined)[] = threads.map(() => undefined);
  let pending = threads.length;
  for (;;) {
    threads.forEach((th, t) => {
      // Replies to earlier tasks (none unless a thread was late) are skipped by id.
      for (let msg = replies[t] ? undefined : receiveMessageOnPort(th.port); msg; msg = replies[t] ? undefined : receiveMessageOnPort(th.port)) {
        const reply = msg.message as GramReply;
        if (reply.id === tasks[t].id) { replies[t] = reply; pending--; }
      }
    });
    if (pending === 0 || Date.now() > deadline) break;
    Atomics.wait(signal, 0, Atomics.load(signal, 0), 20);
  }
  threads.forEach((th, t) => {
    const reply = replies[t];
    if (reply && reply.error !== undefined) throw new Error(`Gram thread: ${reply.error}`);
    if (reply) { sharesOnThreads++; return; }
    // No reply long past this thread's own share: treat the thread as dead and compute its share here.
    stop(th);
    statsSubtree(xs, X.n, p, ys, rs, shares[t][0], shares[t][1], out.subarray(t * L, (t + 1) * L));
  });
  // Merge the shares over meanAndCentredGram's own tree.
  const mean = new Float64Array(q);
  const g = new Float64Array(q * q);
  meanAndCentredGram(xs, X.n, p, ys, rs, n, mean, g, (r0, r1) => {
    const t = shares.findIndex(([a, b]) => a === r0 && b === r1);
    return t < 0 ? null : { devMean: out.subarray(t * L, t * L + q), m: out.subarray(t * L + q, (t + 1) * L) };
  });
  return statsFromGram(X, y, rows ?? null, n, mean, g);
}

/** A Gram thread's work on one task (called by cvThread.ts). */
export function runGramTask(task: GramTask): void {
  statsSubtree(new Float64Array(task.x), task.N, task.p, new Float64Array(task.y), task.rows ? new Int32Array(task.rows) : null,
    task.r0, task.r1, new Float64Array(task.out, task.at * 8, shareLength(task.p + 1)));
}

/**
 * Starts the Gram threads ahead of a large fit (the CLI calls it while it reads the file) and has
 * each run the kernel on a small made-up problem, so the first statistics find them started and
 * their kernel compiled (a cold first call measured ~60 ms slower on S1). Replies are ignored.
 */
export function prestartGramThreads(pool: GramPoolOptions = {}): void {
  const T = pool.threads ?? coreCount();
  const script = pool.script ?? path.join(__dirname, 'cvThread.js');
  if (T < 2 || !fs.existsSync(script)) return;
  const signal = new SharedArrayBuffer(4);
  for (const th of threadsFor(script, T - 1)) th.port.postMessage({ warm: true, id: 0, signal });
}

/** A made-up problem for the kernel's first runs in a new thread (prestartGramThreads). */
export function warmGramKernel(): void {
  const N = 4096;
  const p = 15;
  const x = new Float64Array(N * p);
  for (let i = 0; i < x.length; i++) x[i] = ((i * 7919) % 104729) / 104729;
  const y = x.subarray(0, N);
  const out = new Float64Array(shareLength(p + 1));
  for (let r = 0; r < 4; r++) statsSubtree(x, N, p, y, null, 0, N, out);
}

/** sufficientStats(X, y, rows) on threads when large (statsOfRowsInThreads); the same bits. */
export function sufficientStatsInThreads(X: DenseMatrix, y: Float64Array, rows?: Int32Array, pool: GramPoolOptions = {}): SufficientStats {
  return statsOfRowsInThreads(X, y, rows, pool).stats;
}

/**
 * fitElasticNetPath with the statistics route's Gram on threads when n (p+1)^2 is large; the same
 * PathFit bits (the same route choice and checks; anything else is fitElasticNetPath itself).
 */
export function fitElasticNetPathInThreads(X: DenseMatrix, y: Float64Array, opts: PathOptions, pool: GramPoolOptions = {}): PathFit {
  const n = opts.rows ? opts.rows.length : X.n;
  if (!statsPathApplies(n, X.p, opts.cdMode) || !statsRunInThreads(n, X.p, pool, !(X.x.buffer instanceof SharedArrayBuffer))) return fitElasticNetPath(X, y, opts);
  const tol = opts.tol ?? DEFAULT_TOL;
  const maxIter = opts.maxIter ?? DEFAULT_MAX_ITER;
  checkTol(tol, maxIter);
  checkL1RatioForGrid(opts.l1Ratio);
  checkRows(n, 'elastic net');
  const { stats, usable } = memoizedStats(opts.statsMemo, X, y, opts.rows, () => statsOfRowsInThreads(X, y, opts.rows, pool));
  // Magnitudes the statistics cannot carry (rare): the solver's own route, which fits from the design.
  if (!usable) return fitElasticNetPath(X, y, opts);
  return pathFromStats(stats, opts, tol, maxIter);
}

/** fitElasticNet with the statistics route's Gram on threads when n (p+1)^2 is large; the same bits. */
export function fitElasticNetInThreads(X: DenseMatrix, y: Float64Array, alpha: number, l1Ratio: number,
  opts: LinearFitOptions & { warmStart?: Float64Array }, pool: GramPoolOptions = {}): LinearModelFit {
  const n = opts.rows ? opts.rows.length : X.n;
  // alpha = 0, l1Ratio = 0 and invalid values: the solver's own handling (closed forms, user errors).
  const statsRoute = alpha > 0 && Number.isFinite(alpha) && l1Ratio > 0 && l1Ratio <= 1 && statsPathApplies(n, X.p, opts.cdMode);
  if (!statsRoute || !statsRunInThreads(n, X.p, pool, !(X.x.buffer instanceof SharedArrayBuffer))) return fitElasticNet(X, y, alpha, l1Ratio, opts);
  const tol = opts.tol ?? DEFAULT_TOL;
  const maxIter = opts.maxIter ?? DEFAULT_MAX_ITER;
  checkTol(tol, maxIter);
  const { stats, usable } = memoizedStats(opts.statsMemo, X, y, opts.rows, () => statsOfRowsInThreads(X, y, opts.rows, pool));
  if (!usable) return fitElasticNet(X, y, alpha, l1Ratio, opts);
  return enetFromStats(stats, X, y, alpha, l1Ratio, opts, tol, maxIter);
}

/** The pipeline's Gaussian fits (GaussianFits of src/pipeline) with their statistics on Gram threads. */
export const gaussianFitsInThreads = {
  enet: (X: DenseMatrix, y: Float64Array, alpha: number, l1Ratio: number, opts: LinearFitOptions & { warmStart?: Float64Array }): LinearModelFit =>
    fitElasticNetInThreads(X, y, alpha, l1Ratio, opts),
  path: (X: DenseMatrix, y: Float64Array, opts: PathOptions): PathFit => fitElasticNetPathInThreads(X, y, opts),
};
