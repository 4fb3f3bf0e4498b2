// The WebAssembly kernels (src/solver/wasm): the committed bytes are the assembly of the .wat
// sources, the engine here runs them, and they give the bits of the JavaScript loops they replace,
// so a machine without WebAssembly SIMD computes the same fits.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { gramBlock, gramPanelTiles, panelCount, releaseGramBlock } from '../../src/solver/gramKernel';
import { centredGramInto, foldGramsInto, meanAndCentredGram } from '../../src/solver/linalg';
import { GRAM_WASM_BASE64 } from '../../src/solver/wasm/gram.wasm';
import { wasmMemory, wasmModule } from '../../src/solver/wasm/load';
import { lcg, normals } from './testData';
import { sameBits, withJs } from './bits';

const root = path.join(__dirname, '..', '..', '..');

describe('WebAssembly kernels', () => {
  it('each committed src/solver/wasm/*.wasm.ts is the assembly of its .wat (npm run wasm)', async function () {
    this.timeout(20000);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { assembleAll } = require(path.join(root, 'scripts', 'build-wasm.js')) as { assembleAll: () => Promise<{ file: string; text: string }[]> };
    const built = await assembleAll();
    assert.ok(built.length >= 1);
    for (const { file, text } of built) assert.strictEqual(fs.readFileSync(file, 'utf8'), text, `${path.basename(file)} is stale: run npm run wasm`);
  });

  it('this engine compiles and runs them (Node 20 has 128-bit SIMD); off means the JavaScript loops', () => {
    assert.ok(wasmModule(GRAM_WASM_BASE64) instanceof WebAssembly.Module);
    const blk = gramBlock(8, 2, 64);
    assert.ok(blk.z.buffer instanceof ArrayBuffer && blk.z.buffer.byteLength % 65536 === 0, 'panels live in a WebAssembly memory');
    withJs(() => assert.strictEqual(wasmModule(GRAM_WASM_BASE64), null));
  });

  it('wasmMemory: whole pages up to 4 GiB less one page (every address and end pointer below 2^32), null beyond', () => {
    assert.strictEqual(wasmMemory(100)!.buffer.byteLength, 65536);
    assert.strictEqual(wasmMemory(65536 + 1)!.buffer.byteLength, 2 * 65536);
    assert.strictEqual(wasmMemory(65535 * 65536 + 1), null);
    assert.strictEqual(wasmMemory(2 ** 32), null);
  });

  it('a released block is handed out again for the same shape, zero-filled; other shapes get a new one', () => {
    const a = gramBlock(16, 3, 50);
    a.z.fill(7);
    a.acc.fill(9);
    releaseGramBlock(a);
    const b = gramBlock(16, 3, 50);
    assert.strictEqual(b, a);
    assert.ok(b.z.every((v) => v === 0) && b.acc.every((v) => v === 0));
    releaseGramBlock(b);
    assert.notStrictEqual(gramBlock(16, 3, 51), a);
    assert.notStrictEqual(gramBlock(32, 3, 50), a);
  });

  it('gramPanels gives the JavaScript tiles\' bits for any rows, panels and accumulator offset', () => {
    const { u } = lcg(17);
    for (let trial = 0; trial < 40; trial++) {
      const B = 1 + Math.floor(u() * 40);
      const P = 1 + Math.floor(u() * 5);
      const i0 = Math.floor(u() * B);
      const i1 = i0 + Math.floor(u() * (B - i0 + 1));
      const P0 = Math.floor(u() * P);
      const P1 = P0 + 1 + Math.floor(u() * (P - P0));
      const ld = 4 * P + Math.floor(u() * 3);
      const accOff = Math.floor(u() * 5);
      const accLength = accOff + 4 * (P1 - P0) * ld;
      const blk = gramBlock(B, P, accLength);
      const z = new Float64Array(blk.z.length);
      const acc = new Float64Array(accLength);
      for (let t = 0; t < z.length; t++) z[t] = (u() - 0.5) * 10 ** Math.floor(u() * 12 - 6);
      for (let t = 0; t < acc.length; t++) acc[t] = u() < 0.5 ? 0 : u() - 0.5;
      blk.z.set(z);
      blk.acc.set(acc);
      blk.tiles(i0, i1, P0, P1, accOff, ld);
      gramPanelTiles(z, B, i0, i1, P0, P1, acc, accOff, ld);
      sameBits(blk.acc, acc, `trial ${trial} (B ${B}, P ${P}, rows ${i0}..${i1}, panels ${P0}..${P1})`);
    }
  });

  it('the Gram routes give the same bits with and without WebAssembly (rows subsets, folds, y, q mod 4 = 0..3)', () => {
    for (const [N, p] of [[1300, 1], [2100, 2], [700, 6], [1025, 11], [3000, 16], [600, 33]]) {
      const x = normals(N * p, N + p);
      const y = normals(N, 7 * p);
      for (let t = 0; t < x.length; t += 3) x[t] += 1e4;
      const rows = Int32Array.from({ length: Math.floor(N * 0.7) }, (_, i) => (i * 13 + 5) % N);
      const q = p + 1;
      for (const r of [null, rows]) {
        const n = r ? r.length : N;
        const stats = (): Float64Array[] => {
          const mean = new Float64Array(q);
          const gram = new Float64Array(q * q);
          meanAndCentredGram(x, N, p, y, r, n, mean, gram);
          const shift = Float64Array.from(mean, (m) => m + 0.25);
          const centred = new Float64Array(q * q);
          const sums = new Float64Array(q);
          centredGramInto(x, N, p, y, r, n, shift, centred, sums);
          const K = 5;
          const label = Int32Array.from({ length: n }, (_, i) => (i * 7) % K);
          const grams = new Float64Array(K * q * q);
          const foldSums = new Float64Array(K * q);
          foldGramsInto(x, N, p, y, r, n, label, K, shift, grams, foldSums);
          return [mean, gram, centred, sums, grams, foldSums];
        };
        const wasm = stats();
        const js = withJs(stats);
        wasm.forEach((a, k) => sameBits(a, js[k], `N ${N} p ${p} ${r ? 'rows' : 'all'} output ${k}`));
        assert.strictEqual(panelCount(q), Math.ceil(q / 4));
      }
    }
  });
});
