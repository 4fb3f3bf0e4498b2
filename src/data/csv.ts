/**
 * CSV text or bytes -> typed columns. Input arrives in pieces (one string, byte chunks of a file, or
 * decoded chunks). A piece of plain ASCII without quote characters is read by scanBytes straight
 * from its bytes (no decoding; numbers parsed from the bytes, exactly as Number() would; cells cut
 * out as strings only when they are not plain decimals); any other piece goes to papaparse's core
 * Parser (its quote-aware loop). Both give the same records, and every cell goes straight into a
 * growable Float64Array while its column still parses as numeric, else into dictionary codes. No
 * array of row objects is ever built. In row-sink mode (RowSink) each piece's rows are handed on and
 * forgotten, for files larger than memory.
 */
import Papa from 'papaparse';
import { UserError } from '../errors';
import type { StreamDecoder } from './decode';
import { DEFAULT_MAX_CATEGORICAL_LEVELS, DEFAULT_MISSING_TOKENS, type ParseOptions, type Table, type TableColumn } from './types';

/** Characters handed to papaparse per call. */
let PIECE_CHARS = 1 << 20;
/** Characters looked at to detect the delimiter and the line ending. */
let SNIFF_CHARS = 1 << 16;
const SNIFF_RECORDS = 50;
/** Distinct numeric values are counted up to this many. */
const DISTINCT_CAP = 1000;
const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'];

const NUMERIC = 0;
const TEXT = 1;

/** Delimiters papaparse refuses (it falls back to a comma): such pieces stay with papaparse. */
const PAPA_BAD_DELIMITERS = ['\r', '\n', '"', '\ufeff'];
/** Text levels a column collects in row-sink mode; beyond this it is high-cardinality for sure. */
const SINK_MAX_LEVELS = 100000;

/**
 * Row-sink mode: the rows of each parsed piece (about a megabyte of text) are handed to the sink
 * and then forgotten, so memory does not grow with the file. Column j's cells of the piece are
 * values[j][0..n) while the column is numeric (NaN = missing), else codes[j][0..n) into levels[j]
 * (-1 = missing); lineOfRow[0..n) are their file lines.
 */
export interface RowPiece {
  /** Column names from the header (the same array every piece). */
  names: string[];
  n: number;
  values: (Float64Array | null)[];
  codes: (Int32Array | null)[];
  levels: (string[] | null)[];
  lineOfRow: Int32Array;
}
export type RowSink = (piece: RowPiece) => void;

/** A table read in row-sink mode: column verdicts without values or codes (lineOfRow is empty). */
export interface StreamedTable extends Table {
  /** Text columns that had numbers handed on before their first text cell (level counts are lower bounds). */
  partialLevels: Set<string>;
}

/** Kinds of a field found by scanBytes, acted on once its record is known to be complete. */
const FIELD_DONE = 0;
const FIELD_BIG = 1;
const FIELD_COMMA = 2;
const FIELD_POINT = 3;
const FIELD_SLOW = 4;

let plainScanner = true;
/** Test hook: false sends every piece through papaparse (the reference the plain scanner must equal). */
export function usePlainScanner(on: boolean): void {
  plainScanner = on;
}
/** Test hook: smaller sniff and piece sizes, so that small inputs cross pieces and reach byte mode. */
export function setPieceSizes(sniffChars = 1 << 16, pieceChars = 1 << 20): void {
  SNIFF_CHARS = sniffChars;
  PIECE_CHARS = pieceChars;
}

const INF_NAN = /^[+-]?(inf|infinity|nan)$/i;
// "3,5", "-3,", ",5", "3,5e2": decimal comma (semicolon files only).
const DECIMAL_COMMA = /^[+-]?(\d+,\d*|,\d+)([eE][+-]?\d+)?$/;
// "1,234", "-12,345,678.25": thousands separators.
const THOUSANDS = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;

const TRUE_WORDS = new Set(['true', 'yes', 't', 'y']);
const FALSE_WORDS = new Set(['false', 'no', 'f', 'n']);

export const delimiterName = (d: string): string =>
  d === ',' ? 'comma' : d === ';' ? 'semicolon' : d === '\t' ? 'tab' : d === '|' ? 'pipe' : JSON.stringify(d);

/**
 * "-12.375"-style cells (sign, at most 15 digits, optional point, no exponent) without the generic
 * string-to-number conversion: the digits form an exact integer m < 2^53 and m / 10^k with k <= 22
 * is one correctly rounded division (Clinger's fast path), so the result equals +s. Anything else
 * goes to toNumber(). Returns NaN when the fast path does not apply.
 */
function parseDecimal(s: string, commaIsPoint: boolean): number {
  separatorSeen = 0;
  const len = s.length;
  if (len === 0 || len > 17) return len === 0 ? NaN : generalDecimal(s, commaIsPoint);
  let i = 0;
  let neg = false;
  let c = s.charCodeAt(0);
  if (c === 45) { neg = true; i = 1; } else if (c === 43) i = 1;
  let m = 0;
  let digits = 0;
  let frac = -1;
  for (; i < len; i++) {
    c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) { m = m * 10 + (c - 48); digits++; }
    else if (frac < 0 && (c === 46 || (c === 44 && commaIsPoint))) { frac = i; separatorSeen = c; }
    else { separatorSeen = 0; return generalDecimal(s, commaIsPoint); }
  }
  if (digits === 0) return NaN;
  if (digits > 15) return toNumber(s);
  const k = frac < 0 ? 0 : len - 1 - frac;
  const v = k === 0 ? m : m / POW10[k];
  return neg ? -v : v;
}
/** parseDecimal's fallback: the generic conversion ("1.5e3", long digit strings). */
function generalDecimal(s: string, commaIsPoint: boolean): number {
  const v = toNumber(s);
  if (commaIsPoint && v === v && s.indexOf('.') >= 0) separatorSeen = 46;
  return v;
}

/** Set by parseDecimal: the decimal separator it read (46 '.', 44 ','), or 0. */
let separatorSeen = 0;
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

// Error-free transformations (Dekker 1971, "A floating-point technique for extending the available
// precision"; Knuth TAOCP vol. 2, 4.2.2): a*b = prodHi + prodLo and a+b = sumHi + sumLo exactly.
let prodLo = 0;
function twoProduct(a: number, b: number): number {
  const p = a * b;
  let c = 134217729 * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = 134217729 * b;
  const bh = c - (c - b);
  const bl = b - bh;
  prodLo = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  return p;
}

const bitsF64 = new Float64Array(1);
const bitsU32 = new Uint32Array(bitsF64.buffer);
bitsF64[0] = 1;
/** The neighbour arithmetic below reads the low mantissa word as bitsU32[0] (little-endian). */
const LITTLE_ENDIAN = bitsU32[1] === 0x3ff00000;

/**
 * (head * 10^tailDigits + tail) / 10^scale correctly rounded, for a decimal of 16 to 19 digits
 * (head: the first 15, tail: the other tailDigits), or NaN when this cannot decide (the caller
 * then uses Number() on the text). Why it is exact: the integer M = head * 10^t + tail (< 2^64)
 * is held exactly as Mh + Ml; q0 = fl(Mh / 10^scale) is within one unit in the last place of the
 * true quotient, and the remainder r = M - q0 * 10^scale is computed with an absolute error below
 * 2^-48 of half a unit of q0 scaled by 10^scale (Mh - t is exact by Sterbenz' lemma). The answer
 * is q0 or a neighbour according to which side of the half-unit points r falls; when r is within
 * 2^-20 of such a point (ties included), or q0 is a power of two (unequal neighbour gaps), NaN.
 */
export function longDecimal(head: number, tailDigits: number, tail: number, scale: number): number {
  if (scale > 22 || !LITTLE_ENDIAN) return NaN;
  const P = POW10[scale];
  const p = twoProduct(head, POW10[tailDigits]);
  const pe = prodLo;
  const s = p + tail;
  const bb = s - p;
  const se = (p - (s - bb)) + (tail - bb);
  const small = se + pe; // integers below 2^12 in magnitude: exact
  const Mh = s + small;
  const Ml = small - (Mh - s);
  const q0 = Mh / P;
  const t = twoProduct(q0, P);
  const r = ((Mh - t) - prodLo) + Ml;
  bitsF64[0] = q0;
  const lowWord = bitsU32[0];
  if (lowWord === 0 || lowWord === 0xffffffff || !(q0 > 0) || q0 === Infinity) return NaN;
  bitsU32[0] = lowWord + 1;
  const up = bitsF64[0];
  const half = (up - q0) * 0.5 * P;
  const margin = half * 9.5367431640625e-7; // 2^-20
  const a = r < 0 ? -r : r;
  if (a < half - margin) return q0;
  if (a > half + margin && a < 3 * half - margin) {
    if (r > 0) return up;
    bitsU32[0] = lowWord - 1;
    return bitsF64[0];
  }
  return NaN;
}

/** A plain decimal literal as a number; NaN for anything else (hex, binary, octal, words). */
function toNumber(s: string): number {
  const len = s.length;
  if (len === 0) return NaN;
  const c0 = s.charCodeAt(0);
  // digit, '+', '-', '.'
  if (!((c0 >= 48 && c0 <= 57) || c0 === 43 || c0 === 45 || c0 === 46)) return NaN;
  if (c0 === 48 && len > 2) {
    const c1 = s.charCodeAt(1) | 0x20;
    if (c1 === 120 || c1 === 98 || c1 === 111) return NaN; // 0x.., 0b.., 0o..
  }
  return +s;
}

class ColumnBuilder {
  mode = NUMERIC;
  values: Float64Array;
  codes: Int32Array | null = null;
  dict: Map<string, number> | null = null;
  levels: string[] | null = null;
  missing = 0;
  // Number formats seen while numeric (why: "1,234" and "3,5" count only if the whole column agrees).
  thousands = 0;
  thousandsExample = '';
  plainBig = 0;
  plainBigExample = '';
  decimalComma = 0;
  decimalCommaExample = '';
  decimalPoint = 0;
  decimalPointExample = '';
  /** First cell that would be numeric but is not finite (1e309, Inf). */
  bad: { line: number; text: string } | null = null;
  // Row-sink mode (rows handed on and forgotten): what finishing needs, kept across pieces.
  /** Missing cells of the rows already handed on. */
  missingSoFar = 0;
  /** Distinct numeric values of the rows already handed on (counted up to DISTINCT_CAP + 1). */
  seen: Set<number> | null = null;
  firstValue = NaN;
  /** Rows already handed on while this column was numeric (their spellings are lost if it turns text). */
  numericRowsHandedOn = 0;
  /** Levels stopped being collected (row-sink mode, more than SINK_MAX_LEVELS). */
  levelsCapped = false;

  constructor(readonly name: string, readonly index: number, capacity: number) {
    this.values = new Float64Array(capacity);
  }

  grow(capacity: number, n: number): void {
    if (this.mode === NUMERIC) {
      const v = new Float64Array(capacity);
      v.set(this.values.subarray(0, n));
      this.values = v;
    } else {
      const c = new Int32Array(capacity);
      c.set(this.codes!.subarray(0, n));
      this.codes = c;
    }
  }

  /** The first n cells were numbers; from now on the column is text. */
  toText(n: number, capacity: number): void {
    this.mode = TEXT;
    const codes = new Int32Array(capacity);
    const dict = new Map<string, number>();
    const levels: string[] = [];
    let missing = 0;
    for (let i = 0; i < n; i++) {
      const v = this.values[i];
      if (v !== v) { codes[i] = -1; missing++; continue; }
      // The original spelling of earlier numeric cells is gone; String(v) stands in for it.
      const s = String(v);
      let code = dict.get(s);
      if (code === undefined) { code = levels.length; dict.set(s, code); levels.push(s); }
      codes[i] = code;
    }
    this.codes = codes;
    this.dict = dict;
    this.levels = levels;
    this.missing = missing;
    this.values = new Float64Array(0);
    this.bad = null;
  }
}

type Piece = string[][];

/** Consumes text pieces; `finish()` returns the typed table. */
export class CsvReader {
  private readonly file: string;
  private readonly missingTokens: Set<string>;
  private readonly tokensLookNumeric: boolean;
  private readonly maxLevels: number;
  private readonly skipBadRows: boolean;
  private readonly onProgress?: (rows: number, fraction?: number) => void;
  private delimiter: string | null;
  private newline: '\n' | '\r\n' | '\r' = '\n';
  private parser: Papa.Parser | null = null;
  /** Unparsed text; always starts at a record boundary. */
  private pending = '';
  /** Line number of the first character of `pending`. */
  private line = 1;
  private nextParseAt = SNIFF_CHARS;
  private started = false;
  private columns: ColumnBuilder[] | null = null;
  private n = 0;
  private capacity = 0;
  private lineOfRow = new Int32Array(0);
  private readonly notes: string[] = [];
  private raggedCount = 0;
  private readonly raggedLines: number[] = [];
  private raggedExample = '';
  private malformedQuoteLines: number[] = [];
  private sawAnyText = false;
  /** Size of the whole input in characters (or bytes) when known: presizes the columns. */
  private readonly expectedChars: number;
  private parsedChars = 0;
  /** scanBytes's per-record scratch: field bounds and kinds (FIELD_*), sized to the header. */
  private fieldStart = new Int32Array(0);
  private fieldEnd = new Int32Array(0);
  private fieldKind = new Uint8Array(0);
  /** Set by scanBytes: start of the record where it met a quote, NUL or non-ASCII byte, else -1. */
  private scanStoppedAt = -1;
  /** Reading bytes directly (pushBytes) instead of decoded text; `pendingBytes` is then the unread rest. */
  private byteMode = false;
  private byteModeOver = false;
  private pendingBytes: Uint8Array = new Uint8Array(0);

  /** Rows handed to the sink so far (row-sink mode). */
  private rowsHandedOn = 0;
  private columnNames: string[] | null = null;

  constructor(opts: ParseOptions, expectedChars = 0, private readonly sink: RowSink | null = null) {
    this.file = opts.file;
    const tokens = opts.missingTokens ?? DEFAULT_MISSING_TOKENS;
    this.missingTokens = new Set(tokens.map((t) => t.trim()));
    this.tokensLookNumeric = [...this.missingTokens].some((t) => toNumber(t) === toNumber(t));
    this.maxLevels = opts.maxCategoricalLevels ?? DEFAULT_MAX_CATEGORICAL_LEVELS;
    this.skipBadRows = !!opts.skipBadRows;
    this.onProgress = opts.onProgress;
    this.delimiter = opts.delimiter ?? (/\.tsv$/i.test(opts.file) ? '\t' : null);
    // Row-sink mode holds one piece at a time: no columns sized for the whole input.
    this.expectedChars = sink ? 0 : Math.min(expectedChars, 2 ** 31);
  }


  /** Whether quote-free ASCII pieces can be read by scanBytes (papaparse keeps odd delimiters). */
  private scannable(): boolean {
    const d = this.delimiter;
    return plainScanner && d !== null && d.length === 1 && d.charCodeAt(0) < 128 && PAPA_BAD_DELIMITERS.indexOf(d) < 0;
  }

  /**
   * Adds bytes of the input. Once the header is read, while the decoder would pass ASCII through
   * unchanged (UTF-8 or windows-1252, no partial character held), plain ASCII bytes go straight to
   * scanBytes without being decoded; from the first quote, NUL or non-ASCII byte on, the rest is
   * decoded and read as text (push), as before.
   */
  pushBytes(chunk: Uint8Array, decoder: StreamDecoder, fraction?: number): void {
    if (!this.byteMode && !this.byteModeOver && this.columns && this.scannable() && decoder.passesAsciiThrough()) {
      const bytes = plainAscii(this.pending);
      if (bytes) {
        this.byteMode = true;
        this.pendingBytes = bytes;
        this.pending = '';
      } else {
        this.byteModeOver = true;
      }
    }
    if (!this.byteMode) {
      this.push(decoder.push(chunk), fraction);
      return;
    }
    const buf = this.pendingBytes.length ? concatBytes(this.pendingBytes, chunk) : chunk;
    const cursor = this.scanBytes(buf, null, false);
    if (this.scanStoppedAt >= 0) {
      this.leaveByteMode();
      this.push(decoder.push(buf.subarray(cursor)), fraction);
      return;
    }
    this.pendingBytes = buf.slice(cursor);
    this.handOn();
    if (this.onProgress) this.onProgress(this.rowsHandedOn + this.n, fraction);
  }

  /** The end of pushBytes' input: the last record, then what the decoder still holds. */
  endBytes(decoder: StreamDecoder): void {
    if (this.byteMode) {
      const buf = this.pendingBytes;
      this.pendingBytes = new Uint8Array(0);
      const cursor = this.scanBytes(buf, null, true);
      if (this.scanStoppedAt >= 0) {
        this.leaveByteMode();
        this.push(decoder.push(buf.subarray(cursor)));
      }
    }
    this.push(decoder.end());
  }

  private leaveByteMode(): void {
    this.byteMode = false;
    this.byteModeOver = true;
    this.pendingBytes = new Uint8Array(0);
  }

  /** Adds text; `fraction` (0..1) of the input consumed so far feeds onProgress. */
  push(text: string, fraction?: number): void {
    if (this.byteMode) {
      // Text after bytes: the unread bytes (ASCII) come first.
      const rest = this.pendingBytes;
      this.leaveByteMode();
      this.pending = asciiString(rest, 0, rest.length);
    }
    if (!text) return;
    if (!this.sawAnyText) {
      this.sawAnyText = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const nul = text.indexOf('\0');
    if (nul >= 0) this.failNul(this.pending + text.slice(0, nul));
    this.pending += text;
    if (this.pending.length >= this.nextParseAt) this.parsePending(false, fraction);
  }

  finish(extraNotes: string[] = []): Table {
    this.notes.push(...extraNotes);
    this.parsePending(true, 1);
    return this.build();
  }

  private failNul(before: string): never {
    let line = this.line;
    // Line breaks are \n or \r\n, or \r alone in old Mac files.
    const nl = before.indexOf('\n') < 0 && before.indexOf('\r') >= 0 ? '\r' : '\n';
    for (let i = before.indexOf(nl); i >= 0; i = before.indexOf(nl, i + 1)) line++;
    throw new UserError(
      `${this.file} line ${line}: the file contains a NUL byte, so it is not a text CSV (perhaps UTF-16 without a byte order mark, or a binary file); save it as UTF-8 CSV.`,
    );
  }

  private start(isLast: boolean): void {
    this.started = true;
    // Excel's "sep=;" first line names the delimiter and is not the header.
    const hint = /^sep=([^\r\n])(\r\n|\n|\r)/.exec(this.pending);
    if (hint) {
      if (this.delimiter === null) this.delimiter = hint[1];
      this.pending = this.pending.slice(hint[0].length);
      this.line++;
    }
    const sample = this.pending.slice(0, SNIFF_CHARS);
    this.newline = guessNewline(sample);
    if (this.delimiter === null) {
      this.delimiter = detectDelimiter(sample, this.newline, isLast && this.pending.length <= SNIFF_CHARS);
      if (this.delimiter !== ',') this.notes.push(`Delimiter detected: ${delimiterName(this.delimiter)}.`);
    }
    this.parser = new Papa.Parser({ delimiter: this.delimiter, newline: this.newline, quoteChar: '"' });
  }

  private parsePending(isLast: boolean, fraction?: number): void {
    if (!this.started) {
      if (!isLast && this.pending.length < SNIFF_CHARS) return;
      this.start(isLast);
    }
    const input = this.pending;
    if (!input) return;
    if (this.scannable()) {
      const bytes = plainAscii(input);
      if (bytes) {
        const cursor = this.scanBytes(bytes, input, isLast);
        if (isLast) {
          this.pending = '';
        } else {
          this.pending = input.slice(cursor);
          this.nextParseAt = Math.max(PIECE_CHARS, 2 * this.pending.length);
        }
        this.handOn();
    if (this.onProgress) this.onProgress(this.rowsHandedOn + this.n, fraction);
        return;
      }
    }
    const res = this.parser!.parse(input, 0, !isLast) as { data: Piece; errors: Papa.ParseError[]; meta: { cursor: number } };
    const hasQuotes = input.indexOf('"') >= 0;
    let unclosedRow = -1;
    let unclosedIndex = 0;
    const malformedRows: number[] = [];
    for (const e of res.errors) {
      if (e.code === 'MissingQuotes') { unclosedRow = e.row ?? -1; unclosedIndex = e.index ?? 0; }
      else if (e.code === 'InvalidQuotes' && e.row !== undefined && e.row < res.data.length) malformedRows.push(e.row);
    }
    if (unclosedRow >= 0) {
      let line = this.line;
      const before = input.slice(0, Math.max(0, unclosedIndex - 1));
      const nl = this.newline === '\r' ? '\r' : '\n';
      for (let i = before.indexOf(nl); i >= 0; i = before.indexOf(nl, i + 1)) line++;
      throw new UserError(
        `${this.file} line ${line}: a quoted field opens here and is never closed; add the missing closing quote (") or remove the stray one.`,
      );
    }
    this.parsedChars = res.meta.cursor || input.length;
    this.consume(res.data, hasQuotes, malformedRows);
    if (isLast) {
      this.pending = '';
    } else {
      const cursor = res.meta.cursor;
      this.pending = input.slice(cursor);
      // A very long record (e.g. an unclosed quote) is re-parsed only after the text has doubled.
      this.nextParseAt = Math.max(PIECE_CHARS, 2 * this.pending.length);
    }
    this.handOn();
    if (this.onProgress) this.onProgress(this.rowsHandedOn + this.n, fraction);
  }

  /** Appends parsed records; `malformed` lists record indices papaparse flagged for stray quotes. */
  private consume(data: Piece, hasQuotes: boolean, malformed: number[]): void {
    const nlChar = this.newline === '\r' ? '\r' : '\n';
    let r = 0;
    if (!this.columns) {
      // Header: the first record that is not a blank line.
      while (r < data.length && isBlank(data[r])) { this.line += 1 + (hasQuotes ? newlinesIn(data[r], nlChar) : 0); r++; }
      if (r === data.length) return;
      this.makeColumns(data[r]);
      this.line += 1 + (hasQuotes ? newlinesIn(data[r], nlChar) : 0);
      r++;
    }
    const cols = this.columns!;
    const ncol = cols.length;
    // Numeric missing tokens must be looked up before a cell is read as a number.
    const plainNumbers = !this.tokensLookNumeric;
    // Semicolon files may write decimal commas; which separator each column uses is counted.
    const semicolon = this.delimiter === ';';
    const need = this.n + (data.length - r);
    if (need > this.capacity) {
      let capacity = Math.max(need, this.capacity * 2, 1024);
      // First piece: size the columns for the whole input from this piece's characters per record.
      if (this.capacity === 0 && this.expectedChars > 0 && data.length > 0 && this.parsedChars > 0) {
        capacity = Math.max(capacity, Math.ceil((1.05 * this.expectedChars * data.length) / this.parsedChars) + 16);
      }
      this.growTo(capacity);
    }
    const vals: (Float64Array | null)[] = cols.map((c) => (c.mode === NUMERIC ? c.values : null));
    for (; r < data.length; r++) {
      const rec = data[r];
      const line = this.line;
      this.line += 1 + (hasQuotes ? newlinesIn(rec, nlChar) : 0);
      if (malformed.length && malformed.indexOf(r) >= 0 && this.malformedQuoteLines.length < 5) this.malformedQuoteLines.push(line);
      if (rec.length === 1 && isBlank(rec)) continue;
      if (rec.length !== ncol) {
        this.raggedCount++;
        if (this.raggedLines.length < 5) this.raggedLines.push(line);
        if (!this.raggedExample) this.raggedExample = `line ${line} has ${rec.length} field${rec.length === 1 ? '' : 's'}`;
        continue;
      }
      if (this.raggedCount > 0 && !this.skipBadRows) continue; // already failing: only count the rest
      const i = this.n;
      for (let j = 0; j < ncol; j++) {
        const cell = rec[j];
        // Fast path: a plain finite decimal in a numeric column (the common case of big files).
        const v = plainNumbers && vals[j] !== null ? parseDecimal(cell, semicolon) : NaN;
        if (v - v === 0) {
          vals[j]![i] = v;
          if (semicolon) {
            if (separatorSeen === 44) { const c = cols[j]; if (c.decimalComma++ === 0) c.decimalCommaExample = cell; }
            else if (separatorSeen === 46) { const c = cols[j]; if (c.decimalPoint++ === 0) c.decimalPointExample = cell; }
          } else if (v >= 1000 || v <= -1000) { const c = cols[j]; if (c.plainBig++ === 0) c.plainBigExample = cell; }
          continue;
        }
        const c = cols[j];
        this.addCell(c, cell, i, line);
        vals[j] = c.mode === NUMERIC ? c.values : null;
      }
      this.lineOfRow[i] = line;
      this.n = i + 1;
    }
  }

  /**
   * Records read straight from ASCII bytes without quote characters: records end at the newline,
   * fields at the delimiter (what papaparse's fast mode does with split()), and a plain decimal in
   * a numeric column becomes a number without a substring (parseDecimal's fast path: at most 15
   * digits and 17 characters, so m / 10^k is one correctly rounded division). Every other cell is
   * cut out and takes storeCell's path, the same as consume's. A record's fields are committed
   * only once it is known to be whole and to have the header's field count.
   * `text` is the same characters as a string when there is one (cells are sliced from it).
   * Returns the cursor: the start of the unfinished last record (all of buf when isLast). A quote,
   * a NUL or a non-ASCII byte stops the scan at the start of its record and sets scanStoppedAt,
   * so that the caller hands the rest to the decoder and papaparse.
   */
  private scanBytes(buf: Uint8Array, text: string | null, isLast: boolean): number {
    this.scanStoppedAt = -1;
    const len = buf.length;
    const nlByte = this.newline === '\r' ? 13 : 10;
    const crlf = this.newline === '\r\n';
    const nlLen = crlf ? 2 : 1;
    const delimiter = this.delimiter!;
    const delim = delimiter.charCodeAt(0);
    const cut = (a: number, b: number) => (text !== null ? text.slice(a, b) : asciiString(buf, a, b));
    let pos = 0;
    if (!this.columns) {
      // Header: the first record that is not a blank line.
      while (!this.columns) {
        let end = recordEnd(buf, pos, nlByte, crlf);
        if (end < 0) {
          if (!isLast) return pos;
          end = len;
        }
        for (let k = pos; k < end; k++) {
          const c = buf[k];
          if (c === 34 || c === 0 || c >= 128) { this.scanStoppedAt = pos; return pos; }
        }
        const fields = cut(pos, end).split(delimiter);
        if (isBlank(fields)) this.line++;
        else { this.makeColumns(fields); this.line++; }
        pos = end + nlLen;
        if (end === len) return len;
      }
    }
    const cols = this.columns!;
    const ncol = cols.length;
    if (this.capacity === 0) {
      // First data: size the columns for the whole input from this piece's bytes per record.
      let records = 1;
      for (let k = buf.indexOf(nlByte, pos); k >= 0; k = buf.indexOf(nlByte, k + 1)) records++;
      let capacity = Math.max(records, 1024);
      if (this.expectedChars > 0 && len > pos) capacity = Math.max(capacity, Math.ceil((1.05 * this.expectedChars * records) / (len - pos)) + 16);
      this.growTo(capacity);
    }
    if (this.fieldKind.length !== ncol) {
      this.fieldStart = new Int32Array(ncol);
      this.fieldEnd = new Int32Array(ncol);
      this.fieldKind = new Uint8Array(ncol);
    }
    const fieldStart = this.fieldStart;
    const fieldEnd = this.fieldEnd;
    const fieldKind = this.fieldKind;
    const plainNumbers = !this.tokensLookNumeric;
    const semicolon = delimiter === ';';
    const vals: (Float64Array | null)[] = cols.map((c) => (c.mode === NUMERIC ? c.values : null));
    for (;;) {
      const start = pos;
      if (start >= len && !isLast) return start;
      let i = this.n;
      if (i >= this.capacity) {
        this.growTo(Math.max(2 * this.capacity, 1024));
        for (let j = 0; j < ncol; j++) vals[j] = cols[j].mode === NUMERIC ? cols[j].values : null;
      }
      let nfields = 0;
      let k = start;
      // Which byte ended the record: 1 newline, 2 end of input.
      let ended = 0;
      for (;;) {
        const fstart = k;
        let kind = FIELD_SLOW;
        let c = -1;
        const target = nfields < ncol && plainNumbers ? vals[nfields] : null;
        if (target !== null) {
          // parseDecimal's fast path on the bytes.
          c = k < len ? buf[k] : -1;
          let neg = false;
          if (c === 45) { neg = true; k++; } else if (c === 43) k++;
          const numStart = k;
          let m = 0;
          let frac = -1;
          let sep = 0;
          for (; k < len; k++) {
            c = buf[k];
            if (c >= 48 && c <= 57) m = m * 10 + (c - 48);
            else if (frac < 0 && (c === 46 || (c === 44 && semicolon))) { frac = k; sep = c; }
            else break;
          }
          if (k === len) c = -1;
          const digits = k - numStart - (frac < 0 ? 0 : 1);
          // c: the byte after the number, -1 at the end of buf.
          if (c === -1 ? isLast : c === delim || (crlf ? c === 13 && k + 1 < len && buf[k + 1] === 10 : c === nlByte)) {
            if (digits > 0 && digits <= 15) {
              const scale = frac < 0 ? 0 : k - 1 - frac;
              const v = scale === 0 ? m : m / POW10[scale];
              target[i] = neg ? -v : v;
              kind = semicolon ? (sep === 44 ? FIELD_COMMA : sep === 46 ? FIELD_POINT : FIELD_DONE) : v >= 1000 ? FIELD_BIG : FIELD_DONE;
            } else if (digits > 15 && digits <= 19 && sep !== 44) {
              // 16 to 19 digits (e.g. 17-digit round-trip output): decided exactly or left to Number().
              // m is inexact beyond 15 digits: the first 15 and the rest again, exactly.
              let head = 0;
              let tail = 0;
              let seen = 0;
              for (let b = numStart; b < k; b++) {
                if (b === frac) continue;
                if (seen++ < 15) head = head * 10 + (buf[b] - 48); else tail = tail * 10 + (buf[b] - 48);
              }
              const v = longDecimal(head, digits - 15, tail, frac < 0 ? 0 : k - 1 - frac);
              if (v === v) {
                target[i] = neg ? -v : v;
                kind = semicolon ? (sep === 46 ? FIELD_POINT : FIELD_DONE) : v >= 1000 ? FIELD_BIG : FIELD_DONE;
              }
            }
            ended = c === -1 ? 2 : c === delim ? 0 : 1;
          } else if (c === -1) {
            ended = 3; // the record continues in the next piece
          } else {
            ended = -1;
          }
        } else {
          ended = -1;
        }
        if (ended < 0) {
          // Not a plain number: find the end of the field.
          ended = 3;
          for (; k < len; k++) {
            c = buf[k];
            if (c === delim) { ended = 0; break; }
            if (c === 34 || c === 0 || c >= 128) { this.scanStoppedAt = start; return start; }
            if (crlf) {
              if (c === 13) {
                if (k + 1 < len) { if (buf[k + 1] === 10) { ended = 1; break; } }
                else if (!isLast) break;
              }
            } else if (c === nlByte) { ended = 1; break; }
          }
          if (ended === 3 && isLast) ended = 2;
        }
        if (ended === 3) return start;
        if (nfields < ncol) {
          fieldStart[nfields] = fstart;
          fieldEnd[nfields] = k;
          fieldKind[nfields] = kind;
        }
        nfields++;
        if (ended !== 0) break;
        k++;
      }
      const end = k;
      pos = ended === 1 ? end + nlLen : len + 1;
      const line = this.line++;
      if (nfields === 1 && (end === start || (fieldKind[0] === FIELD_SLOW && cut(start, end).trim() === ''))) {
        if (ended === 2) return len;
        continue;
      }
      if (nfields !== ncol) {
        this.raggedCount++;
        if (this.raggedLines.length < 5) this.raggedLines.push(line);
        if (!this.raggedExample) this.raggedExample = `line ${line} has ${nfields} field${nfields === 1 ? '' : 's'}`;
      } else if (this.raggedCount === 0 || this.skipBadRows) {
        for (let j = 0; j < ncol; j++) {
          const kind = fieldKind[j];
          if (kind === FIELD_DONE) continue;
          const c = cols[j];
          if (kind === FIELD_BIG) { if (c.plainBig++ === 0) c.plainBigExample = cut(fieldStart[j], fieldEnd[j]); }
          else if (kind === FIELD_COMMA) { if (c.decimalComma++ === 0) c.decimalCommaExample = cut(fieldStart[j], fieldEnd[j]); }
          else if (kind === FIELD_POINT) { if (c.decimalPoint++ === 0) c.decimalPointExample = cut(fieldStart[j], fieldEnd[j]); }
          else this.storeCell(c, vals, j, cut(fieldStart[j], fieldEnd[j]), i, line, plainNumbers, semicolon);
        }
        this.lineOfRow[i] = line;
        this.n = i = i + 1;
      }
      if (ended === 2) return len;
    }
  }

  /** One cell of row i in column j (vals[j]: the column's values while it is numeric), as consume reads it. */
  private storeCell(c: ColumnBuilder, vals: (Float64Array | null)[], j: number, cell: string, i: number, line: number, plainNumbers: boolean, semicolon: boolean): void {
    const v = plainNumbers && vals[j] !== null ? parseDecimal(cell, semicolon) : NaN;
    if (v - v === 0) {
      vals[j]![i] = v;
      if (semicolon) {
        if (separatorSeen === 44) { if (c.decimalComma++ === 0) c.decimalCommaExample = cell; }
        else if (separatorSeen === 46) { if (c.decimalPoint++ === 0) c.decimalPointExample = cell; }
      } else if (v >= 1000 || v <= -1000) { if (c.plainBig++ === 0) c.plainBigExample = cell; }
      return;
    }
    this.addCell(c, cell, i, line);
    vals[j] = c.mode === NUMERIC ? c.values : null;
  }

  private makeColumns(header: string[]): void {
    const names: string[] = [];
    const seen = new Map<string, number>();
    for (let j = 0; j < header.length; j++) {
      let name = header[j].trim();
      if (!name) {
        name = `column_${j + 1}`;
        this.notes.push(`Column ${j + 1} has no name in the header; it is called "${name}".`);
      }
      const prev = seen.get(name);
      if (prev !== undefined) {
        throw new UserError(
          `${this.file} line ${this.line}: the column name "${name}" appears twice in the header (columns ${prev + 1} and ${j + 1}); rename one of them.`,
        );
      }
      seen.set(name, j);
      names.push(name);
    }
    this.columns = names.map((name, j) => new ColumnBuilder(name, j, 0));
  }

  private growTo(capacity: number): void {
    for (const c of this.columns!) c.grow(capacity, this.n);
    const lines = new Int32Array(capacity);
    lines.set(this.lineOfRow.subarray(0, this.n));
    this.lineOfRow = lines;
    this.capacity = capacity;
  }

  private addCell(c: ColumnBuilder, raw: string, i: number, line: number): void {
    let s = raw;
    const len = s.length;
    if (len > 0 && (s.charCodeAt(0) <= 32 || s.charCodeAt(len - 1) <= 32)) s = s.trim();
    if (c.mode === NUMERIC) {
      if (!this.tokensLookNumeric || !this.missingTokens.has(s)) {
        const v = toNumber(s);
        if (v === v) {
          if (v - v === 0) {
            c.values[i] = v;
            if (v >= 1000 || v <= -1000) { if (c.plainBig++ === 0) c.plainBigExample = s; }
            if (this.delimiter === ';' && s.indexOf('.') >= 0) { if (c.decimalPoint++ === 0) c.decimalPointExample = s; }
            return;
          }
          if (!this.missingTokens.has(s)) {
            if (!c.bad) c.bad = { line, text: s };
            c.values[i] = NaN;
            return;
          }
        }
      }
      if (this.missingTokens.has(s)) { c.values[i] = NaN; c.missing++; return; }
      if (this.delimiter === ';') {
        if (DECIMAL_COMMA.test(s)) {
          c.values[i] = +s.replace(',', '.');
          if (c.decimalComma++ === 0) c.decimalCommaExample = s;
          return;
        }
      } else if (THOUSANDS.test(s)) {
        c.values[i] = +s.replace(/,/g, '');
        if (c.thousands++ === 0) c.thousandsExample = s;
        return;
      }
      if (INF_NAN.test(s)) {
        if (!c.bad) c.bad = { line, text: s };
        c.values[i] = NaN;
        return;
      }
      c.toText(i, this.capacity);
    }
    if (this.missingTokens.has(s)) { c.codes![i] = -1; c.missing++; return; }
    let code = c.dict!.get(s);
    if (code === undefined) {
      // A capped column (row-sink mode) is excluded whatever its codes are: no new levels.
      if (c.levelsCapped) code = 0;
      else { code = c.levels!.length; c.dict!.set(s, code); c.levels!.push(s); }
    }
    c.codes![i] = code;
  }

  /** Row-sink mode: hands the piece's rows to the sink, keeps what finishing needs, and starts over. */
  private handOn(): void {
    const sink = this.sink;
    const n = this.n;
    if (!sink || n === 0 || !this.columns) return;
    const cols = this.columns;
    for (const c of cols) {
      if (c.mode === NUMERIC) {
        const v = c.values;
        let seen = c.seen;
        if (!seen) seen = c.seen = new Set<number>();
        for (let i = 0; i < n; i++) {
          const x = v[i];
          if (x !== x) { c.missingSoFar++; continue; }
          if (seen.size <= DISTINCT_CAP) { if (c.firstValue !== c.firstValue) c.firstValue = x; seen.add(x === 0 ? 0 : x); }
        }
        c.numericRowsHandedOn += n;
      } else {
        const codes = c.codes!;
        for (let i = 0; i < n; i++) if (codes[i] < 0) c.missingSoFar++;
        if (c.levels!.length > SINK_MAX_LEVELS && !c.levelsCapped) {
          // Enough to know it cannot be a feature; stop growing the dictionary.
          c.levelsCapped = true;
        }
      }
    }
    if (!this.columnNames) this.columnNames = cols.map((c) => c.name);
    sink({
      names: this.columnNames,
      n,
      values: cols.map((c) => (c.mode === NUMERIC ? c.values : null)),
      codes: cols.map((c) => (c.mode === NUMERIC ? null : c.codes)),
      levels: cols.map((c) => (c.mode === NUMERIC ? null : c.levels)),
      lineOfRow: this.lineOfRow,
    });
    this.rowsHandedOn += n;
    this.n = 0;
  }

  /**
   * Row-sink mode's finish: the same checks, notes and column verdicts as finish() (kinds, reasons,
   * missing and distinct counts), from what was kept while the rows were handed on. Columns carry
   * no values or codes, and lineOfRow is empty. A text column that had numbers handed on before
   * its first text cell lost their spellings; `partialLevels` names such columns (their level
   * counts are lower bounds).
   */
  finishStreamed(extraNotes: string[] = []): StreamedTable {
    this.notes.push(...extraNotes);
    this.parsePending(true, 1);
    this.handOn();
    const n = this.checkRows(this.rowsHandedOn);
    const partialLevels = new Set<string>();
    const columns = this.columns!.map((c) => {
      if (c.mode !== NUMERIC && c.numericRowsHandedOn > 0) partialLevels.add(c.name);
      return this.finishColumn(c, n, true);
    });
    return { file: this.file, nRows: n, delimiter: this.delimiter ?? ',', columns, lineOfRow: new Int32Array(0), notes: this.notes, partialLevels };
  }

  private build(): Table {
    const n = this.checkRows(this.n);
    const columns = this.columns!.map((c) => this.finishColumn(c, n, false));
    return {
      file: this.file,
      nRows: n,
      delimiter: this.delimiter ?? ',',
      columns,
      lineOfRow: this.lineOfRow.slice(0, n),
      notes: this.notes,
    };
  }

  /** The checks of a finished read (empty, ragged rows, no data rows) and its notes; returns n. */
  private checkRows(n: number): number {
    const file = this.file;
    if (!this.columns) {
      throw new UserError(`${file} is empty: there is no header row and no data. Choose a CSV file with a header row and data rows.`);
    }
    if (this.raggedCount > 0) {
      const expected = this.columns.length;
      const lines = this.raggedLines.join(', ') + (this.raggedCount > this.raggedLines.length ? ', …' : '');
      if (!this.skipBadRows) {
        throw new UserError(
          `${file}: ${this.raggedCount} row${this.raggedCount === 1 ? ' does' : 's do'} not have the ${expected} fields of the header (line${this.raggedLines.length === 1 ? '' : 's'} ${lines}; ${this.raggedExample}); fix ${this.raggedCount === 1 ? 'it' : 'them'} or turn on "skip bad rows".`,
        );
      }
      this.notes.push(`Skipped ${this.raggedCount} row${this.raggedCount === 1 ? '' : 's'} without the ${expected} fields of the header (line${this.raggedLines.length === 1 ? '' : 's'} ${lines}).`);
    }
    if (this.malformedQuoteLines.length) {
      this.notes.push(`Malformed quotes (a quote inside a quoted field that is not doubled) on line ${this.malformedQuoteLines.join(', ')}; the text was kept as written.`);
    }
    if (n === 0 && this.raggedCount > 0) {
      throw new UserError(
        `${file}: every data row was skipped (${this.raggedCount} rows without the ${this.columns.length} fields of the header, first on line ${this.raggedLines[0]}); check that the delimiter is ${delimiterName(this.delimiter ?? ',')}.`,
      );
    }
    if (n === 0) {
      throw new UserError(`${file} has a header row but no data rows; add rows below the header.`);
    }
    return n;
  }

  private finishColumn(c: ColumnBuilder, n: number, streamed: boolean): TableColumn {
    const base = { name: c.name, index: c.index };
    if (c.mode === NUMERIC) {
      // The builder's array when it is at most 1/8 too long (no copy of a big column), else a copy.
      const values = streamed ? null : c.values.length - n <= n / 8 ? c.values.subarray(0, n) : c.values.slice(0, n);
      if (c.bad) {
        const why = /^[+-]?\d/.test(c.bad.text) ? ' (it overflows a 64-bit float)' : '';
        throw new UserError(
          `${this.file} line ${c.bad.line}, column "${c.name}": "${c.bad.text}" is not a finite number${why}; fix the cell, or add "${c.bad.text}" to the missing tokens to treat it as missing.`,
        );
      }
      let missing = c.missingSoFar;
      if (values) for (let i = 0; i < n; i++) if (values[i] !== values[i]) missing++;
      const col: TableColumn = { ...base, kind: 'numeric', values, codes: null, levels: null, missing, distinct: 0 };
      if (c.thousands > 0 && c.plainBig > 0) {
        return exclude(col, `inconsistent number format: "${c.thousandsExample}" has a thousands separator but "${c.plainBigExample}" does not`);
      }
      if (c.decimalComma > 0 && c.decimalPoint > 0) {
        return exclude(col, `inconsistent number format: "${c.decimalCommaExample}" has a decimal comma but "${c.decimalPointExample}" a decimal point`);
      }
      if (c.thousands > 0) this.notes.push(`Column "${c.name}": thousands separators read as numbers ("${c.thousandsExample}" = ${+c.thousandsExample.replace(/,/g, '')}).`);
      if (c.decimalComma > 0) this.notes.push(`Column "${c.name}": decimal commas read as numbers ("${c.decimalCommaExample}" = ${+c.decimalCommaExample.replace(',', '.')}).`);
      if (missing === n) return exclude(col, 'all missing: every cell is empty or a missing token');
      // Distinct values, counted up to DISTINCT_CAP (sorting every column of a big file costs more than parsing it).
      const seen = c.seen ?? new Set<number>();
      let first = c.firstValue;
      if (values) {
        for (let i = 0; i < n && seen.size <= DISTINCT_CAP; i++) {
          const v = values[i];
          if (v === v) { if (first !== first) first = v; seen.add(v === 0 ? 0 : v); }
        }
      }
      col.distinct = Math.min(seen.size, DISTINCT_CAP);
      if (seen.size > DISTINCT_CAP) col.distinctCapped = true;
      if (seen.size === 1) return exclude(col, `constant: every value is ${formatNumber(first)}`);
      return col;
    }
    // Text column: sort the levels and renumber the codes.
    const rawLevels = c.levels!;
    const order = rawLevels.map((_, k) => k).sort((a, b) => (rawLevels[a] < rawLevels[b] ? -1 : rawLevels[a] > rawLevels[b] ? 1 : 0));
    const remap = new Int32Array(rawLevels.length);
    order.forEach((k, rank) => { remap[k] = rank; });
    const levels = order.map((k) => rawLevels[k]);
    const codes = streamed ? null : c.codes!.slice(0, n);
    let missing = c.missingSoFar;
    if (codes) {
      for (let i = 0; i < n; i++) {
        const k = codes[i];
        if (k < 0) missing++;
        else codes[i] = remap[k];
      }
    }
    const nonMissing = n - missing;
    const distinct = levels.length;
    const col: TableColumn = { ...base, kind: 'categorical', values: null, codes, levels, missing, distinct };
    if (nonMissing === 0) return exclude(col, 'all missing: every cell is empty or a missing token');
    if (c.levelsCapped) return exclude(col, `high-cardinality: more than ${SINK_MAX_LEVELS} distinct values`);
    const bool = asBoolean(levels, codes, n);
    if (bool) {
      col.values = bool.values;
      col.booleanLabels = bool.labels;
      col.distinct = bool.distinct;
      if (bool.distinct === 1) return exclude(col, `constant: every value is "${levels[0]}"`);
      col.kind = 'boolean';
      return col;
    }
    if (distinct === 1) return exclude(col, `constant: every value is "${levels[0]}"`);
    if (distinct === nonMissing && nonMissing >= 3) {
      return exclude(col, `ID-like: ${distinct} distinct values in ${nonMissing} rows`);
    }
    if (distinct > this.maxLevels) {
      return exclude(col, `high-cardinality: ${distinct} distinct values (more than ${this.maxLevels}, the limit for categorical columns)`);
    }
    return col;
  }
}

function exclude(col: TableColumn, reason: string): TableColumn {
  col.kind = 'excluded';
  col.reason = reason;
  return col;
}

/** true/false, yes/no, t/f, y/n in any letter case -> 0/1; null if any level is something else. */
function asBoolean(levels: string[], codes: Int32Array | null, n: number): { values: Float64Array | null; labels: [string, string]; distinct: number } | null {
  const map = new Float64Array(levels.length);
  let falseLabel = '';
  let trueLabel = '';
  for (let k = 0; k < levels.length; k++) {
    const w = levels[k].toLowerCase();
    if (TRUE_WORDS.has(w)) { map[k] = 1; if (!trueLabel) trueLabel = levels[k]; }
    else if (FALSE_WORDS.has(w)) { map[k] = 0; if (!falseLabel) falseLabel = levels[k]; }
    else return null;
  }
  let values: Float64Array | null = null;
  if (codes) {
    values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = codes[i] < 0 ? NaN : map[codes[i]];
  }
  return {
    values,
    labels: [falseLabel || 'false', trueLabel || 'true'],
    distinct: (falseLabel ? 1 : 0) + (trueLabel ? 1 : 0),
  };
}

export function formatNumber(v: number): string {
  return Number.isInteger(v) && Math.abs(v) < 1e15 ? String(v) : String(+v.toPrecision(12));
}

function isBlank(rec: string[]): boolean {
  return rec.length === 1 && rec[0].trim() === '';
}

function newlinesIn(rec: string[], nl: string): number {
  let count = 0;
  for (let j = 0; j < rec.length; j++) {
    const f = rec[j];
    for (let i = f.indexOf(nl); i >= 0; i = f.indexOf(nl, i + 1)) count++;
  }
  return count;
}

/** papaparse's rule: ignore quoted text, then \n if it comes before the first \r, else \r\n or \r by majority. */
export function guessNewline(sample: string): '\n' | '\r\n' | '\r' {
  const unquoted = sample.replace(/"[^]*?"/g, '');
  const r = unquoted.split('\r');
  const nIdx = unquoted.indexOf('\n');
  if (r.length === 1 || (nIdx >= 0 && nIdx < r[0].length)) return '\n';
  let withN = 0;
  for (let i = 1; i < r.length; i++) if (r[i][0] === '\n') withN++;
  return withN >= (r.length - 1) / 2 ? '\r\n' : '\r';
}

/**
 * Picks among , ; tab | the delimiter whose first records (quotes respected) most consistently
 * have the header's field count, preferring more fields, then the order above. A sample with no
 * candidate giving 2+ fields is a one-column file (comma).
 */
export function detectDelimiter(sample: string, newline: '\n' | '\r\n' | '\r', complete: boolean): string {
  let best = ',';
  let bestScore = -1;
  let bestFields = 1;
  for (const d of CANDIDATE_DELIMITERS) {
    if (sample.indexOf(d) < 0) continue;
    const parser = new Papa.Parser({ delimiter: d, newline, quoteChar: '"', preview: SNIFF_RECORDS + 1 });
    const res = parser.parse(sample, 0, !complete) as { data: string[][]; errors: Papa.ParseError[] };
    const records = res.data.filter((rec) => !isBlank(rec));
    if (records.length === 0) continue;
    const fields = records[0].length;
    if (fields < 2) continue;
    let same = 0;
    for (let i = 1; i < records.length; i++) if (records[i].length === fields) same++;
    // A wrong delimiter can put a quote at the start of a field (`a|"b;c"` split on |): the quote
    // then never closes and swallows the rest, leaving one record that trivially "agrees" with
    // itself. Such a candidate ranks below every one without it. (A sample cut inside a quoted
    // field also ends unclosed, but only near its end.)
    const swallowed = res.errors.some((e) => e.code === 'MissingQuotes' && (complete || (e.index ?? 0) < sample.length / 2));
    const score = (records.length > 1 ? same / (records.length - 1) : 1) - (swallowed ? 1 : 0);
    if (score > bestScore + 1e-9 || (Math.abs(score - bestScore) <= 1e-9 && fields > bestFields)) {
      best = d;
      bestScore = score;
      bestFields = fields;
    }
  }
  return best;
}

/** The string's characters as bytes when all are ASCII and none is a quote or NUL; else null. */
function plainAscii(s: string): Uint8Array | null {
  const len = s.length;
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || c === 34 || c === 0) return null;
    out[i] = c;
  }
  return out;
}

/** ASCII bytes [a, b) as a string. */
function asciiString(buf: Uint8Array, a: number, b: number): string {
  if (b - a <= 4096) return String.fromCharCode.apply(null, buf.subarray(a, b) as unknown as number[]);
  let s = '';
  for (let k = a; k < b; k += 4096) s += String.fromCharCode.apply(null, buf.subarray(k, Math.min(b, k + 4096)) as unknown as number[]);
  return s;
}

/** Start of the newline that ends the record starting at pos, or -1 when buf has none. */
function recordEnd(buf: Uint8Array, pos: number, nlByte: number, crlf: boolean): number {
  if (!crlf) return buf.indexOf(nlByte, pos);
  for (let k = buf.indexOf(10, pos + 1); k >= 0; k = buf.indexOf(10, k + 1)) if (buf[k - 1] === 13) return k - 1;
  return -1;
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
