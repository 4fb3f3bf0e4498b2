// Insights and geometry (issue 7) against test/fixtures/insights/*.json, made by
// test/reference/make_insights_fixtures.py: pandas correlations, VIF (statsmodels, or numpy lstsq
// 1/(1-R²) when statsmodels is absent: the fixture says which), sklearn Lasso / LinearRegression /
// Ridge, stability subsamples drawn as numpy's RandomState does. Plus exact properties: the 2-D
// Lasso satisfies its KKT conditions, the 2-D Ridge its normal equations, the loss grid's minimum
// sits at the OLS point.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { FitOptions, GeometryRequest, PanelSettings, Progress } from '../../src/protocol';
import { DEFAULT_DATA, DEFAULT_FIT, runJob } from '../../src/pipeline';
import { DesignCache } from '../../src/pipeline/refit';
import { decide, type GeometryResultExtra, type InsightsResultExtra } from '../../src/pipeline/insights';
import { correlatedGroups, correlationFromGram, softThresholdRows, vifFromCorrelation } from '../../src/solver/diagnostics';
import { enet2, loss2, ols2, ridge2, type Quadratic2 } from '../../src/solver/geometry';
import { crossprod } from '../../src/solver/linalg';
import { isUserError } from '../../src/errors';
import { spawnSync } from 'child_process';

const ROOT = path.join(__dirname, '..', '..', '..');
const read = (p: string) => fs.readFileSync(path.join(ROOT, p), 'utf8');

interface Fixture {
  file: string; target: string; columns: string[]; alpha: number; ridge_alpha: number; seed: number; test_size: number;
  threshold: number; n_train: number; vif_oracle: string; correlation: number[][]; vif: (number | null)[];
  lasso_coef_standardized: number[]; selected: string[];
  lasso: { intercept: number; coef: Record<string, number>; test_mse: number; test_r2: number };
  relaxed_ols: { intercept: number; coef: Record<string, number>; test_mse: number; test_r2: number };
  ols_standardized: number[];
  stability: { n_subsamples: number; frequency: Record<string, number> };
  geometry: { features: [string, string]; ols: number[]; lasso: number[]; ridge: number[]; loss_ols: number };
}

const FIT: FitOptions = { ...DEFAULT_FIT, tol: 1e-12, maxIter: 1000000 };

function settingsOf(fx: Fixture): PanelSettings {
  return {
    target: fx.target, features: fx.columns, task: 'regression', alpha: fx.alpha, l1Ratio: 0.5, ridgeAlpha: fx.ridge_alpha, C: 1,
    penalty: 'l2', standardize: true, testSize: fx.test_size, cvFolds: 5, seed: fx.seed,
  };
}

function jobBase(fx: Fixture) {
  return { source: { file: fx.file, text: read(`test/fixtures/data/${fx.file}`) }, data: { ...DEFAULT_DATA, target: fx.target }, fit: FIT, settings: settingsOf(fx) };
}

const close = (a: number, b: number, rel: number, what: string) =>
  assert.ok(Math.abs(a - b) <= rel * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b} (|diff| ${Math.abs(a - b)})`);

for (const name of ['diabetes', 'longley', 'seed']) {
  describe(`insights: ${name} against pandas / sklearn`, () => {
    const fx = JSON.parse(read(`test/fixtures/insights/${name}.json`)) as Fixture;
    const cache = new DesignCache();
    const progress: Progress[] = [];
    let res: InsightsResultExtra;
    before(async () => {
      res = (await runJob({ ...jobBase(fx), kind: 'insights', threshold: fx.threshold, nSubsamples: fx.stability.n_subsamples }, (p) => progress.push(p), cache)) as InsightsResultExtra;
    });

    it('Pearson correlation of the training rows equals pandas DataFrame.corr to 1e-12', () => {
      assert.deepStrictEqual(res.correlation.columns, fx.columns);
      fx.correlation.forEach((row, j) => row.forEach((v, k) => close(res.correlation.r[j][k], v, 1e-12, `r[${j}][${k}]`)));
    });

    it(`VIF equals the reference to 1e-8 relative`, () => {
      fx.vif.forEach((v, j) => {
        assert.strictEqual(res.vif[j].column, fx.columns[j]);
        if (v === null) assert.strictEqual(res.vif[j].vif, null);
        else close(res.vif[j].vif!, v, 1e-8, `VIF ${fx.columns[j]} (${fx.vif_oracle})`);
      });
    });

    it('Lasso selection and the relaxed OLS equal sklearn Lasso + LinearRegression on the selected columns', () => {
      assert.deepStrictEqual(res.relaxed.selected, fx.selected);
      for (const c of fx.columns) {
        close(res.relaxed.lasso.coef[c], fx.lasso.coef[c], 1e-8, `lasso ${c}`);
        close(res.relaxed.relaxed_ols.coef[c], fx.relaxed_ols.coef[c], 1e-8, `relaxed ${c}`);
      }
      close(res.relaxed.lasso.intercept, fx.lasso.intercept, 1e-8, 'lasso intercept');
      close(res.relaxed.relaxed_ols.intercept, fx.relaxed_ols.intercept, 1e-8, 'relaxed intercept');
      close(res.relaxed.lasso.test_mse!, fx.lasso.test_mse, 1e-8, 'lasso test MSE');
      close(res.relaxed.relaxed_ols.test_mse!, fx.relaxed_ols.test_mse, 1e-8, 'relaxed test MSE');
      close(res.relaxed.lasso.test_r2!, fx.lasso.test_r2, 1e-8, 'lasso test R2');
      close(res.relaxed.relaxed_ols.test_r2!, fx.relaxed_ols.test_r2, 1e-8, 'relaxed test R2');
    });

    it('soft-threshold rows: OLS on the standardized scale equals sklearn, Lasso/Ridge columns are the closed forms', () => {
      res.soft_threshold.rows.forEach((row, j) => {
        assert.strictEqual(row.column, fx.columns[j]);
        close(row.ols, fx.ols_standardized[j], 1e-8, `OLS ${row.column}`);
        assert.strictEqual(row.lasso, Math.sign(row.ols) * Math.max(Math.abs(row.ols) - fx.alpha, 0) || 0);
        assert.strictEqual(row.ridge, row.ols / (1 + fx.ridge_alpha));
      });
      assert.match(res.soft_threshold.note, /orthonormal/);
      assert.match(res.soft_threshold.note, /XᵀX\/n = I/);
    });

    it('stability frequencies equal the same subsamples refitted by sklearn; one progress report per subsample', () => {
      for (const c of fx.columns) assert.strictEqual(res.stability.frequency[c], fx.stability.frequency[c], c);
      assert.strictEqual(res.stability.n_subsamples, fx.stability.n_subsamples);
      assert.strictEqual(progress.filter((p) => p.stage === 'stability').length, fx.stability.n_subsamples);
      assert.strictEqual(progress.filter((p) => p.stage === 'stability').pop()!.fraction, 1);
    });

    it('groups: connected components of |r| >= threshold with the Lasso keep/zero split', () => {
      const groups = correlatedGroups(Float64Array.from(fx.correlation.flat()), fx.columns.length, fx.threshold).map((g) => g.map((j) => fx.columns[j]));
      assert.deepStrictEqual(res.groups.groups.map((g) => g.columns), groups);
      for (const g of res.groups.groups) {
        assert.deepStrictEqual(g.kept_by_lasso, g.columns.filter((c) => fx.selected.includes(c)));
        assert.deepStrictEqual(g.zeroed_by_lasso, g.columns.filter((c) => !fx.selected.includes(c)));
        assert.strictEqual(g.warning !== null, g.kept_by_lasso.length === 1 && g.zeroed_by_lasso.length > 0);
      }
    });

    it('geometry equals sklearn on the two-column problem (OLS, Lasso, Ridge) to 1e-8', async () => {
      const req: GeometryRequest = { features: fx.geometry.features, alpha: fx.alpha, l1Ratio: 0.5, ridgeAlpha: fx.ridge_alpha };
      const g = (await runJob({ ...jobBase(fx), kind: 'geometry', request: req }, undefined, cache)) as GeometryResultExtra;
      assert.strictEqual(cache.misses, 1, 'insights and geometry share the cached design');
      for (let k = 0; k < 2; k++) {
        close(g.ols[k], fx.geometry.ols[k], 1e-8, `ols[${k}]`);
        close(g.lasso[k], fx.geometry.lasso[k], 1e-8, `lasso[${k}]`);
        close(g.ridge[k], fx.geometry.ridge[k], 1e-8, `ridge[${k}]`);
      }
      close(g.loss_at.ols, fx.geometry.loss_ols, 1e-8, 'loss at OLS');
      close(g.l1_budget, Math.abs(g.lasso[0]) + Math.abs(g.lasso[1]), 1e-15, 'l1 budget');
      close(g.l2_budget, Math.hypot(g.ridge[0], g.ridge[1]), 1e-15, 'l2 budget');
      // The grid's smallest value is no lower than the loss at the OLS point, and lies next to it.
      let best = Infinity, b1 = -1, b2 = -1;
      g.grid.loss.forEach((row, i2) => row.forEach((v, i1) => { if (v < best) { best = v; b1 = i1; b2 = i2; } }));
      assert.ok(best >= g.loss_at.ols * (1 - 1e-12));
      const step1 = g.grid.w1[1] - g.grid.w1[0];
      const step2 = g.grid.w2[1] - g.grid.w2[0];
      assert.ok(Math.abs(g.grid.w1[b1] - g.ols[0]) <= step1 && Math.abs(g.grid.w2[b2] - g.ols[1]) <= step2);
      for (const [a, b] of [g.ols, [0, 0], g.lasso, g.ridge]) {
        assert.ok(a >= g.grid.w1[0] && a <= g.grid.w1[60] && b >= g.grid.w2[0] && b <= g.grid.w2[60], 'grid covers the points');
      }
      assert.ok(g.grid.levels.some((v) => Math.abs(v - g.loss_at.lasso) <= 1e-12 * v));
      assert.ok(g.grid.levels.some((v) => Math.abs(v - g.loss_at.ridge) <= 1e-12 * v));
    });
  });
}

describe('insights: decision guide, determinism and errors', () => {
  const seedFx = JSON.parse(read('test/fixtures/insights/seed.json')) as Fixture;

  it('the seed data (3 true of 10 uncorrelated features) gets Lasso, with the numbers in the reasons', async () => {
    const res = (await runJob({ ...jobBase(seedFx), kind: 'insights', threshold: 0.8, nSubsamples: 5 })) as InsightsResultExtra;
    assert.strictEqual(res.advice.recommendation, 'lasso');
    assert.strictEqual(res.advice.facts.cv_favours_sparse, true);
    assert.ok(res.advice.reasons.some((r) => r.includes(`of 10 features`)));
    for (const c of ['x0', 'x1', 'x2']) assert.strictEqual(res.stability.frequency[c], 1, `true feature ${c}`);
    const again = (await runJob({ ...jobBase(seedFx), kind: 'insights', threshold: 0.8, nSubsamples: 5 })) as InsightsResultExtra;
    assert.deepStrictEqual(again.stability, res.stability, 'same seed, same frequencies');
  });

  it('decide(): sparse + correlated -> elasticnet, dense -> ridge, sparse + uncorrelated -> lasso', () => {
    const base = { n: 100, p: 10, threshold: 0.8, worstVifColumn: 'x1', alphaMin: 0.01, alpha1se: 0.1, nnzMin: 5 };
    assert.strictEqual(decide({ ...base, groups: [['x1', 'x2']], maxVif: 12, nnz1se: 3 }).recommendation, 'elasticnet');
    assert.strictEqual(decide({ ...base, groups: [], maxVif: 2, nnz1se: 3 }).recommendation, 'lasso');
    assert.strictEqual(decide({ ...base, groups: [], maxVif: 2, nnz1se: 9 }).recommendation, 'ridge');
    assert.strictEqual(decide({ ...base, groups: [['x1', 'x2']], maxVif: null, nnz1se: 10 }).recommendation, 'ridge');
    const wide = decide({ ...base, n: 5, groups: [], maxVif: 2, nnz1se: 3 });
    assert.strictEqual(wide.recommendation, 'elasticnet');
    assert.ok(wide.reasons.some((r) => r.includes('more features (10) than training rows (5)')));
  });

  it('VIF: an exact linear combination is null (infinite) for its members, finite for a column outside it', () => {
    const n = 50;
    const x = new Float64Array(n * 4);
    let s = 7;
    const u = () => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5;
    for (let i = 0; i < n; i++) {
      x[i] = u(); x[n + i] = u(); x[3 * n + i] = u() + 0.3 * x[i];
      x[2 * n + i] = x[i] + 2 * x[n + i];
    }
    for (let j = 0; j < 4; j++) {
      let m = 0;
      for (let i = 0; i < n; i++) m += x[j * n + i] / n;
      for (let i = 0; i < n; i++) x[j * n + i] -= m;
    }
    const r = correlationFromGram(crossprod(x, n, 4), 4);
    const v = vifFromCorrelation(r, 4);
    assert.deepStrictEqual(v.slice(0, 3), [null, null, null]);
    // Oracle for column 3: 1/(1 - R²) of column 3 on column 0 alone (columns 1, 2 add the span of 0, 1).
    const r03 = r[3], r13 = r[7];
    const r01 = r[1];
    const R2 = (r03 * r03 + r13 * r13 - 2 * r01 * r03 * r13) / (1 - r01 * r01);
    close(v[3]!, 1 / (1 - R2), 1e-9, 'VIF of the independent column');
  });

  it('soft-threshold rows and the 2-D solvers: KKT for the Lasso, normal equations for the Ridge', () => {
    assert.deepStrictEqual(softThresholdRows([3, -0.5, -2], 1, 1), [{ ols: 3, lasso: 2, ridge: 1.5 }, { ols: -0.5, lasso: 0, ridge: -0.25 }, { ols: -2, lasso: -1, ridge: -1 }]);
    const qs: Quadratic2[] = [
      { n: 100, rr: 500, c1: 80, c2: -30, g11: 100, g12: 60, g22: 100 },
      { n: 100, rr: 500, c1: 80, c2: 75, g11: 100, g12: 95, g22: 100 },
      { n: 40, rr: 90, c1: -5, c2: 2, g11: 40, g12: -10, g22: 30 },
    ];
    for (const q of qs) {
      for (const alpha of [0.01, 0.2, 0.5, 1, 3]) {
        const [w1, w2] = enet2(q, alpha, 1);
        // Gradient of the loss: (g w - c)/n; KKT: |grad_j| <= alpha at 0, grad_j = -alpha sign(w_j) otherwise.
        const g1 = (q.g11 * w1 + q.g12 * w2 - q.c1) / q.n;
        const g2 = (q.g12 * w1 + q.g22 * w2 - q.c2) / q.n;
        for (const [w, g] of [[w1, g1], [w2, g2]]) {
          if (w === 0) assert.ok(Math.abs(g) <= alpha * (1 + 1e-12), `KKT zero: |${g}| <= ${alpha}`);
          else close(g, -alpha * Math.sign(w), 1e-12, 'KKT active');
        }
        const [r1, r2] = ridge2(q, alpha * 50);
        close(q.g11 * r1 + q.g12 * r2 + alpha * 50 * r1, q.c1, 1e-12, 'ridge normal eq 1');
        close(q.g12 * r1 + q.g22 * r2 + alpha * 50 * r2, q.c2, 1e-12, 'ridge normal eq 2');
      }
      const o = ols2(q);
      for (const [d1, d2] of [[1e-3, 0], [0, 1e-3], [-1e-3, 1e-3]]) assert.ok(loss2(q, o[0] + d1, o[1] + d2) > loss2(q, o[0], o[1]));
    }
  });

  it('geometry refuses unknown, identical or perfectly correlated features with user errors', async () => {
    const base = jobBase(seedFx);
    const geo = (features: [string, string]) => runJob({ ...base, kind: 'geometry', request: { features, alpha: 0.1, l1Ratio: 0.5, ridgeAlpha: 1 } });
    await assert.rejects(geo(['x0', 'nope']), (e: unknown) => isUserError(e) && /"nope" is not a column/.test((e as Error).message));
    await assert.rejects(geo(['x0', 'x0']), (e: unknown) => isUserError(e) && /two different features/.test((e as Error).message));
    const text = 'a,b,c,y\n' + Array.from({ length: 30 }, (_, i) => `${i},${2 * i + 1},${(i * 7) % 5},${i % 3}`).join('\n');
    const job = { ...base, source: { file: 'dup.csv', text }, settings: { ...base.settings, target: 'y', features: ['a', 'b', 'c'] }, data: { ...DEFAULT_DATA, target: 'y' } };
    await assert.rejects(runJob({ ...job, kind: 'geometry', request: { features: ['a', 'b'], alpha: 0.1, l1Ratio: 0.5, ridgeAlpha: 1 } }),
      (e: unknown) => isUserError(e) && /perfectly correlated/.test((e as Error).message));
    const ins = (await runJob({ ...job, kind: 'insights', threshold: 0.8, nSubsamples: 3 })) as InsightsResultExtra;
    assert.deepStrictEqual(ins.vif.map((v) => v.vif === null), [true, true, false]);
    assert.deepStrictEqual(ins.groups.groups.map((g) => g.columns), [['a', 'b']]);
  });

  it('CLI: insights FILE --target COL --json prints the same InsightsResult; bad options exit 2 with one line', () => {
    const cli = path.join(ROOT, 'dist', 'cli.js');
    const run = (...a: string[]) => spawnSync(process.execPath, [cli, 'insights', path.join(ROOT, 'test/fixtures/data/seed.csv'), '--target', 'y', ...a], { encoding: 'utf8' });
    const r = run('--alpha', '0.1', '--subsamples', '5', '--json');
    assert.strictEqual(r.status, 0, r.stderr);
    const res = JSON.parse(r.stdout) as InsightsResultExtra;
    assert.strictEqual(res.advice.recommendation, 'lasso');
    assert.deepStrictEqual(res.relaxed.selected, seedFx.selected);
    assert.strictEqual(res.stability.n_subsamples, 5);
    const text = run('--alpha', '0.1', '--subsamples', '3');
    assert.strictEqual(text.status, 0, text.stderr);
    assert.match(text.stdout, /Recommendation: lasso/);
    const bad = run('--threshold', '2');
    assert.strictEqual(bad.status, 2);
    assert.match(bad.stderr, /^error: --threshold: expected a number in \(0, 1\], got "2"\.\n$/);
  });
});
