/** Shapes of the data layer (re-exported by src/data/index.ts). */

export interface TableColumn {
  name: string;
  /** 0-based position in the file. */
  index: number;
  kind: 'numeric' | 'boolean' | 'categorical' | 'excluded';
  /** Numeric and boolean (0/1) columns, and numeric columns excluded as constant: NaN = missing. */
  values: Float64Array | null;
  /** Text columns (categorical, boolean, excluded text): index into levels, -1 = missing. */
  codes: Int32Array | null;
  /** The distinct strings of a text column, sorted (JS string order). */
  levels: string[] | null;
  /** Missing cells (empty or a missing token). */
  missing: number;
  /** Distinct non-missing values (for booleans: of the 0/1 values); numeric columns count up to 1000. */
  distinct: number;
  /** Numeric columns with more than 1000 distinct values (distinct then says 1000). */
  distinctCapped?: boolean;
  /** Why the column cannot be a feature (kind 'excluded'). */
  reason?: string;
  /** Boolean columns: the original spellings read as false and as true, e.g. ['no', 'yes']. */
  booleanLabels?: [string, string];
}

export interface Table {
  file: string;
  nRows: number;
  delimiter: string;
  columns: TableColumn[];
  /** 1-based line number in the file (as an editor shows it) of each data row. */
  lineOfRow: Int32Array;
  notes: string[];
}

export interface ParseOptions {
  /** Display name used in messages; a `.tsv` extension selects tab as the delimiter. */
  file: string;
  missingTokens?: string[];
  maxCategoricalLevels?: number;
  skipBadRows?: boolean;
  /** Forces the delimiter instead of detecting it among , ; tab |. */
  delimiter?: string;
  onProgress?: (rowsParsed: number, fraction?: number) => void;
}

export interface Design {
  file: string;
  n: number;
  p: number;
  /** n x p, column-major (column j at offset j * n). NaN only with missing policy 'mean' before imputeMeans. */
  x: Float64Array;
  y: Float64Array;
  /** Design column names; one-hot columns are `column=level`. */
  columns: string[];
  /** Source column of each design column. */
  sourceOf: string[];
  /** File line of each design row. */
  rowLines: Int32Array;
  rowsDropped: number;
  /** From DataOptions.foldColumn: labels in sorted order -> 0..K-1. */
  foldIds: Int32Array | null;
  /** Classification: [negative, positive] as written in the file. */
  classes: [string, string] | null;
  hasMissing: boolean;
  notes: string[];
}

export const DEFAULT_MISSING_TOKENS: readonly string[] = ['', 'NA', 'NaN', 'nan', 'null', 'NULL', 'N/A', 'n/a', 'None'];
export const DEFAULT_MAX_CATEGORICAL_LEVELS = 20;
