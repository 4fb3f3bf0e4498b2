/**
 * One share of meanAndCentredGram (src/solver/linalg.ts) for the Gram threads of gramPool.ts: the
 * statistics of a subtree of its merge tree (rows r0..r1 of the n used rows), through the same
 * leaves (statsNode: packed blocks and the WebAssembly tiles) and merges, with the same base (each
 * column's value on the first used row), so any split of the tree between threads gives the same
 * bits as the single-threaded pass (test/unit/gramPool.test.ts checks it against statsOfRows).
 * Reference: Chan, Golub & LeVeque (1979) pairwise update, with 4×4 register tiles (Goto & van de
 * Geijn, ACM TOMS 2008) over the packed blocks.
 */
import { panelCount } from '../solver/gramKernel';
import { STATS_SEGMENT, StatsScratch, statsBase, statsTree, statsTreeSplit } from '../solver/linalg';

/** Doubles per share's result: devMean (q) then the lower triangle of m (ld × ld, ld = 4 panels). */
export function shareLength(q: number): number {
  const ld = 4 * panelCount(q);
  return q + ld * ld;
}

/**
 * The subtree of rows r0..r1 (a node of statsTreeSplit's tree over n rows) into out: devMean at
 * out[0..q), m at out[q..). Columns and rows as meanAndCentredGram: c_j is column j of the
 * column-major N×p x (c_p = y), over the rows r_t = rows ? rows[t] : t.
 */
export function statsSubtree(x: Float64Array, N: number, p: number, y: Float64Array | null, rows: Int32Array | null,
  r0: number, r1: number, out: Float64Array): void {
  const q = y ? p + 1 : p;
  const base = new Float64Array(q);
  statsBase(x, N, p, y, rows, q, base);
  const scratch = new StatsScratch(q);
  statsTree(x, N, p, y, rows, r0, r1, base, out.subarray(0, q), out.subarray(q, shareLength(q)), scratch, null);
  scratch.release();
}

/**
 * Subtrees of the merge tree over n rows for T threads: the largest node is split (statsTreeSplit)
 * until there are T of them or only leaves are left; in row order.
 */
export function statsShares(n: number, T: number): [number, number][] {
  const nodes: [number, number][] = [[0, n]];
  while (nodes.length < T) {
    let best = -1;
    for (let i = 0; i < nodes.length; i++) {
      const size = nodes[i][1] - nodes[i][0];
      if (size > STATS_SEGMENT && (best < 0 || size > nodes[best][1] - nodes[best][0])) best = i;
    }
    if (best < 0) break;
    const [a, b] = nodes[best];
    const mid = statsTreeSplit(a, b);
    nodes.splice(best, 1, [a, mid], [mid, b]);
  }
  return nodes;
}
