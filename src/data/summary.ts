import type { ColumnInfo, DatasetSummary } from '../protocol';
import type { Table } from './types';
import { NO_HEADER_HINT, headerLooksLikeData } from './design';

const TARGET_NAMES = ['y', 'target', 'label', 'outcome'];

/** What the panel's setup form and `inspect` show about a parsed table. */
export function summarizeTable(table: Table): DatasetSummary {
  const columns: ColumnInfo[] = table.columns.map((c) => {
    const info: ColumnInfo = { name: c.name, kind: c.kind, missing: c.missing, distinct: c.distinct };
    if (c.kind === 'categorical' && c.levels) info.levels = c.levels.slice();
    if (c.kind === 'boolean' && c.booleanLabels) info.levels = c.booleanLabels.slice();
    if (c.reason) info.reason = c.reason;
    return info;
  });
  let defaultTarget: string | undefined;
  for (const want of TARGET_NAMES) {
    const hit = table.columns.find((c) => c.name.toLowerCase() === want);
    if (hit) { defaultTarget = hit.name; break; }
  }
  if (!defaultTarget) {
    for (let j = table.columns.length - 1; j >= 0; j--) {
      if (table.columns[j].kind === 'numeric') { defaultTarget = table.columns[j].name; break; }
    }
  }
  const summary: DatasetSummary = { file: table.file, rows: table.nRows, delimiter: table.delimiter, columns, notes: table.notes.slice() };
  if (headerLooksLikeData(table)) summary.notes.push(NO_HEADER_HINT);
  if (defaultTarget !== undefined) summary.defaultTarget = defaultTarget;
  return summary;
}
