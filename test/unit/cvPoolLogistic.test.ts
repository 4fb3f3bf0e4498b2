/**
 * Fold-parallel logistic cross-validation (src/worker/cvPool.ts crossValidateLogisticInThreads):
 * the oracle is the single-threaded crossValidateLogistic, which it must reproduce bit for bit
 * (Object.is on every fold score, mean and SE, the same C grid, choices, grid table and warnings),
 * for l1 on the default grid (standardized and raw), elastic net over several l1 ratios, l2 with
 * log loss, a subset of rows with per-row fold ids, and penalty none.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { combineLogisticCvFolds, crossValidateLogistic, crossValidateLogisticFolds } from '../../src/solver/logistic';
import type { LogisticCvFit, LogisticCvOptions } from '../../src/solver/logistic';
import { crossValidateLogisticInThreads } from '../../src/worker/cvPool';
import { ar1Columns, lcg } from './testData';

/** Deterministic AR(1)-correlated columns (with offsets and unequal scales) and a logistic 0/1 target (LCG). */
function data(n: number, p: number, seed: number): { X: { n: number; p: number; x: Float64Array }; y: Float64Array; folds: Int32Array } {
  const { u, g } = lcg(seed);
  const x = ar1Columns(n, p, g);
  for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) x[j * n + i] = x[j * n + i] * (1 + (j % 3)) + 0.2 * j;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const eta = 1.2 * x[i] - 0.8 * x[2 * n + i] + 0.4 * x[(p - 1) * n + i] - 0.3;
    y[i] = u() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  const folds = new Int32Array(n);
  for (let i = 0; i < n; i++) folds[i] = Math.floor(u() * 5) % 5;
  for (let k = 0; k < 5; k++) folds[k] = k;
  return { X: { n, p, x }, y, folds };
}

function assertSameBits(a: LogisticCvFit, b: LogisticCvFit): void {
  const same = (x: ArrayLike<number>, z: ArrayLike<number>, what: string) => {
    assert.strictEqual(x.length, z.length, what);
    for (let i = 0; i < x.length; i++) assert.ok(Object.is(x[i], z[i]), `${what}[${i}]: ${x[i]} vs ${z[i]}`);
  };
  same(a.Cs, b.Cs, 'Cs');
  assert.strictEqual(a.byL1Ratio.length, b.byL1Ratio.length);
  for (let r = 0; r < a.byL1Ratio.length; r++) {
    for (const key of ['mean', 'se', 'foldScores'] as const) same(a.byL1Ratio[r][key], b.byL1Ratio[r][key], `${key} of ratio ${r}`);
    assert.strictEqual(a.byL1Ratio[r].indexBest, b.byL1Ratio[r].indexBest);
    assert.strictEqual(a.byL1Ratio[r].index1se, b.byL1Ratio[r].index1se);
  }
  assert.ok(Object.is(a.CBest, b.CBest) && Object.is(a.C1se, b.C1se) && Object.is(a.l1Ratio, b.l1Ratio));
  assert.strictEqual(a.folds, b.folds);
  assert.deepStrictEqual(a.grid, b.grid);
  assert.deepStrictEqual(a.warnings, b.warnings);
}

const script = path.join(__dirname, '..', '..', 'cvThread.js');

describe('cvPool: fold-parallel logistic cross-validation equals crossValidateLogistic bit for bit', () => {
  const cases: { name: string; n: number; p: number; opts: Partial<LogisticCvOptions> }[] = [
    { name: 'l1, default grid, standardized', n: 1500, p: 13, opts: { penalty: 'l1', nCs: 25, metric: 'auc', standardize: true } },
    { name: 'l1, default grid, raw units, log loss', n: 1200, p: 9, opts: { penalty: 'l1', nCs: 20, metric: 'log_loss', standardize: false } },
    { name: 'elastic net over three l1 ratios (grid table)', n: 800, p: 7, opts: { penalty: 'elasticnet', l1Ratios: [0.2, 0.5, 0.9], nCs: 10, metric: 'auc', standardize: true } },
    { name: 'l2, given Cs, accuracy', n: 600, p: 6, opts: { penalty: 'l2', Cs: Float64Array.of(0.01, 0.1, 1, 10), metric: 'accuracy', standardize: true } },
    { name: 'penalty none', n: 500, p: 4, opts: { penalty: 'none', metric: 'auc', standardize: true } },
  ];
  for (const c of cases) {
    it(c.name, function () {
      this.timeout(60000);
      const { X, y, folds } = data(c.n, c.p, c.n + c.p);
      const opts = { foldIds: folds, tol: 1e-8, ...c.opts } as LogisticCvOptions;
      const serial = crossValidateLogistic(X, y, opts);
      // Any split of the folds, solver only.
      const runsA = crossValidateLogisticFolds(X, y, opts, [4, 1]);
      const runsB = crossValidateLogisticFolds(X, y, opts, [0, 2, 3]);
      assertSameBits(combineLogisticCvFolds(X, y, { ...opts, Cs: runsA.Cs }, [runsB, runsA]), serial);
      // Threads: 2 and 3 shares.
      for (const threads of [2, 3]) assertSameBits(crossValidateLogisticInThreads(X, y, opts, { threads, script }), serial);
    });
  }

  it('a subset of rows with one fold id per fitting row, and progress reaching 1', function () {
    this.timeout(60000);
    const { X, y } = data(900, 8, 7);
    const rows = Int32Array.from({ length: 700 }, (_, i) => i + (i > 350 ? 150 : 0));
    const foldIds = Int32Array.from(rows, (_, i) => i % 4);
    const opts: LogisticCvOptions = { penalty: 'l1', nCs: 15, foldIds, rows, metric: 'auc', standardize: true, tol: 1e-8 };
    const seen: number[] = [];
    const threaded = crossValidateLogisticInThreads(X, y, { ...opts, onProgress: (done, total) => seen.push(done / total) }, { threads: 2, script });
    assertSameBits(threaded, crossValidateLogistic(X, y, opts));
    assert.strictEqual(seen[seen.length - 1], 1);
    for (const f of seen) assert.ok(f >= 0 && f <= 1, `progress ${f}`);
  });

  it('a user error reaches the caller as the same user error', function () {
    this.timeout(30000);
    const { X, y, folds } = data(200, 3, 1);
    const opts: LogisticCvOptions = { penalty: 'l1', Cs: Float64Array.of(0.1, -1), foldIds: folds, metric: 'auc', standardize: true };
    assert.throws(() => crossValidateLogistic(X, y, opts), /positive/);
    assert.throws(() => crossValidateLogisticInThreads(X, y, opts, { threads: 2, script }), /positive/);
    // a fold whose training rows hold one class fails inside the fold thread's share (folds 1, 3)
    const y1 = new Float64Array(200);
    y1[1] = 1; // only row 1 (fold 1) is positive: fold 1 trains on zeros alone
    assert.throws(() => crossValidateLogistic(X, y1, { ...opts, Cs: Float64Array.of(1) }), /only one class/);
    assert.throws(() => crossValidateLogisticInThreads(X, y1, { ...opts, Cs: Float64Array.of(1) }, { threads: 2, script }), /only one class/);
  });

  it('a fold thread that dies without replying does not hang the caller: its folds run here, same bits', function () {
    this.timeout(30000);
    const dead = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cvpool-')), 'dead.js');
    fs.writeFileSync(dead, '// ends without replying\n');
    const { X, y, folds } = data(600, 5, 3);
    const opts: LogisticCvOptions = { penalty: 'l1', nCs: 12, foldIds: folds, metric: 'log_loss', standardize: true, tol: 1e-8 };
    const t0 = Date.now();
    assertSameBits(crossValidateLogisticInThreads(X, y, opts, { threads: 3, script: dead, minReplyWaitMs: 300 }), crossValidateLogistic(X, y, opts));
    assert.ok(Date.now() - t0 < 20000, `took ${Date.now() - t0} ms`);
  });
});
