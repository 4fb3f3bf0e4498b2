/**
 * Table -> design matrix: target, features (one-hot for categoricals, pandas
 * get_dummies(drop_first=True) naming and order), missing-value policy, user fold column.
 */
import { UserError } from '../errors';
import type { DataOptions } from '../protocol';
import { formatNumber } from './csv';
import type { Design, Table, TableColumn } from './types';

const TRUE_WORDS = new Set(['true', 'yes', 't', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'f', 'n', '0']);

function listNames(names: string[], max = 30): string {
  const shown = names.slice(0, max).map((s) => `"${s}"`).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

export function listLines(lines: number[], total: number): string {
  return lines.join(', ') + (total > lines.length ? ', …' : '');
}

const NUMBER_NAME = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Every header name is a number: the file most likely has no header row and its first data row was read as one. */
export function headerLooksLikeData(table: Table): boolean {
  return table.columns.length > 0 && table.columns.every((c) => NUMBER_NAME.test(c.name));
}

export const NO_HEADER_HINT = 'The first row looks like data, not a header (every name in it is a number); add a header row naming the columns.';

export function findColumn(table: Table, name: string, role: string): TableColumn {
  const col = table.columns.find((c) => c.name === name);
  if (col) return col;
  const loose = table.columns.filter((c) => c.name.trim().toLowerCase() === name.trim().toLowerCase());
  const hint = loose.length === 1 ? ` Did you mean "${loose[0].name}"?` : '';
  const noHeader = headerLooksLikeData(table) ? ` ${NO_HEADER_HINT}` : '';
  throw new UserError(
    `${table.file}: there is no ${role} column "${name}".${hint} The columns are ${listNames(table.columns.map((c) => c.name))}.${noHeader}`,
  );
}

const isMissingAt = (c: TableColumn, i: number): boolean => (c.values ? c.values[i] !== c.values[i] : c.codes![i] < 0);

function cellText(c: TableColumn, i: number): string {
  if (c.codes && c.codes[i] >= 0) return c.levels![c.codes[i]];
  if (c.values && c.values[i] === c.values[i]) return formatNumber(c.values[i]);
  return '';
}

/** The target as numbers (regression) or 0/1 with its two class labels (classification). */
function targetValues(table: Table, col: TableColumn, task: 'regression' | 'classification', positiveClass?: string): { y: Float64Array; classes: [string, string] | null } {
  const file = table.file;
  const n = table.nRows;
  let present = 0;
  for (let i = 0; i < n; i++) if (!isMissingAt(col, i)) present++;
  if (present === 0) {
    throw new UserError(`${file}: the target column "${col.name}" has no values (every cell is empty or a missing token); choose another target.`);
  }
  if (task === 'regression') {
    if (col.values) return { y: col.values.slice(), classes: null };
    // Text target: point at the first cell that is not a number.
    let at = -1;
    for (let i = 0; i < n && at < 0; i++) if (col.codes![i] >= 0 && !Number.isFinite(+col.levels![col.codes![i]])) at = i;
    if (at < 0) at = col.codes!.findIndex((k) => k >= 0);
    throw new UserError(
      `${file} line ${table.lineOfRow[at]}, column "${col.name}": the target of a regression must be numeric, but this row has "${cellText(col, at)}"; choose a numeric target or the classification task.`,
    );
  }
  // Classification: exactly two distinct values.
  let labels: string[];
  let keyOf: (i: number) => number; // index into labels, -1 missing
  let defaultPositive: number;
  if (col.kind === 'boolean' && col.values) {
    labels = [...col.booleanLabels!];
    const v = col.values;
    keyOf = (i) => (v[i] !== v[i] ? -1 : v[i]);
    defaultPositive = 1;
    const has = [false, false];
    for (let i = 0; i < n; i++) if (v[i] === v[i]) has[v[i]] = true;
    if (!has[0] || !has[1]) labels = [labels[has[1] ? 1 : 0]];
  } else if (col.values) {
    const v = col.values;
    const distinct = [...new Set(Array.from(v).filter((x) => x === x))].sort((a, b) => a - b);
    labels = distinct.map(formatNumber);
    keyOf = (i) => (v[i] !== v[i] ? -1 : distinct.indexOf(v[i]));
    defaultPositive = 1; // the larger value: 1 of 0/1
  } else {
    const used = new Set<number>();
    for (let i = 0; i < n; i++) if (col.codes![i] >= 0) used.add(col.codes![i]);
    const codes = [...used].sort((a, b) => a - b);
    labels = codes.map((k) => col.levels![k]);
    const rank = new Map(codes.map((k, r) => [k, r]));
    const c = col.codes!;
    keyOf = (i) => (c[i] < 0 ? -1 : rank.get(c[i])!);
    defaultPositive = 1;
  }
  if (labels.length !== 2) {
    const shown = labels.slice(0, 5).map((s) => `"${s}"`).join(', ') + (labels.length > 5 ? ', …' : '');
    const what = labels.length === 1 ? `only one value (${shown})` : `${labels.length} distinct values (${shown})`;
    throw new UserError(
      `${file}: the classification target "${col.name}" has ${what}; logistic regression needs exactly two classes. Choose a column with two values or the regression task.`,
    );
  }
  let positive = defaultPositive;
  if (positiveClass !== undefined && positiveClass !== '') {
    const want = positiveClass.trim();
    let k = labels.indexOf(want);
    if (k < 0) k = labels.findIndex((l) => l.toLowerCase() === want.toLowerCase());
    if (k < 0 && col.values && col.kind !== 'boolean' && Number.isFinite(+want) && want !== '') k = labels.findIndex((l) => +l === +want);
    if (k < 0 && col.kind === 'boolean') {
      const w = want.toLowerCase();
      if (TRUE_WORDS.has(w)) k = 1;
      else if (FALSE_WORDS.has(w)) k = 0;
    }
    if (k < 0) {
      throw new UserError(
        `${file}: the positive class "${positiveClass}" is not a value of the target "${col.name}"; it has "${labels[0]}" and "${labels[1]}".`,
      );
    }
    positive = k;
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = keyOf(i);
    y[i] = k < 0 ? NaN : k === positive ? 1 : 0;
  }
  return { y, classes: [labels[1 - positive], labels[positive]] };
}

/** The feature columns: the ones asked for (each checked), else every usable one (a note lists the excluded). */
export function selectFeatures(table: Table, names: string[] | undefined, target: TableColumn, foldCol: TableColumn | null, notes: string[]): TableColumn[] {
  const file = table.file;
  if (names && names.length) {
    const features: TableColumn[] = [];
    for (const name of names) {
      const c = findColumn(table, name, 'feature');
      if (c === target) throw new UserError(`${file}: "${name}" is the target, so it cannot also be a feature; remove it from the features.`);
      if (c === foldCol) throw new UserError(`${file}: "${name}" is the fold column, so it cannot also be a feature; remove it from the features.`);
      if (c.kind === 'excluded') throw new UserError(`${file}: column "${name}" cannot be a feature (${c.reason}); remove it from the features.`);
      if (!features.includes(c)) features.push(c);
    }
    return features;
  }
  const features = table.columns.filter((c) => c !== target && c !== foldCol && c.kind !== 'excluded');
  const skipped = table.columns.filter((c) => c !== target && c !== foldCol && c.kind === 'excluded');
  if (skipped.length) notes.push(`Not used as features: ${skipped.map((c) => `"${c.name}" (${c.reason})`).join('; ')}.`);
  return features;
}

// pandas.get_dummies(df[features], drop_first=True) on the kept rows: numeric and boolean
// columns first in order, then each categorical's sorted levels minus the first, named `col=level`.
export function buildDesign(table: Table, opts: DataOptions & { task: 'regression' | 'classification' }): Design {
  const file = table.file;
  const nAll = table.nRows;
  const notes: string[] = [];
  const target = findColumn(table, opts.target, 'target');
  const foldCol = opts.foldColumn ? findColumn(table, opts.foldColumn, 'fold') : null;
  if (foldCol === target) {
    throw new UserError(`${file}: the column "${target.name}" cannot be both the target and the fold column; choose another fold column.`);
  }

  const features = selectFeatures(table, opts.features, target, foldCol, notes);

  const { y: yAll, classes } = targetValues(table, target, opts.task, opts.positiveClass);

  // Rows: the target is always required; features too under policy 'drop'; the fold label if any.
  const keep = new Uint8Array(nAll);
  const droppedTarget: number[] = [];
  const droppedFeature: number[] = [];
  const droppedFold: number[] = [];
  let nTarget = 0, nFeature = 0, nFold = 0;
  let n = 0;
  for (let i = 0; i < nAll; i++) {
    if (yAll[i] !== yAll[i]) { if (nTarget++ < 5) droppedTarget.push(table.lineOfRow[i]); continue; }
    if (foldCol && isMissingAt(foldCol, i)) { if (nFold++ < 5) droppedFold.push(table.lineOfRow[i]); continue; }
    if (opts.missing === 'drop') {
      let miss = false;
      for (const c of features) if (isMissingAt(c, i)) { miss = true; break; }
      if (miss) { if (nFeature++ < 5) droppedFeature.push(table.lineOfRow[i]); continue; }
    }
    keep[i] = 1;
    n++;
  }
  if (nTarget) notes.push(`Dropped ${nTarget} row${nTarget === 1 ? '' : 's'} with a missing target (line${nTarget === 1 ? '' : 's'} ${listLines(droppedTarget, nTarget)}).`);
  if (nFold) notes.push(`Dropped ${nFold} row${nFold === 1 ? '' : 's'} with a missing fold label (line${nFold === 1 ? '' : 's'} ${listLines(droppedFold, nFold)}).`);
  if (nFeature) notes.push(`Dropped ${nFeature} row${nFeature === 1 ? '' : 's'} with missing feature values (line${nFeature === 1 ? '' : 's'} ${listLines(droppedFeature, nFeature)}).`);
  if (n < 2) {
    throw new UserError(
      `${file}: only ${n} usable row${n === 1 ? '' : 's'} (${nAll - n} of ${nAll} dropped for missing values); at least 2 are needed. Choose other columns${opts.missing === 'drop' ? ' or the missing policy "mean"' : ''}.`,
    );
  }
  const rows = new Int32Array(n);
  for (let i = 0, m = 0; i < nAll; i++) if (keep[i]) rows[m++] = i;

  // Design columns.
  type Plan = { name: string; source: TableColumn; level: number };
  const plan: Plan[] = [];
  for (const c of features) if (c.kind === 'numeric' || c.kind === 'boolean') plan.push({ name: c.name, source: c, level: -1 });
  for (const c of features) {
    if (c.kind !== 'categorical') continue;
    const present = new Uint8Array(c.levels!.length);
    for (let m = 0; m < n; m++) { const k = c.codes![rows[m]]; if (k >= 0) present[k] = 1; }
    const used: number[] = [];
    for (let k = 0; k < present.length; k++) if (present[k]) used.push(k);
    if (used.length < 2) {
      notes.push(`Column "${c.name}" has ${used.length === 1 ? `only the level "${c.levels![used[0]]}"` : 'no values'} in the rows used; it adds no design column.`);
      continue;
    }
    for (let t = 1; t < used.length; t++) plan.push({ name: `${c.name}=${c.levels![used[t]]}`, source: c, level: used[t] });
  }
  const p = plan.length;
  const x = sharedFloat64(n * p);
  let hasMissing = false;
  for (let j = 0; j < p; j++) {
    const { source, level } = plan[j];
    const off = j * n;
    if (level < 0) {
      const v = source.values!;
      for (let m = 0; m < n; m++) {
        const val = v[rows[m]];
        if (val !== val) hasMissing = true;
        x[off + m] = val;
      }
    } else {
      const codes = source.codes!;
      for (let m = 0; m < n; m++) {
        const k = codes[rows[m]];
        // A missing category is missing in every indicator (imputed later under policy 'mean').
        if (k < 0) { x[off + m] = NaN; hasMissing = true; } else x[off + m] = k === level ? 1 : 0;
      }
    }
  }

  const y = sharedFloat64(n);
  const rowLines = new Int32Array(n);
  for (let m = 0; m < n; m++) { y[m] = yAll[rows[m]]; rowLines[m] = table.lineOfRow[rows[m]]; }
  if (opts.task === 'regression' && y.every((v) => v === y[0])) {
    // Every fit would return zero coefficients and a perfect R² on any split: nothing to learn.
    throw new UserError(
      `${file}: the target column "${target.name}" is constant (every used row has ${formatNumber(y[0])}), so there is nothing to predict; choose another target.`,
    );
  }

  let foldIds: Int32Array | null = null;
  if (foldCol) foldIds = foldIdsFromColumn(table, foldCol, rows);

  return {
    file, n, p, x, y,
    columns: plan.map((d) => d.name),
    sourceOf: plan.map((d) => d.source.name),
    rowLines,
    rowsDropped: nAll - n,
    foldIds,
    classes,
    hasMissing,
    notes,
  };
}

/**
 * A zeroed Float64Array in a SharedArrayBuffer where the engine has one: the Gram and fold threads
 * (src/worker/gramPool.ts, cvPool.ts) then read the design where it is instead of copying it first
 * (~35 ms per 80 MB, as long as the Gram of S1 itself takes on two threads).
 */
function sharedFloat64(length: number): Float64Array {
  return typeof SharedArrayBuffer === 'function' ? new Float64Array(new SharedArrayBuffer(length * 8)) : new Float64Array(length);
}

/** User fold labels of the kept rows -> 0..K-1 in sorted label order (numbers numerically). */
function foldIdsFromColumn(table: Table, col: TableColumn, rows: Int32Array): Int32Array {
  const n = rows.length;
  const ids = new Int32Array(n);
  let k: number;
  if (col.values) {
    const v = col.values;
    const labels = [...new Set(Array.from(rows, (i) => v[i]))].sort((a, b) => a - b);
    const idOf = new Map(labels.map((l, r) => [l, r]));
    for (let m = 0; m < n; m++) ids[m] = idOf.get(v[rows[m]])!;
    k = labels.length;
  } else {
    const c = col.codes!;
    const labels = [...new Set(Array.from(rows, (i) => c[i]))].sort((a, b) => a - b); // codes follow sorted levels
    const idOf = new Map(labels.map((l, r) => [l, r]));
    for (let m = 0; m < n; m++) ids[m] = idOf.get(c[rows[m]])!;
    k = labels.length;
  }
  if (k < 2) {
    throw new UserError(`${table.file}: the fold column "${col.name}" has ${k} distinct label${k === 1 ? '' : 's'} in the rows used; cross-validation needs at least 2 folds.`);
  }
  return ids;
}

/** Fills NaN cells of each design column with the mean of that column over `trainRows` (in place). */
export function imputeMeans(design: Design, trainRows: Int32Array): void {
  const { n, p, x } = design;
  for (let j = 0; j < p; j++) {
    const off = j * n;
    let missing = 0;
    for (let m = 0; m < n; m++) if (x[off + m] !== x[off + m]) missing++;
    if (missing === 0) continue;
    let sum = 0;
    let count = 0;
    for (let t = 0; t < trainRows.length; t++) {
      const v = x[off + trainRows[t]];
      if (v === v) { sum += v; count++; }
    }
    if (count === 0) {
      throw new UserError(
        `${design.file}: design column "${design.columns[j]}" has no values in the training rows, so its missing cells cannot be filled with a mean; drop that feature or use the missing policy "drop".`,
      );
    }
    const mean = sum / count;
    for (let m = 0; m < n; m++) if (x[off + m] !== x[off + m]) x[off + m] = mean;
    design.notes.push(`Filled ${missing} missing cell${missing === 1 ? '' : 's'} of "${design.columns[j]}" with its training mean ${formatNumber(mean)}.`);
  }
  design.hasMissing = false;
}
