/**
 * Gram threads (src/worker/gramPool.ts): the oracle is the solver's single-threaded statsOfRows
 * (meanAndCentredGram), which the threaded statistics must reproduce bit for bit (Object.is on every
 * mean, Gram entry, X^T y and ||y||^2), on shapes that exercise the kernel's edges: p = 1, q = p + 1
 * not a multiple of 4, n not a multiple of the 512-row block, a row subset, columns with a large
 * mean, and any split of the Gram's rows. Fits made through the threaded statistics must equal the
 * solver's fits exactly; a dead thread must not hang the caller; small problems stay on one thread.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fitElasticNet, fitElasticNetPath } from '../../src/solver';
import { statsOfRows, type StatsOfRows } from '../../src/solver/sufficientStats';
import {
  closeGramPools, fitElasticNetInThreads, fitElasticNetPathInThreads, gramPoolCounters, gramShares, gramSpeedup, statsOfRowsInThreads, statsRunInThreads,
} from '../../src/worker/gramPool';
import { meanAndCentredGramRows } from '../../src/worker/gramRows';
import { ar1Columns, lcg } from './testData';
import { parseCsvText } from '../../src/data';
import { compareModels, DEFAULT_DATA, DEFAULT_FIT, fitRegression, prepare, regressionPath, runJob } from '../../src/pipeline';

function data(n: number, p: number, seed: number): { X: { n: number; p: number; x: Float64Array }; y: Float64Array } {
  const { g } = lcg(seed);
  const x = ar1Columns(n, p, g, (j) => (j % 5 === 2 ? 1e6 : 0.3));
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = 2 * x[i] - 1.5 * x[Math.min(3, p - 1) * n + i] + g();
  return { X: { n, p, x }, y };
}

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  assert.strictEqual(a.length, b.length, `${what}: length`);
  for (let i = 0; i < a.length; i++) assert.ok(Object.is(a[i], b[i]), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
}

function sameStats(a: StatsOfRows, b: StatsOfRows): void {
  assert.strictEqual(a.usable, b.usable);
  assert.strictEqual(a.stats.n, b.stats.n);
  assert.strictEqual(a.stats.p, b.stats.p);
  sameBits(a.stats.mean, b.stats.mean, 'mean');
  sameBits(a.stats.gram, b.stats.gram, 'gram');
  sameBits(a.stats.xty, b.stats.xty, 'xty');
  assert.ok(Object.is(a.stats.yMean, b.stats.yMean), 'yMean');
  assert.ok(Object.is(a.stats.yy, b.stats.yy), 'yy');
}

const script = path.join(__dirname, '..', '..', 'cvThread.js');
const everyProblem = { script, minWork: 0, minSpeedup: 0 };

describe('gramPool: threaded sufficient statistics equal statsOfRows bit for bit', () => {
  after(() => closeGramPools());

  const shapes = [
    { n: 1000, p: 1 }, { n: 3001, p: 7 }, { n: 2000, p: 10 }, { n: 1537, p: 13 }, { n: 700, p: 40 }, { n: 513, p: 2 }, { n: 5, p: 6 },
    // Several 16384-row chunks of the streamed copy of X into shared memory.
    { n: 40000, p: 6 }, { n: 20000, p: 30 },
  ];
  for (const { n, p } of shapes) {
    it(`n = ${n}, p = ${p} (q = ${p + 1}), 2, 3 and 4 shares`, function () {
      this.timeout(30000);
      const { X, y } = data(n, p, n + 7 * p);
      const serial = statsOfRows(X, y);
      const before = gramPoolCounters().sharesOnThreads;
      for (const threads of [2, 3, 4]) sameStats(statsOfRowsInThreads(X, y, undefined, { ...everyProblem, threads }), serial);
      // The shares really ran on threads (q <= 4 is one panel of the kernel: one share, here).
      if (p + 1 > 4) assert.ok(gramPoolCounters().sharesOnThreads >= before + 3, 'threads not used');
      else assert.strictEqual(gramPoolCounters().sharesOnThreads, before);
    });
  }

  it('a row subset (shuffled, 1234 of 3000 rows)', function () {
    this.timeout(30000);
    const { X, y } = data(3000, 11, 5);
    const rows = new Int32Array(1234);
    for (let i = 0; i < rows.length; i++) rows[i] = (i * 1237 + 11) % 3000;
    const before = gramPoolCounters().sharesOnThreads;
    sameStats(statsOfRowsInThreads(X, y, rows, { ...everyProblem, threads: 2 }), statsOfRows(X, y, rows));
    assert.strictEqual(gramPoolCounters().sharesOnThreads, before + 1);
  });

  it('any split of the Gram rows, odd boundaries included, gives the same entries (kernel alone)', () => {
    const { X, y } = data(1100, 9, 3);
    const q = 10;
    const serial = statsOfRows(X, y);
    for (const cuts of [[0, 10], [0, 1, 10], [0, 3, 4, 9, 10], [0, 2, 5, 6, 8, 10]]) {
      const g = new Float64Array(q * q);
      const mean = new Float64Array(q);
      for (let s = 0; s + 1 < cuts.length; s++) {
        const m = new Float64Array(q);
        meanAndCentredGramRows(X.x, X.n, X.p, y, null, X.n, cuts[s], cuts[s + 1], m, g.subarray(cuts[s] * q));
        if (cuts[s + 1] === q) mean.set(m);
      }
      for (let j = 0; j < 9; j++) {
        for (let k = 0; k <= j; k++) assert.ok(Object.is(g[j * q + k], serial.stats.gram[j * 9 + k]), `cuts ${cuts}: (${j}, ${k})`);
        assert.ok(Object.is(g[9 * q + j], serial.stats.xty[j]), `cuts ${cuts}: xty ${j}`);
      }
      assert.ok(Object.is(g[q * q - 1], serial.stats.yy));
      sameBits(mean.subarray(0, 9), serial.stats.mean, 'mean');
    }
  });

  it('shares cover the rows in order, boundaries on whole panels of 4 rows, none empty', () => {
    for (const q of [2, 3, 5, 8, 101, 257]) {
      for (const [T, copying] of [[2, false], [3, true], [4, false], [8, true], [2, true]] as const) {
        const b = gramShares(q, T, copying);
        assert.strictEqual(b[0], 0);
        assert.strictEqual(b[b.length - 1], q);
        for (let t = 1; t < b.length; t++) assert.ok(b[t] > b[t - 1], `q ${q} T ${T}: ${b}`);
        for (let t = 1; t + 1 < b.length; t++) assert.strictEqual(b[t] % 4, 0);
        assert.ok(b.length - 1 <= T);
      }
    }
  });

  it('paths and single fits through the threaded statistics equal the solver\'s (lasso, enet, standardized or not, rows)', function () {
    this.timeout(60000);
    const { X, y } = data(2500, 23, 9);
    const rows = Int32Array.from({ length: 2000 }, (_, i) => (i * 7) % 2500);
    for (const standardize of [true, false]) {
      for (const l1Ratio of [1, 0.5]) {
        const opts = { standardize, l1Ratio, nAlphas: 30, eps: 1e-3, tol: 1e-6, rows };
        assert.deepStrictEqual(fitElasticNetPathInThreads(X, y, opts, { ...everyProblem, threads: 2 }), fitElasticNetPath(X, y, opts));
        const one = { standardize, tol: 1e-6, rows };
        assert.deepStrictEqual(fitElasticNetInThreads(X, y, 0.01, l1Ratio, one, { ...everyProblem, threads: 2 }), fitElasticNet(X, y, 0.01, l1Ratio, one));
      }
    }
    // Outside the statistics route (alpha = 0 is OLS; user errors) the solver itself answers.
    assert.deepStrictEqual(fitElasticNetInThreads(X, y, 0, 1, { standardize: true }, everyProblem), fitElasticNet(X, y, 0, 1, { standardize: true }));
    assert.throws(() => fitElasticNetInThreads(X, y, -1, 1, { standardize: true }, everyProblem), /alpha/);
  });

  it('a Gram thread that dies without replying does not hang the caller: its rows run here, same bits', function () {
    this.timeout(30000);
    const dead = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'grampool-')), 'dead.js');
    fs.writeFileSync(dead, '// ends without replying\n');
    const { X, y } = data(2000, 17, 4);
    const t0 = Date.now();
    sameStats(statsOfRowsInThreads(X, y, undefined, { script: dead, minWork: 0, minSpeedup: 0, threads: 3, minReplyWaitMs: 300 }), statsOfRows(X, y));
    assert.ok(Date.now() - t0 < 20000, `took ${Date.now() - t0} ms`);
    // Again: the dead threads were dropped and new ones started; still the same bits.
    sameStats(statsOfRowsInThreads(X, y, undefined, { script: dead, minWork: 0, minSpeedup: 0, threads: 2, minReplyWaitMs: 300 }), statsOfRows(X, y));
  });

  it('threads persist between calls (no new start-up) and small problems stay on this thread', function () {
    this.timeout(30000);
    const { X, y } = data(3000, 12, 8);
    statsOfRowsInThreads(X, y, undefined, { ...everyProblem, threads: 2 });
    const before = gramPoolCounters();
    sameStats(statsOfRowsInThreads(X, y, undefined, { ...everyProblem, threads: 2 }), statsOfRows(X, y));
    const after = gramPoolCounters();
    assert.strictEqual(after.threadsStarted, before.threadsStarted);
    assert.strictEqual(after.sharesOnThreads, before.sharesOnThreads + 1);
    // Default threshold: n (p+1)^2 = 3000 * 169 is far below 1e8.
    const opts = { standardize: true, l1Ratio: 1, nAlphas: 20, eps: 1e-3 };
    assert.deepStrictEqual(fitElasticNetPathInThreads(X, y, opts, { script, threads: 2 }), fitElasticNetPath(X, y, opts));
    assert.deepStrictEqual(gramPoolCounters(), after);
    // Few columns gain nothing on threads (S3-like p = 10: the packing dominates), many do when X is
    // in shared memory already (designs are); copying X there first costs about what S1 gains.
    assert.ok(!statsRunInThreads(1e6, 10, { script, threads: 2 }, false));
    assert.ok(statsRunInThreads(1e5, 100, { script, threads: 2 }, false));
    assert.ok(!statsRunInThreads(1e5, 100, { script, threads: 2 }, true));
    assert.ok(gramSpeedup(11, 2, false) < 1.3 && gramSpeedup(101, 2, false) > 1.5);
    assert.ok(gramSpeedup(101, 2, true) < 1.3 && gramSpeedup(201, 2, true) > 1.3);
  });

  it('the pipeline with injected threaded fits prints what it prints with the solver\'s (fit, compare, path, runJob, analyze)', async function () {
    this.timeout(60000);
    const { X, y } = data(1800, 9, 21);
    const lines = ['a,b,c,d,e,f,g,h,i,target'];
    for (let i = 0; i < X.n; i++) lines.push([...Array.from({ length: 9 }, (_, j) => X.x[j * X.n + i]), y[i]].join(','));
    const text = lines.join('\n');
    const table = parseCsvText(text, { file: 'g.csv' });
    const dataOpts = { ...DEFAULT_DATA, target: 'target' };
    const fit = { ...DEFAULT_FIT, tol: 1e-6 };
    const fits = {
      enet: (...a: Parameters<typeof fitElasticNet>) => fitElasticNetInThreads(...a, { ...everyProblem, threads: 2 }),
      path: (...a: Parameters<typeof fitElasticNetPath>) => fitElasticNetPathInThreads(...a, { ...everyProblem, threads: 2 }),
    };
    const before = gramPoolCounters().sharesOnThreads;
    const prep = prepare(table, dataOpts, fit, 'regression');
    assert.deepStrictEqual(fitRegression(prep, 'lasso', 0.01, 1, fit, fits), fitRegression(prep, 'lasso', 0.01, 1, fit));
    assert.deepStrictEqual(compareModels(prep, 0.01, 0.5, 1, fit, undefined, fits), compareModels(prep, 0.01, 0.5, 1, fit));
    const req = { model: 'elasticnet' as const, l1Ratio: 0.5, nAlphas: 25, eps: 1e-3 };
    assert.deepStrictEqual(regressionPath(prep, req, fit, prep.train, undefined, fits), regressionPath(prep, req, fit, prep.train));
    const job = { kind: 'path', source: { file: 'g.csv', text }, data: dataOpts, fit, model: 'lasso', nAlphas: 20, eps: 1e-3 } as unknown as Parameters<typeof runJob>[0];
    assert.deepStrictEqual(await runJob(job, undefined, undefined, undefined, undefined, fits), await runJob(job));
    const analyzeJob = {
      kind: 'analyze', source: { file: 'g.csv', text }, data: dataOpts, fit, nAlphas: 15, eps: 1e-3,
      settings: {
        target: 'target', features: [], task: 'regression', alpha: 0.01, l1Ratio: 0.5, ridgeAlpha: 1, C: 1, penalty: 'l2',
        standardize: true, testSize: 0.2, cvFolds: 3, seed: 42,
      },
    } as unknown as Parameters<typeof runJob>[0];
    assert.deepStrictEqual(await runJob(analyzeJob, undefined, undefined, undefined, undefined, fits), await runJob(analyzeJob));
    // fit: 1, compare: 2 (lasso, enet), path: 1, runJob path: 1, analyze: 1 (its comparison's lasso and
    // enet and both paths share one statistics memo).
    assert.strictEqual(gramPoolCounters().sharesOnThreads, before + 6);
  });
});
