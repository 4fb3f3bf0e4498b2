/**
 * The naive-mode coordinate-descent kernels under CdWorkspace (enet.ts) on wide data: the cyclic
 * sweep over a working set (x_j^T r, soft-threshold, r -= x_j * change, four coordinates per two
 * passes over r), grad[j] = x_j^T r for a list of columns (the KKT check) and the setup's column
 * norms with X^T yc (columnStats). In WebAssembly with
 * 128-bit SIMD (wasm/naive.wat) when the engine has it; otherwise the JavaScript loops below, with
 * the same arithmetic: every sum over the rows is two running sums, over the even and over the odd
 * rows (the f64x2 lanes), the last row of an odd n added to the even one, then even + odd. So both
 * routes give the same bits.
 *
 * WebAssembly reads only its own memory, so the fitted design's columns are allocated in a
 * WebAssembly.Memory (designColumns, called by fittedDesign) with headroom after them for the
 * workspace's n- and p-sized vectors (residual, coefficients, column norms, gradient, column
 * lists, block Gram caches). The first naive workspace on a design takes that headroom; any other
 * workspace on the same design, or a design from elsewhere, gets plain arrays and the JavaScript
 * loops. The memory never grows (growing would detach every view of it).
 * Reference: Friedman, Hastie & Tibshirani, "Regularization paths for generalized linear models via
 * coordinate descent", J. Stat. Softw. 33(1), 2010, section 2.1 (the naive update); scikit-learn
 * sklearn/linear_model/_cd_fast.pyx for the update's arithmetic.
 */
import { dot } from './linalg';
import { NAIVE_WASM_BASE64 } from './wasm/naive.wasm';
import { wasmMemory, wasmModule } from './wasm/load';

/** A design copy inside a WebAssembly memory, and whether a workspace has taken its headroom. */
interface DesignArena {
  readonly memory: WebAssembly.Memory;
  readonly n: number;
  readonly p: number;
  claimed: boolean;
}

const arenas = new WeakMap<ArrayBuffer, DesignArena>();

function align16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

/** Block Gram cache entries for a working set of up to p columns (six per block of four). */
function blockGramLength(p: number): number {
  return (p >> 2) * 6;
}

/**
 * Byte layout of the headroom from `base`: the f64 vectors r (n), w, colSq, grad (p each), the two
 * block Gram caches, out (2), then the i32 lists setList, activeList, allColumns, kktNeed and the two
 * cache index lists (p each). Each vector starts on 16 bytes.
 */
function headroomLayout(base: number, n: number, p: number): { offsets: number[]; end: number } {
  const sizes = [n * 8, p * 8, p * 8, p * 8, blockGramLength(p) * 8, blockGramLength(p) * 8, 16, p * 4, p * 4, p * 4, p * 4, p * 4, p * 4];
  const offsets: number[] = [];
  let at = align16(base);
  for (const s of sizes) {
    offsets.push(at);
    at = align16(at + s);
  }
  return { offsets, end: at };
}

/**
 * Zero-filled storage for an n×p column-major design: inside a WebAssembly memory with the naive
 * workspace's headroom when the kernel is available (and wasmMemory gives one), else a plain
 * Float64Array.
 */
export function designColumns(n: number, p: number): Float64Array {
  const mod = wasmModule(NAIVE_WASM_BASE64);
  if (mod) {
    const memory = wasmMemory(headroomLayout(n * p * 8, n, p).end);
    if (memory) {
      arenas.set(memory.buffer, { memory, n, p, claimed: false });
      return new Float64Array(memory.buffer, 0, n * p);
    }
  }
  return new Float64Array(n * p);
}

type SweepExport = (xs: number, n: number, r: number, list: number, len: number, w: number, colSq: number,
  cacheIdx: number, cacheG: number, l1reg: number, l2reg: number, out: number) => void;
type GradColumnsExport = (xs: number, n: number, r: number, list: number, m: number, grad: number) => void;
type ColumnStatsExport = (xs: number, n: number, r: number, p: number, colSq: number, grad: number) => void;

/**
 * The naive workspace's vectors and its two kernels, in the design's WebAssembly memory or in
 * plain arrays. The column lists passed to sweep and gradColumns must be this object's own lists
 * (the WebAssembly route addresses them in its memory).
 */
export class NaiveKernel {
  /** True when the kernels run in WebAssembly. */
  readonly wasm: boolean;
  /** Residual yc - Xs w. */
  readonly r: Float64Array;
  readonly w: Float64Array;
  /** ||x_j||^2. */
  readonly colSq: Float64Array;
  /** x_j^T r where computed. */
  readonly grad: Float64Array;
  readonly setList: Int32Array;
  readonly activeList: Int32Array;
  readonly allColumns: Int32Array;
  readonly kktNeed: Int32Array;
  /**
   * The sweep's Gram entries of four-column blocks, by block position in the working set and in
   * the active list (six per block), with the columns they belong to (-1: none yet).
   */
  private readonly setBlockIdx: Int32Array;
  private readonly setBlockGram: Float64Array;
  private readonly actBlockIdx: Int32Array;
  private readonly actBlockGram: Float64Array;
  /** The last sweep's largest |change| and largest |w|. */
  private readonly out: Float64Array;
  private readonly xs: Float64Array;
  private readonly n: number;
  private readonly sweepWasm: SweepExport | null = null;
  private readonly gradWasm: GradColumnsExport | null = null;
  private readonly statsWasm: ColumnStatsExport | null = null;

  constructor(xs: Float64Array, n: number, p: number) {
    this.xs = xs;
    this.n = n;
    const arena = arenas.get(xs.buffer as ArrayBuffer);
    const mod = wasmModule(NAIVE_WASM_BASE64);
    if (mod && arena && !arena.claimed && arena.n === n && arena.p === p && xs.byteOffset === 0 && xs.length === n * p) {
      arena.claimed = true;
      const buf = arena.memory.buffer;
      const [oR, oW, oCs, oG, oSetG, oActG, oOut, oSet, oAct, oAll, oNeed, oSetI, oActI] = headroomLayout(n * p * 8, n, p).offsets;
      this.r = new Float64Array(buf, oR, n);
      this.w = new Float64Array(buf, oW, p);
      this.colSq = new Float64Array(buf, oCs, p);
      this.grad = new Float64Array(buf, oG, p);
      this.setBlockGram = new Float64Array(buf, oSetG, blockGramLength(p));
      this.actBlockGram = new Float64Array(buf, oActG, blockGramLength(p));
      this.out = new Float64Array(buf, oOut, 2);
      this.setList = new Int32Array(buf, oSet, p);
      this.activeList = new Int32Array(buf, oAct, p);
      this.allColumns = new Int32Array(buf, oAll, p);
      this.kktNeed = new Int32Array(buf, oNeed, p);
      this.setBlockIdx = new Int32Array(buf, oSetI, p);
      this.actBlockIdx = new Int32Array(buf, oActI, p);
      const ex = new WebAssembly.Instance(mod, { env: { memory: arena.memory } }).exports;
      this.sweepWasm = ex.sweep as SweepExport;
      this.gradWasm = ex.gradColumns as GradColumnsExport;
      this.statsWasm = ex.columnStats as ColumnStatsExport;
      this.wasm = true;
    } else {
      this.r = new Float64Array(n);
      this.w = new Float64Array(p);
      this.colSq = new Float64Array(p);
      this.grad = new Float64Array(p);
      this.setBlockGram = new Float64Array(blockGramLength(p));
      this.actBlockGram = new Float64Array(blockGramLength(p));
      this.out = new Float64Array(2);
      this.setList = new Int32Array(p);
      this.activeList = new Int32Array(p);
      this.allColumns = new Int32Array(p);
      this.kktNeed = new Int32Array(p);
      this.setBlockIdx = new Int32Array(p);
      this.actBlockIdx = new Int32Array(p);
      this.wasm = false;
    }
    this.setBlockIdx.fill(-1);
    this.actBlockIdx.fill(-1);
    for (let j = 0; j < p; j++) this.allColumns[j] = j;
  }

  /** The last sweep's largest |change| of a coefficient. */
  get dwMax(): number {
    return this.out[0];
  }

  /** The last sweep's largest |w_j| over the coordinates it visited. */
  get wMax(): number {
    return this.out[1];
  }

  /** One cyclic pass over list[0..len) (setList or activeList) at penalties l1reg, l2reg (cd_fast's scale). */
  sweep(list: Int32Array, len: number, l1reg: number, l2reg: number): void {
    const set = list === this.setList;
    const cacheIdx = set ? this.setBlockIdx : this.actBlockIdx;
    const cacheG = set ? this.setBlockGram : this.actBlockGram;
    if (this.sweepWasm) {
      this.sweepWasm(0, this.n, this.r.byteOffset, list.byteOffset, len, this.w.byteOffset, this.colSq.byteOffset,
        cacheIdx.byteOffset, cacheG.byteOffset, l1reg, l2reg, this.out.byteOffset);
    } else {
      naiveSweep(this.xs, this.n, this.r, list, len, this.w, this.colSq, cacheIdx, cacheG, l1reg, l2reg, this.out);
    }
  }

  /** colSq[j] = ||x_j||^2 and grad[j] = x_j^T r for every column (the workspace's setup, with r = yc). */
  columnStats(): void {
    const p = this.colSq.length;
    if (this.statsWasm) this.statsWasm(0, this.n, this.r.byteOffset, p, this.colSq.byteOffset, this.grad.byteOffset);
    else columnStats(this.xs, this.n, this.r, p, this.colSq, this.grad);
  }

  /** grad[j] = x_j^T r for j in list[0..m) (list one of this object's lists). */
  gradColumns(list: Int32Array, m: number): void {
    if (this.gradWasm) this.gradWasm(0, this.n, this.r.byteOffset, list.byteOffset, m, this.grad.byteOffset);
    else gradColumns(this.xs, this.n, this.r, list, m, this.grad);
  }
}

/**
 * grad[j] = x_j^T r for j in list[0..m), four columns per pass over r (one load of r feeds four
 * products): wasm/naive.wat's gradColumns in JavaScript (the same roundings in the same order).
 */
export function gradColumns(xs: Float64Array, n: number, r: Float64Array, list: Int32Array, m: number, grad: Float64Array): void {
  const ne = n - (n & 1);
  let t = 0;
  for (; t + 4 <= m; t += 4) {
    const j0 = list[t];
    const j1 = list[t + 1];
    const j2 = list[t + 2];
    const j3 = list[t + 3];
    const o0 = j0 * n;
    const o1 = j1 * n;
    const o2 = j2 * n;
    const o3 = j3 * n;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let u0 = 0, u1 = 0, u2 = 0, u3 = 0;
    for (let i = 0; i < ne; i += 2) {
      const v = r[i];
      const u = r[i + 1];
      s0 += xs[o0 + i] * v; u0 += xs[o0 + i + 1] * u;
      s1 += xs[o1 + i] * v; u1 += xs[o1 + i + 1] * u;
      s2 += xs[o2 + i] * v; u2 += xs[o2 + i + 1] * u;
      s3 += xs[o3 + i] * v; u3 += xs[o3 + i + 1] * u;
    }
    if (ne < n) {
      const v = r[ne];
      s0 += xs[o0 + ne] * v;
      s1 += xs[o1 + ne] * v;
      s2 += xs[o2 + ne] * v;
      s3 += xs[o3 + ne] * v;
    }
    grad[j0] = s0 + u0;
    grad[j1] = s1 + u1;
    grad[j2] = s2 + u2;
    grad[j3] = s3 + u3;
  }
  // linalg's dot keeps the same even and odd sums.
  for (; t < m; t++) grad[list[t]] = dot(xs, list[t] * n, r, 0, n);
}

/**
 * colSq[j] = x_j^T x_j and grad[j] = x_j^T r for every column j < p, four columns per pass (one read
 * of the design for both): wasm/naive.wat's columnStats in JavaScript (the same roundings in the
 * same order).
 */
export function columnStats(xs: Float64Array, n: number, r: Float64Array, p: number, colSq: Float64Array, grad: Float64Array): void {
  const ne = n - (n & 1);
  let j = 0;
  for (; j + 4 <= p; j += 4) {
    const o0 = j * n;
    const o1 = o0 + n;
    const o2 = o1 + n;
    const o3 = o2 + n;
    // Even-row sums q (squares) and s (products with r); odd-row sums qq and ss.
    let q0 = 0, q1 = 0, q2 = 0, q3 = 0, s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let qq0 = 0, qq1 = 0, qq2 = 0, qq3 = 0, ss0 = 0, ss1 = 0, ss2 = 0, ss3 = 0;
    for (let i = 0; i < ne; i += 2) {
      const v = r[i];
      const a = xs[o0 + i];
      const b = xs[o1 + i];
      const c = xs[o2 + i];
      const d = xs[o3 + i];
      q0 += a * a; q1 += b * b; q2 += c * c; q3 += d * d;
      s0 += a * v; s1 += b * v; s2 += c * v; s3 += d * v;
      const u = r[i + 1];
      const e = xs[o0 + i + 1];
      const f = xs[o1 + i + 1];
      const g = xs[o2 + i + 1];
      const h = xs[o3 + i + 1];
      qq0 += e * e; qq1 += f * f; qq2 += g * g; qq3 += h * h;
      ss0 += e * u; ss1 += f * u; ss2 += g * u; ss3 += h * u;
    }
    if (ne < n) {
      const v = r[ne];
      const a = xs[o0 + ne];
      const b = xs[o1 + ne];
      const c = xs[o2 + ne];
      const d = xs[o3 + ne];
      q0 += a * a; q1 += b * b; q2 += c * c; q3 += d * d;
      s0 += a * v; s1 += b * v; s2 += c * v; s3 += d * v;
    }
    colSq[j] = q0 + qq0;
    colSq[j + 1] = q1 + qq1;
    colSq[j + 2] = q2 + qq2;
    colSq[j + 3] = q3 + qq3;
    grad[j] = s0 + ss0;
    grad[j + 1] = s1 + ss1;
    grad[j + 2] = s2 + ss2;
    grad[j + 3] = s3 + ss3;
  }
  for (; j < p; j++) {
    colSq[j] = dot(xs, j * n, xs, j * n, n);
    grad[j] = dot(xs, j * n, r, 0, n);
  }
}

/**
 * cd_fast's soft-threshold update of w_j given x_j^T r: sets w_j, records the sweep's largest
 * |change| (out[0]) and |w| (out[1]), returns the change. wasm/naive.wat's $step.
 */
function coordinateStep(j: number, xr: number, w: Float64Array, colSq: Float64Array, l1reg: number, l2reg: number, out: Float64Array): number {
  const cs = colSq[j];
  const wj = w[j];
  // tmp = x_j^T (r + w_j x_j)
  const tmp = xr + cs * wj;
  let wn = 0;
  if (tmp > l1reg) wn = (tmp - l1reg) / (cs + l2reg);
  else if (tmp < -l1reg) wn = (tmp + l1reg) / (cs + l2reg);
  const aw = wn < 0 ? -wn : wn;
  if (aw > out[1]) out[1] = aw;
  if (wn === wj) return 0;
  w[j] = wn;
  const d = wn - wj;
  const ad = d < 0 ? -d : d;
  if (ad > out[0]) out[0] = ad;
  return d;
}

/**
 * Naive-mode cyclic pass over list[0..len), four coordinates per two passes over r: the first pass
 * computes x_a^T r for the block (and the block's Gram entries x_a^T x_b unless cached), the
 * coordinates are then updated in order (x_b^T r after the block's earlier updates is
 * x_b^T r - sum_a d_a x_a^T x_b, the same cyclic update), and the second pass subtracts the block's
 * changes from r. The same iterates as one coordinate at a time up to rounding, with fewer loads.
 * The Gram entries depend on the columns only, so they are kept per block position (cacheIdx names
 * the columns, cacheG holds six per block) and reused while the block holds the same columns: the
 * sweeps of one alpha repeat the same lists, and without the six products per row the first pass
 * does less than half the arithmetic. out = [largest |change|, largest |w|].
 * wasm/naive.wat's sweep in JavaScript (the same roundings in the same order).
 */
export function naiveSweep(xs: Float64Array, n: number, r: Float64Array, list: Int32Array, len: number, w: Float64Array,
  colSq: Float64Array, cacheIdx: Int32Array, cacheG: Float64Array, l1reg: number, l2reg: number, out: Float64Array): void {
  const ne = n - (n & 1);
  out[0] = 0;
  out[1] = 0;
  let t = 0;
  for (; t + 4 <= len; t += 4) {
    const j0 = list[t];
    const j1 = list[t + 1];
    const j2 = list[t + 2];
    const j3 = list[t + 3];
    const o0 = j0 * n;
    const o1 = j1 * n;
    const o2 = j2 * n;
    const o3 = j3 * n;
    // Even-row sums s, odd-row sums u (the f64x2 lanes).
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let u0 = 0, u1 = 0, u2 = 0, u3 = 0;
    let g01: number, g02: number, g03: number, g12: number, g13: number, g23: number;
    const gb = (t >> 2) * 6;
    if (cacheIdx[t] === j0 && cacheIdx[t + 1] === j1 && cacheIdx[t + 2] === j2 && cacheIdx[t + 3] === j3) {
      for (let i = 0; i < ne; i += 2) {
        const v = r[i];
        const u = r[i + 1];
        s0 += xs[o0 + i] * v; u0 += xs[o0 + i + 1] * u;
        s1 += xs[o1 + i] * v; u1 += xs[o1 + i + 1] * u;
        s2 += xs[o2 + i] * v; u2 += xs[o2 + i + 1] * u;
        s3 += xs[o3 + i] * v; u3 += xs[o3 + i + 1] * u;
      }
      g01 = cacheG[gb];
      g02 = cacheG[gb + 1];
      g03 = cacheG[gb + 2];
      g12 = cacheG[gb + 3];
      g13 = cacheG[gb + 4];
      g23 = cacheG[gb + 5];
    } else {
      let h01 = 0, h02 = 0, h03 = 0, h12 = 0, h13 = 0, h23 = 0;
      let k01 = 0, k02 = 0, k03 = 0, k12 = 0, k13 = 0, k23 = 0;
      for (let i = 0; i < ne; i += 2) {
        const v = r[i];
        const a = xs[o0 + i];
        const b = xs[o1 + i];
        const c = xs[o2 + i];
        const d = xs[o3 + i];
        s0 += a * v; s1 += b * v; s2 += c * v; s3 += d * v;
        h01 += a * b; h02 += a * c; h03 += a * d; h12 += b * c; h13 += b * d; h23 += c * d;
        const u = r[i + 1];
        const e = xs[o0 + i + 1];
        const f = xs[o1 + i + 1];
        const g = xs[o2 + i + 1];
        const h = xs[o3 + i + 1];
        u0 += e * u; u1 += f * u; u2 += g * u; u3 += h * u;
        k01 += e * f; k02 += e * g; k03 += e * h; k12 += f * g; k13 += f * h; k23 += g * h;
      }
      if (ne < n) {
        const a = xs[o0 + ne];
        const b = xs[o1 + ne];
        const c = xs[o2 + ne];
        const d = xs[o3 + ne];
        h01 += a * b; h02 += a * c; h03 += a * d; h12 += b * c; h13 += b * d; h23 += c * d;
      }
      g01 = h01 + k01;
      g02 = h02 + k02;
      g03 = h03 + k03;
      g12 = h12 + k12;
      g13 = h13 + k13;
      g23 = h23 + k23;
      cacheG[gb] = g01;
      cacheG[gb + 1] = g02;
      cacheG[gb + 2] = g03;
      cacheG[gb + 3] = g12;
      cacheG[gb + 4] = g13;
      cacheG[gb + 5] = g23;
      cacheIdx[t] = j0;
      cacheIdx[t + 1] = j1;
      cacheIdx[t + 2] = j2;
      cacheIdx[t + 3] = j3;
    }
    if (ne < n) {
      const v = r[ne];
      s0 += xs[o0 + ne] * v;
      s1 += xs[o1 + ne] * v;
      s2 += xs[o2 + ne] * v;
      s3 += xs[o3 + ne] * v;
    }
    let x1 = s1 + u1;
    let x2 = s2 + u2;
    let x3 = s3 + u3;
    const d0 = coordinateStep(j0, s0 + u0, w, colSq, l1reg, l2reg, out);
    x1 -= d0 * g01;
    x2 -= d0 * g02;
    x3 -= d0 * g03;
    const d1 = coordinateStep(j1, x1, w, colSq, l1reg, l2reg, out);
    x2 -= d1 * g12;
    x3 -= d1 * g13;
    const d2 = coordinateStep(j2, x2, w, colSq, l1reg, l2reg, out);
    x3 -= d2 * g23;
    const d3 = coordinateStep(j3, x3, w, colSq, l1reg, l2reg, out);
    if (d0 !== 0 || d1 !== 0 || d2 !== 0 || d3 !== 0) {
      // r -= X_block d
      for (let i = 0; i < n; i++) r[i] -= d0 * xs[o0 + i] + d1 * xs[o1 + i] + d2 * xs[o2 + i] + d3 * xs[o3 + i];
    }
  }
  for (; t < len; t++) {
    const j = list[t];
    const cj = j * n;
    const d = coordinateStep(j, dot(xs, cj, r, 0, n), w, colSq, l1reg, l2reg, out);
    if (d !== 0) {
      // r -= d * x_j
      for (let i = 0; i < n; i++) r[i] -= d * xs[cj + i];
    }
  }
}
