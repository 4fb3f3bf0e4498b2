/**
 * The sufficient statistics of Gaussian fits (column means and the centred Gram of [X y], the limit
 * of covariance-mode paths when n p^2 is large: issue 5) computed on worker threads. The Gram's rows
 * (output entries, never the data rows) are split between this thread and the Gram threads; each
 * share runs meanAndCentredGramRows (gramRows.ts), whose per-entry arithmetic is that of the
 * solver's meanAndCentredGram, so the statistics have the same bits as statsOfRows on one thread
 * and so do the fits made from them (test/unit/gramPool.test.ts).
 *
 * The threads (the 'gram' entry of dist/cvThread.js) start on first use and stay for the life of
 * the process (or of the extension's worker thread, whose children end with it), unref'd so they
 * never keep the CLI alive: a later fit skips the ~25 ms start-up. Synchronous like cvPool.ts: the
 * calling thread computes its own share, then waits with Atomics.wait; a thread that has not replied
 * long after that (dead: out of memory) is dropped and its share computed here (same bits).
 * X and y are copied into shared memory (unless they are there already), only the columns the
 * threads read, streamed in by rows while the threads start on the rows already there.
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
import { meanAndCentredGramRows } from './gramRows';

/**
 * Smallest n q^2 (q = p + 1) computed on threads: below it the hand-over to the threads and the
 * packing, which every share repeats for its columns, are not repaid. S1 (n = 1e5, p = 100) is 1e9.
 */
export const THREADED_STATS_MIN_WORK = 1e8;

/**
 * Smallest predicted speed-up worth threads: few columns gain little (the packing, O(n q), is then a
 * large part of the work; S3, n = 1e6, p = 10: 26–40 ms on two threads vs 30 ms on one), many gain
 * well (S1, p = 100: 42 vs 70 ms; n = 5e4, p = 100: 21 vs 34 ms; with X already in shared memory).
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
  n: number;
  j0: number;
  j1: number;
  /** q×q Float64Array: the thread writes entries (j, k <= j) of its rows at j*q + k. */
  out: SharedArrayBuffer;
  /** Int32Array [replies posted]: incremented and notified after each reply. */
  signal: SharedArrayBuffer;
  /** Int32Array [leading rows of x and y copied so far] while the caller copies them in (no rows); null: all there. */
  ready: SharedArrayBuffer | null;
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
 * Cost of packing one column for a share, in Gram entries (one entry: one multiply-add per row, in
 * the WebAssembly tiles of gramKernel.ts); measured on S1 (15 ms of packing, 49 ms of tiles).
 */
const PACK_COST = 17;
/** Cost of copying one column of X into shared memory (fresh pages), in Gram entries; measured on S1. */
const COPY_COST = 36;

/** Columns a share of rows j0..j1-1 reads (gramRows.ts: the panels of 4 columns up to row j1's). */
function columnsRead(j1: number, q: number): number {
  return Math.min(q, 4 * ((j1 + 3) >> 2));
}

/**
 * Boundaries 0 = b_0 < ... < b_T' = q (T' <= T) of shares of the Gram's rows, multiples of 4 so that
 * the kernel's panels stay whole (a split panel would be computed twice), with about equal time: row j costs j + 1 entries, a share PACK_COST per column it reads,
 * and the last share (the calling thread's) also the copy of the columns the threads read when
 * `copying` (COPY_COST per column). The smallest balance W for which greedy shares fit (bisection).
 */
export function gramShares(q: number, T: number, copying = false): number[] {
  const cut = (W: number): number[] | null => {
    const b = [0];
    let j = 0;
    for (let t = 0; t + 1 < T && j < q; t++) {
      let cost = 0;
      let k = j;
      while (k + 4 < q) {
        const next = cost + 4 * k + 10;
        if (next + PACK_COST * columnsRead(k + 4, q) > W) break;
        cost = next;
        k += 4;
      }
      if (k === j) break;
      b.push(k);
      j = k;
    }
    let last = PACK_COST * q;
    for (let r = j; r < q; r++) last += r + 1;
    if (copying && j > 0) last += COPY_COST * columnsRead(j, q);
    if (last > W) return null;
    b.push(q);
    return b;
  };
  let lo = 0;
  let hi = (q * (q + 1)) / 2 + (PACK_COST + COPY_COST) * q;
  let best = cut(hi) as number[];
  for (let it = 0; it < 40 && hi - lo > 1; it++) {
    const mid = (lo + hi) / 2;
    const b = cut(mid);
    if (b) { best = b; hi = mid; } else lo = mid;
  }
  return best;
}

/** Cost of each share of gramShares' boundaries b (the last one with the copy when `copying`), in Gram entries. */
function shareCosts(b: number[], q: number, copying: boolean): number[] {
  const T = b.length - 1;
  const costs: number[] = [];
  for (let t = 0; t < T; t++) {
    let c = PACK_COST * columnsRead(b[t + 1], q);
    for (let j = b[t]; j < b[t + 1]; j++) c += j + 1;
    if (t === T - 1 && copying && T > 1) c += COPY_COST * columnsRead(b[T - 1], q);
    costs.push(c);
  }
  return costs;
}

/** Predicted speed-up of T shares of a q-column Gram over one thread (the cost model of gramShares). */
export function gramSpeedup(q: number, T: number, copying: boolean): number {
  return (q * (q + 1) / 2 + PACK_COST * q) / Math.max(...shareCosts(gramShares(q, T, copying), q, copying));
}

/** Whether statistics of n rows and p columns go to threads under these options. */
export function statsRunInThreads(n: number, p: number, pool: GramPoolOptions = {}, copying = true): boolean {
  const q = p + 1;
  const T = pool.threads ?? coreCount();
  return T >= 2 && n * q * q >= (pool.minWork ?? THREADED_STATS_MIN_WORK) && gramSpeedup(q, T, copying) >= (pool.minSpeedup ?? THREADED_STATS_MIN_SPEEDUP)
    && fs.existsSync(pool.script ?? path.join(__dirname, 'cvThread.js'));
}

/**
 * statsOfRows(X, y, rows) with the Gram's rows shared between this thread and Gram threads when
 * n (p+1)^2 >= minWork (otherwise on this thread): the same statistics and usable flag, bit for bit.
 */
export function statsOfRowsInThreads(X: DenseMatrix, y: Float64Array, rows?: Int32Array, pool: GramPoolOptions = {}): StatsOfRows {
  const { p } = X;
  const n = rows ? rows.length : X.n;
  if (n === 0 || !statsRunInThreads(n, p, pool, !(X.x.buffer instanceof SharedArrayBuffer))) return statsOfRows(X, y, rows);
  const q = p + 1;
  const copying = !(X.x.buffer instanceof SharedArrayBuffer);
  const b = gramShares(q, pool.threads ?? coreCount(), copying);
  const T = b.length - 1;
  if (T < 2) return statsOfRows(X, y, rows);
  const script = pool.script ?? path.join(__dirname, 'cvThread.js');
  // The threads read only the columns of their shares: those are copied (y is column p). Without
  // a row subset the threads start at once and the copy streams in by rows (`ready`); with one
  // (rows anywhere in X) it is done first.
  const cols = columnsRead(b[T - 1], q);
  const xCols = Math.min(cols, p);
  const copyX = !(X.x.buffer instanceof SharedArrayBuffer);
  const copyY = cols > p && !(y.buffer instanceof SharedArrayBuffer);
  const xs = copyX ? new Float64Array(new SharedArrayBuffer(X.n * xCols * 8)) : X.x;
  const ys = copyY ? new Float64Array(new SharedArrayBuffer(y.byteLength))
    : cols > p || y.buffer instanceof SharedArrayBuffer ? y : new Float64Array(new SharedArrayBuffer(0));
  const ready = (copyX || copyY) && !rows ? new Int32Array(new SharedArrayBuffer(4)) : null;
  const copyRows = (r0: number, r1: number): void => {
    if (copyX) for (let j = 0; j < xCols; j++) xs.set(X.x.subarray(j * X.n + r0, j * X.n + r1), j * X.n + r0);
    if (copyY) ys.set(y.subarray(r0, r1), r0);
  };
  let rs: Int32Array | null = null;
  if (rows) {
    rs = new Int32Array(new SharedArrayBuffer(rows.byteLength));
    rs.set(rows);
    copyRows(0, X.n);
  }
  const g = new Float64Array(new SharedArrayBuffer(q * q * 8));
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const threads = threadsFor(script, T - 1);
  const tasks: GramTask[] = threads.map((_, t) => ({
    id: nextTask++, x: xs.buffer as SharedArrayBuffer, y: ys.buffer as SharedArrayBuffer, rows: rs ? (rs.buffer as SharedArrayBuffer) : null,
    N: X.n, p, n, j0: b[t], j1: b[t + 1], out: g.buffer as SharedArrayBuffer, signal: signal.buffer as SharedArrayBuffer,
    ready: ready ? (ready.buffer as SharedArrayBuffer) : null,
  }));
  threads.forEach((th, t) => th.port.postMessage(tasks[t]));
  if (ready) {
    const CHUNK = 16384;
    for (let r0 = 0; r0 < X.n; r0 += CHUNK) {
      copyRows(r0, Math.min(X.n, r0 + CHUNK));
      Atomics.store(ready, 0, Math.min(X.n, r0 + CHUNK));
      Atomics.notify(ready, 0);
    }
  }
  // This thread's share is the last rows: it reads every column, so it gives every mean.
  const mean = new Float64Array(q);
  const started = Date.now();
  shareHere(X.x, X.n, p, y, rows ?? null, n, b[T - 1], q, mean, g);
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
  const scratch = new Float64Array(q);
  threads.forEach((th, t) => {
    const reply = replies[t];
    if (reply && reply.error !== undefined) throw new Error(`Gram thread: ${reply.error}`);
    if (reply) { sharesOnThreads++; return; }
    // No reply long past this thread's own share: treat the thread as dead and compute its rows here.
    stop(th);
    shareHere(X.x, X.n, p, y, rows ?? null, n, b[t], b[t + 1], scratch, g);
  });
  return assembleStats(X, y, rows ?? null, n, mean, g);
}

/** Rows j0..j1-1 of the Gram into g (entries k <= j at j*q + k). */
function shareHere(x: Float64Array, N: number, p: number, y: Float64Array, rows: Int32Array | null, n: number, j0: number, j1: number,
  mean: Float64Array, g: Float64Array): void {
  const q = p + 1;
  meanAndCentredGramRows(x, N, p, y, rows, n, j0, j1, mean, g.subarray(j0 * q));
}

/** A Gram thread's work on one task (called by cvThread.ts). */
export function runGramTask(task: GramTask): void {
  const q = task.p + 1;
  const g = new Float64Array(task.out);
  meanAndCentredGramRows(
    new Float64Array(task.x), task.N, task.p, new Float64Array(task.y), task.rows ? new Int32Array(task.rows) : null, task.n,
    task.j0, task.j1, new Float64Array(q), g.subarray(task.j0 * q), task.ready ? new Int32Array(task.ready) : null,
  );
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
  const out = new Float64Array((p + 1) * (p + 1));
  for (let r = 0; r < 4; r++) meanAndCentredGramRows(x, N, p, y, null, N, 0, p + 1, new Float64Array(p + 1), out);
}

/** statsOfRows' split of the whole [X y] statistics (lower triangle filled by the shares) into SufficientStats. */
function assembleStats(X: DenseMatrix, y: Float64Array, rows: Int32Array | null, n: number, mean: Float64Array, g: Float64Array): StatsOfRows {
  const q = X.p + 1;
  for (let j = 0; j < q; j++) for (let k = 0; k < j; k++) g[k * q + j] = g[j * q + k];
  return statsFromGram(X, y, rows, n, mean, g);
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
