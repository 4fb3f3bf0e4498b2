/**
 * The column kernels under the logistic solver (logistic.ts): the linear predictor update of a
 * Newton step (etaStep), the log-likelihood, probabilities and residuals of rows (logitRows,
 * lossRows), gradients x_j . r of listed columns (dotCols), the weighted columns of a Gram block
 * (weightCols) and the lower triangle of T^T Z (gramAdd). In WebAssembly with 128-bit SIMD (wasm/logistic.wat) when
 * the engine has it; otherwise the JavaScript loops below, with the same arithmetic per entry, so
 * both give the same bits. A sum over rows is the sum of the even rows (from the first) plus the
 * sum of the odd rows, each in row order (the two lanes of an f64x2), then added to its output;
 * an odd last row is added after that, alone.
 * WebAssembly reads only its own memory, so the solver's design copy and work vectors come from
 * a LogisticArena: views at fixed offsets of one WebAssembly.Memory (never grown), or plain typed
 * arrays when the kernels are off or the memory cannot be had (over 4 GiB).
 * Reference: the inner loops of glmnet's lognet (Friedman, Hastie & Tibshirani, "Regularization
 * paths for generalized linear models via coordinate descent", J. Stat. Softw. 33(1), 2010), with
 * Gram tiles after Goto & van de Geijn, ACM TOMS 34(3), 2008.
 */
import { LOGISTIC_WASM_BASE64 } from './wasm/logistic.wasm';
import { wasmMemory, wasmModule } from './wasm/load';

type EtaStepExport = (x: number, n: number, eta: number, etaTry: number, db: number, i0: number, i1: number, list: number, d: number, count: number) => void;
type DotColsExport = (x: number, n: number, r: number, i0: number, i1: number, list: number, count: number, out: number) => void;
type GramAddExport = (h: number, dim: number, m: number, t: number, stride: number, z: number, off: number, len: number) => void;
type WeightColsExport = (x: number, n: number, v: number, res: number, i0: number, i1: number, list: number, m: number, out: number, stride: number, sums: number) => void;
type IrlsRowsExport = (prob: number, y: number, v: number, res: number, vH: number, rows: number, n: number, vMin: number, frac: number, scan: number) => number;
type GatherRowsExport = (x: number, n: number, list: number, m: number, rows: number, len: number, dv: number, z: number, dvz: number, B: number, sums: number) => void;
type LogitRowsExport = (eta: number, y: number, prob: number, res: number, i0: number, i1: number, out: number) => void;
type LossRowsExport = (eta: number, y: number, i0: number, i1: number, out: number) => void;

/** Most rows per logitRows / lossRows call: each lane's product of 1 + e (factors in [1, 2]) stays below 2^1023. */
export const LOGIT_MAX_ROWS = 2046;

// expNegAbs's constants (the same decimal literals as wasm/logistic.wat)
const INV_LN2 = 1.4426950408889634;
const ROUND_MAGIC = 6755399441055744; // 1.5 2^52
const LN2_HI = 0.69314718036912382; // fdlibm's ln2HI: 0x3fe62e42fee00000, k LN2_HI exact for |k| < 2^20
const LN2_LO = 1.9082149292705877e-10;
const C2 = 0.5;
const C3 = 0.16666666666666666;
const C4 = 0.041666666666666664;
const C5 = 0.0083333333333333332;
const C6 = 0.0013888888888888889;
const C7 = 0.00019841269841269841;
const C8 = 0.000024801587301587302;
const C9 = 0.0000027557319223985893;
const C10 = 2.7557319223985888e-7;
const C11 = 2.5052108385441720e-8;
const C12 = 2.0876756987868100e-9;
const C13 = 1.6059043836821613e-10;
/** POW2[k + 1022] = 2^k for -1022 <= k <= 0 (exact: repeated halving). */
const POW2 = ((): Float64Array => {
  const t = new Float64Array(1023);
  let v = 1;
  for (let k = 1022; k >= 0; k--) {
    t[k] = v;
    v *= 0.5;
  }
  return t;
})();

/**
 * exp(-|t|) as wasm/logistic.wat computes it, to the bit: a = max(-|t|, -708), k = a / ln 2
 * rounded to nearest even, r = (a - k ln2hi) - k ln2lo, Taylor polynomial of degree 13 in r
 * (Horner), times 2^k; within about 2 ulp of Math.exp (Cody-Waite reduction as fdlibm's e_exp.c).
 */
export function expNegAbs(t: number): number {
  const m = -Math.abs(t);
  const a = -708 < m ? m : -708;
  const k = (a * INV_LN2 + ROUND_MAGIC) - ROUND_MAGIC;
  const r = (a - k * LN2_HI) - k * LN2_LO;
  let s = C13;
  s = s * r + C12;
  s = s * r + C11;
  s = s * r + C10;
  s = s * r + C9;
  s = s * r + C8;
  s = s * r + C7;
  s = s * r + C6;
  s = s * r + C5;
  s = s * r + C4;
  s = s * r + C3;
  s = s * r + C2;
  s = s * r + 1;
  s = s * r + 1;
  return s * POW2[k + 1022];
}

/**
 * Typed arrays handed out from one block (bump allocation of the sizes reserved up front), and
 * the kernels that read them. Every array a kernel reads or writes must come from the same arena.
 */
export class LogisticArena {
  /** True when the WebAssembly kernels run on this arena's memory. */
  readonly wasm: boolean;
  private readonly buffer: ArrayBuffer | null;
  private used = 0;
  private readonly capacity: number;
  private readonly etaStepWasm: EtaStepExport | null = null;
  private readonly dotColsWasm: DotColsExport | null = null;
  private readonly gramAddWasm: GramAddExport | null = null;
  private readonly logitRowsWasm: LogitRowsExport | null = null;
  private readonly weightColsWasm: WeightColsExport | null = null;
  private readonly irlsRowsWasm: IrlsRowsExport | null = null;
  private readonly gatherRowsWasm: GatherRowsExport | null = null;
  private readonly lossRowsWasm: LossRowsExport | null = null;
  /** logitRows' per-lane sums (loss, product, gradient; two each), in the arena. */
  private readonly lanes: Float64Array;
  /** The sum of prob - y over the rows of the last logitRows. */
  gb = 0;

  /** Room for f64Count doubles and i32Count int32 values (each array rounded up to 16 bytes). */
  constructor(f64Count: number, i32Count: number, arrays: number) {
    const bytes = f64Count * 8 + i32Count * 4 + arrays * 16 + 6 * 8 + 16;
    this.capacity = bytes;
    const mod = wasmModule(LOGISTIC_WASM_BASE64);
    const memory = mod ? wasmMemory(bytes) : null;
    if (mod && memory) {
      const ex = new WebAssembly.Instance(mod, { env: { memory } }).exports;
      this.etaStepWasm = ex.etaStep as EtaStepExport;
      this.dotColsWasm = ex.dotCols as DotColsExport;
      this.gramAddWasm = ex.gramAdd as GramAddExport;
      this.logitRowsWasm = ex.logitRows as LogitRowsExport;
      this.weightColsWasm = ex.weightCols as WeightColsExport;
      this.irlsRowsWasm = ex.irlsRows as IrlsRowsExport;
      this.gatherRowsWasm = ex.gatherRows as GatherRowsExport;
      this.lossRowsWasm = ex.lossRows as LossRowsExport;
      this.buffer = memory.buffer;
      this.wasm = true;
    } else {
      this.buffer = null;
      this.wasm = false;
    }
    this.lanes = this.f64(6);
  }

  private take(bytes: number): number {
    const at = this.used;
    this.used += Math.ceil(bytes / 16) * 16;
    if (this.used > this.capacity) throw new Error(`LogisticArena: ${this.used} bytes asked of ${this.capacity}`);
    return at;
  }

  /** A zero-filled Float64Array of `length` from the arena. */
  f64(length: number): Float64Array {
    const at = this.take(length * 8);
    return this.buffer ? new Float64Array(this.buffer, at, length) : new Float64Array(length);
  }

  /** A zero-filled Int32Array of `length` from the arena. */
  i32(length: number): Int32Array {
    const at = this.take(length * 4);
    return this.buffer ? new Int32Array(this.buffer, at, length) : new Int32Array(length);
  }

  /**
   * etaTry[i] = eta[i] + db + sum_k d[k] x[list[k] n + i] for i0 <= i < i1, the step columns taken
   * four at a time, (((d0 x0 + d1 x1) + d2 x2) + d3 x3), then one at a time.
   */
  etaStep(x: Float64Array, n: number, eta: Float64Array, etaTry: Float64Array, db: number, i0: number, i1: number,
    list: Int32Array, d: Float64Array, count: number): void {
    const even = i1 - ((i1 - i0) & 1);
    if (this.etaStepWasm) {
      if (even > i0) this.etaStepWasm(x.byteOffset, n, eta.byteOffset, etaTry.byteOffset, db, i0, even, list.byteOffset, d.byteOffset, count);
      if (even < i1) etaStepRows(x, n, eta, etaTry, db, even, i1, list, d, count);
    } else etaStepRows(x, n, eta, etaTry, db, i0, i1, list, d, count);
  }

  /**
   * out[k] += sum over i0 <= i < i1 of x[list[k] n + i] r[i - rShift] (even rows + odd rows, then
   * an odd last row); rShift lets r be a block of rows stored from any offset.
   */
  dotCols(x: Float64Array, n: number, r: Float64Array, i0: number, i1: number, list: Int32Array, count: number, out: Float64Array, rShift = 0): void {
    const even = i1 - ((i1 - i0) & 1);
    if (this.dotColsWasm) {
      if (even > i0) this.dotColsWasm(x.byteOffset, n, r.byteOffset - rShift * 8, i0, even, list.byteOffset, count, out.byteOffset);
    } else dotColsPairs(x, n, r, rShift, i0, even, list, count, out);
    if (even < i1) {
      const re = r[even - rShift];
      for (let k = 0; k < count; k++) out[k] += x[list[k] * n + even] * re;
    }
  }

  /**
   * IRLS weights of rows 0 <= i < n: v = max(prob (1 - prob), vMin) and res = y - prob; with vH
   * and rows, also lists in rows the i where |v - vH| > frac v (in order) and returns their count
   * (else -1). Each row's arithmetic stands alone: the same bits in either engine.
   */
  irlsRows(prob: Float64Array, y: Float64Array, v: Float64Array, res: Float64Array, n: number, vMin: number, frac: number,
    vH: Float64Array | null, rows: Int32Array | null): number {
    const scan = vH !== null && rows !== null;
    if (this.irlsRowsWasm) {
      const count = this.irlsRowsWasm(prob.byteOffset, y.byteOffset, v.byteOffset, res.byteOffset, scan ? vH.byteOffset : 0,
        scan ? rows.byteOffset : 0, n, vMin, frac, scan ? 1 : 0);
      return scan ? count : -1;
    }
    if (!scan) {
      for (let i = 0; i < n; i++) {
        const pr = prob[i];
        v[i] = Math.max(pr * (1 - pr), vMin);
        res[i] = y[i] - pr;
      }
      return -1;
    }
    let count = 0;
    for (let i = 0; i < n; i++) {
      const pr = prob[i];
      const vi = Math.max(pr * (1 - pr), vMin);
      v[i] = vi;
      res[i] = y[i] - pr;
      if (Math.abs(vi - vH[i]) > frac * vi) rows[count++] = i;
    }
    return count;
  }

  /**
   * A block of listed rows gathered for rank-one Gram corrections: for a < m and r < len, with
   * i = rows[r0 + r] and xi = x[list[a] n + i]: z[a B + r] = xi, dvz[a B + r] = dv[r] xi, and
   * sums[a] = the sum over r (in order) of dvz[a B + r].
   */
  gatherRows(x: Float64Array, n: number, list: Int32Array, m: number, rows: Int32Array, r0: number, len: number, dv: Float64Array,
    z: Float64Array, dvz: Float64Array, B: number, sums: Float64Array): void {
    if (this.gatherRowsWasm) {
      this.gatherRowsWasm(x.byteOffset, n, list.byteOffset, m, rows.byteOffset + r0 * 4, len, dv.byteOffset, z.byteOffset, dvz.byteOffset, B, sums.byteOffset);
      return;
    }
    for (let a = 0; a < m; a++) {
      const o = list[a] * n;
      const ob = a * B;
      let sv = 0;
      for (let r = 0; r < len; r++) {
        const xi = x[o + rows[r0 + r]];
        z[ob + r] = xi;
        const t = dv[r] * xi;
        dvz[ob + r] = t;
        sv += t;
      }
      sums[a] = sv;
    }
  }

  /**
   * The weighted columns of a Gram block: out[a stride + i - i0] = v[i] x[list[a] n + i] for
   * i0 <= i < i1 and a < m, with sums[2a] = sum of v x and sums[2a + 1] = sum of x res over those
   * rows (even rows + odd rows, then an odd last row).
   */
  weightCols(x: Float64Array, n: number, v: Float64Array, res: Float64Array, i0: number, i1: number, list: Int32Array, m: number,
    out: Float64Array, stride: number, sums: Float64Array): void {
    const even = i1 - ((i1 - i0) & 1);
    sums.fill(0, 0, 2 * m);
    if (this.weightColsWasm) {
      if (even > i0) this.weightColsWasm(x.byteOffset, n, v.byteOffset, res.byteOffset, i0, even, list.byteOffset, m, out.byteOffset, stride, sums.byteOffset);
    } else weightPairs(x, n, v, res, i0, even, list, m, out, stride, sums);
    if (even < i1) {
      for (let a = 0; a < m; a++) {
        const xi = x[list[a] * n + even];
        const t = v[even] * xi;
        out[a * stride + even - i0] = t;
        sums[2 * a] += t;
        sums[2 * a + 1] += xi * res[even];
      }
    }
  }

  /**
   * The log-likelihood terms of rows i0 <= i < i1 (at most LOGIT_MAX_ROWS) at eta: returns
   * sum log(1 + e^t) - y t, leaves prob = sigmoid(t), res = prob - y and this.gb = sum (prob - y).
   * With e = exp(-|t|) (expNegAbs): log(1 + e^t) = max(t, 0) + log(1 + e), where the logs of each
   * lane's product of 1 + e replace a log1p per row; sigmoid(t) = 1/(1 + e) or e/(1 + e). The sum
   * is (l0 + l1) + (log p0 + log p1) over the row pairs, then an odd last row's own term.
   */
  logitRows(eta: Float64Array, y: Float64Array, prob: Float64Array, res: Float64Array, i0: number, i1: number): number {
    const even = i1 - ((i1 - i0) & 1);
    const L = this.lanes;
    if (this.logitRowsWasm) this.logitRowsWasm(eta.byteOffset, y.byteOffset, prob.byteOffset, res.byteOffset, i0, even, L.byteOffset);
    else logitPairs(eta, y, prob, res, i0, even, L);
    let loss = (L[0] + L[1]) + (Math.log(L[2]) + Math.log(L[3]));
    let gb = L[4] + L[5];
    if (even < i1) {
      const t = eta[even];
      const yi = y[even];
      const e = expNegAbs(t);
      const u = 1 + e;
      loss += ((0 < t ? t : 0) - yi * t) + Math.log(u);
      const q = 1 / u;
      const pr = t >= 0 ? q : e * q;
      prob[even] = pr;
      const r = pr - yi;
      res[even] = r;
      gb += r;
    }
    this.gb = gb;
    return loss;
  }

  /** logitRows' loss alone (the same bits), touching nothing else. */
  lossRows(eta: Float64Array, y: Float64Array, i0: number, i1: number): number {
    const even = i1 - ((i1 - i0) & 1);
    const L = this.lanes;
    if (this.lossRowsWasm) this.lossRowsWasm(eta.byteOffset, y.byteOffset, i0, even, L.byteOffset);
    else lossPairs(eta, y, i0, even, L);
    let loss = (L[0] + L[1]) + (Math.log(L[2]) + Math.log(L[3]));
    if (even < i1) {
      const t = eta[even];
      loss += ((0 < t ? t : 0) - y[even] * t) + Math.log(1 + expNegAbs(t));
    }
    return loss;
  }

  /**
   * H[a dim + c] += sum over the len rows of t[a stride + i] z[off[c] + i] for c <= a < m (the
   * lower triangle of T^T Z; even rows + odd rows, then an odd last row). Entries above the
   * diagonal (c < m) may receive sums too: callers overwrite them from the lower triangle.
   */
  gramAdd(H: Float64Array, dim: number, m: number, t: Float64Array, stride: number, z: Float64Array, off: Int32Array, len: number): void {
    const even = len & ~1;
    if (this.gramAddWasm) {
      if (even > 0) this.gramAddWasm(H.byteOffset, dim, m, t.byteOffset, stride, z.byteOffset, off.byteOffset, even);
    } else gramAddPairs(H, dim, m, t, stride, z, off, even);
    if (even < len) {
      for (let a = 0; a < m; a++) {
        const ta = t[a * stride + even];
        const row = a * dim;
        for (let c = 0; c <= a; c++) H[row + c] += ta * z[off[c] + even];
      }
    }
  }
}

/** wasm/logistic.wat's logitRows in JavaScript (i1 - i0 even): lane 0 the even rows, lane 1 the odd rows. */
function logitPairs(eta: Float64Array, y: Float64Array, prob: Float64Array, res: Float64Array, i0: number, i1: number, lanes: Float64Array): void {
  let l0 = 0, l1 = 0, p0 = 1, p1 = 1, g0 = 0, g1 = 0;
  for (let i = i0; i < i1; i += 2) {
    const t0 = eta[i];
    const y0 = y[i];
    const e0 = expNegAbs(t0);
    const u0 = 1 + e0;
    p0 *= u0;
    l0 += (0 < t0 ? t0 : 0) - y0 * t0;
    const q0 = 1 / u0;
    const pr0 = t0 >= 0 ? q0 : e0 * q0;
    prob[i] = pr0;
    const r0 = pr0 - y0;
    res[i] = r0;
    g0 += r0;
    const t1 = eta[i + 1];
    const y1 = y[i + 1];
    const e1 = expNegAbs(t1);
    const u1 = 1 + e1;
    p1 *= u1;
    l1 += (0 < t1 ? t1 : 0) - y1 * t1;
    const q1 = 1 / u1;
    const pr1 = t1 >= 0 ? q1 : e1 * q1;
    prob[i + 1] = pr1;
    const r1 = pr1 - y1;
    res[i + 1] = r1;
    g1 += r1;
  }
  lanes[0] = l0;
  lanes[1] = l1;
  lanes[2] = p0;
  lanes[3] = p1;
  lanes[4] = g0;
  lanes[5] = g1;
}

/** wasm/logistic.wat's weightCols in JavaScript (i1 - i0 even). */
function weightPairs(x: Float64Array, n: number, v: Float64Array, res: Float64Array, i0: number, i1: number, list: Int32Array, m: number,
  out: Float64Array, stride: number, sums: Float64Array): void {
  for (let a = 0; a < m; a++) {
    const o = list[a] * n;
    const ob = a * stride - i0;
    let v0 = 0, v1 = 0, r0 = 0, r1 = 0;
    for (let i = i0; i < i1; i += 2) {
      const x0 = x[o + i];
      const x1 = x[o + i + 1];
      const t0 = v[i] * x0;
      const t1 = v[i + 1] * x1;
      out[ob + i] = t0;
      out[ob + i + 1] = t1;
      v0 += t0;
      v1 += t1;
      r0 += x0 * res[i];
      r1 += x1 * res[i + 1];
    }
    sums[2 * a] += v0 + v1;
    sums[2 * a + 1] += r0 + r1;
  }
}

/** wasm/logistic.wat's lossRows in JavaScript (i1 - i0 even). */
function lossPairs(eta: Float64Array, y: Float64Array, i0: number, i1: number, lanes: Float64Array): void {
  let l0 = 0, l1 = 0, p0 = 1, p1 = 1;
  for (let i = i0; i < i1; i += 2) {
    const t0 = eta[i];
    p0 *= 1 + expNegAbs(t0);
    l0 += (0 < t0 ? t0 : 0) - y[i] * t0;
    const t1 = eta[i + 1];
    p1 *= 1 + expNegAbs(t1);
    l1 += (0 < t1 ? t1 : 0) - y[i + 1] * t1;
  }
  lanes[0] = l0;
  lanes[1] = l1;
  lanes[2] = p0;
  lanes[3] = p1;
}

/** wasm/logistic.wat's etaStep in JavaScript, any number of rows (each row's arithmetic stands alone). */
function etaStepRows(x: Float64Array, n: number, eta: Float64Array, etaTry: Float64Array, db: number, i0: number, i1: number,
  list: Int32Array, d: Float64Array, count: number): void {
  for (let i = i0; i < i1; i++) etaTry[i] = eta[i] + db;
  let k = 0;
  for (; k + 4 <= count; k += 4) {
    const o0 = list[k] * n;
    const o1 = list[k + 1] * n;
    const o2 = list[k + 2] * n;
    const o3 = list[k + 3] * n;
    const d0 = d[k];
    const d1 = d[k + 1];
    const d2 = d[k + 2];
    const d3 = d[k + 3];
    for (let i = i0; i < i1; i++) etaTry[i] += d0 * x[o0 + i] + d1 * x[o1 + i] + d2 * x[o2 + i] + d3 * x[o3 + i];
  }
  for (; k < count; k++) {
    const o = list[k] * n;
    const dk = d[k];
    for (let i = i0; i < i1; i++) etaTry[i] += dk * x[o + i];
  }
}

/** wasm/logistic.wat's dotCols in JavaScript (i1 - i0 even): two running sums per column. */
function dotColsPairs(x: Float64Array, n: number, r: Float64Array, rShift: number, i0: number, i1: number, list: Int32Array, count: number, out: Float64Array): void {
  let k = 0;
  // four columns per pass share each load of r
  for (; k + 4 <= count; k += 4) {
    const o0 = list[k] * n;
    const o1 = list[k + 1] * n;
    const o2 = list[k + 2] * n;
    const o3 = list[k + 3] * n;
    let a0 = 0, b0 = 0, a1 = 0, b1 = 0, a2 = 0, b2 = 0, a3 = 0, b3 = 0;
    for (let i = i0; i < i1; i += 2) {
      const r0 = r[i - rShift];
      const r1 = r[i + 1 - rShift];
      a0 += x[o0 + i] * r0;
      b0 += x[o0 + i + 1] * r1;
      a1 += x[o1 + i] * r0;
      b1 += x[o1 + i + 1] * r1;
      a2 += x[o2 + i] * r0;
      b2 += x[o2 + i + 1] * r1;
      a3 += x[o3 + i] * r0;
      b3 += x[o3 + i + 1] * r1;
    }
    out[k] += a0 + b0;
    out[k + 1] += a1 + b1;
    out[k + 2] += a2 + b2;
    out[k + 3] += a3 + b3;
  }
  for (; k < count; k++) {
    const o = list[k] * n;
    let a = 0, b = 0;
    for (let i = i0; i < i1; i += 2) {
      a += x[o + i] * r[i - rShift];
      b += x[o + i + 1] * r[i + 1 - rShift];
    }
    out[k] += a + b;
  }
}

/**
 * wasm/logistic.wat's gramAdd in JavaScript (len even): two running sums per entry, over the same
 * entries (its tiles of rows a0, a0 + 1 reach column cT - 1, past the diagonal when cT > a + 1).
 */
function gramAddPairs(H: Float64Array, dim: number, m: number, t: Float64Array, stride: number, z: Float64Array, off: Int32Array, len: number): void {
  let a = 0;
  for (; a + 1 < m; a += 2) {
    let cT = 0;
    while (cT <= a && cT + 3 < m) cT += 4;
    // row a takes columns c < endA, row a + 1 those c < endB (endB <= endA + 1)
    const endA = Math.max(cT, a + 1);
    const endB = Math.max(cT, a + 2);
    const ta = a * stride;
    const tb = ta + stride;
    const ra = a * dim;
    const rb = ra + dim;
    let c = 0;
    // two rows by two columns: each load of t serves two columns, each load of z two rows
    for (; c + 2 <= endA; c += 2) {
      const o0 = off[c];
      const o1 = off[c + 1];
      let a0 = 0, a0o = 0, a1 = 0, a1o = 0, b0 = 0, b0o = 0, b1 = 0, b1o = 0;
      for (let i = 0; i < len; i += 2) {
        const u0 = t[ta + i];
        const u1 = t[ta + i + 1];
        const w0 = t[tb + i];
        const w1 = t[tb + i + 1];
        const x0 = z[o0 + i];
        const x1 = z[o0 + i + 1];
        const y0 = z[o1 + i];
        const y1 = z[o1 + i + 1];
        a0 += u0 * x0;
        a0o += u1 * x1;
        a1 += u0 * y0;
        a1o += u1 * y1;
        b0 += w0 * x0;
        b0o += w1 * x1;
        b1 += w0 * y0;
        b1o += w1 * y1;
      }
      H[ra + c] += a0 + a0o;
      H[ra + c + 1] += a1 + a1o;
      H[rb + c] += b0 + b0o;
      H[rb + c + 1] += b1 + b1o;
    }
    for (; c < endB; c++) {
      const o = off[c];
      let p0 = 0, p1 = 0, q0 = 0, q1 = 0;
      for (let i = 0; i < len; i += 2) {
        const x0 = z[o + i];
        const x1 = z[o + i + 1];
        p0 += t[ta + i] * x0;
        p1 += t[ta + i + 1] * x1;
        q0 += t[tb + i] * x0;
        q1 += t[tb + i + 1] * x1;
      }
      if (c < endA) H[ra + c] += p0 + p1;
      H[rb + c] += q0 + q1;
    }
  }
  if (a < m) {
    // odd m: the last row alone, columns c <= a
    const ta = a * stride;
    const ra = a * dim;
    for (let c = 0; c <= a; c++) {
      const o = off[c];
      let s0 = 0, s1 = 0;
      for (let i = 0; i < len; i += 2) {
        s0 += t[ta + i] * z[o + i];
        s1 += t[ta + i + 1] * z[o + i + 1];
      }
      H[ra + c] += s0 + s1;
    }
  }
}
