/**
 * The L1 / elastic-net logistic path's solutions satisfy the optimality (KKT) conditions at every C,
 * checked by an independent oracle: the gradient recomputed here from the reported coefficients in
 * original units (plain loops over X). The solver skips the KKT gradient of columns whose condition a
 * Cauchy-Schwarz bound already proves, corrects its first Newton step from the previous C
 * (predictor-corrector) and keeps an approximate Gram matrix: none of that may leave a violation
 * above the tolerance. Data: many irrelevant columns next to a few relevant ones, so the bound
 * skips columns along most of the path.
 */
import * as assert from 'assert';
import { fitLogistic, fitLogisticPath } from '../../src/solver/logistic';
import { ar1Columns, lcg } from './testData';

function data(n: number, p: number, seed: number): { X: { n: number; p: number; x: Float64Array }; y: Float64Array } {
  const { u, g } = lcg(seed);
  const x = ar1Columns(n, p, g);
  for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) x[j * n + i] = x[j * n + i] * (1 + (j % 4) * 0.5) + 0.1 * j;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const eta = 0.8 * x[i] - 0.6 * x[5 * n + i] + 0.5 * x[11 * n + i] - 0.4 * x[20 * n + i] + 0.2;
    y[i] = u() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  return { X: { n, p, x }, y };
}

/** Two-pass column means and population standard deviations (the oracle's own, plain loops). */
function columnMeanSd(X: { n: number; p: number; x: Float64Array }): { mean: Float64Array; sd: Float64Array } {
  const mean = new Float64Array(X.p);
  const sd = new Float64Array(X.p);
  for (let j = 0; j < X.p; j++) {
    let m = 0;
    for (let i = 0; i < X.n; i++) m += X.x[j * X.n + i];
    m /= X.n;
    let v = 0;
    for (let i = 0; i < X.n; i++) v += (X.x[j * X.n + i] - m) ** 2;
    mean[j] = m;
    sd[j] = Math.sqrt(v / X.n);
  }
  return { mean, sd };
}

/** Largest KKT violation (glmnet scale, standardized coefficients) of one path point, from scratch. */
function oracleViolation(X: { n: number; p: number; x: Float64Array }, y: Float64Array, coef: Float64Array, b: number, C: number, r: number, mean: Float64Array, sd: Float64Array, standardize: boolean): number {
  const { n, p, x } = X;
  const res = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let eta = b;
    for (let j = 0; j < p; j++) eta += coef[j] * x[j * n + i];
    res[i] = 1 / (1 + Math.exp(-eta)) - y[i];
  }
  let worst = 0;
  let gb = 0;
  for (let i = 0; i < n; i++) gb += res[i];
  worst = Math.abs(gb) / n;
  const l1 = r / (C * n);
  const l2 = (1 - r) / (C * n);
  for (let j = 0; j < p; j++) {
    let gj = 0;
    // the solver's coordinates: centred columns (its intercept belongs to them), as in its tolerance
    for (let i = 0; i < n; i++) gj += (x[j * n + i] - mean[j]) * res[i];
    // on the standardized scale (w_s = coef * sd): gradient / sd; penalty factors 1 (standardize) or 1/sd, 1/sd^2
    const gs = gj / n / sd[j];
    const ws = coef[j] * sd[j];
    const p1 = standardize ? l1 : l1 / sd[j];
    const p2 = standardize ? l2 : l2 / (sd[j] * sd[j]);
    const gt = gs + p2 * ws;
    const v = ws !== 0 ? Math.abs(gt + Math.sign(ws) * p1) : Math.max(Math.abs(gt) - p1, 0);
    worst = Math.max(worst, v);
  }
  return worst;
}

describe('logistic path: every point satisfies KKT (oracle: gradient recomputed from the reported coefficients)', () => {
  for (const [penalty, r] of [['l1', 1], ['elasticnet', 0.5]] as const) {
    for (const standardize of [true, false]) {
      it(`${penalty}, standardize ${standardize}`, function () {
        this.timeout(60000);
        const { X, y } = data(4000, 36, 11);
        const tol = 1e-8;
        const path = fitLogisticPath(X, y, { penalty, l1Ratio: r, standardize, nCs: 40, tol });
        assert.strictEqual(path.warnings.length, 0, path.warnings.join('; '));
        const { mean, sd } = columnMeanSd(X);
        let sparse = 0;
        for (let k = 0; k < path.Cs.length; k++) {
          const coef = path.coefOriginal.subarray(k * X.p, (k + 1) * X.p);
          const v = oracleViolation(X, y, coef, path.interceptOriginal[k], path.Cs[k], r, mean, sd, standardize);
          // tol plus the oracle's own rounding (sums over 4000 rows)
          assert.ok(v <= tol * 1.01 + 1e-12, `C index ${k}: KKT violation ${v.toExponential(3)} > tol ${tol}`);
          if (path.nnz[k] < X.p / 2) sparse++;
        }
        assert.ok(sparse > 10, `only ${sparse} sparse points: the data should leave most columns outside for a while`);
      });
    }
  }

  it('a cold l1 fit on large data (its short warm-start path) reaches the same optimum as Newton from zero, KKT by the oracle', function () {
    this.timeout(60000);
    // n p^2 >= 1e8: fitLogistic takes the warm-start path; a given warm start (zeros) forces Newton from 0
    const { X, y } = data(20000, 72, 5);
    const { mean, sd } = columnMeanSd(X);
    for (const [penalty, r] of [['l1', 1], ['elasticnet', 0.5]] as const) {
      const C = 0.05;
      const warmPath = fitLogistic(X, y, { penalty, l1Ratio: r, C, standardize: false, tol: 1e-8 });
      const direct = fitLogistic(X, y, { penalty, l1Ratio: r, C, standardize: false, tol: 1e-8, warmStart: new Float64Array(X.p) });
      assert.ok(warmPath.converged && direct.converged);
      assert.ok(warmPath.nnz > 5 && warmPath.nnz < X.p, `nnz ${warmPath.nnz}`);
      assert.ok(Math.abs(warmPath.objective - direct.objective) <= 1e-10 * Math.abs(direct.objective), `${warmPath.objective} vs ${direct.objective}`);
      for (const f of [warmPath, direct]) {
        const v = oracleViolation(X, y, f.coef, f.intercept, C, r, mean, sd, false);
        assert.ok(v <= 1e-8 * 1.01 + 1e-12, `KKT violation ${v.toExponential(3)}`);
      }
    }
  });
});
