/**
 * Fold-parallel cross-validation (src/worker/cvPool.ts): the oracle is the single-threaded
 * crossValidate, which it must reproduce bit for bit (Object.is on every fold error, mean, SE and
 * the selected alphas), in covariance mode (shared Gram, p not a multiple of 4 so the Gram kernel's
 * tail columns are exercised), naive mode (p > n) and elastic net over several l1 ratios.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { crossValidate, crossValidateFolds, combineCvFolds } from '../../src/solver';
import { cvFoldsFromOnePass } from '../../src/solver/cv';
import type { CvFit, CvOptions } from '../../src/solver';
import { crossValidateInThreads } from '../../src/worker/cvPool';
import { analyze, inspect, loadTable } from '../../src/pipeline';
import type { RegressionAnalysis } from '../../src/protocol';
import { CONFIG_DEFAULTS } from '../../src/panel/configDefaults';
import { analyzeJob, defaultSettings } from '../../src/panel/settings';
import { ar1Columns, lcg } from './testData';

/** Deterministic AR(1)-correlated columns and a sparse linear target with noise (LCG). */
function data(n: number, p: number, seed: number): { X: { n: number; p: number; x: Float64Array }; y: Float64Array; folds: Int32Array } {
  const { u, g } = lcg(seed);
  const x = ar1Columns(n, p, g, () => 0.3);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = 2 * x[i] - 1.5 * x[3 * n + i] + x[(p - 1) * n + i] + g();
  const folds = new Int32Array(n);
  for (let i = 0; i < n; i++) folds[i] = Math.floor(u() * 7) % 7;
  for (let k = 0; k < 7; k++) folds[k] = k;
  return { X: { n, p, x }, y, folds };
}

function assertSameBits(a: CvFit, b: CvFit): void {
  assert.strictEqual(a.byL1Ratio.length, b.byL1Ratio.length);
  for (let r = 0; r < a.byL1Ratio.length; r++) {
    const ca = a.byL1Ratio[r];
    const cb = b.byL1Ratio[r];
    for (const key of ['alphas', 'foldErrors', 'mean', 'se'] as const) {
      assert.strictEqual(ca[key].length, cb[key].length);
      for (let i = 0; i < ca[key].length; i++) assert.ok(Object.is(ca[key][i], cb[key][i]), `${key}[${i}] of ratio ${r}: ${ca[key][i]} vs ${cb[key][i]}`);
    }
  }
  assert.strictEqual(a.indexMin, b.indexMin);
  assert.strictEqual(a.index1se, b.index1se);
  assert.strictEqual(a.l1Ratio, b.l1Ratio);
  assert.deepStrictEqual(a.warnings, b.warnings);
}

const script = path.join(__dirname, '..', '..', 'cvThread.js');

describe('cvPool: fold-parallel cross-validation equals crossValidate bit for bit', () => {
  const cases: { name: string; n: number; p: number; opts: Partial<CvOptions> }[] = [
    { name: 'lasso, covariance mode (shared Gram), p = 23', n: 3000, p: 23, opts: { model: 'lasso', standardize: true } },
    { name: 'lasso, covariance mode, standardize off', n: 2000, p: 38, opts: { model: 'lasso', standardize: false } },
    { name: 'lasso, naive mode (p > n)', n: 120, p: 301, opts: { model: 'lasso', standardize: true } },
    { name: 'elastic net over three l1 ratios', n: 1500, p: 17, opts: { model: 'elasticnet', l1Ratios: [0.2, 0.5, 0.9], standardize: true } },
    { name: 'ridge', n: 800, p: 9, opts: { model: 'ridge', standardize: true } },
  ];
  for (const c of cases) {
    it(c.name, function () {
      this.timeout(60000);
      const { X, y, folds } = data(c.n, c.p, c.n + c.p);
      const opts = { l1Ratios: [1], nAlphas: 30, eps: 1e-3, foldIds: folds, tol: 1e-4, ...c.opts } as CvOptions;
      const serial = crossValidate(X, y, opts);
      // Any split of the folds, solver only.
      const runsA = crossValidateFolds(X, y, opts, [6, 1, 4]);
      const runsB = crossValidateFolds(X, y, opts, [0, 2, 3, 5]);
      assertSameBits(combineCvFolds(opts, [{ runs: runsA, folds: [6, 1, 4] }, { runs: runsB, folds: [0, 2, 3, 5] }]), serial);
      // Threads: 2 and 3 shares.
      for (const threads of [2, 3]) assertSameBits(crossValidateInThreads(X, y, opts, { threads, script }), serial);
    });
  }

  it('covariance mode with many folds (no one-pass route) runs its folds on threads from the shared Gram, same bits', function () {
    this.timeout(60000);
    const { X, y } = data(300, 12, 9);
    const folds = new Int32Array(300);
    for (let i = 0; i < 300; i++) folds[i] = i % 40;
    const opts = { model: 'lasso', l1Ratios: [1], nAlphas: 20, eps: 1e-3, foldIds: folds, tol: 1e-4, standardize: true } as CvOptions;
    assert.strictEqual(cvFoldsFromOnePass(X, opts), false, '40 held-out Grams of 13x13 are not small next to X');
    assertSameBits(crossValidateInThreads(X, y, opts, { threads: 2, script }), crossValidate(X, y, opts));
  });

  it('cvFoldsFromOnePass: covariance mode with a small p and few folds stays on one thread; naive mode, ridge and many folds go to threads', () => {
    const base = { l1Ratios: [1], nAlphas: 10, eps: 1e-3 };
    const tall = data(3000, 23, 1);
    assert.strictEqual(cvFoldsFromOnePass(tall.X, { ...base, model: 'lasso', foldIds: tall.folds } as CvOptions), true);
    assert.strictEqual(cvFoldsFromOnePass(tall.X, { ...base, model: 'elasticnet', l1Ratios: [0.5], foldIds: tall.folds } as CvOptions), true);
    assert.strictEqual(cvFoldsFromOnePass(tall.X, { ...base, model: 'ridge', foldIds: tall.folds } as CvOptions), false);
    assert.strictEqual(cvFoldsFromOnePass(tall.X, { ...base, model: 'lasso', foldIds: tall.folds, foldGram: false } as CvOptions), false);
    const rows = Int32Array.from({ length: 1500 }, (_, i) => 2 * i);
    assert.strictEqual(cvFoldsFromOnePass(tall.X, { ...base, model: 'lasso', foldIds: tall.folds, rows } as CvOptions), true);
    const wide = data(120, 301, 2);
    assert.strictEqual(cvFoldsFromOnePass(wide.X, { ...base, model: 'lasso', foldIds: wide.folds } as CvOptions), false);
  });

  it('a user error in a fold thread reaches the caller as the same user error', function () {
    this.timeout(30000);
    const { X, y } = data(200, 5, 1);
    const folds = new Int32Array(200);
    for (let i = 0; i < 200; i++) folds[i] = i % 3;
    const opts = { model: 'lasso', l1Ratios: [1], nAlphas: 10, eps: 1e-3, foldIds: folds, standardize: true, alphas: Float64Array.of(0.1, -1) } as CvOptions;
    assert.throws(() => crossValidate(X, y, opts), /alpha/i);
    assert.throws(() => crossValidateInThreads(X, y, opts, { threads: 2, script }), /alpha/i);
  });

  it('a fold thread that dies without replying does not hang the caller: its folds run here, same bits', function () {
    this.timeout(30000);
    // A thread script that ends at once, as a thread aborted by out-of-memory would: no reply, no signal.
    const dead = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cvpool-')), 'dead.js');
    fs.writeFileSync(dead, '// ends without replying\n');
    // Wide data (naive mode): the folds really go to threads (cvFoldsFromOnePass is false).
    const { X, y, folds } = data(80, 120, 3);
    const opts = { model: 'lasso', l1Ratios: [1], nAlphas: 20, eps: 1e-3, foldIds: folds, tol: 1e-4, standardize: true } as CvOptions;
    assert.strictEqual(cvFoldsFromOnePass(X, opts), false);
    const t0 = Date.now();
    assertSameBits(crossValidateInThreads(X, y, opts, { threads: 3, script: dead, minReplyWaitMs: 300 }), crossValidate(X, y, opts));
    assert.ok(Date.now() - t0 < 20000, `took ${Date.now() - t0} ms`);
  });
});

describe('cvPool in the panel\'s analysis: the worker passes the fold threads to analyze()', () => {
  it('analyze() with crossValidateInThreads gives the same CV curves as with crossValidate (seed_sparse.csv)', function () {
    this.timeout(60000);
    const file = path.join(__dirname, '..', '..', '..', 'samples', 'seed_sparse.csv');
    const text = fs.readFileSync(file, 'utf8');
    const summary = inspect(loadTable({ file, text }, { missingTokens: CONFIG_DEFAULTS.missingTokens }));
    const job = analyzeJob({ file, text }, defaultSettings(summary, CONFIG_DEFAULTS), CONFIG_DEFAULTS);
    let threadedCalls = 0;
    const threaded = (X: { n: number; p: number; x: Float64Array }, y: Float64Array, opts: CvOptions): CvFit => {
      threadedCalls++;
      return crossValidateInThreads(X, y, opts, { script, threads: 2 });
    };
    const serial = analyze(job) as RegressionAnalysis;
    const viaThreads = analyze(job, undefined, undefined, undefined, threaded) as RegressionAnalysis;
    assert.strictEqual(threadedCalls, 3, 'lasso, elastic net and ridge CV go through the injected runner');
    assert.deepStrictEqual(viaThreads.cv, serial.cv);
  });
});
