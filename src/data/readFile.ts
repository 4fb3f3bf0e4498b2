/** Node-only: stream a CSV file from disk into parseCsvStream (used by the CLI). */
import * as fs from 'node:fs';
import { UserError } from '../errors';
import { parseCsvStream } from './index';
import type { ParseOptions, Table } from './types';

export async function readCsvFile(path: string, opts: Omit<ParseOptions, 'file'> & { file?: string }): Promise<Table> {
  const file = opts.file ?? path;
  let size: number;
  try {
    const st = fs.statSync(path);
    if (st.isDirectory()) throw new UserError(`${file} is a folder; give a CSV file.`);
    size = st.size;
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'}); check the path.`);
  }
  const stream = fs.createReadStream(path, { highWaterMark: 1 << 20 });
  return parseCsvStream(stream, { ...opts, file, totalBytes: size });
}
