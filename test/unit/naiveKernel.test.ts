// The naive-mode kernels (src/solver/naiveKernel.ts, wasm/naive.wat): the WebAssembly sweep and
// X^T r give the bits of their JavaScript loops (the oracle: the same arithmetic written out in
// JavaScript, which also runs where WebAssembly SIMD is missing), the design lives in the kernel's
// memory, and whole naive-mode paths are the same with and without WebAssembly.
import * as assert from 'assert';
import { fitElasticNetPath, fittedDesign } from '../../src/solver';
import { CdWorkspace } from '../../src/solver/enet';
import { columnStats, designColumns, gradColumns, NaiveKernel, naiveSweep } from '../../src/solver/naiveKernel';
import { NAIVE_WASM_BASE64 } from '../../src/solver/wasm/naive.wasm';
import { wasmModule } from '../../src/solver/wasm/load';
import { lcg, normals } from './testData';
import { sameBits, withJs } from './bits';

describe('naive-mode kernels (WebAssembly and JavaScript)', () => {
  it('this engine runs them: the design and the workspace vectors share one WebAssembly memory; a second workspace gets plain arrays', () => {
    assert.ok(wasmModule(NAIVE_WASM_BASE64) instanceof WebAssembly.Module);
    const xs = designColumns(7, 5);
    assert.strictEqual(xs.length, 35);
    assert.ok(xs.buffer.byteLength % 65536 === 0 && xs.buffer.byteLength > 35 * 8, 'the design has headroom in a WebAssembly memory');
    const first = new NaiveKernel(xs, 7, 5);
    assert.ok(first.wasm && first.r.buffer === xs.buffer && first.setList.buffer === xs.buffer);
    for (const v of [first.r, first.w, first.colSq, first.grad]) assert.ok(v.byteOffset >= xs.byteLength, 'vectors after the columns');
    const second = new NaiveKernel(xs, 7, 5);
    assert.ok(!second.wasm && second.r.buffer !== xs.buffer);
    assert.ok(!new NaiveKernel(new Float64Array(35), 7, 5).wasm, 'a design from elsewhere: JavaScript');
    withJs(() => assert.ok(!(designColumns(7, 5).buffer.byteLength > 35 * 8), 'kernels off: a plain array'));
  });

  it('sweep gives the JavaScript loop\'s bits: n even and odd, lists of every length mod 4, cached and new blocks, ties at zero', () => {
    const { u } = lcg(29);
    for (let trial = 0; trial < 60; trial++) {
      const n = 1 + Math.floor(u() * 23);
      const p = 1 + Math.floor(u() * 17);
      const xs = designColumns(n, p);
      for (let t = 0; t < xs.length; t++) xs[t] = (u() - 0.5) * 10 ** Math.floor(u() * 4 - 2);
      const k = new NaiveKernel(xs, n, p);
      assert.ok(k.wasm);
      const r = Float64Array.from({ length: n }, () => u() - 0.5);
      const w = Float64Array.from({ length: p }, () => (u() < 0.5 ? 0 : u() - 0.5));
      const colSq = new Float64Array(p);
      for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) colSq[j] += xs[j * n + i] ** 2;
      k.r.set(r);
      k.w.set(w);
      k.colSq.set(colSq);
      const len = Math.floor(u() * (p + 1));
      // Column list: a shuffled subset (repeated sweeps over it reuse the block Gram cache).
      const cols = Array.from({ length: p }, (_, j) => j).sort(() => u() - 0.5).slice(0, len);
      const list = u() < 0.5 ? k.setList : k.activeList;
      list.set(cols);
      const jsList = Int32Array.from(cols);
      const cacheIdx = new Int32Array(p).fill(-1);
      const cacheG = new Float64Array((p >> 2) * 6);
      const out = new Float64Array(2);
      const l1reg = u() < 0.2 ? 0 : u() * 2;
      const l2reg = u() < 0.5 ? 0 : u();
      for (let sweep = 0; sweep < 3; sweep++) {
        k.sweep(list, len, l1reg, l2reg);
        naiveSweep(xs, n, r, jsList, len, w, colSq, cacheIdx, cacheG, l1reg, l2reg, out);
        const what = `trial ${trial} (n ${n}, p ${p}, len ${len}) sweep ${sweep}`;
        sameBits(k.r, r, `${what} r`);
        sameBits(k.w, w, `${what} w`);
        sameBits([k.dwMax, k.wMax], out, `${what} dwMax, wMax`);
      }
    }
  });

  it('gradColumns gives the JavaScript loop\'s bits for any list (lengths mod 4, n even and odd)', () => {
    const { u } = lcg(31);
    for (let trial = 0; trial < 40; trial++) {
      const n = 1 + Math.floor(u() * 30);
      const p = 1 + Math.floor(u() * 21);
      const xs = designColumns(n, p);
      for (let t = 0; t < xs.length; t++) xs[t] = (u() - 0.5) * 10 ** Math.floor(u() * 6 - 3);
      const k = new NaiveKernel(xs, n, p);
      for (let i = 0; i < n; i++) k.r[i] = u() - 0.5;
      const m = Math.floor(u() * (p + 1));
      const cols = Array.from({ length: p }, (_, j) => j).sort(() => u() - 0.5).slice(0, m);
      k.kktNeed.set(cols);
      const grad = new Float64Array(p).fill(7);
      k.grad.fill(7);
      k.gradColumns(k.kktNeed, m);
      gradColumns(xs, n, k.r, Int32Array.from(cols), m, grad);
      sameBits(k.grad, grad, `trial ${trial} (n ${n}, p ${p}, m ${m})`);
    }
  });

  it('columnStats gives the JavaScript loop\'s bits (p mod 4 = 0..3, n even and odd) and the column norms and dot products', () => {
    const { u } = lcg(37);
    for (let trial = 0; trial < 30; trial++) {
      const n = 1 + Math.floor(u() * 25);
      const p = 1 + Math.floor(u() * 15);
      const xs = designColumns(n, p);
      for (let t = 0; t < xs.length; t++) xs[t] = (u() - 0.5) * 10 ** Math.floor(u() * 6 - 3);
      const k = new NaiveKernel(xs, n, p);
      for (let i = 0; i < n; i++) k.r[i] = u() - 0.5;
      k.columnStats();
      const colSq = new Float64Array(p);
      const grad = new Float64Array(p);
      columnStats(xs, n, k.r, p, colSq, grad);
      sameBits(k.colSq, colSq, `trial ${trial} (n ${n}, p ${p}) colSq`);
      sameBits(k.grad, grad, `trial ${trial} (n ${n}, p ${p}) grad`);
      // Oracle for the quantities themselves: plain row-order sums (to rounding).
      for (let j = 0; j < p; j++) {
        let q = 0;
        let s = 0;
        let sAbs = 0;
        for (let i = 0; i < n; i++) {
          q += xs[j * n + i] ** 2;
          s += xs[j * n + i] * k.r[i];
          sAbs += Math.abs(xs[j * n + i] * k.r[i]);
        }
        // Two summation orders of the same n terms differ by at most about 2 n eps times the sum of |terms|.
        assert.ok(Math.abs(colSq[j] - q) <= 2 * n * 2.2e-16 * q, `colSq[${j}]: ${colSq[j]} vs ${q}`);
        assert.ok(Math.abs(grad[j] - s) <= 2 * n * 2.2e-16 * sAbs, `grad[${j}]: ${grad[j]} vs ${s}`);
      }
    }
  });

  it('naive-mode paths and single fits are the same bits with and without WebAssembly (wide and tall, odd n)', () => {
    for (const [n, p, standardize] of [[61, 300, false], [80, 41, true], [9, 4, false], [200, 13, true]] as const) {
      const x = normals(n * p, n + p);
      const e = normals(n, 3);
      const y = Float64Array.from(e, (v, i) => v + 2 * x[i] - x[(p - 1) * n + i]);
      const X = { n, p, x };
      for (const l1Ratio of [1, 0.3]) {
        const fit = () => fitElasticNetPath(X, y, { standardize, l1Ratio, nAlphas: 20, eps: 1e-3, tol: 1e-10, maxIter: 100000, cdMode: 'naive' });
        const wasm = fit();
        const js = withJs(fit);
        sameBits(wasm.coefStd, js.coefStd, `n ${n} p ${p} l1 ${l1Ratio} coefficients`);
        sameBits(wasm.dualGaps, js.dualGaps, `n ${n} p ${p} l1 ${l1Ratio} gaps`);
      }
    }
  });

  it('a workspace whose design is in a WebAssembly memory runs the WebAssembly route', () => {
    const n = 30;
    const p = 50;
    const d = fittedDesign({ n, p, x: normals(n * p, 5) }, normals(n, 6), true);
    const ws = new CdWorkspace(d, 'naive');
    assert.ok(ws.w.buffer === d.xs.buffer && ws.grad.buffer === d.xs.buffer);
    const res = ws.solve(0.05, 1, Number.NaN, 1e-10, 10000);
    assert.ok(res.converged);
  });
});
