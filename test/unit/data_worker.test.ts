// The data layer must run inside a worker_threads worker (the extension parses there). This file is
// its own worker: loaded by mocha it starts a Worker on itself; loaded as the worker it parses the
// bytes it was given and posts the typed columns back. Oracle: the same parse on the main thread.
import * as assert from 'assert';
import { Worker, isMainThread, parentPort, workerData } from 'worker_threads';
import { buildDesign, parseCsvBytes, summarizeTable } from '../../src/data';

const CSV = 'name;x;y;ok\r\n"Zoë; A";3,5;1;yes\r\nBo;-1,25;2;no\r\n"Zoë; A";0;3;yes\r\n';

function work(bytes: Uint8Array) {
  const table = parseCsvBytes(bytes, { file: 'w.csv' });
  const design = buildDesign(table, { target: 'y', missing: 'drop', missingTokens: [''], maxCategoricalLevels: 20, task: 'regression' });
  return { summary: summarizeTable(table), x: design.x, columns: design.columns, lines: table.lineOfRow };
}

if (!isMainThread && workerData && workerData.dataWorkerProbe) {
  parentPort!.postMessage(work(workerData.bytes as Uint8Array));
} else if (typeof describe === 'function') {
  describe('data: worker thread', () => {
    it('parses bytes and builds a design inside a worker_threads worker, same as on the main thread', async () => {
      const bytes = new TextEncoder().encode(CSV);
      const fromWorker = await new Promise<unknown>((resolve, reject) => {
        const w = new Worker(__filename, { workerData: { dataWorkerProbe: true, bytes } });
        w.once('message', (m) => { resolve(m); void w.terminate(); });
        w.once('error', reject);
      });
      const here = work(bytes);
      assert.deepStrictEqual(fromWorker, here);
      assert.deepStrictEqual(here.columns, ['x', 'ok', 'name=Zoë; A']);
      assert.deepStrictEqual(Array.from(here.x.subarray(0, 3)), [3.5, -1.25, 0]);
    });
  });
}
