/**
 * How big a file the CLI and the panel read into memory. Why a limit: the typed columns, the design
 * matrix and the solver's scaled copy each take about as many bytes as a numeric CSV has, so a much
 * bigger file would run out of memory halfway through instead of getting a clear message up front.
 */
import { UserError } from '../errors';

export const DEFAULT_MAX_FILE_BYTES = 1 << 30;

export function bytesText(b: number): string {
  return b >= 1e9 ? `${(b / 1e9).toFixed(1)} GB` : b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : `${b} bytes`;
}

/** The error for a file over the limit: which file, how big, what reads it, and what to do. */
export function fileTooBig(file: string, size: number, limit: number, reader: string, remedy: string, soFar = false): UserError {
  return new UserError(`${file} is ${soFar ? 'at least ' : ''}${bytesText(size)}, more than the ${bytesText(limit)} ${reader} reads into memory; ${remedy}`);
}
