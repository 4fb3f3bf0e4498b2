/**
 * The command line end to end against the scikit-learn / glmnet fixtures of test/reference:
 * every fit, path and CV of every case runs through `node dist/cli.js ... --json` (CSV parsing,
 * design, split, solver, JSON) and is checked with the rules of the shared contract check:
 * objective within 1e-6 (relative) of the reference optimum, coefficients within
 * 1e-3·(1 + max|ref|) (tighter where the problem is well conditioned), Lasso zero patterns equal.
 * Oracle: test/fixtures/reference/*.json made by test/reference/make_fixtures.py.
 */
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, designOf, type FixtureData } from './solverFixtures';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const REF_DIR = path.join(ROOT, 'test', 'fixtures', 'reference');

interface RefFit { model: string; alpha: number | null; l1_ratio: number | null; standardize: boolean; rows: number[] | null; coef: number[]; intercept: number; coef_standardized: number[] | null; objective: number }
interface RefPath { model: string; l1_ratio: number; standardize: boolean; alphas: number[]; coef: number[][]; intercept: number[]; grid: string }
interface RefCv { model: string; standardize: boolean; fold_ids: number[]; alphas: number[]; cv_mean: number[]; cv_se: number[]; alpha_min: number; alpha_1se: number; index_min: number; index_1se: number }
interface Ref { name: string; csv: string; target: string; columns: string[]; fold_column: string | null; fits: RefFit[]; paths: RefPath[]; cv: RefCv[] }

function cli(args: string[]): any {
  const r = spawnSync(process.execPath, [CLI, ...args, '--json'], { encoding: 'utf8', cwd: ROOT });
  assert.equal(r.status, 0, `cli ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function meanStd(d: FixtureData, rows: number[] | null): { mean: Float64Array; std: Float64Array } {
  const idx = rows ?? Array.from({ length: d.X.n }, (_, i) => i);
  const p = d.X.p, n = d.X.n;
  const mean = new Float64Array(p), std = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (const i of idx) s += d.X.x[j * n + i];
    const m = s / idx.length;
    let v = 0;
    for (const i of idx) v += (d.X.x[j * n + i] - m) ** 2;
    mean[j] = m;
    std[j] = Math.sqrt(v / idx.length);
  }
  return { mean, std };
}

/** sklearn's objective of original-unit coefficients; the penalty sees w·scale (the fitted scale). */
function objective(model: string, d: FixtureData, rows: number[] | null, w: number[], b: number, scale: Float64Array, alpha: number, l1: number): number {
  const idx = rows ?? Array.from({ length: d.X.n }, (_, i) => i);
  const n = d.X.n;
  let rss = 0;
  for (const i of idx) {
    let z = b;
    for (let j = 0; j < w.length; j++) z += d.X.x[j * n + i] * w[j];
    rss += (d.y[i] - z) ** 2;
  }
  let l1n = 0, l2 = 0;
  for (let j = 0; j < w.length; j++) { const wf = w[j] * scale[j]; l1n += Math.abs(wf); l2 += wf * wf; }
  if (model === 'ols') return rss;
  if (model === 'ridge') return rss + alpha * l2;
  return rss / (2 * idx.length) + alpha * l1 * l1n + (alpha * (1 - l1) / 2) * l2;
}

function maxAbsDiff(a: number[], b: number[]): number {
  let d = 0;
  for (let j = 0; j < a.length; j++) d = Math.max(d, Math.abs(a[j] - b[j]));
  return d;
}
const maxAbs = (a: number[]) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

const refs: Ref[] = fs.readdirSync(REF_DIR).filter((f) => f.endsWith('.json')).sort()
  .map((f) => JSON.parse(fs.readFileSync(path.join(REF_DIR, f), 'utf8')));

describe('CLI against scikit-learn fixtures (contract rules)', function () {
  this.timeout(60000);
  for (const ref of refs) {
    describe(ref.name, () => {
      const features = ref.columns.map((c) => c.split('=')[0]).filter((c, i, a) => a.indexOf(c) === i);
      const base = [ref.csv, '--target', ref.target, '--features', features.join(',')];
      const data = () => designOf(ref.csv, ref.columns, ref.target);

      for (const f of ref.fits) {
        const split = f.rows ? ['--test-size', '0.2', '--seed', '42'] : ['--test-size', '0'];
        const label = `fit ${f.model}${f.alpha !== null ? ` alpha=${f.alpha}` : ''}${f.model === 'elasticnet' ? ` l1=${f.l1_ratio}` : ''}${f.standardize ? '' : ' raw'}${f.rows ? ' train split' : ''}`;
        it(label, () => {
          const args = ['fit', ...base, '--model', f.model, ...split, ...(f.standardize ? [] : ['--no-standardize'])];
          if (f.alpha !== null) args.push('--alpha', String(f.alpha));
          if (f.model === 'elasticnet') args.push('--l1-ratio', String(f.l1_ratio));
          const out = cli(args);
          const w = ref.columns.map((c) => out.coef[c] as number);
          const d = data();
          const { std } = meanStd(d, f.rows);
          const scale = f.standardize ? std : new Float64Array(std.length).fill(1);
          const alpha = f.alpha ?? 0, l1 = f.l1_ratio ?? 0;
          const objTool = objective(f.model, d, f.rows, w, out.intercept, scale, alpha, l1);
          const objRef = objective(f.model, d, f.rows, f.coef, f.intercept, scale, alpha, l1);
          if (f.model === 'ols' && objRef < 1e-9 * d.y.length) {
            // Interpolating OLS (p > n): every solution has objective ~0; the minimum-norm one is the reference.
            assert.ok(objTool < 1e-8 * d.y.length, `objective ${objTool}`);
          } else {
            assert.ok((objTool - objRef) / Math.abs(objRef) <= 1e-6, `objective excess ${(objTool - objRef) / Math.abs(objRef)}`);
          }
          const tol = 1e-3 * (1 + maxAbs(f.coef));
          assert.ok(maxAbsDiff(w, f.coef) <= tol, `coef diff ${maxAbsDiff(w, f.coef)} > ${tol}`);
          assert.ok(Math.abs(out.intercept - f.intercept) <= 1e-3 * (1 + Math.abs(f.intercept)), `intercept ${out.intercept} vs ${f.intercept}`);
          if (f.coef_standardized) {
            const ws = ref.columns.map((c) => out.coef_standardized[c] as number);
            assert.ok(maxAbsDiff(ws, f.coef_standardized) <= 1e-3 * (1 + maxAbs(f.coef_standardized)), 'coef_standardized');
          } else {
            assert.equal(out.coef_standardized, null);
          }
          if (f.model === 'lasso' || f.model === 'elasticnet') {
            ref.columns.forEach((c, j) => {
              const refZero = f.coef[j] === 0;
              if (refZero) assert.equal(out.coef[c], 0, `${c} should be exactly 0`);
              else if (Math.abs(f.coef[j] * scale[j]) > 1e-6) assert.notEqual(out.coef[c], 0, `${c} should be non-zero`);
            });
          }
          assert.equal(out.n_train, f.rows ? f.rows.length : d.X.n);
        });
      }

      for (const pth of ref.paths) {
        it(`path ${pth.model} l1=${pth.l1_ratio} ${pth.grid} grid${pth.standardize ? '' : ' raw'}`, () => {
          const args = ['path', ...base, '--model', pth.model, ...(pth.standardize ? [] : ['--no-standardize'])];
          if (pth.model === 'elasticnet') args.push('--l1-ratio', String(pth.l1_ratio));
          if (pth.grid === 'explicit') args.push('--alphas', pth.alphas.join(','));
          const out = cli(args);
          assert.equal(out.alphas.length, pth.alphas.length);
          out.alphas.forEach((a: number, k: number) => assert.ok(Math.abs(a / pth.alphas[k] - 1) <= 1e-9, `alpha[${k}] ${a} vs ${pth.alphas[k]}`));
          for (let k = 0; k < pth.alphas.length; k++) {
            const w = ref.columns.map((c) => out.coef[c][k] as number);
            const wr = pth.coef[k];
            // Path coefficients are on the fitted scale; tolerance as the contract (collinear cases need it).
            const tol = 1e-3 * (1 + maxAbs(wr));
            assert.ok(maxAbsDiff(w, wr) <= tol, `alpha[${k}]: coef diff ${maxAbsDiff(w, wr)} > ${tol}`);
            wr.forEach((v, j) => { if (v === 0) assert.equal(w[j], 0, `alpha[${k}] ${ref.columns[j]} should be exactly 0`); });
            assert.ok(Math.abs(out.intercept[k] - pth.intercept[k]) <= 1e-3 * (1 + Math.abs(pth.intercept[k])), `intercept[${k}]`);
          }
        });
      }

      for (const cv of ref.cv) {
        it(`cv ${cv.model} (${ref.fold_column ? 'fold column' : 'KFold(5, shuffle, random_state=0)'})`, () => {
          const args = ['cv', ...base, '--model', cv.model, '--alphas', cv.alphas.join(',')];
          if (ref.fold_column) args.push('--fold-column', ref.fold_column); else args.push('--folds', '5', '--seed', '0');
          const out = cli(args);
          for (let k = 0; k < cv.alphas.length; k++) {
            assert.ok(Math.abs(out.cv_mean[k] / cv.cv_mean[k] - 1) <= 1e-6, `cv_mean[${k}] ${out.cv_mean[k]} vs ${cv.cv_mean[k]}`);
            assert.ok(Math.abs(out.cv_se[k] / cv.cv_se[k] - 1) <= 1e-5, `cv_se[${k}] ${out.cv_se[k]} vs ${cv.cv_se[k]}`);
          }
          assert.equal(out.index_min, cv.index_min);
          assert.equal(out.index_1se, cv.index_1se);
          assert.ok(Math.abs(out.alpha_min / cv.alpha_min - 1) < 1e-12);
          assert.ok(Math.abs(out.alpha_1se / cv.alpha_1se - 1) < 1e-12);
        });
      }
    });
  }
});
