/**
 * The data layer: CSV text or bytes -> typed columns (Table) -> design matrix (Design), plus
 * scikit-learn-identical splits and folds. Runs in Node, in a worker thread and in a browser
 * (no Node-only APIs here; file reading for the CLI is in ./readFile).
 */
import { CsvReader, type RowSink, type StreamedTable } from './csv';
import { StreamDecoder } from './decode';
import type { ParseOptions, Table } from './types';

export type { Design, ParseOptions, Table, TableColumn } from './types';
export type { RowPiece, RowSink, StreamedTable } from './csv';
export { DEFAULT_MAX_CATEGORICAL_LEVELS, DEFAULT_MISSING_TOKENS } from './types';
export { buildDesign, imputeMeans } from './design';
export { summarizeTable } from './summary';
export { kFoldIds, stratifiedKFoldIds, trainTestSplit } from './splits';
export { MT19937 } from './random';
export { decodeBytes } from './decode';

/** Text handed to the reader per push. */
const PIECE = 1 << 20;

export function parseCsvText(text: string, opts: ParseOptions): Table {
  const reader = new CsvReader(opts, text.length);
  const len = text.length;
  for (let k = 0; k < len; k += PIECE) reader.push(text.slice(k, k + PIECE), Math.min(1, (k + PIECE) / len));
  return reader.finish();
}

export function parseCsvBytes(bytes: Uint8Array, opts: ParseOptions): Table {
  const decoder = new StreamDecoder(opts.file);
  const len = bytes.length;
  const reader = new CsvReader(opts, len);
  for (let k = 0; k < len; k += PIECE) reader.pushBytes(bytes.subarray(k, k + PIECE), decoder, Math.min(1, (k + PIECE) / len));
  reader.endBytes(decoder);
  if (decoder.mixed) {
    // Valid UTF-8 first, invalid later: the whole file is read again as windows-1252.
    const latin = new StreamDecoder(opts.file, 'windows-1252');
    const again = new CsvReader(opts, len);
    for (let k = 0; k < len; k += PIECE) again.pushBytes(bytes.subarray(k, k + PIECE), latin, Math.min(1, (k + PIECE) / len));
    again.endBytes(latin);
    return again.finish(latin.notes);
  }
  return reader.finish(decoder.notes);
}

export async function parseCsvStream(chunks: AsyncIterable<Uint8Array>, opts: ParseOptions & { totalBytes?: number }): Promise<Table> {
  const decoder = new StreamDecoder(opts.file);
  const reader = new CsvReader(opts, opts.totalBytes ?? 0);
  let seen = 0;
  for await (const chunk of chunks as AsyncIterable<Uint8Array | string>) {
    seen += chunk.length;
    const fraction = opts.totalBytes ? Math.min(1, seen / opts.totalBytes) : undefined;
    // A Node stream opened with an encoding yields strings: already text.
    if (typeof chunk === 'string') reader.push(chunk, fraction);
    else reader.pushBytes(chunk, decoder, fraction);
  }
  reader.endBytes(decoder);
  return reader.finish(decoder.notes);
}

/**
 * Reads a stream in row-sink mode: each parsed piece's rows go to `sink` and are forgotten (memory
 * does not grow with the file); returns the column verdicts. `mixed`: valid UTF-8 was followed by
 * invalid bytes, so the caller should read again with latin1 = true (parseCsvBytes' re-read).
 */
export async function streamCsvRows(chunks: AsyncIterable<Uint8Array>, opts: ParseOptions, sink: RowSink, latin1 = false): Promise<{ table: StreamedTable; mixed: boolean }> {
  const decoder = new StreamDecoder(opts.file, latin1 ? 'windows-1252' : undefined);
  const reader = new CsvReader(opts, 0, sink);
  for await (const chunk of chunks) reader.pushBytes(chunk, decoder);
  reader.endBytes(decoder);
  return { table: reader.finishStreamed(decoder.notes), mixed: decoder.mixed };
}
