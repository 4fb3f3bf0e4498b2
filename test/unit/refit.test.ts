// Live alpha (issue 7): refits on the cached design must equal cold fits of the same model
// (oracle: fitRegression on a freshly prepared design, the code path `fit --json` uses), the cache
// must key on content and design options, and runJob must answer the three issue-7 job kinds.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { DataOptions, FitOptions, JobRequest, PanelSettings } from '../../src/protocol';
import { DEFAULT_DATA, DEFAULT_FIT, fitRegression, loadTable, prepare, runJob } from '../../src/pipeline';
import { DesignCache, fingerprintSource, olsOf, runRefit, stateFromPrepared, type RefitResultTimed } from '../../src/pipeline/refit';
import { olsOnDesign } from '../../src/solver/ols';
import { trainTestSplit } from '../../src/data';
import { isUserError } from '../../src/errors';
import { Worker } from 'worker_threads';

const DATA = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'data');
const read = (name: string) => fs.readFileSync(path.join(DATA, name), 'utf8');

export function settingsFor(target: string, features: string[], over: Partial<PanelSettings> = {}): PanelSettings {
  return {
    target, features, task: 'regression', alpha: 0.1, l1Ratio: 0.5, ridgeAlpha: 1, C: 1, penalty: 'l2',
    standardize: true, testSize: 0.2, cvFolds: 5, seed: 42, ...over,
  };
}

const FIT: FitOptions = { ...DEFAULT_FIT, tol: 1e-12, maxIter: 100000 };

function job(file: string, text: string | undefined, settings: PanelSettings, model: 'lasso' | 'elasticnet' | 'ridge', alpha: number, l1Ratio = 0.5) {
  const data: DataOptions = { ...DEFAULT_DATA, target: settings.target };
  return { kind: 'refit' as const, source: { file, text }, data, fit: FIT, settings, request: { model, alpha, l1Ratio } };
}

function coldFit(file: string, text: string, settings: PanelSettings, model: 'lasso' | 'elasticnet' | 'ridge', alpha: number, l1Ratio: number) {
  const data: DataOptions = { ...DEFAULT_DATA, target: settings.target, features: settings.features };
  const fit: FitOptions = { ...FIT, standardize: settings.standardize, testSize: settings.testSize, seed: settings.seed };
  const prep = prepare(loadTable({ file, text }, data), data, fit, 'regression');
  return fitRegression(prep, model, alpha, l1Ratio, fit);
}

function maxDiff(a: Record<string, number>, b: Record<string, number>): number {
  let m = 0;
  for (const k of Object.keys(b)) m = Math.max(m, Math.abs(a[k] - b[k]));
  return m;
}

describe('refit: live alpha on the cached design', () => {
  const diabetes = read('diabetes.csv');
  const cols = ['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6'];
  const s = settingsFor('target', cols);

  it('a warm-started Lasso path step equals a cold fit to 1e-8 (coef, intercept, metrics), sklearn scale', () => {
    const cache = new DesignCache();
    const first = runRefit(job('diabetes.csv', diabetes, s, 'lasso', 1.0), cache);
    assert.strictEqual(first.cached, false);
    assert.strictEqual(first.warm_start, false);
    let prev: RefitResultTimed = first;
    for (const alpha of [0.8, 0.5, 0.2, 0.05, 0.3]) {
      const r = runRefit(job('diabetes.csv', diabetes, s, 'lasso', alpha), cache);
      assert.strictEqual(r.cached, true);
      assert.strictEqual(r.warm_start, true);
      const cold = coldFit('diabetes.csv', diabetes, s, 'lasso', alpha, 1);
      assert.ok(maxDiff(r.coef_standardized!, cold.coef_standardized!) < 1e-8, `alpha ${alpha}: ${maxDiff(r.coef_standardized!, cold.coef_standardized!)}`);
      // Original units = standardized / std; the diabetes columns have std 0.0476, so 1e-8 becomes 2.1e-7.
      assert.ok(maxDiff(r.coef, cold.coef) < 1e-8 / 0.0476, `original units: ${maxDiff(r.coef, cold.coef)}`);
      assert.ok(Math.abs(r.intercept - cold.intercept) < 1e-8);
      assert.ok(Math.abs(r.metrics.test!.mse - (cold.metrics.test as { mse: number }).mse) < 1e-8 * (cold.metrics.test as { mse: number }).mse);
      assert.ok(Math.abs(r.metrics.train.r2 - (cold.metrics.train as { r2: number }).r2) < 1e-8);
      assert.strictEqual(r.n_nonzero, Object.values(cold.coef).filter((v) => v !== 0).length);
      assert.strictEqual(r.converged, true);
      assert.ok(r.elapsed_ms >= 0 && Number.isFinite(r.elapsed_ms));
      assert.notDeepStrictEqual(r.coef, prev.coef);
      prev = r;
    }
  });

  it('Elastic Net and Ridge refits equal cold fits to 1e-8; switching models keeps each warm start', () => {
    const cache = new DesignCache();
    for (const [model, alpha, l1] of [['elasticnet', 0.05, 0.7], ['ridge', 3, 0], ['lasso', 0.1, 1], ['elasticnet', 0.02, 0.7], ['ridge', 0.5, 0], ['elasticnet', 0.02, 0]] as const) {
      const r = runRefit(job('diabetes.csv', diabetes, s, model, alpha, l1), cache);
      const cold = coldFit('diabetes.csv', diabetes, s, model, alpha, l1);
      assert.ok(maxDiff(r.coef_standardized!, cold.coef_standardized!) < 1e-8, `${model} ${alpha}: ${maxDiff(r.coef_standardized!, cold.coef_standardized!)}`);
      assert.strictEqual(r.l1_ratio, model === 'ridge' ? null : model === 'lasso' ? 1 : l1);
    }
    assert.strictEqual(cache.misses, 1);
    assert.strictEqual(cache.hits, 5);
  });

  it('unstandardized settings: coef_standardized is null and coef equals the cold fit', () => {
    const s2 = settingsFor('target', cols, { standardize: false });
    const cache = new DesignCache();
    runRefit(job('diabetes.csv', diabetes, s2, 'lasso', 0.05), cache);
    const r = runRefit(job('diabetes.csv', diabetes, s2, 'lasso', 0.02), cache);
    const cold = coldFit('diabetes.csv', diabetes, s2, 'lasso', 0.02, 1);
    assert.strictEqual(r.coef_standardized, null);
    assert.ok(maxDiff(r.coef, cold.coef) < 1e-8 * 100, `${maxDiff(r.coef, cold.coef)}`);
  });

  it('the cache keys on content and design options; a source without text reuses the same file', () => {
    const cache = new DesignCache();
    runRefit(job('diabetes.csv', diabetes, s, 'lasso', 0.1), cache);
    // One changed digit in the middle of the file: same length, different content.
    const at = diabetes.indexOf('151.0');
    const edited = diabetes.slice(0, at) + '152.0' + diabetes.slice(at + 5);
    assert.strictEqual(edited.length, diabetes.length);
    assert.notStrictEqual(fingerprintSource({ file: 'x', text: edited }), fingerprintSource({ file: 'x', text: diabetes }));
    assert.strictEqual(runRefit(job('diabetes.csv', edited, s, 'lasso', 0.1), cache).cached, false);
    assert.strictEqual(runRefit(job('diabetes.csv', edited, s, 'lasso', 0.1), cache).cached, true);
    assert.strictEqual(runRefit(job('diabetes.csv', edited, { ...s, seed: 7 }, 'lasso', 0.1), cache).cached, false);
    assert.strictEqual(runRefit(job('diabetes.csv', edited, { ...s, seed: 7, features: cols.slice(0, 5) }, 'lasso', 0.1), cache).cached, false);
    // alpha, the model and the tolerance do not change the design.
    assert.strictEqual(runRefit(job('diabetes.csv', edited, { ...s, seed: 7, features: cols.slice(0, 5), alpha: 3 }, 'ridge', 2), cache).cached, true);
    assert.strictEqual(runRefit(job('diabetes.csv', undefined, { ...s, seed: 7, features: cols.slice(0, 5) }, 'ridge', 2), cache).cached, true);
    assert.throws(() => runRefit(job('other.csv', undefined, s, 'ridge', 2), cache), (e: unknown) => isUserError(e) && /other\.csv/.test((e as Error).message));
  });

  it('a contentKey replaces hashing: same key reuses without text, another key without text is an error', () => {
    const cache = new DesignCache();
    const keyed = (key: string, text: string | undefined) => {
      const j = job('diabetes.csv', text, s, 'lasso', 0.1);
      return { ...j, source: { ...j.source, contentKey: key } };
    };
    assert.strictEqual(runRefit(keyed('v1', diabetes), cache).cached, false);
    assert.strictEqual(runRefit(keyed('v1', undefined), cache).cached, true);
    assert.strictEqual(runRefit(keyed('v1', diabetes.replace('151.0', '152.0')), cache).cached, true, 'the key, not the text, decides');
    assert.throws(() => runRefit(keyed('v2', undefined), cache), (e: unknown) => isUserError(e) && /run the analysis again/.test((e as Error).message));
    assert.strictEqual(runRefit(keyed('v2', diabetes), cache).cached, false);
  });

  it('refuses classification settings and bad alphas with user errors', () => {
    const cache = new DesignCache();
    assert.throws(() => runRefit(job('d.csv', diabetes, { ...s, task: 'classification' }, 'lasso', 0.1), cache), (e: unknown) => isUserError(e) && /regression/.test((e as Error).message));
    assert.throws(() => runRefit(job('d.csv', diabetes, s, 'lasso', -1), cache), (e: unknown) => isUserError(e) && /alpha/.test((e as Error).message));
    assert.throws(() => runRefit(job('d.csv', diabetes, s, 'elasticnet', 0.1, 1.5), cache), (e: unknown) => isUserError(e) && /l1_ratio/.test((e as Error).message));
  });

  it('runJob answers refit, insights and geometry (and still rejects unknown kinds)', async () => {
    const seed = read('seed.csv');
    const ss = settingsFor('y', ['x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8', 'x9']);
    const base = { source: { file: 'seed.csv', text: seed }, data: { ...DEFAULT_DATA, target: 'y' }, fit: FIT, settings: ss };
    const cache = new DesignCache();
    const stages = new Set<string>();
    const refit = (await runJob({ ...base, kind: 'refit', request: { model: 'lasso', alpha: 0.1, l1Ratio: 1 } }, undefined, cache)) as RefitResultTimed;
    assert.deepStrictEqual(Object.keys(refit.coef).filter((k) => refit.coef[k] !== 0), ['x0', 'x1', 'x2']);
    const ins = (await runJob({ ...base, kind: 'insights', threshold: 0.8, nSubsamples: 10 }, (p) => stages.add(p.stage), cache)) as { stability: { frequency: Record<string, number> } };
    assert.strictEqual(ins.stability.frequency.x0, 1);
    assert.ok(stages.has('stability'));
    const geo = (await runJob({ ...base, kind: 'geometry', request: { features: ['x0', 'x1'], alpha: 0.1, l1Ratio: 0.5, ridgeAlpha: 1 } }, undefined, cache)) as { grid: { loss: number[][] } };
    assert.strictEqual(geo.grid.loss.length, 61);
    assert.strictEqual(cache.misses, 1);
    // Without a cache each job builds its own design.
    const alone = (await runJob({ ...base, kind: 'refit', request: { model: 'lasso', alpha: 0.1, l1Ratio: 1 } })) as RefitResultTimed;
    assert.deepStrictEqual(alone.coef, refit.coef);
    await assert.rejects(runJob({ ...base, kind: 'nonsense' } as unknown as JobRequest), /no handler for job kind "nonsense"/);
  });

  it('large designs: OLS from the cached Gram (normal equations) equals the QR solution to 1e-9', () => {
    const n = 3000, p = 200; // n·p² = 1.2e8: the Gram path
    let seed = 11;
    const u = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;
    const x = new Float64Array(n * p);
    for (let i = 0; i < n * p; i++) x[i] = u();
    for (let i = 0; i < n; i++) x[5 * n + i] = 3; // a constant column: coefficient 0
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = 2 * x[i] - x[n + i] + 0.1 * u();
    const columns = Array.from({ length: p }, (_, j) => `c${j}`);
    const { train, test } = trainTestSplit(n, 0.2, 42);
    const prep = {
      design: { file: 'syn.csv', n, p, x, y, columns, sourceOf: columns, rowLines: new Int32Array(n), rowsDropped: 0, foldIds: null, classes: null, hasMissing: false, notes: [] },
      X: { n, p, x }, train, test, notes: [],
    };
    const state = stateFromPrepared(prep, { ...DEFAULT_DATA, target: 'y' }, FIT, 'k', 'f');
    assert.ok(state.gram, 'the whole Gram is cached for this size');
    const w = olsOf(state);
    const qr = olsOnDesign(state.d, true).coefStd!;
    for (let j = 0; j < p; j++) assert.ok(Math.abs(w[j] - qr[j]) < 1e-9, `${j}: ${w[j]} vs ${qr[j]}`);
    assert.strictEqual(w[5], 0);
  });

  it('wide data (p = 200 > 48 training rows, naive coordinate descent, dual Ridge) and no test rows', async () => {
    const wide = read('wide.csv');
    const names = wide.slice(0, wide.indexOf('\n')).split(',').filter((c) => c !== 'y');
    const sw = settingsFor('y', names);
    const cache = new DesignCache();
    for (const [model, alpha, l1] of [['lasso', 0.3, 1], ['lasso', 0.2, 1], ['elasticnet', 0.3, 0.8], ['ridge', 2, 0]] as const) {
      const r = runRefit(job('wide.csv', wide, sw, model, alpha, l1), cache);
      const cold = coldFit('wide.csv', wide, sw, model, alpha, l1);
      assert.ok(maxDiff(r.coef_standardized!, cold.coef_standardized!) < 1e-8, `${model} ${alpha}: ${maxDiff(r.coef_standardized!, cold.coef_standardized!)}`);
    }
    const s0 = settingsFor('y', names, { testSize: 0 });
    const r0 = runRefit(job('wide.csv', wide, s0, 'lasso', 0.3), cache);
    assert.strictEqual(r0.metrics.test, null);
    const ins = (await runJob({ kind: 'insights', source: { file: 'wide.csv', text: wide }, data: { ...DEFAULT_DATA, target: 'y' }, fit: FIT, settings: { ...s0, alpha: 0.3 }, threshold: 0.8, nSubsamples: 3 }, undefined, cache)) as { relaxed: { lasso: { test_mse: number | null } }; vif: { vif: number | null }[]; advice: { facts: Record<string, unknown> } };
    assert.strictEqual(ins.relaxed.lasso.test_mse, null);
    assert.ok(ins.vif.every((v) => v.vif === null), 'p > n: every column is a combination of the others');
    assert.strictEqual(ins.advice.facts.more_features_than_rows, true);
  });

  it('dist/worker.js keeps the design between jobs: a refit by contentKey alone is answered from the cache', async () => {
    const worker = new Worker(path.join(__dirname, '..', '..', 'worker.js'));
    let id = 0;
    const call = (j: unknown) => new Promise<{ ok: boolean; value: unknown }>((resolve) => {
      const my = ++id;
      const onMessage = (m: { type: string; id: number; result?: unknown; message?: string; userError?: boolean }) => {
        if (m.id !== my || m.type === 'job/progress') return;
        worker.off('message', onMessage);
        resolve(m.type === 'job/result' ? { ok: true, value: m.result } : { ok: false, value: m });
      };
      worker.on('message', onMessage);
      worker.postMessage({ type: 'job/start', id: my, job: j });
    });
    try {
      const keyed = (text: string | undefined, alpha: number) => {
        const j = job('diabetes.csv', text, s, 'lasso', alpha);
        return { ...j, source: { ...j.source, contentKey: 'doc#1' } };
      };
      const missing = await call(keyed(undefined, 0.5));
      assert.strictEqual(missing.ok, false);
      assert.strictEqual((missing.value as { userError: boolean }).userError, true, 'no design yet: a user error the host answers by sending the text');
      const first = await call(keyed(diabetes, 0.5));
      assert.strictEqual((first.value as RefitResultTimed).cached, false);
      const second = await call(keyed(undefined, 0.4));
      assert.ok(second.ok);
      const r = second.value as RefitResultTimed;
      assert.strictEqual(r.cached, true);
      assert.strictEqual(r.warm_start, true);
      const cold = coldFit('diabetes.csv', diabetes, s, 'lasso', 0.4, 1);
      assert.ok(maxDiff(r.coef_standardized!, cold.coef_standardized!) < 1e-8);
    } finally {
      await worker.terminate();
    }
  });
});
