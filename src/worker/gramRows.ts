/**
 * One share of meanAndCentredGram (src/solver/linalg.ts) for the Gram threads of gramPool.ts: the
 * lower-triangle entries (j, k <= j) of rows j0 <= j < j1 of the centred Gram of q = p (+1 with y)
 * columns, through the same per-block step (packStatsBlock) and register tiles (blockGramTiles,
 * restricted to the share's rows), so any split of the rows between threads gives the same bits as
 * the single-threaded pass (test/unit/gramPool.test.ts checks it against statsOfRows).
 * Reference: Chan, Golub & LeVeque (1979) pairwise update, with 2×4 register tiles (Goto & van de
 * Geijn, ACM TOMS 2008) over the packed block.
 */
import { STATS_BLOCK, blockGramTiles, packStatsBlock, tileColumns } from '../solver/linalg';

export { STATS_BLOCK };

/**
 * Rows j0..j1-1 of the centred Gram: out[(j - j0) * q + k] = entry (j, k) for k <= j
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
  // Tiles as meanAndCentredGram's (qt columns, a zero one when q ≡ 3 mod 4); the share's tiles
  // read the columns below (j1 & ~3) + 4 only, so only those are packed.
  const qt = tileColumns(q);
  const cols = Math.min(q, (j1 & ~3) + 4);
  const Q = Math.min(qt, (j1 & ~3) + 4);
  const z = new Float64Array(Q * B);
  // Rows j0..j1 (a pair ending at an odd j1 also computes row j1), leading dimension Q.
  const acc = new Float64Array((j1 - j0 + 1) * Q);
  const accOff = -j0 * Q;
  const delta = new Float64Array(cols);
  const base = new Float64Array(cols);
  const devMean = new Float64Array(cols);
  for (let rb = 0; rb < n; rb += B) {
    const len = Math.min(B, n - rb);
    if (ready) {
      for (let have = Atomics.load(ready, 0); have < rb + len; have = Atomics.load(ready, 0)) Atomics.wait(ready, 0, have, 1000);
    }
    packStatsBlock(x, N, p, y, rows, rb, len, cols, z, base, devMean, delta, j0, j1, Q, acc, accOff);
    blockGramTiles(z, B, 0, len, qt, Q, acc, accOff, j0, j1);
  }
  for (let j = 0; j < cols; j++) mean[j] = base[j] + devMean[j];
  for (let j = j0; j < j1; j++) {
    const a = (j - j0) * Q;
    const o = (j - j0) * q;
    for (let k = 0; k <= j; k++) out[o + k] = acc[a + k];
  }
}
