// Oracle: scikit-learn 1.2.1 (cross-checked with glmnet 4.1.6 and R's lm) through
// test/reference/make_fixtures.py -> test/fixtures/reference/*.json; every file there is checked.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { crossValidate, fitElasticNet, fitElasticNetPath, fitOLS, fitRidge, fitRidgePath, LinearModelFit, logAlphaGrid, alphaMax } from '../../src/solver';
import { designOf, fittedScale, fixtureObjective, kktViolation, maxAbs, maxAbsDiff, residual, ROOT } from './solverFixtures';

const REF_DIR = path.join(ROOT, 'test', 'fixtures', 'reference');
const files = fs.existsSync(REF_DIR) ? fs.readdirSync(REF_DIR).filter((f) => f.endsWith('.json')).sort() : [];

/**
 * Solver settings: the fixtures are sklearn at tol 1e-12. SOLVER_TOL / SOLVER_MAX_ITER override
 * (e.g. the CLI defaults 1e-8 / 10000) to see how the agreement degrades; the asserts stay the same.
 */
const SETTINGS: { tol: number; maxIter: number }[] = process.env.SOLVER_TOL
  ? [{ tol: Number(process.env.SOLVER_TOL), maxIter: Number(process.env.SOLVER_MAX_ITER ?? 1000) }]
  : [{ tol: 1e-10, maxIter: 100000 }, { tol: 1e-8, maxIter: 10000 } /* the CLI defaults */];
/** Agreed tolerances (brief): objective 1e-6 relative, coefficients 1e-4 absolute, CV means 1e-6 relative. */
const OBJ_REL = 1e-6;
const COEF_ABS = 1e-4;
const CV_REL = 1e-6;

/** Worst numbers seen, printed at the end (the report quotes them). */
const worst: Record<string, number> = {};
function note(key: string, v: number): void {
  worst[key] = Math.max(worst[key] ?? 0, v);
}

interface Fit { model: string; alpha: number | null; l1_ratio: number | null; standardize: boolean; rows: number[] | null;
  coef: number[]; intercept: number; coef_standardized: number[] | null; intercept_standardized: number | null; objective: number }
interface Path { model: string; l1_ratio: number; standardize: boolean; alphas: number[]; coef: number[][]; intercept: number[]; grid: string }
interface Cv { model: string; l1_ratio: number; standardize: boolean; fold_ids: number[]; alphas: number[]; cv_mean: number[]; cv_se: number[];
  alpha_min: number; alpha_1se: number; index_min: number; index_1se: number }

for (const { tol: TOL, maxIter: MAX_ITER } of SETTINGS) describe(`solver vs scikit-learn reference fixtures (tol ${TOL}, max_iter ${MAX_ITER})`, () => {
  it('finds the fixture files', () => {
    assert.ok(files.length >= 1, `no fixtures in ${REF_DIR}`);
  });

  for (const file of files) {
    const ref = JSON.parse(fs.readFileSync(path.join(REF_DIR, file), 'utf8'));
    describe(ref.name as string, () => {
      const data = designOf(ref.csv, ref.columns, ref.target);
      const p = data.X.p;

      ref.fits.forEach((f: Fit, idx: number) => {
        const label = `${f.model} alpha=${f.alpha} l1_ratio=${f.l1_ratio} standardize=${f.standardize}${f.rows ? ' train rows' : ''}`;
        it(`fit ${idx}: ${label}`, () => {
          const rows = f.rows ? Int32Array.from(f.rows) : null;
          const opts = { standardize: f.standardize, rows: rows ?? undefined, tol: TOL, maxIter: MAX_ITER, names: data.names };
          let fit: LinearModelFit;
          if (f.model === 'ols') fit = fitOLS(data.X, data.y, opts);
          else if (f.model === 'ridge') fit = fitRidge(data.X, data.y, f.alpha as number, opts);
          else fit = fitElasticNet(data.X, data.y, f.alpha as number, f.l1_ratio as number, opts);
          assert.ok(fit.converged, fit.warnings.join('; '));
          const w = f.standardize ? (fit.coefStd as Float64Array) : fit.coef;
          const refW = f.standardize ? (f.coef_standardized as number[]) : f.coef;
          const { xs, n } = fittedScale(data.X, rows, f.standardize);
          const obj = fixtureObjective(f.model, f.alpha, f.l1_ratio, residual(xs, n, p, data.y, rows, w), w);
          const coefDiff = maxAbsDiff(w, refW);
          const origDiff = maxAbsDiff(fit.coef, f.coef);
          note(`fit coef diff (fitted scale)`, coefDiff);
          note(`fit coef diff (original units, relative to 1+max|coef|)`, origDiff / (1 + maxAbs(f.coef)));
          note(`fit intercept diff (relative to 1+|b|)`, Math.abs(fit.intercept - f.intercept) / (1 + Math.abs(f.intercept)));
          const objectiveIsZero = f.model === 'ols' && f.objective < 1e-20 * (1 + maxAbs(data.y) ** 2);
          if (!objectiveIsZero) {
            const rel = (obj - f.objective) / f.objective;
            note('fit objective rel diff', Math.abs(rel));
            assert.ok(Math.abs(rel) <= OBJ_REL, `${label}: objective ${obj} vs ${f.objective} (rel ${rel})`);
          }
          assert.ok(coefDiff <= COEF_ABS, `${label}: fitted-scale coef max diff ${coefDiff}`);
          // Original units: same bound relative to the coefficient size (longley's raw units reach 1e3 scale).
          assert.ok(origDiff <= COEF_ABS * (1 + maxAbs(f.coef)), `${label}: original coef max diff ${origDiff}`);
          assert.ok(Math.abs(fit.intercept - f.intercept) <= COEF_ABS * (1 + Math.abs(f.intercept) + maxAbs(f.coef) * maxAbs(data.X.x)),
            `${label}: intercept ${fit.intercept} vs ${f.intercept}`);
          if (f.model === 'lasso' || f.model === 'elasticnet') {
            for (let j = 0; j < p; j++) assert.strictEqual(w[j] === 0, refW[j] === 0, `${label}: zero pattern differs at ${data.names[j]} (${w[j]} vs ${refW[j]})`);
          }
          if (f.model === 'ols' && fit.rank !== undefined && fit.rank < p) assert.ok(fit.warnings.length > 0, 'rank-deficient OLS warns');
          if (f.model === 'ridge') {
            // The SVD / eigen ridge path at the same alpha (a different algorithm) against the same oracle.
            const rp = fitRidgePath(data.X, data.y, { standardize: f.standardize, rows: rows ?? undefined, nAlphas: 1, alphas: Float64Array.of(f.alpha as number) });
            const d = maxAbsDiff(rp.coefStd, refW);
            note('ridge path coef diff (relative to max|coef|)', d / maxAbs(refW));
            assert.ok(d <= 1e-9 * maxAbs(refW), `${label}: ridge path differs by ${d}`);
          }
        });
      });

      ref.paths.forEach((pa: Path, idx: number) => {
        const label = `${pa.model} l1_ratio=${pa.l1_ratio} standardize=${pa.standardize} ${pa.grid} grid`;
        it(`path ${idx}: ${label}`, () => {
          const alphasRef = Float64Array.from(pa.alphas);
          if (pa.grid === 'default') {
            const amax = alphaMax(data.X, data.y, pa.l1_ratio, { standardize: pa.standardize });
            const grid = logAlphaGrid(amax, alphasRef.length, alphasRef[alphasRef.length - 1] / alphasRef[0]);
            let rel = 0;
            for (let k = 0; k < grid.length; k++) rel = Math.max(rel, Math.abs(grid[k] - alphasRef[k]) / alphasRef[k]);
            note('default grid rel diff', rel);
            assert.ok(rel <= 1e-12, `${label}: grid differs by ${rel} relative`);
          }
          const path = fitElasticNetPath(data.X, data.y, {
            standardize: pa.standardize, l1Ratio: pa.l1_ratio, nAlphas: alphasRef.length, eps: 1e-3,
            alphas: pa.grid === 'default' ? undefined : alphasRef, tol: TOL, maxIter: MAX_ITER,
          });
          assert.ok(path.converged, path.warnings.join('; '));
          const { xs, n } = fittedScale(data.X, null, pa.standardize);
          for (let k = 0; k < alphasRef.length; k++) {
            const a = pa.alphas[k];
            assert.ok(Math.abs(path.alphas[k] - a) <= 1e-12 * a, `${label}: alpha ${k}`);
            const w = path.coefStd.subarray(k * p, (k + 1) * p);
            const r = residual(xs, n, p, data.y, null, w);
            const obj = fixtureObjective(pa.model, a, pa.l1_ratio, r, w);
            const objRef = fixtureObjective(pa.model, a, pa.l1_ratio, residual(xs, n, p, data.y, null, pa.coef[k]), pa.coef[k]);
            const rel = (obj - objRef) / objRef;
            note('path objective rel diff', Math.abs(rel));
            assert.ok(Math.abs(rel) <= OBJ_REL, `${label}: alpha ${a}: objective rel diff ${rel}`);
            const d = maxAbsDiff(w, pa.coef[k]);
            note('path coef diff', d);
            assert.ok(d <= COEF_ABS, `${label}: alpha ${a}: coef diff ${d}`);
            note('path intercept diff', Math.abs(path.intercept[k] - pa.intercept[k]));
            assert.ok(Math.abs(path.intercept[k] - pa.intercept[k]) <= COEF_ABS * (1 + Math.abs(pa.intercept[k])), `${label}: intercept at ${a}`);
            let zeroMismatch = 0;
            if (pa.grid === 'default' && k === 0) {
              // alpha_max: the exact solution is 0. sklearn returns rounding noise there (|w| ~ 1e-16, one
              // ulp of the threshold test); we require exact zeros and that the reference is only noise.
              for (let j = 0; j < p; j++) {
                if (w[j] !== 0) zeroMismatch++;
                assert.ok(Math.abs(pa.coef[k][j]) <= 1e-12, `${label}: reference at alpha_max is not rounding noise`);
              }
            } else {
              for (let j = 0; j < p; j++) if ((w[j] === 0) !== (pa.coef[k][j] === 0)) zeroMismatch++;
            }
            note('path zero-pattern mismatches', zeroMismatch);
            assert.strictEqual(zeroMismatch, 0, `${label}: alpha ${a}: zero pattern differs in ${zeroMismatch} columns`);
            // KKT on our own solution, relative to the largest gradient at w = 0 (alpha_max * l1_ratio).
            const kkt = kktViolation(xs, n, p, r, w, a, pa.l1_ratio) / (path.alphas[0] * pa.l1_ratio);
            note('path KKT violation / (alpha_max*l1_ratio) [explicit grids: alphas[0]]', kkt);
            assert.ok(kkt <= 1e-5, `${label}: alpha ${a}: KKT violation ${kkt}`);
          }
        });
      });

      ref.cv.forEach((cv: Cv, idx: number) => {
        it(`cv ${idx}: ${cv.model} l1_ratio=${cv.l1_ratio} standardize=${cv.standardize}`, () => {
          const res = crossValidate(data.X, data.y, {
            model: cv.model as 'lasso', l1Ratios: [cv.l1_ratio], nAlphas: cv.alphas.length, eps: 1e-3,
            foldIds: Int32Array.from(cv.fold_ids), standardize: cv.standardize, tol: TOL, maxIter: MAX_ITER,
          });
          assert.strictEqual(res.folds, Math.max(...cv.fold_ids) + 1);
          for (let k = 0; k < cv.alphas.length; k++) {
            assert.ok(Math.abs(res.alphas[k] - cv.alphas[k]) <= 1e-12 * cv.alphas[k], `alpha ${k}`);
            const rm = Math.abs(res.mean[k] - cv.cv_mean[k]) / cv.cv_mean[k];
            const rs = Math.abs(res.se[k] - cv.cv_se[k]) / cv.cv_se[k];
            note('cv mean rel diff', rm);
            note('cv se rel diff', rs);
            assert.ok(rm <= CV_REL, `cv_mean at ${k}: ${res.mean[k]} vs ${cv.cv_mean[k]}`);
            assert.ok(rs <= CV_REL, `cv_se at ${k}: ${res.se[k]} vs ${cv.cv_se[k]}`);
          }
          assert.strictEqual(res.indexMin, cv.index_min);
          assert.strictEqual(res.index1se, cv.index_1se);
          assert.ok(Math.abs(res.alphaMin - cv.alpha_min) <= 1e-12 * cv.alpha_min);
          assert.ok(Math.abs(res.alpha1se - cv.alpha_1se) <= 1e-12 * cv.alpha_1se);
        });
      });
    });
  }

  after(() => {
    if (process.env.SOLVER_REPORT) console.log(`tol ${TOL}:`, JSON.stringify(worst, null, 1));
    for (const k of Object.keys(worst)) delete worst[k];
  });
});
