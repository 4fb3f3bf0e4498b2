// WorkerClient against fake worker threads (eval'd scripts): the oracle is the behaviour the
// issue asks for — cancel stops a spinning worker within 200 ms, out-of-memory and crashes become
// WorkerCrashError with a clear message, and the next job runs on a fresh worker.
import * as assert from 'assert';
import { Worker } from 'worker_threads';
import { JobCancelledError, JobFailedError, WorkerClient, WorkerCrashError } from '../../src/worker/client';
import type { JobRequest, Progress } from '../../src/protocol';

const FAKE = `
const { parentPort } = require('worker_threads');
parentPort.on('message', (m) => {
  if (m.type !== 'job/start') return;
  const id = m.id, mode = m.job.source.file;
  const progress = (message) => parentPort.postMessage({ type: 'job/progress', id, progress: { stage: 'parse', message, fraction: 1 } });
  if (mode === 'echo') {
    progress('rows parsed 1');
    const b = m.job.source.bytes;
    parentPort.postMessage({ type: 'job/result', id, result: { n: b ? b.length : -1, first: b ? b[0] : -1 } });
  } else if (mode === 'spin') {
    progress('spinning');
    for (;;) {}
  } else if (mode === 'oom') {
    const hold = [];
    for (;;) hold.push(new Array(1e5).fill(Math.random()));
  } else if (mode === 'throw') {
    setTimeout(() => { throw new Error('boom'); });
  } else if (mode === 'user') {
    parentPort.postMessage({ type: 'job/error', id, message: 'data.csv: row 3 has 5 fields.', userError: true });
  }
});`;

function client(memoryLimitMb = 64): WorkerClient {
  return new WorkerClient({
    createWorker: () => new Worker(FAKE, { eval: true, resourceLimits: { maxOldGenerationSizeMb: memoryLimitMb } }),
    memoryLimitMb: () => memoryLimitMb,
  });
}

const job = (file: string, bytes?: Uint8Array): JobRequest => ({ kind: 'inspect', source: { file, bytes }, data: {} });

describe('WorkerClient (fake workers)', function () {
  this.timeout(20000);

  it('runs a job, forwards progress and transfers the bytes', async () => {
    const c = client();
    const seen: Progress[] = [];
    const bytes = new Uint8Array([7, 8, 9]);
    const h = c.start<{ n: number; first: number }>(job('echo', bytes), (p) => seen.push(p));
    assert.strictEqual(bytes.byteLength, 0, 'the buffer moved to the worker (detached here)');
    assert.deepStrictEqual(await h.result, { n: 3, first: 7 });
    assert.strictEqual(seen.length, 1);
    assert.strictEqual(seen[0].message, 'rows parsed 1');
    await c.dispose();
  });

  it('copies a pooled Buffer slice instead of detaching the pool', async () => {
    const c = client();
    const pooled = Buffer.from('abc'); // small Buffers share one pool ArrayBuffer
    const h = c.start<{ n: number }>(job('echo', pooled));
    assert.strictEqual(pooled.toString(), 'abc', 'the caller keeps its view');
    assert.strictEqual((await h.result).n, 3);
    await c.dispose();
  });

  it('cancel stops a spinning worker within 200 ms and the next job gets a fresh worker', async () => {
    const c = client();
    let resolveProgress!: () => void;
    const spinning = new Promise<void>((r) => (resolveProgress = r));
    const h = c.start(job('spin'), () => resolveProgress());
    await spinning;
    const t0 = Date.now();
    await h.cancel();
    const stoppedIn = Date.now() - t0;
    await assert.rejects(h.result, JobCancelledError);
    assert.ok(stoppedIn < 200, `stopped in ${stoppedIn} ms`);
    assert.deepStrictEqual(await c.start(job('echo')).result, { n: -1, first: -1 });
    assert.strictEqual(c.workersStarted, 2);
    await c.dispose();
  });

  it('queues jobs; cancelling a queued job leaves the running one alone', async () => {
    const c = client();
    const a = c.start(job('echo'));
    const b = c.start(job('echo'));
    await b.cancel();
    await assert.rejects(b.result, JobCancelledError);
    assert.deepStrictEqual(await a.result, { n: -1, first: -1 });
    assert.strictEqual(c.workersStarted, 1);
    await c.dispose();
  });

  it('turns out-of-memory into a clear WorkerCrashError and recovers', async () => {
    const c = client(32);
    await assert.rejects(c.start(job('oom')).result, (e: Error) => {
      assert.ok(e instanceof WorkerCrashError, e.name);
      assert.match(e.message, /oom ran out of memory \(the worker may use 32 MB\)/);
      return true;
    });
    assert.deepStrictEqual(await c.start(job('echo')).result, { n: -1, first: -1 });
    assert.strictEqual(c.workersStarted, 2);
    await c.dispose();
  });

  it('turns an uncaught exception into WorkerCrashError and recovers', async () => {
    const c = client();
    await assert.rejects(c.start(job('throw')).result, (e: Error) => e instanceof WorkerCrashError && /boom/.test(e.message));
    assert.deepStrictEqual(await c.start(job('echo')).result, { n: -1, first: -1 });
    await c.dispose();
  });

  it('recycle(): the next job runs on a fresh worker', async () => {
    const c = client();
    await c.start(job('echo')).result;
    c.recycle();
    await c.start(job('echo')).result;
    assert.strictEqual(c.workersStarted, 2);
    await c.dispose();
  });

  it('passes user errors through as JobFailedError with userError set', async () => {
    const c = client();
    await assert.rejects(c.start(job('user')).result, (e: Error) =>
      e instanceof JobFailedError && e.userError && e.message === 'data.csv: row 3 has 5 fields.');
    await c.dispose();
  });
});
