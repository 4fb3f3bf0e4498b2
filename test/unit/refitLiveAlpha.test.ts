// Live-alpha timing (issue 7: < 50 ms per step for p <= 200, n <= 100,000). Opt-in, as it builds
// a 100,000 × 200 design (~300 MB with the fitted copy) and takes ~20 s of CPU:
//   npm run build && LIVE_ALPHA_BENCH=1 npx mocha --no-config --timeout 0 dist/test/unit/refitLiveAlpha.test.js
// The design is made in memory (the CSV parse is not part of a live-alpha step: the worker caches
// the design). Results are written up in bench/live_alpha.md.
import * as assert from 'assert';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { DataOptions, FitOptions } from '../../src/protocol';
import type { Design } from '../../src/data';
import { trainTestSplit } from '../../src/data';
import { DEFAULT_DATA, DEFAULT_FIT, type Prepared } from '../../src/pipeline';
import { logAlphaGrid } from '../../src/solver';
import { alphaMaxFromXty } from '../../src/solver/path';
import { refitOnState, stateFromPrepared } from '../../src/pipeline/refit';

const N = Number(process.env.LIVE_ALPHA_N ?? 100000);
const P = Number(process.env.LIVE_ALPHA_P ?? 200);

/** xorshift-based uniform and Box-Muller normal draws (deterministic; quality is not at stake here). */
function normals(seed: number) {
  let s = seed >>> 0 || 1;
  const u = () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return (s + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

function syntheticPrepared(n: number, p: number): Prepared {
  const z = normals(12345);
  const x = new Float64Array(n * p);
  // Neighbouring columns correlated (r ≈ 0.45): column j = z_j + 0.5 z_{j-1}.
  const prev = new Float64Array(n);
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < n; i++) {
      const v = z();
      x[j * n + i] = v + 0.5 * prev[i];
      prev[i] = v;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = 3 * z();
  // 20 true features with decreasing weights.
  for (let k = 0; k < 20; k++) {
    const j = k * Math.floor(p / 20);
    const beta = 2 / (1 + k);
    for (let i = 0; i < n; i++) y[i] += beta * x[j * n + i];
  }
  const columns = Array.from({ length: p }, (_, j) => `x${j}`);
  const design: Design = {
    file: 'synthetic.csv', n, p, x, y, columns, sourceOf: columns, rowLines: new Int32Array(n), rowsDropped: 0,
    foldIds: null, classes: null, hasMissing: false, notes: [],
  };
  const { train, test } = trainTestSplit(n, 0.2, 42);
  return { design, X: { n, p, x }, train, test, notes: [] };
}

function summary(ms: number[]): { median: number; p95: number; max: number; mean: number } {
  const s = [...ms].sort((a, b) => a - b);
  return {
    median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(0.95 * s.length))], max: s[s.length - 1],
    mean: s.reduce((a, b) => a + b, 0) / s.length,
  };
}

const describeIf = process.env.LIVE_ALPHA_BENCH ? describe : describe.skip;

describeIf(`refit: live-alpha timing at n = ${N}, p = ${P}`, () => {
  it('one grid step of the Lasso, Elastic Net and Ridge sliders refits in under 50 ms', () => {
    const t0 = performance.now();
    const prep = syntheticPrepared(N, P);
    const tData = performance.now() - t0;
    const data: DataOptions = { ...DEFAULT_DATA, target: 'y' };
    const fit: FitOptions = { ...DEFAULT_FIT };
    const t1 = performance.now();
    const state = stateFromPrepared(prep, data, fit, 'bench', 'bench');
    const tState = performance.now() - t1;
    const out: Record<string, unknown> = { n: N, p: P, n_train: prep.train.length, make_data_ms: tData, state_ms: tState };
    for (const [model, l1] of [['lasso', 1], ['elasticnet', 0.5]] as const) {
      const grid = logAlphaGrid(alphaMaxFromXty(state.xty, state.d.n, l1), 100, 1e-3);
      // The slider starts at the panel's alpha (grid index 30), is dragged to the small end, then back.
      const t2 = performance.now();
      const first = refitOnState(state, { model, alpha: grid[30], l1Ratio: l1 }, fit);
      const firstMs = performance.now() - t2;
      const steps: number[] = [];
      const inside: number[] = [];
      let maxNnz = 0;
      const order = [...Array.from({ length: 69 }, (_, k) => 31 + k), ...Array.from({ length: 69 }, (_, k) => 98 - k)];
      for (const k of order) {
        const t = performance.now();
        const r = refitOnState(state, { model, alpha: grid[k], l1Ratio: l1 }, fit);
        steps.push(performance.now() - t);
        inside.push(r.elapsed_ms);
        maxNnz = Math.max(maxNnz, r.n_nonzero);
        assert.ok(r.converged, `${model} at alpha ${grid[k]} did not converge`);
      }
      out[model] = { first_ms: firstMs, first_nnz: first.n_nonzero, steps: steps.length, max_nnz: maxNnz, step_ms: summary(steps) };
      assert.ok(summary(steps).p95 < 50, `${model}: p95 ${summary(steps).p95} ms`);
    }
    {
      const grid = logAlphaGrid(state.d.n * 100, 100, 1e-4);
      const t2 = performance.now();
      refitOnState(state, { model: 'ridge', alpha: grid[30], l1Ratio: 0 }, fit);
      const firstMs = performance.now() - t2;
      const steps: number[] = [];
      for (let k = 31; k < 100; k++) {
        const t = performance.now();
        refitOnState(state, { model: 'ridge', alpha: grid[k], l1Ratio: 0 }, fit);
        steps.push(performance.now() - t);
      }
      out.ridge = { first_ms: firstMs, steps: steps.length, step_ms: summary(steps) };
      assert.ok(summary(steps).p95 < 50, `ridge: p95 ${summary(steps).p95} ms`);
    }
    console.log(JSON.stringify(out, (_, v) => (typeof v === 'number' ? Number(v.toPrecision(4)) : v), 2));
  });

  it('through dist/worker.js: first refit parses and builds; later steps by contentKey without the text', async () => {
    const n = N, p = P;
    const prep = syntheticPrepared(n, p);
    const header = [...prep.design.columns, 'y'].join(',');
    const lines: string[] = [header];
    const row = new Array<string>(p + 1);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) row[j] = prep.X.x[j * n + i].toFixed(6);
      row[p] = prep.design.y[i].toFixed(6);
      lines.push(row.join(','));
    }
    const text = lines.join('\n');
    lines.length = 0;
    const worker = new Worker(path.join(__dirname, '..', '..', 'worker.js'), { resourceLimits: { maxOldGenerationSizeMb: 4096 } });
    let id = 0;
    const call = (job: unknown) => new Promise<{ result: { elapsed_ms: number; cached: boolean; n_nonzero: number; setup_ms: number }; ms: number }>((resolve, reject) => {
      const my = ++id;
      const t = performance.now();
      const onMessage = (m: { type: string; id: number; result?: unknown; message?: string }) => {
        if (m.id !== my) return;
        if (m.type === 'job/result') { worker.off('message', onMessage); resolve({ result: m.result as never, ms: performance.now() - t }); }
        if (m.type === 'job/error') { worker.off('message', onMessage); reject(new Error(m.message)); }
      };
      worker.on('message', onMessage);
      worker.postMessage({ type: 'job/start', id: my, job });
    });
    const settings = {
      target: 'y', features: prep.design.columns, task: 'regression', alpha: 0.05, l1Ratio: 0.5, ridgeAlpha: 1, C: 1, penalty: 'l2',
      standardize: true, testSize: 0.2, cvFolds: 5, seed: 42,
    };
    const base = { kind: 'refit', data: { ...DEFAULT_DATA, target: 'y' }, fit: DEFAULT_FIT, settings };
    try {
      const grid = logAlphaGrid(1.5, 100, 1e-3);
      const first = await call({ ...base, source: { file: 'synthetic.csv', text, contentKey: 'v1' }, request: { model: 'lasso', alpha: grid[30], l1Ratio: 1 } });
      const keyed: number[] = [];
      for (let k = 31; k < 100; k++) {
        const r = await call({ ...base, source: { file: 'synthetic.csv', contentKey: 'v1' }, request: { model: 'lasso', alpha: grid[k], l1Ratio: 1 } });
        assert.ok(r.result.cached);
        keyed.push(r.ms);
      }
      const withText: number[] = [];
      for (let k = 98; k > 88; k--) {
        const r = await call({ ...base, source: { file: 'synthetic.csv', text }, request: { model: 'lasso', alpha: grid[k], l1Ratio: 1 } });
        withText.push(r.ms);
      }
      console.log(JSON.stringify({
        csv_mb: text.length / 1e6, first_round_trip_ms: first.ms, first_setup_ms: first.result.setup_ms,
        keyed_round_trip_ms: summary(keyed), text_each_step_round_trip_ms: summary(withText),
      }, (_, v) => (typeof v === 'number' ? Number(v.toPrecision(4)) : v), 2));
      assert.ok(summary(keyed).p95 < 50, `round trip p95 ${summary(keyed).p95} ms`);
    } finally {
      await worker.terminate();
    }
  });
});
