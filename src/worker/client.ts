/**
 * The host side of the analysis worker: one worker_threads Worker, created on the first job,
 * running one job at a time (later jobs queue). Cancelling the running job terminates the thread,
 * which V8 does even inside a tight numeric loop, and the next job gets a fresh worker. A crash or
 * an out-of-memory stop rejects the running job with a WorkerCrashError whose message a user can
 * act on; queued jobs then run on a new worker. No `vscode` import, so it is unit-testable.
 */
import { Worker } from 'worker_threads';
import type { JobRequest, Progress, WorkerToHost } from '../protocol';

export class JobCancelledError extends Error {
  constructor() {
    super('The analysis was cancelled.');
    this.name = 'JobCancelledError';
  }
}

/** The job itself failed (bad input or a pipeline bug); userError says which. */
export class JobFailedError extends Error {
  constructor(message: string, readonly userError: boolean) {
    super(message);
    this.name = 'JobFailedError';
  }
}

/** The worker thread died (out of memory, uncaught exception, exit). */
export class WorkerCrashError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerCrashError';
  }
}

export interface JobHandle<T> {
  id: number;
  result: Promise<T>;
  /** Resolves once the job is gone (the worker is terminated if it was running it). */
  cancel(): Promise<void>;
}

export interface WorkerClientOptions {
  /** Makes a worker; tests pass fakes. The default is `defaultWorkerFactory(scriptPath)`. */
  createWorker: () => Worker;
  /** Heap limit given to the worker (read when a worker starts), named in the out-of-memory message. */
  memoryLimitMb: () => number;
  log?: (line: string) => void;
}

export function defaultWorkerFactory(scriptPath: string, memoryLimitMb: () => number): () => Worker {
  return () => new Worker(scriptPath, { resourceLimits: { maxOldGenerationSizeMb: memoryLimitMb() } });
}

interface Pending {
  id: number;
  job: JobRequest;
  onProgress: (p: Progress) => void;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  startedAt: number;
}

export class WorkerClient {
  private worker: Worker | undefined;
  private active: Pending | undefined;
  private queue: Pending[] = [];
  private nextId = 1;
  private disposed = false;
  private recycleWhenIdle = false;
  /** The limit the current worker was started with. */
  private workerLimitMb = 0;
  /** Workers started so far (a test and a log aid: a fresh worker after a cancel or a crash). */
  workersStarted = 0;

  constructor(private readonly options: WorkerClientOptions) {}

  start<T = unknown>(job: JobRequest, onProgress: (p: Progress) => void = () => undefined): JobHandle<T> {
    if (this.disposed) throw new Error('The analysis worker has been shut down.');
    const id = this.nextId++;
    let pending!: Pending;
    const result = new Promise<T>((resolve, reject) => {
      pending = { id, job, onProgress, resolve: resolve as (v: unknown) => void, reject, startedAt: 0 };
    });
    this.queue.push(pending);
    this.pump();
    return { id, result, cancel: () => this.cancel(id) };
  }

  /** Cancels a queued or running job; a running one is stopped by terminating the worker. */
  async cancel(id: number): Promise<void> {
    const queued = this.queue.findIndex((p) => p.id === id);
    if (queued >= 0) {
      const [p] = this.queue.splice(queued, 1);
      p.reject(new JobCancelledError());
      return;
    }
    if (this.active?.id !== id) return;
    const p = this.active;
    this.active = undefined;
    const t0 = Date.now();
    await this.terminateWorker();
    this.log(`job ${id} (${p.job.kind}) cancelled; worker stopped in ${Date.now() - t0} ms`);
    p.reject(new JobCancelledError());
    this.pump();
  }

  /**
   * The next job gets a fresh worker (e.g. the memory limit setting changed). A running job
   * finishes on the current one first.
   */
  recycle(): void {
    if (this.active) this.recycleWhenIdle = true;
    else void this.terminateWorker();
  }

  get busy(): boolean {
    return this.active !== undefined || this.queue.length > 0;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const all = [...(this.active ? [this.active] : []), ...this.queue];
    this.active = undefined;
    this.queue = [];
    for (const p of all) p.reject(new JobCancelledError());
    await this.terminateWorker();
  }

  private pump(): void {
    if (this.active || this.queue.length === 0 || this.disposed) return;
    const p = this.queue.shift()!;
    this.active = p;
    p.startedAt = Date.now();
    const worker = this.ensureWorker();
    const transfer = transferList(p.job);
    worker.postMessage({ type: 'job/start', id: p.id, job: p.job }, transfer);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    this.workerLimitMb = this.options.memoryLimitMb();
    const worker = this.options.createWorker();
    this.workersStarted++;
    this.worker = worker;
    worker.on('message', (msg: WorkerToHost) => this.onMessage(worker, msg));
    worker.on('error', (err: Error) => this.onCrash(worker, err));
    worker.on('exit', (code: number) => {
      if (this.worker === worker) this.onCrash(worker, new Error(`the worker exited with code ${code}`));
    });
    return worker;
  }

  private onMessage(worker: Worker, msg: WorkerToHost): void {
    if (worker !== this.worker || !this.active || msg.id !== this.active.id) return;
    const p = this.active;
    switch (msg.type) {
      case 'job/progress':
        p.onProgress(msg.progress);
        return;
      case 'job/result':
        this.active = undefined;
        this.log(`job ${p.id} (${p.job.kind}) done in ${Date.now() - p.startedAt} ms`);
        p.resolve(msg.result);
        break;
      case 'job/error':
        this.active = undefined;
        this.log(`job ${p.id} (${p.job.kind}) failed: ${msg.message}`);
        p.reject(new JobFailedError(msg.message, msg.userError));
        break;
    }
    if (this.recycleWhenIdle && !this.active) {
      this.recycleWhenIdle = false;
      void this.terminateWorker();
    }
    this.pump();
  }

  private onCrash(worker: Worker, err: Error): void {
    if (worker !== this.worker) return;
    this.worker = undefined;
    void worker.terminate();
    const p = this.active;
    this.active = undefined;
    this.log(`worker crashed: ${(err as NodeJS.ErrnoException).code ?? ''} ${err.message}`);
    if (p) p.reject(new WorkerCrashError(describeCrash(err, p.job.source.file, this.workerLimitMb)));
    this.pump();
  }

  private async terminateWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  private log(line: string): void {
    this.options.log?.(line);
  }
}

export function describeCrash(err: Error, file: string, memoryLimitMb: number): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory|heap limit/i.test(err.message)) {
    return `The analysis of ${file} ran out of memory (the worker may use ${memoryLimitMb} MB). ` +
      'Try a smaller file or fewer feature columns, or raise regularization.workerMemoryMb.';
  }
  return `The analysis worker stopped unexpectedly while working on ${file} (${err.message}). ` +
    'Run the command again: it starts a fresh worker.';
}

/**
 * The file's bytes move to the worker instead of being copied (the host keeps nothing of them).
 * A view over part of a larger buffer (Node's small-Buffer pool) is copied first so that
 * transferring cannot detach memory something else uses.
 */
function transferList(job: JobRequest): ArrayBuffer[] {
  const bytes = job.source.bytes;
  if (!bytes) return [];
  if (!(bytes.buffer instanceof ArrayBuffer) || bytes.byteOffset !== 0 || bytes.byteLength !== bytes.buffer.byteLength) {
    const own = new Uint8Array(bytes.byteLength);
    own.set(bytes);
    job.source.bytes = own;
    return [own.buffer];
  }
  return [bytes.buffer];
}
