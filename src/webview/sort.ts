// Sorting for the coefficient tables. Pure, unit tested.

export type SortDirection = 'ascending' | 'descending';
export interface SortState {
  /** 'feature' or a value column key (a model name). */
  column: string;
  direction: SortDirection;
}

/** The row shape both coefficient tables use: a name and one value per model column. */
export interface SortableRow {
  name: string;
  /** Position in the design matrix: the order shown when nothing is sorted, and the tie-breaker. */
  index: number;
  values: Record<string, number | undefined>;
}

/**
 * What a click on a column's header does: a new column starts ascending for names and descending
 * for values (largest effects first); a second click on the same column flips the direction.
 */
export function nextSort(current: SortState | null, column: string): SortState {
  if (current && current.column === column) {
    return { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  }
  return { column, direction: column === 'feature' ? 'ascending' : 'descending' };
}

/**
 * Rows ordered by `state` (a new array; the input is not touched). Value columns sort by magnitude
 * |coefficient|, since the size of an effect matters more than its sign when comparing penalties;
 * missing values go last in both directions; ties keep design-matrix order.
 */
export function sortRows<T extends SortableRow>(rows: readonly T[], state: SortState | null): T[] {
  const out = rows.slice();
  if (!state) return out.sort((a, b) => a.index - b.index);
  const sign = state.direction === 'ascending' ? 1 : -1;
  if (state.column === 'feature') {
    return out.sort((a, b) => sign * compareNames(a.name, b.name) || a.index - b.index);
  }
  return out.sort((a, b) => {
    const va = a.values[state.column];
    const vb = b.values[state.column];
    const ma = va === undefined || Number.isNaN(va);
    const mb = vb === undefined || Number.isNaN(vb);
    if (ma || mb) return ma === mb ? a.index - b.index : ma ? 1 : -1;
    return sign * (Math.abs(va) - Math.abs(vb)) || a.index - b.index;
  });
}

/** Natural order for column names: "x2" before "x10", case-insensitive. */
export function compareNames(a: string, b: string): number {
  const ta = a.toLowerCase().match(/\d+|\D+/g) ?? [];
  const tb = b.toLowerCase().match(/\d+|\D+/g) ?? [];
  const n = Math.min(ta.length, tb.length);
  for (let i = 0; i < n; i++) {
    const x = ta[i];
    const y = tb[i];
    if (x === y) continue;
    const dx = /^\d/.test(x);
    const dy = /^\d/.test(y);
    if (dx && dy) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return ta.length - tb.length || (a < b ? -1 : a > b ? 1 : 0);
}
