// Oracle: scikit-learn 1.2.1 via test/unit/solverCvReference.py -> solverCvReference.json
// (Ridge / ElasticNet refitted per fold after a per-fold StandardScaler; LassoCV itself unstandardized).
import * as assert from 'assert';
import * as path from 'path';
import * as fc from 'fast-check';
import { crossValidate, fitElasticNetPath } from '../../src/solver';
import { CenteredGramCache, foldProblem } from '../../src/solver/cvGram';
import { designOf } from './solverFixtures';
import ref from './solverCvReference.json';

const seedCols = Array.from({ length: 10 }, (_, j) => `x${j}`);
const cvfoldCols = Array.from({ length: 15 }, (_, j) => `f${j + 1}`);

function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.abs(b[i]));
  return m;
}

describe('solver: cross-validation vs scikit-learn', () => {
  const seed = designOf(path.join('test', 'fixtures', 'data', 'seed.csv'), seedCols, 'y');

  it('ridge CV on an explicit grid matches per-fold StandardScaler + Ridge (mean, SE 1e-9 rel; argmin, 1-SE index)', () => {
    const res = crossValidate(seed.X, seed.y, {
      model: 'ridge', l1Ratios: [], alphas: Float64Array.from(ref.ridge.alphas), nAlphas: 0, eps: 0,
      foldIds: Int32Array.from(ref.seed_fold_ids), standardize: true,
    });
    assert.ok(relDiff(res.mean, ref.ridge.mean) < 1e-9, `mean ${relDiff(res.mean, ref.ridge.mean)}`);
    assert.ok(relDiff(res.se, ref.ridge.se) < 1e-9, `se ${relDiff(res.se, ref.ridge.se)}`);
    assert.strictEqual(res.indexMin, ref.ridge.index_min);
    assert.strictEqual(res.index1se, ref.ridge.index_1se);
    assert.strictEqual(res.folds, 5);
    assert.ok(Number.isNaN(res.l1Ratio));
  });

  it('elastic-net CV over l1 ratios: per-ratio sklearn grids, curves within 1e-6 rel, best ratio by least mean', () => {
    const messages: string[] = [];
    let last = 0;
    const res = crossValidate(seed.X, seed.y, {
      model: 'elasticnet', l1Ratios: ref.enet.map((e) => e.l1_ratio), nAlphas: 30, eps: 1e-3,
      foldIds: Int32Array.from(ref.seed_fold_ids), standardize: true, tol: 1e-10, maxIter: 100000,
      onProgress: (done, total, msg) => {
        assert.ok(done > last && done <= total);
        last = done;
        messages.push(msg);
      },
    });
    assert.strictEqual(last, 3 * 5 * 30);
    assert.ok(messages.includes('l1_ratio 0.5: fold 2 of 5, alpha 17 of 30'), messages[47]);
    assert.strictEqual(res.byL1Ratio.length, 3);
    let best = 0;
    ref.enet.forEach((e, i) => {
      const c = res.byL1Ratio[i];
      assert.strictEqual(c.l1Ratio, e.l1_ratio);
      assert.ok(relDiff(c.alphas, e.alphas) < 1e-12, `grid l1=${e.l1_ratio}`);
      assert.ok(relDiff(c.mean, e.mean) < 1e-6, `mean l1=${e.l1_ratio}: ${relDiff(c.mean, e.mean)}`);
      assert.ok(relDiff(c.se, e.se) < 1e-6, `se l1=${e.l1_ratio}: ${relDiff(c.se, e.se)}`);
      assert.strictEqual(c.indexMin, e.index_min);
      assert.strictEqual(c.index1se, e.index_1se);
      if (e.mean[e.index_min] < ref.enet[best].mean[ref.enet[best].index_min]) best = i;
    });
    assert.strictEqual(res.l1Ratio, ref.enet[best].l1_ratio);
    assert.strictEqual(res.alphaMin, res.byL1Ratio[best].alphaMin);
  });

  it('lasso CV with standardize=false equals sklearn LassoCV (PredefinedSplit on the user fold column)', () => {
    const d = designOf(path.join('test', 'fixtures', 'data', 'cvfold.csv'), cvfoldCols, 'target');
    const res = crossValidate(d.X, d.y, {
      model: 'lasso', l1Ratios: [1], nAlphas: 30, eps: 1e-3, foldIds: Int32Array.from(ref.cvfold_fold_ids),
      standardize: false, tol: 1e-10, maxIter: 100000,
    });
    assert.ok(relDiff(res.alphas, ref.lasso_raw.alphas) < 1e-12);
    assert.ok(relDiff(res.mean, ref.lasso_raw.mean) < 1e-6, `mean ${relDiff(res.mean, ref.lasso_raw.mean)}`);
    assert.strictEqual(res.indexMin, ref.lasso_raw.index_min);
    assert.ok(Math.abs(res.alphaMin - ref.lasso_raw.alpha_) <= 1e-12 * ref.lasso_raw.alpha_);
  });

  for (const standardize of [true, false]) {
    it(`covariance-mode folds from the shared Gram equal materialized folds (differential; standardize=${standardize})`, () => {
      // seed data plus a constant column, an indicator that is 0 on every training row of fold 0
      // (the fallback case) and a column with a large offset (centring must not lose digits).
      const n = seed.X.n;
      const p = 13;
      const x = new Float64Array(n * p);
      x.set(seed.X.x);
      const fold = Int32Array.from(ref.seed_fold_ids);
      for (let i = 0; i < n; i++) {
        x[10 * n + i] = 4.5;
        x[11 * n + i] = fold[i] === 0 && i % 3 === 0 ? 1 : 0;
        x[12 * n + i] = 1e6 + seed.X.x[i] + 0.5 * seed.X.x[n + i];
      }
      const X = { n, p, x };
      // Fold 0 takes the materialized fallback (indicator constant on its training rows); fold 1 does not.
      const cache = new CenteredGramCache(X, seed.y);
      const pos = (k: number): Int32Array => Int32Array.from(Array.from(fold.keys()).filter((i) => fold[i] === k));
      assert.strictEqual(foldProblem(cache, pos(0), standardize), null);
      assert.notStrictEqual(foldProblem(cache, pos(1), standardize), null);
      const common = { model: 'elasticnet' as const, l1Ratios: [0.5, 1], nAlphas: 25, eps: 1e-3, foldIds: fold, standardize, tol: 1e-12, maxIter: 100000 };
      const viaGram = crossValidate(X, seed.y, common);
      const materialized = crossValidate(X, seed.y, { ...common, foldGram: false });
      for (let i = 0; i < 2; i++) {
        const a = viaGram.byL1Ratio[i];
        const b = materialized.byL1Ratio[i];
        assert.ok(relDiff(a.foldErrors, b.foldErrors) < 1e-9, `l1 ${a.l1Ratio}: ${relDiff(a.foldErrors, b.foldErrors)}`);
        assert.strictEqual(a.indexMin, b.indexMin);
        assert.strictEqual(a.index1se, b.index1se);
      }
    });
  }

  it('standardized CV is invariant to a column scaled by 1e200 or 1e-200 (no overflow in the shared-Gram folds)', () => {
    const n = seed.X.n;
    const base = crossValidate(seed.X, seed.y, { model: 'lasso', l1Ratios: [1], nAlphas: 20, eps: 1e-3, foldIds: Int32Array.from(ref.seed_fold_ids), standardize: true, tol: 1e-12, maxIter: 100000 });
    for (const f of [1e200, 1e-200]) {
      const x = Float64Array.from(seed.X.x);
      for (let i = 0; i < n; i++) x[2 * n + i] *= f;
      const res = crossValidate({ n, p: 10, x }, seed.y, { model: 'lasso', l1Ratios: [1], nAlphas: 20, eps: 1e-3, foldIds: Int32Array.from(ref.seed_fold_ids), standardize: true, tol: 1e-12, maxIter: 100000 });
      assert.ok(relDiff(res.mean, base.mean) < 1e-9, `scale ${f}: ${relDiff(res.mean, base.mean)}`);
    }
  });

  it('cross-validates only `rows`, with fold ids given per selected row or per row of X', () => {
    const rows = Int32Array.from({ length: 150 }, (_, i) => i + 25);
    const perRow = Int32Array.from(rows, (_r, t) => t % 3);
    const perX = new Int32Array(seed.X.n).fill(-7);
    rows.forEach((r, t) => (perX[r] = t % 3));
    const a = crossValidate(seed.X, seed.y, { model: 'lasso', l1Ratios: [1], nAlphas: 10, eps: 1e-2, foldIds: perRow, rows, standardize: true });
    const b = crossValidate(seed.X, seed.y, { model: 'lasso', l1Ratios: [1], nAlphas: 10, eps: 1e-2, foldIds: perX, rows, standardize: true });
    assert.deepStrictEqual(Array.from(a.mean), Array.from(b.mean));
    assert.strictEqual(a.folds, 3);
  });

  it('rejects unusable fold labels with a UserError', () => {
    const one = new Int32Array(seed.X.n);
    assert.throws(() => crossValidate(seed.X, seed.y, { model: 'lasso', l1Ratios: [1], nAlphas: 5, eps: 1e-2, foldIds: one, standardize: true }),
      (e: Error) => e.name === 'UserError' && /at least 2 folds/.test(e.message));
    const gap = Int32Array.from({ length: seed.X.n }, (_, i) => (i % 2) * 2);
    assert.throws(() => crossValidate(seed.X, seed.y, { model: 'lasso', l1Ratios: [1], nAlphas: 5, eps: 1e-2, foldIds: gap, standardize: true }),
      (e: Error) => e.name === 'UserError' && /Fold 1 has no rows/.test(e.message));
  });
});

describe('solver: CV and CD variants agree on random small problems (fast-check, fixed seed)', () => {
  // Oracle: the materialized-fold, naive-mode computation of the same quantities (differential).
  it('shared-Gram folds = materialized folds; covariance = naive paths', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 9, max: 40 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 1e6 }), fc.boolean(),
        fc.constantFrom(0.3, 1), fc.boolean(),
        (n, p, seedNo, standardize, l1, withConstant) => {
          let s = seedNo + 1;
          const u = (): number => {
            s = (Math.imul(s, 1103515245) + 12345) >>> 0;
            return s / 4294967296 - 0.5;
          };
          const x = new Float64Array(n * p);
          for (let i = 0; i < n * p; i++) x[i] = u() * (1 + (i % 3));
          if (withConstant) x.fill(2.5, 0, n);
          const y = new Float64Array(n);
          for (let i = 0; i < n; i++) y[i] = x[(p - 1) * n + i] * 2 + u();
          const X = { n, p, x };
          const foldIds = Int32Array.from({ length: n }, (_, i) => i % 3);
          const common = { model: 'elasticnet' as const, l1Ratios: [l1], nAlphas: 8, eps: 1e-2, foldIds, standardize, tol: 1e-12, maxIter: 100000 };
          const a = crossValidate(X, y, common);
          const b = crossValidate(X, y, { ...common, foldGram: false });
          for (let k = 0; k < a.foldErrors.length; k++) {
            assert.ok(Math.abs(a.foldErrors[k] - b.foldErrors[k]) <= 1e-7 * (1 + Math.abs(b.foldErrors[k])), `fold error ${k}`);
          }
          const pc = fitElasticNetPath(X, y, { standardize, l1Ratio: l1, nAlphas: 8, eps: 1e-2, tol: 1e-12, maxIter: 100000, cdMode: 'covariance' });
          const pn = fitElasticNetPath(X, y, { standardize, l1Ratio: l1, nAlphas: 8, eps: 1e-2, tol: 1e-12, maxIter: 100000, cdMode: 'naive' });
          for (let k = 0; k < pc.coefStd.length; k++) assert.ok(Math.abs(pc.coefStd[k] - pn.coefStd[k]) <= 1e-6 * (1 + Math.abs(pn.coefStd[k])));
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS) || 60, seed: Number(process.env.FUZZ_SEED) || 20261125 },
    );
  });
});
