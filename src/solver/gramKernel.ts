/**
 * The Gram kernel under centredGramInto, meanAndCentredGram, foldGramsInto (linalg.ts) and the Gram
 * threads' shares (src/worker/gramRows.ts): a block of B rows of q columns packed in panels of 4
 * columns (panel P at z[P*B*4], row i's four values at +4i; columns past q stay 0), and 4×4
 * register tiles over the lower triangle of panel pairs. In WebAssembly with 128-bit SIMD
 * (wasm/gram.wat) when the engine has it, about 5× the scalar loop here; otherwise the JavaScript
 * loop below, with the same arithmetic per entry (a sum over the rows in row order from 0, then
 * added to the accumulator), so both give the same bits.
 * Reference: Goto & van de Geijn, "Anatomy of high-performance matrix multiplication", ACM TOMS
 * 34(3), 2008 (packed panels and a register-blocked micro-kernel, as BLAS dsyrk).
 */
import { GRAM_WASM_BASE64 } from './wasm/gram.wasm';
import { wasmMemory, wasmModule } from './wasm/load';

/** Panels of 4 columns for q columns. */
export function panelCount(q: number): number {
  return (q + 3) >> 2;
}

/** Index in a packed block (B rows per panel) of row i of column j. */
export function panelIndex(B: number, j: number, i: number): number {
  return (j >> 2) * B * 4 + 4 * i + (j & 3);
}

/**
 * A packed block and its Gram accumulators: z (P panels of B rows, zero-filled) and acc
 * (accLength values, zero-filled), both in one WebAssembly memory when the kernel is available.
 */
export interface GramBlock {
  readonly B: number;
  readonly P: number;
  readonly z: Float64Array;
  readonly acc: Float64Array;
  /**
   * For every tile of panel rows P0 <= JP < P1 and panel columns KP <= JP, over rows i0..i1-1:
   * acc[accOff + (4(JP - P0) + r) * ld + 4KP + c] += Σ_i z_{4JP+r}(i) z_{4KP+c}(i).
   */
  tiles(i0: number, i1: number, P0: number, P1: number, accOff: number, ld: number): void;
}

type GramPanelsExport = (z: number, B: number, i0: number, i1: number, P0: number, P1: number, acc: number, ld: number) => void;

/**
 * Released blocks kept for reuse (a few, per thread): a streamed fit calls the Gram routes once per
 * 16,384 rows, and a fresh WebAssembly memory each time is garbage that lingers until a collection.
 */
const spare: GramBlock[] = [];
const SPARE_MAX = 4;

/** A GramBlock of P panels of B rows with accLength accumulators (zero-filled; a released one of that shape when there is one). */
export function gramBlock(B: number, P: number, accLength: number): GramBlock {
  const k = spare.findIndex((b) => b.B === B && b.P === P && b.acc.length === accLength);
  if (k >= 0) {
    const blk = spare.splice(k, 1)[0];
    blk.z.fill(0);
    blk.acc.fill(0);
    return blk;
  }
  return newGramBlock(B, P, accLength);
}

/** Hands a block back for reuse: the caller keeps no view of it. */
export function releaseGramBlock(blk: GramBlock): void {
  if (spare.length >= SPARE_MAX) spare.shift();
  spare.push(blk);
}

function newGramBlock(B: number, P: number, accLength: number): GramBlock {
  const zLength = P * B * 4;
  const mod = wasmModule(GRAM_WASM_BASE64);
  const zBytes = zLength * 8;
  const memory = mod ? wasmMemory(zBytes + accLength * 8) : null;
  if (mod && memory) {
    const kernel = new WebAssembly.Instance(mod, { env: { memory } }).exports.gramPanels as GramPanelsExport;
    const z = new Float64Array(memory.buffer, 0, zLength);
    const acc = new Float64Array(memory.buffer, zBytes, accLength);
    return {
      B, P, z, acc,
      tiles: (i0, i1, P0, P1, accOff, ld) => kernel(0, B, i0, i1, P0, P1, zBytes + accOff * 8, ld),
    };
  }
  const z = new Float64Array(zLength);
  const acc = new Float64Array(accLength);
  return { B, P, z, acc, tiles: (i0, i1, P0, P1, accOff, ld) => gramPanelTiles(z, B, i0, i1, P0, P1, acc, accOff, ld) };
}

/** wasm/gram.wat's gramPanels in JavaScript (the same roundings in the same order). */
export function gramPanelTiles(z: Float64Array, B: number, i0: number, i1: number, P0: number, P1: number,
  acc: Float64Array, accOff: number, ld: number): void {
  for (let JP = P0; JP < P1; JP++) {
    const oj = JP * B * 4;
    for (let KP = 0; KP <= JP; KP++) {
      const ok = KP * B * 4;
      let a00 = 0, a01 = 0, a02 = 0, a03 = 0;
      let a10 = 0, a11 = 0, a12 = 0, a13 = 0;
      let a20 = 0, a21 = 0, a22 = 0, a23 = 0;
      let a30 = 0, a31 = 0, a32 = 0, a33 = 0;
      for (let i = i0; i < i1; i++) {
        const j = oj + 4 * i;
        const k = ok + 4 * i;
        const x0 = z[k];
        const x1 = z[k + 1];
        const x2 = z[k + 2];
        const x3 = z[k + 3];
        const s0 = z[j];
        const s1 = z[j + 1];
        const s2 = z[j + 2];
        const s3 = z[j + 3];
        a00 += s0 * x0; a01 += s0 * x1; a02 += s0 * x2; a03 += s0 * x3;
        a10 += s1 * x0; a11 += s1 * x1; a12 += s1 * x2; a13 += s1 * x3;
        a20 += s2 * x0; a21 += s2 * x1; a22 += s2 * x2; a23 += s2 * x3;
        a30 += s3 * x0; a31 += s3 * x1; a32 += s3 * x2; a33 += s3 * x3;
      }
      let c = accOff + 4 * (JP - P0) * ld + 4 * KP;
      acc[c] += a00; acc[c + 1] += a01; acc[c + 2] += a02; acc[c + 3] += a03;
      c += ld;
      acc[c] += a10; acc[c + 1] += a11; acc[c + 2] += a12; acc[c + 3] += a13;
      c += ld;
      acc[c] += a20; acc[c + 1] += a21; acc[c + 2] += a22; acc[c + 3] += a23;
      c += ld;
      acc[c] += a30; acc[c + 1] += a31; acc[c + 2] += a32; acc[c + 3] += a33;
    }
  }
}
