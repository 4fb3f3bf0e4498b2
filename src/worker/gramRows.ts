/**
 * One share of meanAndCentredGram (src/solver/linalg.ts) for the Gram threads of gramPool.ts: the
 * lower-triangle entries (j, k <= j) of rows j0 <= j < j1 of the centred Gram of q = p (+1 with y)
 * columns, through the same per-block step (packStatsBlock) and register tiles (gramKernel.ts,
 * restricted to the share's panels), so any split of the rows between threads gives the same bits as
 * the single-threaded pass (test/unit/gramPool.test.ts checks it against statsOfRows).
 * Reference: Chan, Golub & LeVeque (1979) pairwise update, with 4×4 register tiles (Goto & van de
 * Geijn, ACM TOMS 2008) over the packed block.
 */
import { gramBlock, panelCount } from '../solver/gramKernel';
import { STATS_BLOCK, packStatsBlock } from '../solver/linalg';

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
  // The panels of 4 columns holding rows j0..j1-1; their tiles read only the panels up to P1.
  const P0 = j0 >> 2;
  const P1 = panelCount(j1);
  const cols = Math.min(q, 4 * P1);
  const ld = 4 * P1;
  // Accumulator rows 4 P0 .. 4 P1 - 1 (leading dimension ld).
  const blk = gramBlock(B, P1, (P1 - P0) * 4 * ld);
  const accOff = -4 * P0 * ld;
  const delta = new Float64Array(cols);
  const base = new Float64Array(cols);
  const devMean = new Float64Array(cols);
  for (let rb = 0; rb < n; rb += B) {
    const len = Math.min(B, n - rb);
    if (ready) {
      for (let have = Atomics.load(ready, 0); have < rb + len; have = Atomics.load(ready, 0)) Atomics.wait(ready, 0, have, 1000);
    }
    packStatsBlock(x, N, p, y, rows, rb, len, cols, blk.z, base, devMean, delta, j0, j1, ld, blk.acc, accOff);
    blk.tiles(0, len, P0, P1, 0, ld);
  }
  for (let j = 0; j < cols; j++) mean[j] = base[j] + devMean[j];
  for (let j = j0; j < j1; j++) {
    const a = (j - 4 * P0) * ld;
    const o = (j - j0) * q;
    for (let k = 0; k <= j; k++) out[o + k] = blk.acc[a + k];
  }
}
