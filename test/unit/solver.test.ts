// Unit tests of the regression solver's building blocks and edge cases. Each block names its oracle:
// NIST StRD certified values, algebraic identities, sklearn documentation examples, or a second
// algorithm in this code base computing the same quantity (differential tests).
import * as assert from 'assert';
import {
  alphaMax, crossValidate, DenseMatrix, fitElasticNet, fitElasticNetPath, fitOLS, fitRidge, fitRidgePath, logAlphaGrid, predict,
  regressionMetrics, ridgeDf, summarizeCv,
} from '../../src/solver';
import { cholesky, choleskySolve, crossprod, jacobiSvd, qrPivoted, qrR, applyQt, symmetricEigen, tcrossprod } from '../../src/solver/linalg';
import { fittedDesign } from '../../src/solver/design';
import { ridgeFactor } from '../../src/solver/ridge';
import { designOf } from './solverFixtures';
import { normals } from './testData';
import * as path from 'path';

function matrix(n: number, p: number, seed: number): DenseMatrix {
  return { n, p, x: normals(n * p, seed) };
}

function linearTarget(X: DenseMatrix, w: number[], noise: number, seed: number): Float64Array {
  const e = normals(X.n, seed);
  const y = new Float64Array(X.n);
  for (let i = 0; i < X.n; i++) {
    let v = 1.5 + noise * e[i];
    for (let j = 0; j < w.length; j++) v += w[j] * X.x[j * X.n + i];
    y[i] = v;
  }
  return y;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('solver linalg', () => {
  it('pivoted QR reproduces A P = Q R with non-increasing |R_kk| (identity check, tall and wide)', () => {
    for (const [m, n] of [[9, 5], [4, 7]]) {
      const A = matrix(m, n, 3 + m).x;
      const f = qrPivoted(A, m, n);
      const k = Math.min(m, n);
      const R = qrR(f);
      for (let i = 1; i < k; i++) assert.ok(Math.abs(R[i * k + i]) <= Math.abs(R[(i - 1) * k + i - 1]) + 1e-12);
      // Q^T (A P) must equal R (zeros below): apply Q^T to each permuted column.
      for (let j = 0; j < n; j++) {
        const col = A.slice(f.perm[j] * m, f.perm[j] * m + m);
        applyQt(f, col);
        for (let i = 0; i < m; i++) {
          const expect = i < k && i <= j ? R[j * k + i] : 0;
          assert.ok(Math.abs(col[i] - expect) < 1e-12, `(${i},${j}) ${col[i]} vs ${expect}`);
        }
      }
    }
  });

  it('one-sided Jacobi SVD: U diag(s) V^T = A, orthonormal U and V, s descending (identity check)', () => {
    const m = 8;
    const n = 5;
    const A = matrix(m, n, 11).x;
    const { u, s, v } = jacobiSvd(A, m, n);
    for (let k = 1; k < n; k++) assert.ok(s[k] <= s[k - 1]);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let a = 0;
      for (let k = 0; k < n; k++) a += u[k * m + i] * s[k] * v[k * n + j];
      assert.ok(Math.abs(a - A[j * m + i]) < 1e-12);
    }
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) {
      let uu = 0;
      let vv = 0;
      for (let i = 0; i < m; i++) uu += u[a * m + i] * u[b * m + i];
      for (let i = 0; i < n; i++) vv += v[a * n + i] * v[b * n + i];
      assert.ok(Math.abs(uu - (a === b ? 1 : 0)) < 1e-12 && Math.abs(vv - (a === b ? 1 : 0)) < 1e-12);
    }
  });

  it('symmetric eigen (tred2/tql2): V diag(d) V^T = A, orthonormal V, d ascending; crossprod/tcrossprod = naive products', () => {
    const n = 9;
    const p = 13;
    const X = matrix(n, p, 61).x;
    const K = tcrossprod(X, n, p);
    const G = crossprod(X, n, p);
    for (let i = 0; i < n; i++) for (let l = 0; l < n; l++) {
      let s = 0;
      for (let j = 0; j < p; j++) s += X[j * n + i] * X[j * n + l];
      assert.ok(Math.abs(K[l * n + i] - s) < 1e-12);
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += X[a * n + i] * X[b * n + i];
      assert.ok(Math.abs(G[b * p + a] - s) < 1e-12);
    }
    const { d, v } = symmetricEigen(K, n);
    for (let k = 1; k < n; k++) assert.ok(d[k] >= d[k - 1]);
    for (let i = 0; i < n; i++) for (let l = 0; l < n; l++) {
      let s = 0;
      let o = 0;
      for (let k = 0; k < n; k++) {
        s += v[k * n + i] * d[k] * v[k * n + l];
        o += v[i * n + k] * v[l * n + k];
      }
      assert.ok(Math.abs(s - K[l * n + i]) < 1e-12 * d[n - 1]);
      assert.ok(Math.abs(o - (i === l ? 1 : 0)) < 1e-13);
    }
  });

  it('Cholesky solves an SPD system and refuses an indefinite one', () => {
    const a = Float64Array.from([4, 2, 0, 2, 5, 1, 0, 1, 3]);
    const b = Float64Array.from([2, 1, 1]);
    const x = b.slice();
    const l = a.slice();
    assert.ok(cholesky(l, 3));
    choleskySolve(l, 3, x);
    for (let i = 0; i < 3; i++) {
      let r = 0;
      for (let j = 0; j < 3; j++) r += a[j * 3 + i] * x[j];
      assert.ok(Math.abs(r - b[i]) < 1e-14);
    }
    assert.strictEqual(cholesky(Float64Array.from([1, 2, 2, 1]), 2), false);
  });
});

describe('solver OLS', () => {
  // Oracle: NIST StRD Longley (https://www.itl.nist.gov/div898/strd/lls/data/Longley.shtml), certified values.
  const longley = [
    [60323, 83.0, 234289, 2356, 1590, 107608, 1947], [61122, 88.5, 259426, 2325, 1456, 108632, 1948],
    [60171, 88.2, 258054, 3682, 1616, 109773, 1949], [61187, 89.5, 284599, 3351, 1650, 110929, 1950],
    [63221, 96.2, 328975, 2099, 3099, 112075, 1951], [63639, 98.1, 346999, 1932, 3594, 113270, 1952],
    [64989, 99.0, 365385, 1870, 3547, 115094, 1953], [63761, 100.0, 363112, 3578, 3350, 116219, 1954],
    [66019, 101.2, 397469, 2904, 3048, 117388, 1955], [67857, 104.6, 419180, 2822, 2857, 118734, 1956],
    [68169, 108.4, 442769, 2936, 2798, 120445, 1957], [66513, 110.8, 444546, 4681, 2637, 121950, 1958],
    [68655, 112.6, 482704, 3813, 2552, 123366, 1959], [69564, 114.2, 502601, 3931, 2514, 125368, 1960],
    [69331, 115.7, 518173, 4806, 2572, 127852, 1961], [70551, 116.9, 554894, 4007, 2827, 130081, 1962],
  ];
  const certified = [15.0618722713733, -0.358191792925910e-1, -2.02022980381683, -1.03322686717359, -0.511041056535807e-1, 1829.15146461355];
  const certifiedIntercept = -3482258.63459582;

  for (const standardize of [false, true]) {
    it(`reproduces NIST Longley certified coefficients to 1e-9 relative (standardize=${standardize})`, () => {
      const n = 16;
      const x = new Float64Array(n * 6);
      const y = new Float64Array(n);
      longley.forEach((r, i) => {
        y[i] = r[0];
        for (let j = 0; j < 6; j++) x[j * n + i] = r[j + 1];
      });
      const f = fitOLS({ n, p: 6, x }, y, { standardize });
      assert.strictEqual(f.rank, 6);
      assert.deepStrictEqual(f.warnings, []);
      for (let j = 0; j < 6; j++) {
        const rel = Math.abs(f.coef[j] - certified[j]) / Math.abs(certified[j]);
        assert.ok(rel < 1e-9, `b${j + 1}: ${f.coef[j]} vs ${certified[j]} (rel ${rel})`);
      }
      assert.ok(Math.abs(f.intercept - certifiedIntercept) / Math.abs(certifiedIntercept) < 1e-9, `${f.intercept}`);
    });
  }

  it('rank-deficient design: rank, warning naming the dependent column, minimum-norm split (algebra oracle)', () => {
    const n = 30;
    const base = matrix(n, 3, 5);
    const x = new Float64Array(n * 4);
    x.set(base.x);
    // x3 = 2*x1 + 7 duplicates x1 after centring and scaling.
    for (let i = 0; i < n; i++) x[3 * n + i] = 2 * base.x[n + i] + 7;
    const X = { n, p: 4, x };
    const y = linearTarget(base, [1, -2, 0.5], 0.3, 9);
    const names = ['a', 'b', 'c', 'b_copy'];
    const f = fitOLS(X, y, { standardize: true, names });
    const ref = fitOLS(base, y, { standardize: true, names: names.slice(0, 3) });
    assert.strictEqual(f.rank, 3);
    assert.strictEqual(f.dependent!.length, 1);
    assert.ok(['b', 'b_copy'].includes(names[f.dependent![0]]));
    assert.ok(/rank 3 of 4/.test(f.warnings[0]) && f.warnings[0].includes(names[f.dependent![0]]), f.warnings[0]);
    // Minimum norm splits the effect of two identical standardized columns equally.
    const cs = f.coefStd!;
    assert.ok(Math.abs(cs[1] - cs[3]) < 1e-10, `${cs[1]} vs ${cs[3]}`);
    assert.ok(Math.abs(cs[1] + cs[3] - ref.coefStd![1]) < 1e-10);
    assert.ok(Math.abs(cs[0] - ref.coefStd![0]) < 1e-10 && Math.abs(cs[2] - ref.coefStd![2]) < 1e-10);
    // Same fitted values (the intercept differs: b_copy's offset 7 moves into it).
    assert.ok(maxAbsDiff(predict(X, f.coef, f.intercept), predict(base, ref.coef, ref.intercept)) < 1e-10);
  });

  it('p > n: zero residual and the minimum-norm solution lies in the row space (normal-equation identity)', () => {
    const n = 8;
    const p = 15;
    const X = matrix(n, p, 21);
    const y = normals(n, 22);
    const f = fitOLS(X, y, { standardize: false });
    assert.strictEqual(f.rank, n - 1); // centring removes one dimension
    const yhat = predict(X, f.coef, f.intercept);
    assert.ok(maxAbsDiff(yhat, y) < 1e-10);
    // Row space of the centred design: w = Xc^T c. Check w is orthogonal to the null space by
    // comparing with the ridge solution as alpha -> 0 (dual form w = Xc^T (Xc Xc^T + aI)^-1 y).
    const r = fitRidge(X, y, 1e-9, { standardize: false });
    assert.ok(maxAbsDiff(r.coef, f.coef) < 1e-6, `${maxAbsDiff(r.coef, f.coef)}`);
  });
});

describe('solver OLS, wide and well conditioned (normal-equations route of the minimum-norm solve)', () => {
  it('120 x 5000: zero residual and equal to the ridge dual solution as alpha -> 0 (1e-7 relative)', () => {
    const n = 120;
    const p = 5000;
    const X = matrix(n, p, 71);
    const y = normals(n, 72);
    const f = fitOLS(X, y, { standardize: true });
    assert.strictEqual(f.rank, n - 1);
    assert.ok(maxAbsDiff(predict(X, f.coef, f.intercept), y) < 1e-9);
    const r = fitRidge(X, y, 1e-10, { standardize: true });
    const scale = Math.max(...Array.from(f.coefStd!, Math.abs));
    assert.ok(maxAbsDiff(r.coefStd!, f.coefStd!) < 1e-7 * scale, `${maxAbsDiff(r.coefStd!, f.coefStd!) / scale}`);
  });
});

describe('solver edge cases', () => {
  const n = 40;
  const base = matrix(n, 3, 31);
  const x = new Float64Array(n * 4);
  x.set(base.x);
  x.fill(3.25, 3 * n, 4 * n); // constant column
  const X = { n, p: 4, x };
  const y = linearTarget(base, [2, 0, -1], 0.5, 32);

  for (const standardize of [true, false]) {
    it(`constant column gets coefficient 0 with no NaN for every model (standardize=${standardize})`, () => {
      const fits = [
        fitOLS(X, y, { standardize }),
        fitRidge(X, y, 1, { standardize }),
        fitElasticNet(X, y, 0.05, 1, { standardize }),
        fitElasticNet(X, y, 0.05, 0.5, { standardize }),
      ];
      for (const f of fits) {
        assert.ok(Object.is(f.coef[3], 0), `coef ${f.coef[3]}`);
        assert.ok(Array.from(f.coef).every(Number.isFinite) && Number.isFinite(f.intercept));
        assert.strictEqual(f.scale[3], 1);
      }
      assert.strictEqual(fits[0].rank, 3);
      assert.ok(fits[0].warnings.length === 1);
      const path = fitElasticNetPath(X, y, { standardize, l1Ratio: 1, nAlphas: 10, eps: 1e-2 });
      for (let k = 0; k < 10; k++) assert.ok(Object.is(path.coefStd[k * 4 + 3], 0));
      const rp = fitRidgePath(X, y, { standardize, nAlphas: 5 });
      for (let k = 0; k < 5; k++) assert.ok(Object.is(rp.coefStd[k * 4 + 3], 0));
    });
  }

  it('lasso zeros are exact +0.0 in both scales; alpha >= alpha_max gives all zeros, just below does not', () => {
    const f = fitElasticNet(X, y, 0.3, 1, { standardize: true });
    assert.ok(Object.is(f.coef[1], 0) && Object.is(f.coefStd![1], 0), `${f.coef[1]}`);
    const amax = alphaMax(X, y, 1, { standardize: true });
    const at = fitElasticNet(X, y, amax, 1, { standardize: true });
    assert.ok(Array.from(at.coef).every((v) => Object.is(v, 0)));
    assert.ok(Math.abs(at.intercept - y.reduce((a, b) => a + b, 0) / n) < 1e-12);
    const below = fitElasticNet(X, y, amax * 0.99, 1, { standardize: true });
    assert.ok(Array.from(below.coef).some((v) => v !== 0));
  });

  it('non-convergence reports converged=false and a warning naming the gap and max_iter', () => {
    const d = designOf(path.join('test', 'fixtures', 'data', 'longley.csv'), ['GNP.deflator', 'GNP', 'Unemployed', 'Armed.Forces', 'Population', 'Year'], 'Employed');
    const f = fitElasticNet(d.X, d.y, 1e-4, 1, { standardize: true, tol: 1e-12, maxIter: 2 });
    assert.strictEqual(f.converged, false);
    assert.strictEqual(f.nIter, 2);
    assert.ok(/duality gap .*max_iter=2/.test(f.warnings[0]), f.warnings[0]);
    assert.ok(f.dualGap > 0);
  });

  it('l1_ratio=0: the grid is refused with advice to use Ridge; a single fit equals Ridge with alpha*n', () => {
    assert.throws(() => fitElasticNetPath(X, y, { standardize: true, l1Ratio: 0, nAlphas: 10, eps: 1e-3 }),
      (e: Error) => e.name === 'UserError' && /Ridge/.test(e.message));
    assert.throws(() => alphaMax(X, y, 0, { standardize: true }), (e: Error) => e.name === 'UserError');
    const e0 = fitElasticNet(X, y, 0.2, 0, { standardize: true });
    const r = fitRidge(X, y, 0.2 * n, { standardize: true });
    assert.ok(maxAbsDiff(e0.coef, r.coef) < 1e-12);
  });

  it('invalid options are UserErrors', () => {
    assert.throws(() => fitElasticNet(X, y, -1, 1, { standardize: true }), (e: Error) => e.name === 'UserError');
    assert.throws(() => fitElasticNet(X, y, 1, 1.5, { standardize: true }), (e: Error) => e.name === 'UserError');
    assert.throws(() => fitElasticNet(X, y, 1, 1, { standardize: true, tol: 0 }), (e: Error) => e.name === 'UserError');
    assert.throws(() => fitRidge(X, y, NaN, { standardize: true }), (e: Error) => e.name === 'UserError');
    assert.throws(() => fitOLS(X, y, { standardize: true, rows: new Int32Array(0) }), (e: Error) => e.name === 'UserError');
  });

  it('fits on a row subset equal fits on the copied rows', () => {
    const rows = Int32Array.from({ length: 25 }, (_, i) => (i * 7) % n);
    const sub = { n: 25, p: 4, x: new Float64Array(100) };
    const ysub = new Float64Array(25);
    rows.forEach((r, i) => {
      for (let j = 0; j < 4; j++) sub.x[j * 25 + i] = X.x[j * n + r];
      ysub[i] = y[r];
    });
    const a = fitElasticNet(X, y, 0.05, 0.7, { standardize: true, rows, tol: 1e-12 });
    const b = fitElasticNet(sub, ysub, 0.05, 0.7, { standardize: true, tol: 1e-12 });
    assert.ok(maxAbsDiff(a.coef, b.coef) < 1e-12 && Math.abs(a.intercept - b.intercept) < 1e-12);
  });
});

describe('solver coordinate descent variants (differential)', () => {
  const d = designOf(path.join('test', 'fixtures', 'data', 'diabetes.csv'), ['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6'], 'target');

  it('covariance and naive modes give the same path (1e-7) and both satisfy the gap certificate', () => {
    const common = { standardize: true, l1Ratio: 0.7, nAlphas: 50, eps: 1e-3, tol: 1e-10, maxIter: 100000 };
    const cov = fitElasticNetPath(d.X, d.y, { ...common, cdMode: 'covariance' });
    const naive = fitElasticNetPath(d.X, d.y, { ...common, cdMode: 'naive' });
    assert.ok(cov.converged && naive.converged);
    assert.ok(maxAbsDiff(cov.coefStd, naive.coefStd) < 1e-7, `${maxAbsDiff(cov.coefStd, naive.coefStd)}`);
    assert.deepStrictEqual(Array.from(cov.nnz), Array.from(naive.nnz));
    let yy = 0;
    const ym = d.y.reduce((a, b) => a + b, 0) / d.y.length;
    for (const v of d.y) yy += (v - ym) ** 2;
    for (const g of [...cov.dualGaps, ...naive.dualGaps]) assert.ok(g <= (1e-10 * yy) / d.y.length);
  });

  it('p > n (wide fixture, 60 x 200): naive mode with its KKT bound and covariance mode give the same lasso path', () => {
    const w = designOf(path.join('test', 'fixtures', 'data', 'wide.csv'), Array.from({ length: 200 }, (_, j) => `x${j}`), 'y');
    const common = { standardize: true, l1Ratio: 1, nAlphas: 60, eps: 1e-2, tol: 1e-10, maxIter: 100000 };
    const naive = fitElasticNetPath(w.X, w.y, { ...common, cdMode: 'naive' });
    const cov = fitElasticNetPath(w.X, w.y, { ...common, cdMode: 'covariance' });
    assert.ok(naive.converged && cov.converged);
    assert.ok(maxAbsDiff(cov.coefStd, naive.coefStd) < 1e-6, `${maxAbsDiff(cov.coefStd, naive.coefStd)}`);
    assert.deepStrictEqual(Array.from(cov.nnz), Array.from(naive.nnz));
  });

  it('path points equal cold single fits, warm-started single fits equal cold ones, intercepts agree', () => {
    const p = fitElasticNetPath(d.X, d.y, { standardize: true, l1Ratio: 1, nAlphas: 20, eps: 1e-2, tol: 1e-12, maxIter: 100000 });
    let warm: Float64Array | undefined;
    for (const k of [3, 9, 15, 19]) {
      const cold = fitElasticNet(d.X, d.y, p.alphas[k], 1, { standardize: true, tol: 1e-12, maxIter: 100000 });
      const w = fitElasticNet(d.X, d.y, p.alphas[k], 1, { standardize: true, tol: 1e-12, maxIter: 100000, warmStart: warm });
      warm = w.coefStd!;
      assert.ok(maxAbsDiff(cold.coefStd!, p.coefStd.subarray(k * 10, k * 10 + 10)) < 1e-8);
      assert.ok(maxAbsDiff(cold.coefStd!, w.coefStd!) < 1e-8);
      assert.ok(Math.abs(cold.intercept - p.interceptOriginal[k]) < 1e-6);
      assert.strictEqual(p.intercept[k], cold.interceptStd);
    }
  });

  it('nnz and entry order are consistent with the coefficients; progress reaches total', () => {
    let calls = 0;
    const p = fitElasticNetPath(d.X, d.y, { standardize: true, l1Ratio: 1, nAlphas: 30, eps: 1e-3, onProgress: (done, total) => {
      calls++;
      assert.strictEqual(total, 30);
      assert.strictEqual(done, calls);
    } });
    assert.strictEqual(calls, 30);
    const seen = new Set<number>();
    const order: number[] = [];
    for (let k = 0; k < 30; k++) {
      let c = 0;
      const entering: number[] = [];
      for (let j = 0; j < 10; j++) if (p.coefStd[k * 10 + j] !== 0) {
        c++;
        if (!seen.has(j)) entering.push(j);
      }
      entering.sort((a, b) => Math.abs(p.coefStd[k * 10 + b]) - Math.abs(p.coefStd[k * 10 + a]) || a - b);
      for (const j of entering) {
        seen.add(j);
        order.push(j);
      }
      assert.strictEqual(p.nnz[k], c);
    }
    assert.deepStrictEqual(p.entryOrder, order);
    assert.strictEqual(p.nnz[0], 0);
    // bmi (index 2) is the first variable to enter on diabetes (the LARS example's well-known order starts bmi, s5).
    assert.deepStrictEqual(p.entryOrder.slice(0, 2), [2, 8]);
  });
});

describe('solver ridge', () => {
  it('primal (n >= p) Cholesky and the SVD path agree (differential, 1e-10 relative)', () => {
    const X = matrix(50, 6, 41);
    const y = linearTarget(X, [1, 0, -1, 2, 0, 0.5], 1, 42);
    const alphas = Float64Array.from([100, 3, 0.01]);
    const path = fitRidgePath(X, y, { standardize: true, alphas, nAlphas: 3 });
    alphas.forEach((a, k) => {
      const f = fitRidge(X, y, a, { standardize: true });
      const scale = Math.max(...Array.from(f.coefStd!, Math.abs));
      assert.ok(maxAbsDiff(f.coefStd!, path.coefStd.subarray(k * 6, k * 6 + 6)) < 1e-10 * scale);
    });
  });

  it('dual (p > n) Cholesky and the SVD path agree (differential, 1e-10 relative)', () => {
    const X = matrix(12, 30, 43);
    const y = normals(12, 44);
    const alphas = Float64Array.from([50, 1, 0.001]);
    const path = fitRidgePath(X, y, { standardize: true, alphas, nAlphas: 3 });
    alphas.forEach((a, k) => {
      const f = fitRidge(X, y, a, { standardize: true });
      const scale = Math.max(...Array.from(f.coefStd!, Math.abs));
      assert.ok(maxAbsDiff(f.coefStd!, path.coefStd.subarray(k * 30, k * 30 + 30)) < 1e-10 * scale, `${a}`);
    });
  });

  it('default ridge grid runs from 0.01 to 0.99*min(n,p) effective degrees of freedom, descending', () => {
    for (const [n, p] of [[60, 8], [10, 25]]) {
      const X = matrix(n, p, n + p);
      const y = normals(n, 7);
      const path = fitRidgePath(X, y, { standardize: true, nAlphas: 40 });
      const d = fittedDesign(X, y, true);
      const s = ridgeFactor(d).s;
      // Singular values of the centred design: sum of squares = ||Xs||_F^2 = n*p (standardized columns).
      assert.ok(Math.abs(s.reduce((a, v) => a + v * v, 0) - n * p) < 1e-8 * n * p);
      const rank = Math.min(n - 1, p);
      assert.ok(Math.abs(ridgeDf(s, path.alphas[0]) - 0.01) < 1e-6);
      assert.ok(Math.abs(ridgeDf(s, path.alphas[39]) - 0.99 * rank) < 1e-6);
      for (let k = 1; k < 40; k++) assert.ok(path.alphas[k] < path.alphas[k - 1]);
    }
  });
});

describe('solver grid, metrics and CV summaries', () => {
  it('logAlphaGrid follows numpy.logspace: endpoints exact, descending, constant ratio', () => {
    const g = logAlphaGrid(2.5, 100, 1e-3);
    assert.strictEqual(g[0], 10 ** Math.log10(2.5));
    assert.ok(Math.abs(g[99] - 2.5e-3) < 1e-15);
    for (let k = 1; k < 100; k++) assert.ok(Math.abs(g[k] / g[k - 1] - 10 ** (-3 / 99)) < 1e-13);
    assert.deepStrictEqual(Array.from(logAlphaGrid(0, 3, 1e-3)), [1e-15, 1e-15, 1e-15]);
  });

  it('regressionMetrics matches the sklearn documentation examples; constant y as r2_score', () => {
    // sklearn docs: mean_squared_error -> 0.375, mean_absolute_error -> 0.5, r2_score -> 0.948...
    const m = regressionMetrics(Float64Array.from([3, -0.5, 2, 7]), Float64Array.from([2.5, 0.0, 2, 8]));
    assert.strictEqual(m.mse, 0.375);
    assert.strictEqual(m.mae, 0.5);
    assert.ok(Math.abs(m.r2 - 0.9486081370449679) < 1e-15);
    assert.strictEqual(m.rmse, Math.sqrt(0.375));
    assert.strictEqual(regressionMetrics(Float64Array.from([2, 2, 2]), Float64Array.from([2, 2, 2])).r2, 1);
    assert.strictEqual(regressionMetrics(Float64Array.from([2, 2, 2]), Float64Array.from([2, 2, 2.5])).r2, 0);
    // Row subset with predictions aligned to the subset.
    const y = Float64Array.from([100, 3, -0.5, 2, 7]);
    const rows = Int32Array.from([1, 2, 3, 4]);
    assert.deepStrictEqual(regressionMetrics(y, Float64Array.from([2.5, 0.0, 2, 8]), rows), m);
  });

  it('predict on a row subset', () => {
    const X = { n: 3, p: 2, x: Float64Array.from([1, 2, 3, 10, 20, 30]) };
    assert.deepStrictEqual(Array.from(predict(X, Float64Array.from([2, 0.5]), 1, Int32Array.from([2, 0]))), [1 + 6 + 15, 1 + 2 + 5]);
  });

  it('summarizeCv: ddof=1 SE, ties go to the larger alpha, 1-SE rule is glmnet lambda.1se', () => {
    const alphas = Float64Array.from([4, 3, 2, 1]);
    // K=2 folds x 4 alphas; means 5, 3, 2, 2 (tie at the minimum).
    const fe = Float64Array.from([6, 3.5, 1, 3, 4, 2.5, 3, 1]);
    const c = summarizeCv(1, alphas, fe, 2);
    assert.deepStrictEqual(Array.from(c.mean), [5, 3, 2, 2]);
    assert.ok(Math.abs(c.se[2] - Math.sqrt(2) / Math.sqrt(2)) < 1e-15); // sd of (1,3) = sqrt(2)
    assert.strictEqual(c.indexMin, 2);
    assert.strictEqual(c.index1se, 1); // mean 3 <= 2 + 1
    assert.strictEqual(c.alpha1se, 3);
  });

  it('ridge CV uses the ridge grid and reports progress per fold and alpha', () => {
    const X = matrix(45, 4, 51);
    const y = linearTarget(X, [1, -1, 0, 0], 1, 52);
    const foldIds = Int32Array.from({ length: 45 }, (_, i) => i % 3);
    const msgs: string[] = [];
    const cv = crossValidate(X, y, { model: 'ridge', l1Ratios: [], nAlphas: 12, eps: 1e-3, foldIds, standardize: true,
      onProgress: (_d, _t, m) => msgs.push(m) });
    const grid = fitRidgePath(X, y, { standardize: true, nAlphas: 12 }).alphas;
    assert.deepStrictEqual(Array.from(cv.alphas), Array.from(grid));
    assert.strictEqual(msgs.length, 36);
    assert.strictEqual(msgs[13], 'fold 2 of 3, alpha 2 of 12');
    assert.ok(cv.index1se <= cv.indexMin);
  });
});
