/**
 * One share of meanAndCentredGram (src/solver/linalg.ts) for the Gram threads of gramPool.ts: the
 * lower-triangle entries (j, k <= j) of rows j0 <= j < j1 of the centred Gram of q = p (+1 with y)
 * columns, with the same arithmetic per entry, so any split of the rows between threads gives the
 * same bits as the single-threaded pass (test/unit/gramPool.test.ts checks it against statsOfRows).
 * Per column, each 512-row block is packed minus the column's first value, centred on its own block
 * mean, and the running mean updated exactly as there; per entry, the between-block term
 * (f δ_j) δ_k and then the block's row-order sum Σ z_j z_k (started from 0) are added, block by block.
 * Which tile computes an entry does not change its sum, so the tiles here may differ from linalg's.
 * Reference: Chan, Golub & LeVeque (1979) pairwise update, with 2×4 register tiles (Goto & van de
 * Geijn, ACM TOMS 2008) over the packed block.
 */

/** Rows per block: must equal meanAndCentredGram's block size (its bits depend on it). */
export const STATS_BLOCK = 512;

/**
 * Rows j0..j1-1 (j0 even) of the centred Gram: out[(j - j0) * q + k] = entry (j, k) for k <= j
 * (other entries of those rows are left unspecified). mean[j] gets column j's mean for every column
 * the share reads (all q when j1 = q). Columns and rows as meanAndCentredGram: c_j is column j of
 * the column-major N×p x (c_p = y), over the n rows r_t = rows ? rows[t] : t.
 * ready, when given (x and y still being copied in by another thread, without rows), holds the
 * count of leading rows already there: each block waits for its rows.
 */
export function meanAndCentredGramRows(x: Float64Array, N: number, p: number, y: Float64Array | null, rows: Int32Array | null, n: number,
  j0: number, j1: number, mean: Float64Array, out: Float64Array, ready: Int32Array | null = null): void {
  const q = y ? p + 1 : p;
  if (j1 <= j0 || n === 0) return;
  const B = STATS_BLOCK;
  // Columns read: a pair (j, j+1) meets k..k+3 for multiples of 4 with k <= j+1 <= j1.
  const cols = Math.min(q, (j1 & ~3) + 4);
  // Packed columns, with zero columns after the last so every 2×4 tile is whole.
  const Q = (j1 & ~3) + 4 > cols ? (j1 & ~3) + 4 : cols;
  const z = new Float64Array(Q * B);
  const rowsOut = j1 - j0 + 1;
  const acc = new Float64Array(rowsOut * Q);
  const delta = new Float64Array(cols);
  const base = new Float64Array(cols);
  const devMean = new Float64Array(cols);
  let seen = 0;
  for (let rb = 0; rb < n; rb += B) {
    const len = Math.min(B, n - rb);
    if (ready) {
      for (let have = Atomics.load(ready, 0); have < rb + len; have = Atomics.load(ready, 0)) Atomics.wait(ready, 0, have, 1000);
    }
    for (let j = 0; j < cols; j++) {
      const src = j < p ? x : (y as Float64Array);
      const off = j < p ? j * N : 0;
      const dst = j * B;
      if (rb === 0) base[j] = src[off + (rows ? rows[0] : 0)];
      const b = base[j];
      let s = 0;
      if (rows) {
        for (let i = 0; i < len; i++) {
          const v = src[off + rows[rb + i]] - b;
          z[dst + i] = v;
          s += v;
        }
      } else {
        for (let i = 0; i < len; i++) {
          const v = src[off + rb + i] - b;
          z[dst + i] = v;
          s += v;
        }
      }
      const mb = s / len;
      for (let i = 0; i < len; i++) z[dst + i] -= mb;
      // A short last block leaves stale values past len: the tiles stop at len.
      const d = mb - devMean[j];
      delta[j] = d;
      devMean[j] += (d * len) / (seen + len);
    }
    if (seen > 0) {
      const f = (seen * len) / (seen + len);
      for (let j = j0; j < j1; j++) {
        const dj = f * delta[j];
        const a = (j - j0) * Q;
        for (let k = 0; k <= j; k++) acc[a + k] += dj * delta[k];
      }
    }
    seen += len;
    pairTiles(z, B, len, j0, j1, Q, acc);
  }
  for (let j = 0; j < cols; j++) mean[j] = base[j] + devMean[j];
  for (let j = j0; j < j1; j++) {
    const a = (j - j0) * Q;
    const o = (j - j0) * q;
    for (let k = 0; k <= j; k++) out[o + k] = acc[a + k];
  }
}

/**
 * acc[(j - j0)*Q + k] += Σ_{i < len} z_j(i) z_k(i) (row order, from 0) for pairs (j, j+1), j0 <= j
 * < j1, against k..k+3, k <= j+1: 8 accumulators, 6 loads per row. Entries with k > j are extra.
 */
function pairTiles(z: Float64Array, B: number, len: number, j0: number, j1: number, Q: number, acc: Float64Array): void {
  for (let j = j0; j < j1; j += 2) {
    const oa = j * B;
    const ob = oa + B;
    for (let k = 0; k <= j + 1; k += 4) {
      const o0 = k * B;
      const o1 = o0 + B;
      const o2 = o1 + B;
      const o3 = o2 + B;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let b0 = 0;
      let b1 = 0;
      let b2 = 0;
      let b3 = 0;
      for (let i = 0; i < len; i++) {
        const va = z[oa + i];
        const vb = z[ob + i];
        const x0 = z[o0 + i];
        const x1 = z[o1 + i];
        const x2 = z[o2 + i];
        const x3 = z[o3 + i];
        a0 += va * x0;
        a1 += va * x1;
        a2 += va * x2;
        a3 += va * x3;
        b0 += vb * x0;
        b1 += vb * x1;
        b2 += vb * x2;
        b3 += vb * x3;
      }
      const ca = (j - j0) * Q + k;
      const cb = ca + Q;
      acc[ca] += a0;
      acc[ca + 1] += a1;
      acc[ca + 2] += a2;
      acc[ca + 3] += a3;
      acc[cb] += b0;
      acc[cb + 1] += b1;
      acc[cb + 2] += b2;
      acc[cb + 3] += b3;
    }
  }
}
