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
  closeGramPools, fitElasticNetInThreads, fitElasticNetPathInThreads, gramPoolCounters, gramSpeedup, statsOfRowsInThreads, statsRunInThreads,
} from '../../src/worker/gramPool';
import { shareLength, statsShares, statsSubtree } from '../../src/worker/gramRows';
import { STATS_SEGMENT, StatsScratch, statsBase, statsTree, statsTreeSplit } from '../../src/solver/linalg';
import { ar1Columns, lcg } from './testData';
import { parseCsvText } from '../../src/data';
import { compareModels, DEFAULT_DATA, DEFAULT_FIT, fitRegression, prepare, regressionPath, runJob } from '../../src/pipeline';
import { sameBits } from './bits';

function data(n: number, p: number, seed: number): { X: { n: number; p: number; x: Float64Array }; y: Float64Array } {
  const { g } = lcg(seed);
  const x = ar1Columns(n, p, g, (j) => (j % 5 === 2 ? 1e6 : 0.3));
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = 2 * x[i] - 1.5 * x[Math.min(3, p - 1) * n + i] + g();
  return { X: { n, p, x }, y };
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

  // Rows past STATS_SEGMENT split into shares; fewer make one share (this thread alone).
  const shapes = [
    { n: 20000, p: 1 }, { n: 17001, p: 7 }, { n: 2000, p: 10 }, { n: 9537, p: 13 }, { n: 8193, p: 40 }, { n: 513, p: 2 }, { n: 5, p: 6 },
    { n: 40000, p: 6 }, { n: 20000, p: 30 }, { n: 70000, p: 3 },
  ];
  for (const { n, p } of shapes) {
    it(`n = ${n}, p = ${p} (q = ${p + 1}), 2, 3 and 4 shares`, function () {
      this.timeout(30000);
      const { X, y } = data(n, p, n + 7 * p);
      const serial = statsOfRows(X, y);
      const before = gramPoolCounters().sharesOnThreads;
      for (const threads of [2, 3, 4]) sameStats(statsOfRowsInThreads(X, y, undefined, { ...everyProblem, threads }), serial);
      // The shares really ran on threads (one segment of rows or less: one share, here).
      if (n > STATS_SEGMENT) assert.ok(gramPoolCounters().sharesOnThreads >= before + 3, 'threads not used');
      else assert.strictEqual(gramPoolCounters().sharesOnThreads, before);
    });
  }

  it('a row subset (shuffled, 12,345 of 30,000 rows)', function () {
    this.timeout(30000);
    const { X, y } = data(30000, 11, 5);
    const rows = new Int32Array(12345);
    for (let i = 0; i < rows.length; i++) rows[i] = (i * 1237 + 11) % 30000;
    const before = gramPoolCounters().sharesOnThreads;
    sameStats(statsOfRowsInThreads(X, y, rows, { ...everyProblem, threads: 2 }), statsOfRows(X, y, rows));
    assert.strictEqual(gramPoolCounters().sharesOnThreads, before + 1);
  });

  it('any set of subtrees of the merge tree, merged, gives statsOfRows\' bits (no threads)', () => {
    const { X, y } = data(30000, 9, 3);
    const q = 10;
    const serial = statsOfRows(X, y);
    for (let T = 1; T <= 7; T++) {
      const shares = statsShares(X.n, T);
      const L = shareLength(q);
      const out = new Float64Array(shares.length * L);
      shares.forEach(([r0, r1], t) => statsSubtree(X.x, X.n, X.p, y, null, r0, r1, out.subarray(t * L, (t + 1) * L)));
      const base = new Float64Array(q);
      statsBase(X.x, X.n, X.p, y, null, q, base);
      const devMean = new Float64Array(q);
      const m = new Float64Array(L - q);
      const used = new Set<number>();
      statsTree(X.x, X.n, X.p, y, null, 0, X.n, base, devMean, m, new StatsScratch(q), (r0, r1) => {
        const t = shares.findIndex(([a, b]) => a === r0 && b === r1);
        if (t < 0) return null;
        used.add(t);
        return { devMean: out.subarray(t * L, t * L + q), m: out.subarray(t * L + q, (t + 1) * L) };
      });
      assert.strictEqual(used.size, shares.length, `T ${T}: every share is a node of the tree`);
      const ld = L - q === 144 ? 12 : Math.sqrt(L - q);
      for (let j = 0; j < 9; j++) {
        for (let k = 0; k <= j; k++) assert.ok(Object.is(m[j * ld + k], serial.stats.gram[j * 9 + k]), `T ${T}: (${j}, ${k})`);
        assert.ok(Object.is(m[9 * ld + j], serial.stats.xty[j]), `T ${T}: xty ${j}`);
        assert.ok(Object.is(base[j] + devMean[j], serial.stats.mean[j]), `T ${T}: mean ${j}`);
      }
      assert.ok(Object.is(m[9 * ld + 9], serial.stats.yy));
    }
  });

  it('shares are whole subtrees covering the rows in order, at most T, about even', () => {
    for (const n of [1, 5, STATS_SEGMENT, STATS_SEGMENT + 1, 20000, 100000, 1000000]) {
      for (const T of [1, 2, 3, 4, 8]) {
        const shares = statsShares(n, T);
        assert.ok(shares.length >= 1 && shares.length <= T, `n ${n} T ${T}`);
        assert.strictEqual(shares[0][0], 0);
        assert.strictEqual(shares[shares.length - 1][1], n);
        for (let t = 0; t < shares.length; t++) {
          assert.ok(shares[t][1] > shares[t][0]);
          if (t > 0) assert.strictEqual(shares[t][0], shares[t - 1][1]);
          if (t > 0) assert.strictEqual(shares[t][0] % STATS_SEGMENT, 0, 'splits fall on segment boundaries');
        }
        if (n >= T * STATS_SEGMENT) assert.strictEqual(shares.length, T === 3 ? 3 : T);
      }
    }
    // Two threads on S1's rows: within 4% of even.
    const [a, b] = statsShares(100000, 2);
    assert.ok(Math.abs((a[1] - a[0]) - (b[1] - b[0])) <= 0.04 * 100000, `${a} ${b}`);
    assert.strictEqual(statsTreeSplit(0, 100000), a[1]);
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
    const { X, y } = data(30000, 17, 4);
    const t0 = Date.now();
    sameStats(statsOfRowsInThreads(X, y, undefined, { script: dead, minWork: 0, minSpeedup: 0, threads: 3, minReplyWaitMs: 300 }), statsOfRows(X, y));
    assert.ok(Date.now() - t0 < 20000, `took ${Date.now() - t0} ms`);
    // Again: the dead threads were dropped and new ones started; still the same bits.
    sameStats(statsOfRowsInThreads(X, y, undefined, { script: dead, minWork: 0, minSpeedup: 0, threads: 2, minReplyWaitMs: 300 }), statsOfRows(X, y));
  });

  it('threads persist between calls (no new start-up) and small problems stay on this thread', function () {
    this.timeout(30000);
    const { X, y } = data(20000, 12, 8);
    statsOfRowsInThreads(X, y, undefined, { ...everyProblem, threads: 2 });
    const before = gramPoolCounters();
    sameStats(statsOfRowsInThreads(X, y, undefined, { ...everyProblem, threads: 2 }), statsOfRows(X, y));
    const after = gramPoolCounters();
    assert.strictEqual(after.threadsStarted, before.threadsStarted);
    assert.strictEqual(after.sharesOnThreads, before.sharesOnThreads + 1);
    // Default threshold: n (p+1)^2 = 20000 * 169 is far below 1e8.
    const opts = { standardize: true, l1Ratio: 1, nAlphas: 20, eps: 1e-3 };
    assert.deepStrictEqual(fitElasticNetPathInThreads(X, y, opts, { script, threads: 2 }), fitElasticNetPath(X, y, opts));
    assert.deepStrictEqual(gramPoolCounters(), after);
    // Large problems go to threads when X is in shared memory already (designs are); copying X there
    // first costs about what S1 gains; small ones stay here.
    assert.ok(statsRunInThreads(1e6, 10, { script, threads: 2 }, false));
    assert.ok(statsRunInThreads(1e5, 100, { script, threads: 2 }, false));
    assert.ok(!statsRunInThreads(1e5, 100, { script, threads: 2 }, true));
    assert.ok(!statsRunInThreads(2e4, 50, { script, threads: 2 }, false));
    assert.ok(gramSpeedup(1e5, 101, 2, false) > 1.8 && gramSpeedup(1e5, 101, 2, true) < 1.3);
    assert.ok(gramSpeedup(5000, 101, 2, false) === 1, 'one segment: one share');
  });

  it('the pipeline with injected threaded fits prints what it prints with the solver\'s (fit, compare, path, runJob, analyze)', async function () {
    this.timeout(60000);
    const { X, y } = data(12000, 9, 21);
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
