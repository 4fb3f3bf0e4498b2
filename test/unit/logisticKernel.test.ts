// The logistic solver's column kernels (src/solver/logisticKernel.ts, wasm/logistic.wat): the
// WebAssembly SIMD kernels give the bits of their JavaScript loops (oracle: the same function with
// the kernels off), and those loops compute what they say (oracle: plain sums in double precision,
// to rounding); whole fits and CV paths are the same with and without WebAssembly.
import * as assert from 'assert';
import { expNegAbs, LogisticArena, LOGIT_MAX_ROWS } from '../../src/solver/logisticKernel';
import { crossValidateLogistic, fitLogistic, fitLogisticPath } from '../../src/solver/logistic';
import { LOGISTIC_WASM_BASE64 } from '../../src/solver/wasm/logistic.wasm';
import { wasmModule } from '../../src/solver/wasm/load';
import { sameBits, withJs } from './bits';
import { ar1Columns, lcg } from './testData';

interface KernelRun {
  eta: Float64Array;
  dots: Float64Array;
  gram: Float64Array;
  /** logitRows: loss, gb, then prob and res; lossRows: its loss. */
  logit: Float64Array;
  /** weightCols: the weighted columns, then the sums. */
  weighted: Float64Array;
  /** irlsRows: v, res, the count and the listed rows; gatherRows: z, dvz and the sums. */
  irls: Float64Array;
  gathered: Float64Array;
}

/** One call of each kernel on data drawn from seed, in a fresh arena (WebAssembly or not, as set). */
function runKernels(seed: number, wantWasm: boolean): KernelRun {
  const { u } = lcg(seed);
  const n = 1 + Math.floor(u() * 90);
  const p = 1 + Math.floor(u() * 11);
  const m = 1 + Math.floor(u() * p);
  const count = Math.floor(u() * (p + 1));
  const i0 = Math.floor(u() * n);
  const i1 = i0 + Math.floor(u() * (n - i0 + 1));
  const stride = 1 + Math.floor(u() * 20);
  const len = Math.floor(u() * (stride + 1));
  const dim = m + 1 + Math.floor(u() * 3);
  const arena = new LogisticArena(n * p + 10 * n + 5 * p + dim * dim + m * stride + p * n + 2 * m * n, 2 * p + 2 * n, 32);
  assert.strictEqual(arena.wasm, wantWasm);
  const x = arena.f64(n * p);
  const eta = arena.f64(n);
  const etaTry = arena.f64(n);
  const r = arena.f64(n);
  const d = arena.f64(p);
  const out = arena.f64(p);
  const H = arena.f64(dim * dim);
  const t = arena.f64(m * stride);
  const list = arena.i32(p);
  const off = arena.i32(p);
  // magnitudes over 12 decades, so that a different order of the additions changes the bits
  const draw = (): number => (u() - 0.5) * 10 ** Math.floor(u() * 12 - 6);
  for (const a of [x, eta, etaTry, r, d, out, H, t]) for (let k = 0; k < a.length; k++) a[k] = draw();
  for (let k = 0; k < p; k++) list[k] = Math.floor(u() * p);
  for (let c = 0; c < m; c++) off[c] = Math.floor(u() * (n * p - len + 1));
  arena.etaStep(x, n, eta, etaTry, draw(), i0, i1, list, d, count);
  arena.dotCols(x, n, r, i0, i1, list, count, out);
  // r stored from another offset: row i pairs with r[i - i0]
  arena.dotCols(x, n, r, i0, i1, list, count, out, i0);
  arena.gramAdd(H, dim, m, t, stride, x, off, len);
  // log-odds from 1e-3 to 1e3 of either sign, and exact zeros, for the likelihood rows
  const y = arena.f64(n);
  const prob = arena.f64(n);
  const res = arena.f64(n);
  for (let i = 0; i < n; i++) {
    const v = u() < 0.1 ? 0 : (u() < 0.5 ? -1 : 1) * 10 ** (u() * 6 - 3);
    eta[i] = u() < 0.05 ? -v : v;
    y[i] = u() < 0.5 ? 1 : 0;
  }
  const loss = arena.logitRows(eta, y, prob, res, i0, i1);
  const gb = arena.gb;
  const lossOnly = arena.lossRows(eta, y, i0, i1);
  assert.ok(Object.is(loss, lossOnly), `lossRows gives logitRows' loss: ${loss} vs ${lossOnly}`);
  const logit = Float64Array.of(loss, gb, ...prob, ...res);
  const wOut = arena.f64(p * n);
  const sums = arena.f64(2 * p);
  arena.weightCols(x, n, prob, r, i0, i1, list, count, wOut, n, sums);
  const weighted = Float64Array.of(...wOut, ...sums);
  // IRLS weights: probabilities with exact 0 and 1, Gram weights near and far from them
  for (let i = 0; i < n; i++) prob[i] = u() < 0.1 ? (u() < 0.5 ? 0 : 1) : u();
  const v = arena.f64(n);
  const vH = arena.f64(n);
  const rows = arena.i32(n);
  for (let i = 0; i < n; i++) vH[i] = Math.max(prob[i] * (1 - prob[i]), 1e-10) * (u() < 0.5 ? 1 : 1 + (u() - 0.5) * 0.3);
  const listed = arena.irlsRows(prob, y, v, res, n, 1e-10, 0.05, vH, rows);
  assert.strictEqual(arena.irlsRows(prob, y, v, res, n, 1e-10, 0.05, null, null), -1);
  const irls = Float64Array.of(...v, ...res, listed, ...rows.subarray(0, listed));
  // gather m columns at the listed rows (from the second one on)
  const dv = arena.f64(n);
  const z = arena.f64(m * n);
  const dvz = arena.f64(m * n);
  const gsums = arena.f64(m);
  for (let i = 0; i < n; i++) dv[i] = draw();
  const r0 = listed > 0 ? 1 : 0;
  arena.gatherRows(x, n, list, Math.min(m, p), rows, r0, Math.max(0, listed - r0), dv, z, dvz, n, gsums);
  const gathered = Float64Array.of(...z, ...dvz, ...gsums);
  return { eta: Float64Array.from(etaTry), dots: Float64Array.from(out), gram: Float64Array.from(H), logit, weighted, irls, gathered };
}

describe('logistic column kernels', () => {
  it('this engine runs them in WebAssembly; off means plain typed arrays and the JavaScript loops', () => {
    assert.ok(wasmModule(LOGISTIC_WASM_BASE64) instanceof WebAssembly.Module);
    const arena = new LogisticArena(10, 2, 2);
    assert.ok(arena.wasm);
    const a = arena.f64(10);
    assert.ok(a.buffer.byteLength % 65536 === 0, 'views of a WebAssembly memory');
    assert.throws(() => arena.f64(100), /LogisticArena/, 'no more than it reserved');
    withJs(() => assert.strictEqual(new LogisticArena(10, 2, 2).wasm, false));
  });

  it('etaStep, dotCols, gramAdd, weightCols, logitRows, irlsRows and gatherRows give the JavaScript loops\' bits (odd and even rows, any column count)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const w = runKernels(seed, true);
      const j = withJs(() => runKernels(seed, false));
      sameBits(w.eta, j.eta, `seed ${seed} etaStep`);
      sameBits(w.dots, j.dots, `seed ${seed} dotCols`);
      sameBits(w.gram, j.gram, `seed ${seed} gramAdd`);
      sameBits(w.logit, j.logit, `seed ${seed} logitRows`);
      sameBits(w.weighted, j.weighted, `seed ${seed} weightCols`);
      sameBits(w.irls, j.irls, `seed ${seed} irlsRows`);
      sameBits(w.gathered, j.gathered, `seed ${seed} gatherRows`);
    }
  });

  it('they compute the linear predictor step, the gradients and the lower triangle of T^T Z', () => {
    withJs(() => {
      const n = 37;
      const p = 6;
      const { u } = lcg(5);
      const arena = new LogisticArena(n * p + 3 * n + 2 * p + 64 + 6 * 10, 2 * p, 16);
      const x = arena.f64(n * p);
      const eta = arena.f64(n);
      const etaTry = arena.f64(n);
      const r = arena.f64(n);
      const d = arena.f64(p);
      const out = arena.f64(p);
      const H = arena.f64(64);
      const t = arena.f64(6 * 10);
      const list = Int32Array.of(4, 0, 5, 2, 2);
      const off = Int32Array.of(3, 50, 100, 7, 140, 0);
      for (const a of [x, eta, r, d, t]) for (let k = 0; k < a.length; k++) a[k] = u() - 0.5;
      arena.etaStep(x, n, eta, etaTry, 0.25, 3, 30, list, d, 5);
      arena.dotCols(x, n, r, 1, 36, list, 5, out);
      const shifted = new Float64Array(5);
      arena.dotCols(x, n, r.subarray(1), 1, 36, list, 5, shifted, 1);
      sameBits(shifted, out.subarray(0, 5), 'dotCols with r from row 1');
      arena.gramAdd(H, 8, 6, t, 10, x, off, 9);
      const wOut = new Float64Array(5 * 40);
      const sums = new Float64Array(10);
      arena.weightCols(x, n, eta, r, 2, 37, list, 5, wOut, 40, sums);
      for (let k = 0; k < 5; k++) {
        let sv = 0;
        let sr = 0;
        for (let i = 2; i < 37; i++) {
          assert.strictEqual(wOut[k * 40 + i - 2], eta[i] * x[list[k] * n + i], `weighted column ${k} row ${i}`);
          sv += eta[i] * x[list[k] * n + i];
          sr += x[list[k] * n + i] * r[i];
        }
        assert.ok(Math.abs(sums[2 * k] - sv) < 1e-14 && Math.abs(sums[2 * k + 1] - sr) < 1e-14, `sums ${k}`);
      }
      const prob = Float64Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 1 : i / n));
      const y = Float64Array.from({ length: n }, (_, i) => i % 2);
      const v = new Float64Array(n);
      const res = new Float64Array(n);
      const vH = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0.5 : Math.max(prob[i] * (1 - prob[i]), 1e-10)));
      const rows = new Int32Array(n);
      const count = arena.irlsRows(prob, y, v, res, n, 1e-10, 0.05, vH, rows);
      const listed: number[] = [];
      for (let i = 0; i < n; i++) {
        assert.strictEqual(v[i], Math.max(prob[i] * (1 - prob[i]), 1e-10), `v ${i}`);
        assert.strictEqual(res[i], y[i] - prob[i], `res ${i}`);
        if (Math.abs(v[i] - vH[i]) > 0.05 * v[i]) listed.push(i);
      }
      assert.deepStrictEqual(Array.from(rows.subarray(0, count)), listed);
      const z = new Float64Array(2 * 8);
      const dvz = new Float64Array(2 * 8);
      const gsums = new Float64Array(2);
      const dv = Float64Array.from({ length: 8 }, (_, r) => r - 3.5);
      arena.gatherRows(x, n, Int32Array.of(5, 1), 2, rows, 2, 6, dv, z, dvz, 8, gsums);
      for (let a = 0; a < 2; a++) {
        let sv = 0;
        for (let r = 0; r < 6; r++) {
          const xi = x[[5, 1][a] * n + rows[2 + r]];
          assert.strictEqual(z[a * 8 + r], xi);
          assert.strictEqual(dvz[a * 8 + r], dv[r] * xi);
          sv += dv[r] * xi;
        }
        assert.strictEqual(gsums[a], sv);
      }
      for (let i = 0; i < n; i++) {
        let s = eta[i] + 0.25;
        for (let k = 0; k < 5; k++) s += d[k] * x[list[k] * n + i];
        if (i >= 3 && i < 30) assert.ok(Math.abs(etaTry[i] - s) < 1e-14, `eta ${i}`);
        else assert.strictEqual(etaTry[i], 0, `row ${i} outside the rows is untouched`);
      }
      for (let k = 0; k < 5; k++) {
        let s = 0;
        for (let i = 1; i < 36; i++) s += x[list[k] * n + i] * r[i];
        assert.ok(Math.abs(out[k] - s) < 1e-14, `dot ${k}`);
      }
      // the lower triangle of the 6 x 6 T^T Z; no entry beyond column 5 or row 5 is touched (entries
      // above the diagonal may hold sums: the solver overwrites them)
      for (let a = 0; a < 8; a++) {
        for (let c = 0; c < 8; c++) {
          let s = 0;
          if (a < 6 && c <= a) for (let i = 0; i < 9; i++) s += t[a * 10 + i] * x[off[c] + i];
          if (c <= a || c >= 6 || a >= 6) assert.ok(Math.abs(H[a * 8 + c] - s) < 1e-14, `H[${a}, ${c}]`);
        }
      }
    });
  });

  it('expNegAbs is exp(-|t|) within 2 ulp, down to where it stops at exp(-708)', () => {
    const { u } = lcg(3);
    for (let k = 0; k < 20000; k++) {
      const t = (u() < 0.5 ? -1 : 1) * (k < 10000 ? u() * 40 : 10 ** (u() * 7.8 - 5));
      const want = Math.exp(-Math.abs(t));
      assert.ok(Math.abs(expNegAbs(t) - want) <= 2 * 2.220446049250313e-16 * want, `t ${t}: ${expNegAbs(t)} vs ${want}`);
    }
    for (const t of [0, -0, 1e-300, Math.LN2 / 2, Math.LN2, 700]) assert.ok(Math.abs(expNegAbs(t) - Math.exp(-Math.abs(t))) <= 2.220446049250313e-16 * Math.exp(-Math.abs(t)), `t ${t}`);
    assert.strictEqual(expNegAbs(1e4), expNegAbs(708));
    assert.ok(expNegAbs(708) > 0 && expNegAbs(708) < 1e-307);
  });

  it('logitRows: the log-likelihood rows (oracle: log1p / exp per row), prob and prob - y', () => {
    withJs(() => {
      const n = LOGIT_MAX_ROWS - 1; // near the most rows a call takes, odd: row pairs and a last row
      const arena = new LogisticArena(4 * n, 0, 4);
      const eta = arena.f64(n);
      const y = arena.f64(n);
      const prob = arena.f64(n);
      const res = arena.f64(n);
      const { u } = lcg(8);
      for (let i = 0; i < n; i++) {
        eta[i] = (u() - 0.5) * 60;
        y[i] = u() < 0.5 ? 1 : 0;
      }
      eta[7] = 800;
      eta[8] = -800;
      const loss = arena.logitRows(eta, y, prob, res, 0, n);
      let want = 0;
      let gb = 0;
      for (let i = 0; i < n; i++) {
        const t = eta[i];
        want += Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t))) - y[i] * t;
        const pr = 1 / (1 + Math.exp(-t));
        // exp within 2 ulp, 1 + e, the division and e q one rounding each; the oracle has its own few ulp
        assert.ok(Math.abs(prob[i] - pr) <= 1e-15 * pr + 1e-300, `prob ${i}: ${prob[i]} vs ${pr}`);
        assert.strictEqual(res[i], prob[i] - y[i]);
        gb += res[i];
      }
      assert.ok(Math.abs(loss - want) <= 1e-13 * want, `loss ${loss} vs ${want}`);
      assert.ok(Math.abs(arena.gb - gb) <= 1e-12 * n, `gb ${arena.gb} vs ${gb}`);
    });
  });

  it('a path, a single fit and a CV give the same bits with and without WebAssembly', () => {
    const n = 1201;
    const p = 14;
    const { g, u } = lcg(91);
    const x = ar1Columns(n, p, g);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const eta = 1.2 * x[i] - 0.8 * x[3 * n + i] + 0.5 * x[9 * n + i] + 0.3;
      y[i] = u() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
    }
    const X = { n, p, x };
    const rows = Int32Array.from({ length: 999 }, (_, i) => (i * 7 + 3) % n);
    const run = (): Float64Array[] => {
      const path = fitLogisticPath(X, y, { penalty: 'l1', nCs: 30, standardize: true });
      const enet = fitLogisticPath(X, y, { penalty: 'elasticnet', l1Ratio: 0.5, nCs: 12, standardize: false, rows });
      const one = fitLogistic(X, y, { penalty: 'l2', C: 0.3, standardize: true });
      const foldIds = Int32Array.from({ length: n }, (_, i) => i % 4);
      const cv = crossValidateLogistic(X, y, { penalty: 'l1', nCs: 10, foldIds, metric: 'log_loss', standardize: true });
      return [path.coefStd, path.intercept, enet.coefOriginal, one.coef, Float64Array.of(one.intercept), cv.mean];
    };
    const wasm = run();
    const js = withJs(run);
    wasm.forEach((a, k) => sameBits(a, js[k], `output ${k}`));
  });
});
