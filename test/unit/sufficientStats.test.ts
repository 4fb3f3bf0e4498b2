// Paths from sufficient statistics (src/solver/sufficientStats.ts) and the blocked centred Gram
// kernel behind them. Oracles: naive two-pass sums (the definition) for the statistics, and the
// design-based path (fittedDesign + covariance-mode coordinate descent with lazily computed Gram
// columns, enetPathOnDesign) on the same rows for the fits — a differential test.
import * as assert from 'assert';
import { crossValidate, DenseMatrix, fitElasticNet, fitElasticNetPath, fitElasticNetPathFromStats, sufficientStats, SufficientStats } from '../../src/solver';
import { fittedDesign } from '../../src/solver/design';
import { centredGramInto, foldGramsInto, gramColumnsInto } from '../../src/solver/linalg';
import { enetOnDesign, enetPathOnDesign, logAlphaGrid, runEnetPath } from '../../src/solver/path';
import { CenteredGramCache, foldProblem, heldOutMseFromGram } from '../../src/solver/cvGram';
import { CdWorkspace } from '../../src/solver/enet';
import { PathFit } from '../../src/solver/types';
import { normals } from './testData';

/** n×p correlated columns with column-specific offsets and scales, and a sparse linear target. */
function dataset(n: number, p: number, seed: number, opts: { constantCol?: number } = {}): { X: DenseMatrix; y: Float64Array } {
  const z = normals(n * p, seed);
  const x = new Float64Array(n * p);
  for (let j = 0; j < p; j++) {
    const off = 3 * Math.sin(j + seed);
    const sc = 0.5 + ((j * 7 + seed) % 5);
    for (let i = 0; i < n; i++) {
      const prev = j > 0 ? x[(j - 1) * n + i] : 0;
      x[j * n + i] = j === opts.constantCol ? 4.2 : off + sc * (z[j * n + i] + 0.5 * (j > 0 ? (prev - 3 * Math.sin(j - 1 + seed)) / (0.5 + (((j - 1) * 7 + seed) % 5)) : 0));
    }
  }
  const e = normals(n, seed + 99);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = 2 + e[i];
    for (let j = 0; j < Math.min(p, 4); j++) v += (j % 2 ? -1 : 1) * (1 + j) * x[j * n + i] * 0.3;
    y[i] = v;
  }
  return { X: { n, p, x }, y };
}

/** The definition: two-pass means, then sums of products of centred values. */
function naiveStats(X: DenseMatrix, y: Float64Array): SufficientStats {
  const { n, p, x } = X;
  const mean = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[j * n + i];
    mean[j] = s / n;
  }
  let sy = 0;
  for (let i = 0; i < n; i++) sy += y[i];
  const yMean = sy / n;
  const gram = new Float64Array(p * p);
  const xty = new Float64Array(p);
  let yy = 0;
  for (let i = 0; i < n; i++) yy += (y[i] - yMean) ** 2;
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < n; i++) xty[j] += (x[j * n + i] - mean[j]) * (y[i] - yMean);
    for (let k = 0; k < p; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += (x[j * n + i] - mean[j]) * (x[k * n + i] - mean[k]);
      gram[j * p + k] = s;
    }
  }
  return { n, p, mean, yMean, gram, xty, yy };
}

function relClose(a: ArrayLike<number>, b: ArrayLike<number>, rtol: number, atol: number, what: string): void {
  assert.strictEqual(a.length, b.length, `${what}: lengths`);
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    assert.ok(d <= atol + rtol * Math.abs(b[i]), `${what}[${i}]: ${a[i]} vs ${b[i]} (diff ${d})`);
  }
}

function designPath(X: DenseMatrix, y: Float64Array, standardize: boolean, l1Ratio: number, alphas: Float64Array | undefined, tol: number): PathFit {
  const d = fittedDesign(X, y, standardize);
  const grid = alphas ?? fitElasticNetPath(X, y, { standardize, l1Ratio, nAlphas: 30, eps: 1e-3, cdMode: 'naive', tol }).alphas;
  return enetPathOnDesign(d, grid, l1Ratio, standardize, tol, 100000, 'covariance');
}

describe('centredGramInto (blocked centred Gram kernel)', () => {
  it('equals the naive centred sums of [X y] (1e-12 relative), with and without a row subset, across block edges, q = 0..3 mod 4', () => {
    for (const [n, p] of [[5, 3], [2049, 6], [4500, 9], [3000, 4], [700, 12]]) {
      const { X, y } = dataset(n, p, n + p);
      const ref = naiveStats(X, y);
      const q = p + 1;
      const shift = new Float64Array(q);
      shift.set(ref.mean);
      shift[p] = ref.yMean;
      const g = new Float64Array(q * q);
      centredGramInto(X.x, n, p, y, null, n, shift, g);
      const scaleOf = Math.sqrt(ref.yy * ref.gram[0]);
      for (let j = 0; j < p; j++) {
        for (let k = 0; k < p; k++) assert.ok(Math.abs(g[j * q + k] - ref.gram[j * p + k]) <= 1e-12 * scaleOf * 100, `gram ${j},${k}`);
        assert.ok(Math.abs(g[p * q + j] - ref.xty[j]) <= 1e-12 * scaleOf * 100 && g[p * q + j] === g[j * q + p], `xty ${j}`);
      }
      assert.ok(Math.abs(g[q * q - 1] - ref.yy) <= 1e-12 * ref.yy);
      // Row subset: every third row, against the copied rows.
      const rows = Int32Array.from({ length: Math.ceil(n / 3) }, (_, t) => 3 * t);
      const m = rows.length;
      const xs = new Float64Array(m * p);
      for (let j = 0; j < p; j++) for (let t = 0; t < m; t++) xs[j * m + t] = X.x[j * n + rows[t]];
      const gs = new Float64Array(q * q);
      const gc = new Float64Array(q * q);
      centredGramInto(X.x, n, p, y, rows, m, shift, gs);
      centredGramInto(xs, m, p, Float64Array.from(rows, (i) => y[i]), null, m, shift, gc);
      assert.deepStrictEqual(Array.from(gs), Array.from(gc));
    }
  });

  for (const p of [11, 13, 14]) it(`has the bits of gramColumnsInto (rowOrderOnly) on pre-centred columns with shift 0 (p = ${p})`, () => {
    const n = 5000;
    const { X } = dataset(n, p, 5);
    const all = Int32Array.from({ length: p }, (_, j) => j);
    const a = new Float64Array(p * p);
    gramColumnsInto(X.x, n, p, all, p, a, new Uint8Array(p), true);
    const b = new Float64Array(p * p);
    centredGramInto(X.x, n, p, null, null, n, new Float64Array(p), b);
    for (let i = 0; i < p * p; i++) assert.ok(Object.is(a[i], b[i]), `entry ${i}: ${a[i]} vs ${b[i]}`);
  });
});

describe('foldGramsInto (every fold\'s centred Gram in one pass)', () => {
  it('equals centredGramInto on each fold\'s rows (1e-13 of the scale), sums included, with a row subset', () => {
    const n = 5000;
    const p = 7;
    const { X, y } = dataset(n, p, 51);
    const q = p + 1;
    const shift = Float64Array.from({ length: q }, (_, j) => 0.3 * j);
    const rows = Int32Array.from({ length: 4100 }, (_, t) => (t * 11) % n).sort();
    for (const r of [null, rows]) {
      const m = r ? r.length : n;
      const K = 4;
      const label = Int32Array.from({ length: m }, (_, t) => (t * 7 + (t >> 5)) % K);
      const grams = new Float64Array(K * q * q);
      const sums = new Float64Array(K * q);
      foldGramsInto(X.x, n, p, y, r, m, label, K, shift, grams, sums);
      for (let f = 0; f < K; f++) {
        const fr = Int32Array.from(Array.from({ length: m }, (_, t) => t).filter((t) => label[t] === f), (t) => (r ? r[t] : t));
        const g = new Float64Array(q * q);
        const sm = new Float64Array(q);
        centredGramInto(X.x, n, p, y, fr, fr.length, shift, g, sm);
        const scale = Math.max(...Array.from(g).map(Math.abs));
        for (let i = 0; i < q * q; i++) assert.ok(Math.abs(grams[f * q * q + i] - g[i]) <= 1e-13 * scale, `fold ${f} entry ${i}`);
        for (let j = 0; j < q; j++) assert.ok(Math.abs(sums[f * q + j] - sm[j]) <= 1e-12 * (1 + Math.abs(sm[j])), `fold ${f} sum ${j}`);
      }
    }
  });
});

describe('sufficientStats / fitElasticNetPathFromStats', () => {
  it('sufficientStats equals the two-pass definition (1e-12 relative)', () => {
    const { X, y } = dataset(3000, 7, 11, { constantCol: 2 });
    const a = sufficientStats(X, y);
    const b = naiveStats(X, y);
    relClose(a.mean, b.mean, 1e-13, 1e-13, 'mean');
    assert.ok(Math.abs(a.yMean - b.yMean) <= 1e-13 * Math.abs(b.yMean));
    relClose(a.xty, b.xty, 1e-11, 1e-9, 'xty');
    relClose(a.gram, b.gram, 1e-11, 1e-9, 'gram');
    assert.ok(Math.abs(a.yy - b.yy) <= 1e-12 * b.yy);
  });

  it('one-pass means and Gram (pairwise block merge) stay accurate for columns with mean 1e6 and sd 1 (1e-12 of the sd scale), rows subset included', () => {
    const n = 5000;
    const p = 3;
    const z = normals(n * p, 77);
    const x = new Float64Array(n * p);
    for (let i = 0; i < n * p; i++) x[i] = 1e6 * (1 + Math.floor(i / n)) + z[i] + (i % 7) * 0.1;
    const y = Float64Array.from(normals(n, 78), (v, i) => 5e5 + v + z[i]);
    const rows = Int32Array.from({ length: 3100 }, (_, t) => (t * 13) % n);
    for (const r of [undefined, rows]) {
      const m = r ? r.length : n;
      const xs = new Float64Array(m * p);
      for (let j = 0; j < p; j++) for (let t = 0; t < m; t++) xs[j * m + t] = x[j * n + (r ? r[t] : t)];
      const ys = Float64Array.from({ length: m }, (_, t) => y[r ? r[t] : t]);
      const a = sufficientStats({ n, p, x }, y, r);
      const b = naiveStats({ n: m, p, x: xs }, ys);
      relClose(a.mean, b.mean, 1e-14, 0, 'mean');
      relClose(a.gram, b.gram, 0, 1e-12 * m, 'gram');
      relClose(a.xty, b.xty, 0, 1e-12 * m, 'xty');
      relClose([a.yy], [b.yy], 1e-13, 0, 'yy');
    }
  });

  for (const standardize of [false, true]) {
    for (const l1Ratio of [1, 0.5]) {
      it(`equals the design-based covariance path on the rows (coef 1e-9, standardize=${standardize}, l1_ratio=${l1Ratio}, with a constant column)`, () => {
        for (const [n, p, seed, constantCol] of [[400, 6, 1, -1], [2500, 12, 2, 3], [800, 30, 3, 0], [700, 150, 4, 77]]) {
          const { X, y } = dataset(n, p, seed, { constantCol });
          const tol = 1e-12;
          const ref = designPath(X, y, standardize, l1Ratio, undefined, tol);
          // Statistics from the definition (not this module's kernel) and from sufficientStats.
          for (const stats of [naiveStats(X, y), sufficientStats(X, y)]) {
            const fit = fitElasticNetPathFromStats(stats, { standardize, l1Ratio, nAlphas: 30, eps: 1e-3, tol, maxIter: 100000 });
            relClose(fit.alphas, ref.alphas, 1e-12, 0, 'alphas');
            relClose(fit.coefStd, ref.coefStd, 1e-9, 1e-9, 'coefStd');
            relClose(fit.scale, ref.scale, 1e-12, 0, 'scale');
            relClose(fit.mean, ref.mean, 1e-12, 1e-12, 'mean');
            relClose(fit.intercept, ref.intercept, 1e-9, 1e-9, 'intercept');
            relClose(fit.interceptOriginal, ref.interceptOriginal, 1e-9, 1e-9, 'interceptOriginal');
            assert.deepStrictEqual(Array.from(fit.nnz), Array.from(ref.nnz));
            assert.deepStrictEqual(fit.entryOrder, ref.entryOrder);
            assert.ok(fit.converged);
            if (constantCol >= 0) {
              for (let k = 0; k < fit.alphas.length; k++) assert.strictEqual(fit.coefStd[k * p + constantCol], 0);
              assert.strictEqual(fit.scale[constantCol], 1);
            }
          }
          // fitElasticNetPath itself (which routes p <= 256 through the statistics) agrees too.
          const pub = fitElasticNetPath(X, y, { standardize, l1Ratio, nAlphas: 30, eps: 1e-3, tol, maxIter: 100000 });
          relClose(pub.coefStd, ref.coefStd, 1e-9, 1e-9, 'fitElasticNetPath coefStd');
          relClose(pub.interceptOriginal, ref.interceptOriginal, 1e-9, 1e-9, 'fitElasticNetPath interceptOriginal');
        }
      });
    }
  }

  it('explicit alphas at the default tolerance: same path as the design route (coef 1e-6 relative, the sklearn fixtures scale) and the gap certificate', () => {
    const { X, y } = dataset(1500, 20, 7);
    const alphas = fitElasticNetPath(X, y, { standardize: true, l1Ratio: 1, nAlphas: 25, eps: 1e-3, cdMode: 'naive' }).alphas;
    const ref = designPath(X, y, true, 1, alphas, 1e-4);
    const fit = fitElasticNetPathFromStats(sufficientStats(X, y), { standardize: true, l1Ratio: 1, alphas, nAlphas: 25, eps: 1e-3 });
    assert.ok(fit.converged);
    for (let k = 0; k < alphas.length; k++) assert.ok(fit.dualGaps[k] <= 1e-4 * sufficientStats(X, y).yy / X.n);
    relClose(fit.coefStd, ref.coefStd, 1e-6, 1e-9, 'coefStd');
  });

  it('a column scaled by 1e200 or 1e-200 (products would overflow or underflow) gives the unscaled standardized path (1e-9): the design route takes over', () => {
    const { X, y } = dataset(900, 5, 41);
    const opts = { standardize: true, l1Ratio: 1, nAlphas: 15, eps: 1e-3, tol: 1e-12, maxIter: 100000 };
    const base = fitElasticNetPath(X, y, opts);
    for (const f of [1e200, 1e-200]) {
      const x = Float64Array.from(X.x);
      for (let i = 0; i < X.n; i++) x[2 * X.n + i] *= f;
      const fit = fitElasticNetPath({ n: X.n, p: X.p, x }, y, opts);
      relClose(fit.coefStd, base.coefStd, 1e-9, 1e-12, `coefStd, column scaled by ${f}`);
      relClose(fit.interceptOriginal, base.interceptOriginal, 1e-9, 1e-12, `interceptOriginal, column scaled by ${f}`);
    }
  });

  it('refuses row subsets and naive mode (the statistics are of fixed rows and give only a Gram); user errors as fitElasticNetPath', () => {
    const { X, y } = dataset(50, 3, 4);
    const stats = sufficientStats(X, y);
    assert.throws(() => fitElasticNetPathFromStats(stats, { standardize: true, l1Ratio: 1, nAlphas: 5, eps: 1e-2, rows: Int32Array.of(1, 2) }), /rows/);
    assert.throws(() => fitElasticNetPathFromStats(stats, { standardize: true, l1Ratio: 1, nAlphas: 5, eps: 1e-2, cdMode: 'naive' }), /covariance/);
    assert.throws(() => fitElasticNetPathFromStats(stats, { standardize: true, l1Ratio: 0, nAlphas: 5, eps: 1e-2 }), (e: Error) => e.name === 'UserError');
    assert.throws(() => fitElasticNetPathFromStats({ ...stats, n: 0 }, { standardize: true, l1Ratio: 1, nAlphas: 5, eps: 1e-2 }), (e: Error) => e.name === 'UserError');
  });
});

describe('fitElasticNet and CV scoring without a centred design (covariance mode, p <= 256)', () => {
  it('fitElasticNet equals enetOnDesign on the fitted design: coef, intercept 1e-9, objective 1e-12 relative; warm start and rows', () => {
    for (const standardize of [false, true]) {
      const { X, y } = dataset(1200, 9, 21, { constantCol: 4 });
      const rows = Int32Array.from({ length: 700 }, (_, t) => (t * 7) % 1200);
      for (const r of [undefined, rows]) {
        const d = fittedDesign(X, y, standardize, r);
        for (const [alpha, l1] of [[0.05, 1], [0.02, 0.4]]) {
          const opts = { standardize, rows: r, tol: 1e-12, maxIter: 100000 };
          const a = fitElasticNet(X, y, alpha, l1, opts);
          const b = enetOnDesign(d, alpha, l1, opts);
          relClose(a.coef, b.coef, 1e-9, 1e-10, 'coef');
          relClose([a.intercept], [b.intercept], 1e-9, 1e-10, 'intercept');
          relClose([a.objective], [b.objective], 1e-12, 0, 'objective');
          relClose(a.scale, b.scale, 1e-12, 0, 'scale');
          assert.strictEqual(a.coef[4], 0);
          assert.strictEqual(a.coefStd === null, !standardize);
          const warm = fitElasticNet(X, y, alpha * 0.9, l1, { ...opts, warmStart: a.coefStd ?? a.coef });
          const warmRef = enetOnDesign(d, alpha * 0.9, l1, { ...opts, warmStart: b.coefStd ?? b.coef });
          relClose(warm.coef, warmRef.coef, 1e-9, 1e-10, 'warm coef');
        }
      }
    }
  });

  it('held-out MSE through the held-out Gram equals the mean squared residual of the same coefficients (1e-9), also for a noiseless target (row-by-row fallback)', () => {
    for (const noise of [1, 0]) {
      for (const standardize of [false, true]) {
        const { X, y } = dataset(600, 6, 31);
        if (noise === 0) for (let i = 0; i < X.n; i++) y[i] = 1 + 0.5 * X.x[i] - 2 * X.x[2 * X.n + i];
        const cache = new CenteredGramCache(X, y);
        const testPos = Int32Array.from({ length: 150 }, (_, t) => 4 * t + 1);
        const fp = foldProblem(cache, testPos, standardize)!;
        const alphas = logAlphaGrid(1, 40, 1e-9);
        const run = runEnetPath(new CdWorkspace(fp.problem), alphas, 1, 1e-12, 100000);
        const K = alphas.length;
        const got = new Float64Array(K);
        heldOutMseFromGram(fp, run.coefStd, K, got, 0);
        const p = X.p;
        for (let k = 0; k < K; k++) {
          // Oracle: predictions in original units on the held-out rows.
          let b = fp.yMean;
          for (let j = 0; j < p; j++) b -= fp.mean[j] * (run.coefStd[k * p + j] / fp.scale[j]);
          let sse = 0;
          for (const i of testPos) {
            let e = y[i] - b;
            for (let j = 0; j < p; j++) e -= (run.coefStd[k * p + j] / fp.scale[j]) * X.x[j * X.n + i];
            sse += e * e;
          }
          const want = sse / testPos.length;
          // The oracle's own rounding: each residual carries ~1e-13 |y| absolute error (y ~ 1e1 here, e ~ 1e-7 when noiseless).
          let yMax = 0;
          for (const i of testPos) yMax = Math.max(yMax, Math.abs(y[i]));
          assert.ok(Math.abs(got[k] - want) <= 1e-9 * want + 2 * Math.sqrt(want) * 1e-13 * yMax, `noise ${noise} standardize ${standardize} alpha ${k}: ${got[k]} vs ${want}`);
        }
        if (noise === 0) assert.ok(got[K - 1] < 1e-12, 'a noiseless target is fitted almost exactly at the smallest alpha');
      }
    }
  });

  for (const standardize of [false, true]) {
    it(`CV in the whole-Gram fold mode (byFolds) equals materialized folds (1e-9): constant column, a column constant on one fold's training rows, mean 1e6 (standardize=${standardize})`, () => {
      const n = 2000;
      const p = 8;
      const { X, y } = dataset(n, p, 61, { constantCol: 1 });
      const foldIds = Int32Array.from({ length: n }, (_, i) => (i * 3 + (i >> 4)) % 5);
      for (let i = 0; i < n; i++) {
        X.x[5 * n + i] = foldIds[i] === 2 && i % 3 === 0 ? 1 : 0;
        X.x[6 * n + i] = 1e6 + X.x[i];
      }
      assert.ok(5 * (p + 1) ** 2 <= (n * p) / 4, 'this data takes the whole-Gram mode');
      const cache = CenteredGramCache.byFolds(X, y, undefined, foldIds, 5);
      assert.ok(cache.usable && cache.folds !== null);
      for (const l1 of [1, 0.5]) {
        const common = { model: 'elasticnet' as const, l1Ratios: [l1], nAlphas: 25, eps: 1e-3, foldIds, standardize, tol: 1e-12, maxIter: 100000 };
        const a = crossValidate(X, y, common);
        const b = crossValidate(X, y, { ...common, foldGram: false });
        relClose(a.foldErrors, b.foldErrors, 1e-9, 0, `fold errors l1=${l1}`);
        relClose(a.alphas, b.alphas, 1e-12, 0, 'grid');
        assert.strictEqual(a.indexMin, b.indexMin);
      }
    });
  }

  it('many folds (K q^2 > N p / 4, e.g. leave-one-out) take the copying mode and still equal materialized folds (1e-9)', () => {
    const { X, y } = dataset(60, 3, 71);
    const foldIds = Int32Array.from({ length: 60 }, (_, i) => i % 30);
    const common = { model: 'lasso' as const, l1Ratios: [1], nAlphas: 10, eps: 1e-2, foldIds, standardize: true, tol: 1e-12, maxIter: 100000 };
    relClose(crossValidate(X, y, common).foldErrors, crossValidate(X, y, { ...common, foldGram: false }).foldErrors, 1e-9, 1e-15, 'fold errors');
  });

  it('CV fold errors through the held-out Gram equal materialized folds (1e-9 relative)', () => {
    const { X, y } = dataset(600, 6, 31);
    const foldIds = Int32Array.from({ length: X.n }, (_, i) => (i * 5) % 4);
    const common = { model: 'lasso' as const, l1Ratios: [1], nAlphas: 40, eps: 1e-5, foldIds, standardize: true, tol: 1e-12, maxIter: 100000 };
    const a = crossValidate(X, y, common);
    const b = crossValidate(X, y, { ...common, foldGram: false });
    relClose(a.foldErrors, b.foldErrors, 1e-9, 0, 'fold errors');
    assert.strictEqual(a.indexMin, b.indexMin);
  });
});
