// The byte-level CSV scanner (issue 5). Oracles: Number() on the cell text for every numeric value,
// and papaparse (the scanner switched off, usePlainScanner(false)) for whole tables: the scanner and
// byte mode must give the same table, notes and errors on every input, cut into any chunks.
import * as assert from 'assert';
import { isUserError } from '../../src/errors';
import { parseCsvBytes, parseCsvStream, parseCsvText, type Table } from '../../src/data';
import { longDecimal, setPieceSizes, usePlainScanner } from '../../src/data/csv';

const utf8 = (s: string) => new TextEncoder().encode(s);

async function* chunked(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let k = 0; k < bytes.length; k += size) yield bytes.subarray(k, k + size);
}

/** A comparable snapshot of a table, or of the UserError it ended in. */
function snapshot(t: Table): unknown {
  return {
    nRows: t.nRows, delimiter: t.delimiter, lines: Array.from(t.lineOfRow), notes: t.notes,
    columns: t.columns.map((c) => ({
      ...c,
      values: c.values && Array.from(c.values, (v) => (Object.is(v, -0) ? '-0' : Number.isNaN(v) ? 'NaN' : v)),
      codes: c.codes && Array.from(c.codes),
    })),
  };
}
async function outcome(f: () => Table | Promise<Table>): Promise<unknown> {
  try {
    return snapshot(await f());
  } catch (e) {
    if (isUserError(e)) return { error: (e as Error).message };
    throw e;
  }
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

/** Decimal strings of every shape the fast paths meet or must refuse. */
function randomNumber(rnd: () => number): string {
  const r = rnd();
  const digits = 1 + Math.floor(rnd() * (r < 0.5 ? 19 : 24));
  let s = '';
  for (let d = 0; d < digits; d++) s += Math.floor(rnd() * 10);
  if (rnd() < 0.1) s = '0'.repeat(1 + Math.floor(rnd() * 5)) + s;
  if (rnd() < 0.1) s = s.slice(0, Math.max(1, s.length - 4)) + (rnd() < 0.5 ? '5000' : '4999').slice(0, Math.min(4, s.length - 1));
  const point = Math.floor(rnd() * (s.length + 1));
  if (rnd() < 0.85) s = s.slice(0, point) + '.' + s.slice(point);
  if (rnd() < 0.1) s += 'e' + (rnd() < 0.5 ? '-' : '') + Math.floor(rnd() * 280);
  const sign = rnd();
  return (sign < 0.3 ? '-' : sign < 0.35 ? '+' : '') + s;
}

describe('data: byte-level scanner (issue 5)', () => {
  afterEach(() => { usePlainScanner(true); setPieceSizes(); });

  it('longDecimal: 16-19 digit decimals equal Number() bit for bit whenever it decides (400,000 random, near-ties included)', () => {
    const rnd = rng(20261125);
    let decided = 0;
    const N = 400000;
    for (let it = 0; it < N; it++) {
      const digits = 16 + Math.floor(rnd() * 4);
      let s = '';
      for (let d = 0; d < digits; d++) s += Math.floor(rnd() * 10);
      // Every tenth case is at or next to a decimal tie (…5000, …4999).
      if (rnd() < 0.1) s = (s.slice(0, 15) + (rnd() < 0.5 ? '5000' : '4999')).slice(0, digits);
      const point = Math.floor(rnd() * (digits + 1));
      const v = longDecimal(+s.slice(0, 15), digits - 15, +s.slice(15), digits - point);
      if (v === v) {
        decided++;
        const text = s.slice(0, point) + '.' + s.slice(point);
        assert.ok(Object.is(v, Number(text)), `${text}: ${v} vs ${Number(text)}`);
      }
    }
    // It must also be useful: almost every case is decided without Number().
    assert.ok(decided > 0.97 * N, `decided ${decided} of ${N}`);
  });

  it('numeric cells through bytes, streams and text equal Number() of the cell (300,000 random decimals: exponents, 1-24 digits, signs, -0)', async () => {
    const rnd = rng(7);
    const cells: string[] = [];
    for (let i = 0; i < 100000; i++) cells.push(randomNumber(rnd));
    cells.push('-0', '-0.0', '+0', '0.000', '1e-400', '-1e-400', '9007199254740993', '0.30000000000000004', '123456789012345678901234');
    const rows: string[] = [];
    for (let i = 0; i < cells.length; i += 3) rows.push(`${cells[i]},${cells[i + 1] ?? 1},${cells[i + 2] ?? 2}`);
    const text = 'a,b,c\n' + rows.join('\n') + '\n';
    const bytes = utf8(text);
    const tables = [parseCsvBytes(bytes, { file: 'n.csv' }), await parseCsvStream(chunked(bytes, 65536 + 7), { file: 'n.csv' }), parseCsvText(text, { file: 'n.csv' })];
    for (const t of tables) {
      const cols = t.columns.map((c) => c.values!);
      for (let i = 0; i < cells.length; i++) {
        const v = cols[i % 3][Math.floor(i / 3)];
        assert.ok(Object.is(v, Number(cells[i])), `${cells[i]}: ${v} vs ${Number(cells[i])}`);
      }
    }
  });

  it('random tables (numbers, text, missing tokens, blanks, ragged rows, CRLF/CR, semicolons, late quotes, non-ASCII, NUL) read the same as through papaparse, in any chunks', async () => {
    const rnd = rng(99);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
    for (let round = 0; round < 60; round++) {
      const delim = pick([',', ',', ';', '\t', '|']);
      const eol = pick(['\n', '\n', '\r\n', '\r']);
      const ncol = 1 + Math.floor(rnd() * 5);
      const semicolon = delim === ';';
      const kinds = Array.from({ length: ncol }, () => pick(['num', 'num', 'num', 'long', 'text', 'mixed', 'big', 'comma']));
      const cell = (k: string): string => {
        const r = rnd();
        if (r < 0.03) return pick(['', 'NA', 'NaN', ' ', 'null']);
        if (r < 0.04) return ' ' + (rnd() * 100).toFixed(2) + ' ';
        switch (k) {
          case 'num': return (rnd() < 0.5 ? '-' : '') + (rnd() * 1000).toFixed(Math.floor(rnd() * 7));
          case 'long': return String((rnd() - 0.5) * 10 ** Math.floor(rnd() * 8));
          case 'text': return pick(['lo', 'hi', 'mid', 'x y', 'True', 'no']);
          case 'mixed': return rnd() < 0.98 ? (rnd() * 10).toFixed(3) : pick(['abc', '1e3', '0x10', 'Inf', '-']);
          case 'big': return rnd() < 0.9 ? String(Math.floor(rnd() * 1e6)) : '1,234';
          default: return semicolon ? (rnd() * 10).toFixed(2).replace('.', rnd() < 0.97 ? ',' : '.') : (rnd() * 10).toFixed(2);
        }
      };
      const lines = [Array.from({ length: ncol }, (_, j) => `c${j}`).join(delim)];
      const nrows = 50 + Math.floor(rnd() * 400);
      for (let i = 0; i < nrows; i++) {
        const r = rnd();
        if (r < 0.01) lines.push('');
        else if (r < 0.015) lines.push(Array.from({ length: ncol + 1 }, (_, j) => cell(kinds[j % ncol])).join(delim));
        else lines.push(kinds.map(cell).join(delim));
      }
      // Late surprises: a quoted field, a non-ASCII character, a NUL byte.
      const late = rnd();
      const at = 1 + Math.floor(rnd() * (lines.length - 1));
      if (late < 0.15) lines[at] = ['"quoted ' + delim + ' cell"', ...lines[at].split(delim).slice(1)].join(delim);
      else if (late < 0.3) lines[at] = ['Zoë', ...lines[at].split(delim).slice(1)].join(delim);
      else if (late < 0.33) lines[at] = lines[at] + '\0';
      const text = lines.join(eol) + (rnd() < 0.8 ? eol : '');
      const bytes = utf8(text);
      const opts = { file: 't.csv', skipBadRows: rnd() < 0.5, missingTokens: rnd() < 0.1 ? ['', 'NA', '-999'] : undefined };
      setPieceSizes(64, 256);
      usePlainScanner(false);
      const reference = await outcome(() => parseCsvText(text, opts));
      const referenceBytes = await outcome(() => parseCsvBytes(bytes, opts));
      usePlainScanner(true);
      const what = `round ${round}: delimiter ${JSON.stringify(delim)}, eol ${JSON.stringify(eol)}, kinds ${kinds.join(',')}, late ${late.toFixed(2)}`;
      assert.deepStrictEqual(await outcome(() => parseCsvText(text, opts)), reference, `${what} (text)`);
      assert.deepStrictEqual(await outcome(() => parseCsvBytes(bytes, opts)), referenceBytes, `${what} (bytes)`);
      for (const size of [1, 3, 64, 100 + Math.floor(rnd() * 900)]) {
        assert.deepStrictEqual(await outcome(() => parseCsvStream(chunked(bytes, size), opts)), referenceBytes, `${what} (chunks of ${size})`);
      }
    }
  });

  it('a big file stays in byte mode until a late quote, then reads the rest as text with the right line numbers', async () => {
    const rows: string[] = ['x,label,y'];
    for (let i = 0; i < 30000; i++) rows.push(`${(i / 7).toFixed(5)},${i === 25000 ? '"a, b"' : 'k' + (i % 3)},${(i * 1.5).toFixed(1)}`);
    const text = rows.join('\n') + '\n';
    const bytes = utf8(text);
    usePlainScanner(false);
    const reference = snapshot(parseCsvBytes(bytes, { file: 'q.csv' }));
    usePlainScanner(true);
    // Chunks of 64 KiB + 1: the first is read as text (header, delimiter), the others as bytes.
    const t = await parseCsvStream(chunked(bytes, 65537), { file: 'q.csv' });
    assert.deepStrictEqual(snapshot(t), reference);
    assert.strictEqual(t.lineOfRow[29999], 30001);
    assert.deepStrictEqual(snapshot(parseCsvBytes(bytes, { file: 'q.csv' })), reference);
  });

  it('a NUL byte met in byte mode is reported on its own line', async () => {
    const rows: string[] = ['x,y'];
    for (let i = 0; i < 40000; i++) rows.push(`${i},${i % 5}`);
    rows[35000] = '1,\0';
    const bytes = utf8(rows.join('\n') + '\n');
    const nul = /^nul\.csv line 35001: the file contains a NUL byte/;
    assert.deepStrictEqual(await outcome(() => parseCsvStream(chunked(bytes, 65537), { file: 'nul.csv' })), { error: (await outcome(() => parseCsvBytes(bytes, { file: 'nul.csv' })) as { error: string }).error });
    assert.match((await outcome(() => parseCsvStream(chunked(bytes, 65537), { file: 'nul.csv' })) as { error: string }).error, nul);
  });
});
