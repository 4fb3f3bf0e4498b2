// CSV -> typed columns. Oracles: hand-written expectations from the CSV text (each case states the
// file and what a reader must see), and the same parse through other input paths (bytes, streams
// cut at every size) for the invariance tests.
import * as assert from 'assert';
import * as path from 'path';
import { isUserError } from '../../src/errors';
import { parseCsvBytes, parseCsvStream, parseCsvText, type ParseOptions, type Table, type TableColumn } from '../../src/data';
import { readCsvFile } from '../../src/data/readFile';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'csv');

function parse(text: string, opts: Partial<ParseOptions> = {}): Table {
  return parseCsvText(text, { file: 'data.csv', ...opts });
}

function col(t: Table, name: string): TableColumn {
  const c = t.columns.find((k) => k.name === name);
  assert.ok(c, `column ${name} in ${t.columns.map((k) => k.name).join(',')}`);
  return c;
}

/** Asserts fn throws a UserError whose message matches every pattern. */
function userError(fn: () => unknown, ...patterns: RegExp[]): string {
  try {
    fn();
  } catch (e) {
    assert.ok(isUserError(e), `expected a UserError, got ${String(e)}`);
    for (const p of patterns) assert.match((e as Error).message, p);
    return (e as Error).message;
  }
  assert.fail('expected a UserError');
}

async function userErrorAsync(fn: () => Promise<unknown>, ...patterns: RegExp[]): Promise<void> {
  try {
    await fn();
  } catch (e) {
    assert.ok(isUserError(e), `expected a UserError, got ${String(e)}`);
    for (const p of patterns) assert.match((e as Error).message, p);
    return;
  }
  assert.fail('expected a UserError');
}

async function* chunked(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let k = 0; k < bytes.length; k += size) yield bytes.subarray(k, k + size);
}

const utf8 = (s: string) => new TextEncoder().encode(s);
const nums = (c: TableColumn) => Array.from(c.values!);
const texts = (c: TableColumn) => Array.from(c.codes!, (k) => (k < 0 ? null : c.levels![k]));

/** A comparable snapshot of a table (typed arrays as plain arrays). */
function snapshot(t: Table): unknown {
  return {
    nRows: t.nRows, delimiter: t.delimiter, lines: Array.from(t.lineOfRow), notes: t.notes,
    columns: t.columns.map((c) => ({ ...c, values: c.values && Array.from(c.values, (v) => (Number.isNaN(v) ? 'NaN' : v)), codes: c.codes && Array.from(c.codes) })),
  };
}

describe('data: CSV dialects', () => {
  it('reads a plain comma file into numeric columns with 1-based file lines', () => {
    const t = parse('a,b\n1,2\n3,4\n');
    assert.strictEqual(t.nRows, 2);
    assert.strictEqual(t.delimiter, ',');
    assert.deepStrictEqual(nums(col(t, 'a')), [1, 3]);
    assert.deepStrictEqual(Array.from(t.lineOfRow), [2, 3]);
    assert.strictEqual(col(t, 'a').kind, 'numeric');
  });

  it('detects semicolons and reads decimal commas when the whole column uses them', () => {
    const t = parse('x;y;name\n3,5;1;a\n-0,25;2;b\n7;3;a\n,5;4;b\n');
    assert.strictEqual(t.delimiter, ';');
    assert.deepStrictEqual(nums(col(t, 'x')), [3.5, -0.25, 7, 0.5]);
    assert.ok(t.notes.some((n) => /Delimiter detected: semicolon/.test(n)));
    assert.ok(t.notes.some((n) => /Column "x": decimal commas read as numbers \("3,5" = 3\.5\)/.test(n)));
  });

  it('excludes a semicolon column that mixes decimal commas and decimal points, saying why', () => {
    const t = parse('x;y\n3,5;1\n2.5;2\n1;3\n');
    const x = col(t, 'x');
    assert.strictEqual(x.kind, 'excluded');
    assert.match(x.reason!, /inconsistent number format: "3,5" has a decimal comma but "2\.5" a decimal point/);
    const e = col(parse('x;y\n3,5;1\n1.5e3;2\n1;3\n'), 'x');
    assert.match(e.reason!, /"3,5" has a decimal comma but "1\.5e3" a decimal point/);
    // Points only (no commas) are plain numbers in a semicolon file.
    assert.deepStrictEqual(nums(col(parse('x;y\n3.5;1\n1.5e3;2\n1;3\n'), 'x')), [3.5, 1500, 1]);
  });

  it('detects tabs, and a .tsv name selects tab even when commas are more frequent', () => {
    const t = parse('a\tb\n1\t2\n3\t4\n');
    assert.strictEqual(t.delimiter, '\t');
    const tsv = parseCsvText('a,b\tc\n1,5\t2\n', { file: 'x.tsv' });
    assert.strictEqual(tsv.delimiter, '\t');
    assert.deepStrictEqual(tsv.columns.map((c) => c.name), ['a,b', 'c']);
  });

  it('detects pipes', () => {
    const t = parse('a|b|c\n1|2|3\n4|5|6\n');
    assert.strictEqual(t.delimiter, '|');
    assert.deepStrictEqual(nums(col(t, 'c')), [3, 6]);
  });

  it('prefers the delimiter with consistent field counts over the most frequent character', () => {
    // Commas appear inside the text but only semicolons split every line into the same 3 fields.
    const t = parse('name;age;city\nSmith, J;30;Oslo\nDoe, A, B;41;Rome\nLee;25;Kyiv, UA\n');
    assert.strictEqual(t.delimiter, ';');
    assert.deepStrictEqual(texts(col(t, 'name')), ['Smith, J', 'Doe, A, B', 'Lee']);
  });

  it('honours an Excel "sep=" first line', () => {
    const t = parse('sep=;\r\na;b\r\n1,5;2\r\n3;4\r\n');
    assert.strictEqual(t.delimiter, ';');
    assert.deepStrictEqual(nums(t.columns[0]), [1.5, 3]);
    assert.deepStrictEqual(Array.from(t.lineOfRow), [3, 4]);
  });

  it('honours an explicit delimiter option', () => {
    const t = parse('a;b,c\n1;2,3\n4;5,6\n', { delimiter: ',' });
    assert.deepStrictEqual(t.columns.map((c) => c.name), ['a;b', 'c']);
  });

  it('keeps quoted delimiters and newlines inside fields, and file lines count the embedded newlines', () => {
    const text = 'id,note,v\n1,"a, b",10\n2,"line one\nline two\nline three",20\n3,"say ""hi""",30\n4,plain,40\n';
    const t = parse(text);
    assert.strictEqual(t.nRows, 4);
    const note = col(t, 'note');
    assert.deepStrictEqual(texts(note), ['a, b', 'line one\nline two\nline three', 'say "hi"', 'plain']);
    assert.deepStrictEqual(nums(col(t, 'v')), [10, 20, 30, 40]);
    // Row 3 starts on line 3 and spans 3 lines, so row 4 is on line 6.
    assert.deepStrictEqual(Array.from(t.lineOfRow), [2, 3, 6, 7]);
  });

  it('strips a UTF-8 BOM (text and bytes) and reads CRLF line endings', () => {
    const text = '\ufeffx,y\r\n1,2\r\n3,4\r\n';
    for (const t of [parse(text), parseCsvBytes(utf8(text), { file: 'data.csv' })]) {
      assert.deepStrictEqual(t.columns.map((c) => c.name), ['x', 'y']);
      assert.deepStrictEqual(nums(col(t, 'y')), [2, 4]);
      assert.deepStrictEqual(Array.from(t.lineOfRow), [2, 3]);
    }
  });

  it('reads old Mac CR-only line endings', () => {
    const t = parse('x,y\r1,2\r3,4\r');
    assert.deepStrictEqual(nums(col(t, 'x')), [1, 3]);
    assert.deepStrictEqual(Array.from(t.lineOfRow), [2, 3]);
  });

  it('decodes UTF-16 LE and BE with a BOM', () => {
    const text = 'name,v\nJosé,1\nZoë,2\n';
    const le = new Uint8Array(2 + text.length * 2);
    const be = new Uint8Array(2 + text.length * 2);
    le.set([0xff, 0xfe]);
    be.set([0xfe, 0xff]);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      le[2 + 2 * i] = c & 0xff; le[3 + 2 * i] = c >> 8;
      be[2 + 2 * i] = c >> 8; be[3 + 2 * i] = c & 0xff;
    }
    for (const bytes of [le, be]) {
      const t = parseCsvBytes(bytes, { file: 'data.csv' });
      assert.deepStrictEqual(col(t, 'name').levels, ['José', 'Zoë']);
      assert.deepStrictEqual(nums(col(t, 'v')), [1, 2]);
    }
  });

  it('reads bytes that are not UTF-8 as Latin-1 (windows-1252) with a note', async () => {
    // "Müller" and "café" in Latin-1: ü = 0xFC, é = 0xE9.
    const bytes = Uint8Array.from(Buffer.from('name,v\nMüller,1\ncafé,2\nx,3\n', 'latin1'));
    const fromBytes = parseCsvBytes(bytes, { file: 'data.csv' });
    const fromStream = await parseCsvStream(chunked(bytes, 5), { file: 'data.csv' });
    for (const t of [fromBytes, fromStream]) {
      assert.deepStrictEqual(col(t, 'name').levels, ['Müller', 'café', 'x'].sort());
      assert.ok(t.notes.some((n) => /data\.csv is not valid UTF-8; it was read as Latin-1 \(windows-1252\)/.test(n)), t.notes.join('|'));
    }
  });

  it('re-reads a file of valid UTF-8 followed by invalid bytes wholly as windows-1252', () => {
    const head = utf8('name,v\nJosé,1\n');
    const tail = Uint8Array.from(Buffer.from('Zoë,2\n', 'latin1'));
    const bytes = new Uint8Array(head.length + tail.length);
    bytes.set(head);
    bytes.set(tail, head.length);
    const t = parseCsvBytes(bytes, { file: 'data.csv' });
    // The UTF-8 "é" (C3 A9) read as windows-1252 is "Ã©": consistent, and the note says so.
    assert.deepStrictEqual(col(t, 'name').levels, ['JosÃ©', 'Zoë']);
    assert.ok(t.notes.some((n) => /read as Latin-1/.test(n)));
  });

  it('gives the same table for every way of cutting the bytes into stream chunks (multi-byte characters and quotes across cuts)', async () => {
    const text = '\ufeffname,note,v\r\n"Zoë, 🙂","two\r\nlines",1\r\nJosé,plain,2\r\n"a ""q""",x,3\r\n';
    const bytes = utf8(text);
    const whole = snapshot(parseCsvBytes(bytes, { file: 'data.csv' }));
    assert.deepStrictEqual(snapshot(parse(text)), whole);
    for (const size of [1, 2, 3, 5, 7, 16, 1000]) {
      assert.deepStrictEqual(snapshot(await parseCsvStream(chunked(bytes, size), { file: 'data.csv' })), whole, `chunks of ${size}`);
    }
  });

  it('parses inputs larger than one papaparse piece (1 MiB), with quoted multi-line fields across piece boundaries', () => {
    const parts = ['i,label,x\n'];
    let line = 2;
    const expectLines: number[] = [];
    for (let i = 0; i < 80000; i++) {
      expectLines.push(line);
      if (i % 7 === 0) { parts.push(`${i},"multi\nline, ${i % 3}",${i / 4}\n`); line += 2; }
      else { parts.push(`${i},plain ${i % 3},${i / 4}\n`); line += 1; }
    }
    const text = parts.join('');
    assert.ok(text.length > 1.5 * (1 << 20));
    const fractions: number[] = [];
    const t = parse(text, { onProgress: (_rows, f) => fractions.push(f ?? -1) });
    assert.strictEqual(t.nRows, 80000);
    assert.deepStrictEqual(Array.from(t.lineOfRow), expectLines);
    const x = col(t, 'x').values!;
    for (let i = 0; i < 80000; i++) assert.strictEqual(x[i], i / 4);
    assert.strictEqual(col(t, 'label').kind, 'categorical');
    assert.strictEqual(col(t, 'label').distinct, 6);
    assert.ok(fractions.length >= 2, 'progress reported per piece');
    assert.strictEqual(fractions[fractions.length - 1], 1);
    for (let k = 1; k < fractions.length; k++) assert.ok(fractions[k] >= fractions[k - 1]);
  });

  it('skips blank lines (counting them for line numbers) and trims header names', () => {
    const t = parse('\n a , b \n1,2\n\n3,4\n\n');
    assert.deepStrictEqual(t.columns.map((c) => c.name), ['a', 'b']);
    assert.deepStrictEqual(Array.from(t.lineOfRow), [3, 5]);
  });

  it('reads a one-column file', () => {
    const t = parse('y\n1\n2\n\n3\n');
    assert.deepStrictEqual(nums(col(t, 'y')), [1, 2, 3]);
  });

  it('streams a file from disk (readCsvFile) with the same result as parsing its text', async () => {
    const file = path.join(FIXTURES, 'design_mixed.csv');
    const fromDisk = await readCsvFile(file, { file: 'design_mixed.csv' });
    const fromText = parseCsvText(require('fs').readFileSync(file, 'utf8'), { file: 'design_mixed.csv' });
    assert.deepStrictEqual(snapshot(fromDisk), snapshot(fromText));
    assert.strictEqual(fromDisk.nRows, 30);
    await userErrorAsync(() => readCsvFile(path.join(FIXTURES, 'no-such-file.csv'), {}), /no-such-file\.csv: cannot read the file \(ENOENT\); check the path/);
  });
});

describe('data: numbers', () => {
  it('trims cells, keeps -0, and accepts the usual decimal spellings', () => {
    const t = parse('v\n  3.5 \n-0\n.5\n5.\n+2\n1e3\n-1.25E-2\n0.1\n123456789012345678\n');
    const v = nums(col(t, 'v'));
    assert.deepStrictEqual(v, [3.5, -0, 0.5, 5, 2, 1000, -0.0125, 0.1, 123456789012345678]);
    assert.ok(Object.is(v[1], -0));
  });

  it('matches Number() bit for bit on decimals (fast path vs the generic conversion)', () => {
    const cells: string[] = [];
    let seed = 12345;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < 5000; i++) {
      const digits = 1 + Math.floor(rnd() * 17);
      let s = '';
      for (let d = 0; d < digits; d++) s += Math.floor(rnd() * 10);
      const point = Math.floor(rnd() * (digits + 1));
      s = s.slice(0, point) + '.' + s.slice(point);
      cells.push((rnd() < 0.3 ? '-' : '') + s);
    }
    const t = parse('v\n' + cells.join('\n') + '\n');
    const v = col(t, 'v').values!;
    for (let i = 0; i < cells.length; i++) assert.ok(Object.is(v[i], Number(cells[i])), `${cells[i]}: ${v[i]} vs ${Number(cells[i])}`);
    // The same cells with decimal commas in a semicolon file.
    const sc = parse('v;w\n' + cells.map((c) => c.replace('.', ',') + ';1').join('\n') + '\n');
    const w = col(sc, 'v').values!;
    for (let i = 0; i < cells.length; i++) assert.ok(Object.is(w[i], Number(cells[i])), `${cells[i]} with a comma`);
  });

  it('treats default missing tokens as missing (NaN) and counts them', () => {
    const t = parse('v,w\n1,a\nNA,b\n,a\nNaN,b\nnan,a\nnull,b\nN/A,a\nn/a,a\nNULL,b\nNone,a\n2,b\n');
    const v = col(t, 'v');
    assert.strictEqual(v.kind, 'numeric');
    assert.strictEqual(v.missing, 9);
    assert.deepStrictEqual(nums(v).map((x) => (Number.isNaN(x) ? null : x)), [1, null, null, null, null, null, null, null, null, null, 2]);
  });

  it('uses a custom missing-token list, numeric tokens included', () => {
    const t = parse('v,w\n1,?\n-999,b\nNA,c\n3,b\n1,c\n', { missingTokens: ['-999', '?'] });
    const v = col(t, 'v');
    // NA is not a token here, so v is text; -999 is missing.
    assert.strictEqual(v.kind, 'categorical');
    assert.deepStrictEqual(texts(v), ['1', null, 'NA', '3', '1']);
    assert.deepStrictEqual(texts(col(t, 'w')), [null, 'b', 'c', 'b', 'c']);
    const u = parse('v\n1\n-999\n2\n', { missingTokens: ['-999'] });
    assert.deepStrictEqual(nums(col(u, 'v')).map((x) => (Number.isNaN(x) ? null : x)), [1, null, 2]);
  });

  it('stops at a number that overflows to infinity, naming line and column', () => {
    userError(() => parse('a,b\n1,2\n3,1e309\n'), /^data\.csv line 3, column "b": "1e309" is not a finite number \(it overflows a 64-bit float\); fix the cell, or add "1e309" to the missing tokens/);
  });

  it('stops at Inf/Infinity/NaN spellings that are not missing tokens, and accepts them when they are', () => {
    userError(() => parse('a,b\n1,2\n3,inf\n'), /data\.csv line 3, column "b": "inf" is not a finite number; fix the cell, or add "inf" to the missing tokens/);
    userError(() => parse('a,b\n1,-Infinity\n3,4\n'), /line 2, column "b": "-Infinity" is not a finite number/);
    userError(() => parse('a,b\n1,2\n3,NAN\n'), /line 3, column "b": "NAN"/);
    const t = parse('a,b\n1,2\n3,Inf\n', { missingTokens: ['Inf', ''] });
    assert.strictEqual(col(t, 'b').missing, 1);
  });

  it('does not take hexadecimal, binary or octal literals for numbers', () => {
    const t = parse('v\n0x1F\n0b1\n0o7\n0x1F\n');
    assert.strictEqual(col(t, 'v').values, null);
    assert.deepStrictEqual(col(t, 'v').levels, ['0b1', '0o7', '0x1F']);
  });

  it('reads quoted thousands separators when the whole column uses them', () => {
    const t = parse('amount,y\n"1,234",1\n"12,345,678.5",2\n999,3\n"-2,000",4\n');
    assert.deepStrictEqual(nums(col(t, 'amount')), [1234, 12345678.5, 999, -2000]);
    assert.ok(t.notes.some((n) => /Column "amount": thousands separators read as numbers \("1,234" = 1234\)/.test(n)));
  });

  it('excludes a column that mixes thousands separators and plain large numbers, with a note', () => {
    const t = parse('amount,y\n"1,234",1\n5678,2\n12,3\n');
    const a = col(t, 'amount');
    assert.strictEqual(a.kind, 'excluded');
    assert.match(a.reason!, /inconsistent number format: "1,234" has a thousands separator but "5678" does not/);
  });
});

describe('data: column kinds', () => {
  it('reads true/false, yes/no, t/f, y/n in any case as booleans 0/1; a numeric 0/1 column stays numeric', () => {
    const t = parse('a,b,c,d,e\nTrue,yes,t,Y,0\nfalse,NO,F,n,1\nTRUE,Yes,T,y,1\n');
    for (const name of ['a', 'b', 'c', 'd']) {
      assert.strictEqual(col(t, name).kind, 'boolean', name);
      assert.deepStrictEqual(nums(col(t, name)), [1, 0, 1], name);
    }
    assert.deepStrictEqual(col(t, 'b').booleanLabels, ['NO', 'Yes']);
    assert.strictEqual(col(t, 'e').kind, 'numeric');
  });

  it('one-hot candidates: text columns with at most maxCategoricalLevels levels, levels sorted', () => {
    const t = parse('c,v\nb,1\na,2\nc,3\na,4\n,5\n');
    const c = col(t, 'c');
    assert.strictEqual(c.kind, 'categorical');
    assert.deepStrictEqual(c.levels, ['a', 'b', 'c']);
    assert.deepStrictEqual(Array.from(c.codes!), [1, 0, 2, 0, -1]);
    assert.strictEqual(c.missing, 1);
    assert.strictEqual(c.distinct, 3);
  });

  it('excludes ID-like, high-cardinality, constant and all-missing columns with reasons', () => {
    const rows: string[] = ['id,hc,k,ks,none,v'];
    for (let i = 0; i < 200; i++) rows.push(`r${i},h${i % 25},3,same,NA,${i}`);
    const t = parse(rows.join('\n') + '\n');
    assert.strictEqual(col(t, 'id').reason, 'ID-like: 200 distinct values in 200 rows');
    assert.strictEqual(col(t, 'hc').reason, 'high-cardinality: 25 distinct values (more than 20, the limit for categorical columns)');
    assert.strictEqual(col(t, 'k').reason, 'constant: every value is 3');
    assert.strictEqual(col(t, 'ks').reason, 'constant: every value is "same"');
    assert.strictEqual(col(t, 'none').reason, 'all missing: every cell is empty or a missing token');
    for (const name of ['id', 'hc', 'k', 'ks', 'none']) assert.strictEqual(col(t, name).kind, 'excluded');
    // Excluded columns keep their data (a constant or ID column may still be a target or fold column).
    assert.strictEqual(col(t, 'k').values![0], 3);
    assert.strictEqual(col(t, 'v').kind, 'numeric');
    // maxCategoricalLevels raises the limit.
    assert.strictEqual(parse(rows.join('\n'), { maxCategoricalLevels: 30 }).columns[1].kind, 'categorical');
  });

  it('turns a column that starts numeric and then has text into a text column', () => {
    const t = parse('v\n1\n2\nlow\n1\n');
    const v = col(t, 'v');
    assert.strictEqual(v.kind, 'categorical');
    assert.deepStrictEqual(texts(v), ['1', '2', 'low', '1']);
  });

  it('counts distinct numeric values (capped at 1000)', () => {
    const rows = ['v,w'];
    for (let i = 0; i < 1500; i++) rows.push(`${i},${i % 7}`);
    const t = parse(rows.join('\n'));
    assert.strictEqual(col(t, 'v').distinct, 1000);
    assert.strictEqual(col(t, 'v').distinctCapped, true);
    assert.strictEqual(col(t, 'w').distinct, 7);
  });
});

describe('data: CSV errors name the file, line and column', () => {
  it('empty file and whitespace-only file', () => {
    userError(() => parse(''), /^data\.csv is empty/);
    userError(() => parse('\n \n\n'), /^data\.csv is empty/);
    userError(() => parseCsvBytes(new Uint8Array(0), { file: 'data.csv' }), /^data\.csv is empty/);
  });

  it('header only', () => {
    userError(() => parse('a,b,c\n'), /^data\.csv has a header row but no data rows; add rows below the header\.$/);
  });

  it('duplicate column names, naming both positions', () => {
    userError(() => parse('a,b,a\n1,2,3\n'), /^data\.csv line 1: the column name "a" appears twice in the header \(columns 1 and 3\); rename one of them\.$/);
  });

  it('empty column names become column_N with a note', () => {
    const t = parse('a,,c\n1,2,3\n');
    assert.deepStrictEqual(t.columns.map((c) => c.name), ['a', 'column_2', 'c']);
    assert.ok(t.notes.some((n) => n === 'Column 2 has no name in the header; it is called "column_2".'));
  });

  it('ragged rows: up to 5 line numbers and the count', () => {
    const rows = ['a,b,c'];
    for (let i = 0; i < 12; i++) rows.push(i % 2 ? '1,2,3' : '1,2');
    const msg = userError(() => parse(rows.join('\n')), /^data\.csv: 6 rows do not have the 3 fields of the header \(lines 2, 4, 6, 8, 10, …; line 2 has 2 fields\); fix them or turn on "skip bad rows"\.$/);
    assert.ok(msg.length < 200);
    userError(() => parse('a,b\n1,2\n1,2,3\n'), /^data\.csv: 1 row does not have the 2 fields of the header \(line 3; line 3 has 3 fields\); fix it or turn on "skip bad rows"\.$/);
  });

  it('skipBadRows skips ragged rows and reports how many', () => {
    const t = parse('a,b\n1,2\n1,2,3\n4,5\n6\n', { skipBadRows: true });
    assert.strictEqual(t.nRows, 2);
    assert.deepStrictEqual(Array.from(t.lineOfRow), [2, 4]);
    assert.ok(t.notes.some((n) => n === 'Skipped 2 rows without the 2 fields of the header (lines 3, 5).'), t.notes.join('|'));
  });

  it('skipBadRows that skips every row says so and names the delimiter', () => {
    userError(() => parse('a;b;c\n1,2\n3,4\n', { delimiter: ';', skipBadRows: true }),
      /^data\.csv: every data row was skipped \(2 rows without the 3 fields of the header, first on line 2\); check that the delimiter is semicolon\.$/);
  });

  it('unclosed quote: the line where it opened', () => {
    userError(() => parse('a,b\n1,2\n3,"oops\n4,5\n6,7\n'), /^data\.csv line 3: a quoted field opens here and is never closed; add the missing closing quote/);
    // After a multi-line quoted field the line count stays right.
    userError(() => parse('a,b\n1,"x\ny"\n3,4\n5,"open\n'), /^data\.csv line 5: a quoted field opens here/);
  });

  it('NUL bytes: the line, in text, bytes and streams', async () => {
    userError(() => parse('a,b\n1,2\n3,\u00004\n'), /^data\.csv line 3: the file contains a NUL byte/);
    userError(() => parse('a,b\r1,2\r3,4\r\u0000'), /^data\.csv line 4: the file contains a NUL byte/);
    const bytes = utf8('a,b\n1,2\n3,4\n5,\u00006\n');
    userError(() => parseCsvBytes(bytes, { file: 'data.csv' }), /^data\.csv line 4: the file contains a NUL byte/);
    await userErrorAsync(() => parseCsvStream(chunked(bytes, 3), { file: 'data.csv' }), /^data\.csv line 4: the file contains a NUL byte/);
    // UTF-16 without a BOM is full of NULs: caught on line 1.
    userError(() => parseCsvBytes(Uint8Array.from(Buffer.from('a,b\n1,2\n', 'utf16le')), { file: 'data.csv' }), /^data\.csv line 1: the file contains a NUL byte, so it is not a text CSV \(perhaps UTF-16 without a byte order mark/);
  });
});

describe('data: property: quoting and chunking never change what is read', () => {
  // Oracle: the cells we serialized (RFC 4180 quoting), trimmed as the reader trims them.
  it('random tables with delimiters, quotes, newlines and multi-byte text inside fields, cut into random chunks', async () => {
    const fc = await import('fast-check');
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', ' ', 'é', '🙂', '1', '.'), maxLength: 8 }).map((s) => 'k' + s);
    const quote = (s: string) => (/[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 30 }),
        fc.constantFrom('\n', '\r\n'),
        fc.integer({ min: 1, max: 64 }),
        async (rows, eol, chunk) => {
          const text = 'p,q,r' + eol + rows.map((r) => r.map(quote).join(',')).join(eol) + eol;
          const expectLines: number[] = [];
          let line = 2;
          for (const r of rows) {
            expectLines.push(line);
            line += 1 + r.join('').split('\n').length - 1;
          }
          const bytes = utf8(text);
          for (const t of [parse(text), await parseCsvStream(chunked(bytes, chunk), { file: 'data.csv' })]) {
            assert.strictEqual(t.nRows, rows.length);
            assert.deepStrictEqual(Array.from(t.lineOfRow), expectLines);
            ['p', 'q', 'r'].forEach((name, j) => {
              assert.deepStrictEqual(texts(col(t, name)), rows.map((r) => r[j].trim()));
            });
          }
        },
      ),
      { numRuns: 200, seed: 20261125 },
    );
  });
});
