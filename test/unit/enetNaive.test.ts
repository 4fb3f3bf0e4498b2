// Naive-mode coordinate descent (wide data, src/solver/enet.ts): certified KKT skipping, the
// four-coordinate sweep and the warm-up path of a cold fit. Oracles: scikit-learn's duality gap
// (cd_fast's formula) recomputed from scratch with X^T r over every column, and covariance-mode
// coordinate descent on the same data (a second algorithm, differential test).
import * as assert from 'assert';
import { CdWorkspace } from '../../src/solver/enet';
import { DenseMatrix, fitElasticNet, fitElasticNetPath, fittedDesign } from '../../src/solver';
import { normals } from './testData';

/** n x p iid normals with k non-zero weights: the shape of the wide benchmark (n << p). */
function wideProblem(n: number, p: number, k: number, seed: number): { X: DenseMatrix; y: Float64Array } {
  const x = normals(n * p, seed);
  const e = normals(n, seed + 1);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = 0.5 * e[i];
    for (let j = 0; j < k; j++) v += (j % 2 ? -1 : 1) * (1 + j / k) * x[((j * 37) % p) * n + i];
    y[i] = v;
  }
  return { X: { n, p, x }, y };
}

/**
 * sklearn's dual gap (cd_fast.enet_coordinate_descent, divided by n as dual_gap_) of w on the
 * centred data, with X^T r over every column computed from scratch.
 */
function sklearnGap(xs: Float64Array, yc: Float64Array, n: number, p: number, w: Float64Array, alpha: number, l1Ratio: number): number {
  const l1reg = alpha * l1Ratio * n;
  const l2reg = alpha * (1 - l1Ratio) * n;
  const r = Float64Array.from(yc);
  for (let j = 0; j < p; j++) if (w[j] !== 0) for (let i = 0; i < n; i++) r[i] -= w[j] * xs[j * n + i];
  let dualNorm = 0;
  let wNorm2 = 0;
  let l1 = 0;
  for (let j = 0; j < p; j++) {
    let g = 0;
    for (let i = 0; i < n; i++) g += xs[j * n + i] * r[i];
    dualNorm = Math.max(dualNorm, Math.abs(g - l2reg * w[j]));
    wNorm2 += w[j] * w[j];
    l1 += Math.abs(w[j]);
  }
  let rNorm2 = 0;
  let ry = 0;
  for (let i = 0; i < n; i++) {
    rNorm2 += r[i] * r[i];
    ry += r[i] * yc[i];
  }
  let cst = 1;
  let gap = rNorm2;
  if (dualNorm > l1reg) {
    cst = l1reg / dualNorm;
    gap = 0.5 * (rNorm2 + rNorm2 * cst * cst);
  }
  gap += l1reg * l1 - cst * ry + 0.5 * l2reg * (1 + cst * cst) * wNorm2;
  return gap / n;
}

describe('naive-mode coordinate descent (wide data)', () => {
  const { X, y } = wideProblem(80, 1500, 12, 7);
  const d = fittedDesign(X, y, false);
  let yy = 0;
  for (let i = 0; i < d.n; i++) yy += d.yc[i] * d.yc[i];

  for (const l1Ratio of [1, 0.5]) {
    it(`path (l1_ratio ${l1Ratio}, tol 1e-4): every reported gap is sklearn's gap over all columns, and within tol`, () => {
      const tol = 1e-4;
      const path = fitElasticNetPath(X, y, { standardize: false, l1Ratio, nAlphas: 60, eps: 1e-3, tol, maxIter: 10000, cdMode: 'naive' });
      assert.ok(path.converged);
      let nonZero = 0;
      for (let k = 0; k < path.alphas.length; k++) {
        const w = path.coefStd.subarray(k * d.p, (k + 1) * d.p);
        const ref = sklearnGap(d.xs, d.yc, d.n, d.p, w, path.alphas[k], l1Ratio);
        // Same quantity, different summation order: agreement to rounding of ||yc||^2 / n.
        assert.ok(Math.abs(path.dualGaps[k] - ref) <= 1e-9 * (yy / d.n), `alpha ${k}: reported ${path.dualGaps[k]}, from scratch ${ref}`);
        assert.ok(ref <= (tol * yy) / d.n * (1 + 1e-9), `alpha ${k}: gap ${ref} above tol`);
        if (path.nnz[k] > 0) nonZero++;
      }
      assert.ok(nonZero > 30);
    });
  }

  it('the KKT bound skips full passes: fewer full X^T r passes than alphas, and the same path as covariance mode (tol 1e-10)', () => {
    const common = { standardize: false, l1Ratio: 1, nAlphas: 50, eps: 1e-2, tol: 1e-10, maxIter: 100000 };
    const ws = new CdWorkspace(d, 'naive');
    let prev = Infinity;
    const alphas = fitElasticNetPath(X, y, { ...common, cdMode: 'naive' }).alphas;
    for (const a of alphas) {
      ws.solve(a, 1, Number.isFinite(prev) ? prev : a, common.tol, common.maxIter);
      prev = a;
    }
    assert.ok(ws.fullGradientPasses < alphas.length / 2, `${ws.fullGradientPasses} full passes for ${alphas.length} alphas`);
    assert.ok(ws.kktColumns > 0);
    const naive = fitElasticNetPath(X, y, { ...common, cdMode: 'naive' });
    const cov = fitElasticNetPath(X, y, { ...common, cdMode: 'covariance' });
    let m = 0;
    for (let i = 0; i < naive.coefStd.length; i++) m = Math.max(m, Math.abs(naive.coefStd[i] - cov.coefStd[i]));
    assert.ok(m < 1e-7, `max |naive - covariance| = ${m}`);
    assert.deepStrictEqual(Array.from(naive.nnz), Array.from(cov.nnz));
  });

  it('sweep blocks: working sets of every length mod 4 give the one-coordinate-at-a-time answer (tol 1e-12)', () => {
    // p = 4m + t for t = 0..3 and a few alphas: the four-coordinate blocks and the tail all run.
    for (const p of [41, 42, 43, 44]) {
      const sub: DenseMatrix = { n: X.n, p, x: X.x.subarray(0, X.n * p) };
      const naive = fitElasticNetPath(sub, y, { standardize: true, l1Ratio: 0.7, nAlphas: 12, eps: 1e-3, tol: 1e-12, maxIter: 100000, cdMode: 'naive' });
      const cov = fitElasticNetPath(sub, y, { standardize: true, l1Ratio: 0.7, nAlphas: 12, eps: 1e-3, tol: 1e-12, maxIter: 100000, cdMode: 'covariance' });
      let m = 0;
      for (let i = 0; i < naive.coefStd.length; i++) m = Math.max(m, Math.abs(naive.coefStd[i] - cov.coefStd[i]));
      assert.ok(m < 1e-8, `p=${p}: max |naive - covariance| = ${m}`);
    }
  });

  it('a cold fit far below alpha_max (warm-up path) equals the path point and meets the gap rule', () => {
    const path = fitElasticNetPath(X, y, { standardize: false, l1Ratio: 1, nAlphas: 40, eps: 1e-3, tol: 1e-10, maxIter: 100000, cdMode: 'naive' });
    for (const k of [20, 39]) {
      const a = path.alphas[k];
      const f = fitElasticNet(X, y, a, 1, { standardize: false, tol: 1e-10, maxIter: 100000, cdMode: 'naive' });
      assert.ok(f.converged);
      let m = 0;
      for (let j = 0; j < d.p; j++) m = Math.max(m, Math.abs((f.coefStd ?? f.coef)[j] - path.coefStd[k * d.p + j]));
      assert.ok(m < 1e-6, `alpha ${k}: max |cold - path| = ${m}`);
      assert.ok(sklearnGap(d.xs, d.yc, d.n, d.p, f.coef, a, 1) <= (1e-10 * yy) / d.n * (1 + 1e-6));
    }
  });

  it('maxIter bounds the warm-up path and the final solve together (each may close with one sweep more)', () => {
    const f = fitElasticNet(X, y, 1e-4, 1, { standardize: false, tol: 1e-12, maxIter: 5, cdMode: 'naive' });
    assert.ok(f.nIter <= 5 + 2, `nIter ${f.nIter}`);
    assert.ok(!f.converged);
  });
});
