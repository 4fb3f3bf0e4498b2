/**
 * Every bad input class of issue 6 through the command line (`node dist/cli.js`), each the way a
 * user meets it: a small file in a temp folder, one command. Every case asserts that the input
 * file is untouched (bytes and mtime), that nothing prints a stack trace, and either
 *   - a user error: exit status 2 and exactly one line on stderr naming the file and, where there
 *     is one, the line and column, or
 *   - an answer: exit status 0 with numbers equal to those of an oracle (the same table written
 *     cleanly: UTF-8, commas, no separators; or the same data rescaled).
 * docs/bad-inputs.md lists what each class gets; BAD_INPUTS_REPORT=file.json writes the observed
 * messages so the table can be checked against them.
 */
import { strict as assert } from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const report: { cls: string; args: string; status: number; out: string }[] = [];
let dir = '';

interface Run { status: number; stdout: string; stderr: string }

function run(args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, ...env }, timeout: 60000 });
  assert.equal(r.signal, null, `cli ${args.join(' ')} was killed (${r.signal}): a hang?`);
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  // An old mtime, so that a write by the CLI would show even within the clock's resolution.
  fs.utimesSync(file, new Date(2020, 0, 1), new Date(2020, 0, 1));
  return name;
}

/** Runs the CLI on `name` and checks the file is byte-for-byte and mtime unchanged. */
function runOn(cls: string, name: string, args: string[], env: Record<string, string> = {}): Run {
  const file = path.join(dir, name);
  const before = fs.readFileSync(file);
  const mtime = fs.statSync(file).mtimeMs;
  const r = run([args[0], name, ...args.slice(1)], env);
  assert.ok(fs.readFileSync(file).equals(before), `${name}: the input file was modified`);
  assert.equal(fs.statSync(file).mtimeMs, mtime, `${name}: the input file's mtime changed`);
  assert.ok(!/\n\s+at /.test(r.stderr) && !/\n\s+at /.test(r.stdout), `stack trace printed:\n${r.stderr}`);
  assert.ok(!/internal error/.test(r.stderr), `internal error: ${r.stderr}`);
  report.push({ cls, args: [args[0], name, ...args.slice(1)].join(' '), status: r.status, out: r.status === 0 ? r.stdout.slice(0, 400) : r.stderr.trim() });
  return r;
}

/** A user error: status 2, one line on stderr starting "error: ", matching `message`. */
function userError(cls: string, name: string, args: string[], message: RegExp, env: Record<string, string> = {}): string {
  const r = runOn(cls, name, args, env);
  assert.equal(r.status, 2, `expected exit 2, got ${r.status}; stderr: ${r.stderr}; stdout: ${r.stdout.slice(0, 300)}`);
  assert.equal(r.stdout, '', 'a user error prints nothing on stdout');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${r.stderr}`);
  assert.match(lines[0], /^error: /);
  assert.ok(lines[0].includes(name), `the message should name the file ${name}: ${lines[0]}`);
  assert.match(lines[0], message);
  return lines[0];
}

/** An answer: status 0 and the --json output. */
function answer(cls: string, name: string, args: string[], env: Record<string, string> = {}): any {
  const r = runOn(cls, name, [...args, '--json'], env);
  assert.equal(r.status, 0, `expected exit 0, got ${r.status}: ${r.stderr}`);
  const out = JSON.parse(r.stdout);
  assertAllFinite(out, name);
  return out;
}

/** No NaN or Infinity anywhere (JSON turns them into null). */
function assertAllFinite(v: unknown, where: string): void {
  if (v === null) assert.fail(`${where}: a null in the JSON output (a NaN or Infinity that was serialized)`);
  if (typeof v === 'number') assert.ok(Number.isFinite(v), `${where}: non-finite ${v}`);
  else if (Array.isArray(v)) v.forEach((x, i) => assertAllFinite(x, `${where}[${i}]`));
  else if (typeof v === 'object' && v) {
    for (const [k, x] of Object.entries(v)) {
      // Nullable by contract: alpha/l1_ratio of OLS, test metrics without a test set, etc.
      if (x === null && ['alpha', 'l1_ratio', 'test', 'coef_standardized', 'intercept_standardized', 'dual_gap', 'C', 'penalty'].includes(k)) continue;
      assertAllFinite(x, `${where}.${k}`);
    }
  }
}

/** Relative closeness of two coefficient records (same keys). */
function assertCoefClose(a: Record<string, number>, b: Record<string, number>, rel: number, what: string): void {
  assert.deepEqual(Object.keys(a), Object.keys(b), `${what}: columns differ`);
  const scale = Math.max(1e-300, ...Object.values(b).map(Math.abs));
  for (const k of Object.keys(b)) {
    assert.ok(Math.abs(a[k] - b[k]) <= rel * scale, `${what}: ${k} = ${a[k]}, expected ${b[k]} (rel ${rel})`);
  }
}

// A small clean table (deterministic): y = 3a - 2b + 0.5c + noise.
function cleanRows(n = 30, seed = 7): number[][] {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const a = Math.round(rnd() * 2000) / 100, b = Math.round(rnd() * 2000) / 100, c = Math.round(rnd() * 2000) / 100;
    rows.push([a, b, c, Math.round((3 * a - 2 * b + 0.5 * c + rnd()) * 1000) / 1000]);
  }
  return rows;
}
const toCsv = (header: string[], rows: (number | string)[][], sep = ',', nl = '\n') => [header.join(sep), ...rows.map((r) => r.join(sep))].join(nl) + nl;
const OLS = ['fit', '--target', 'y', '--model', 'ols', '--test-size', '0'];

describe('bad inputs through the CLI (issue 6)', function () {
  this.timeout(120000);

  before(() => {
    assert.ok(fs.existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regex-bad-inputs-'));
  });
  after(() => {
    if (process.env.BAD_INPUTS_REPORT) fs.writeFileSync(process.env.BAD_INPUTS_REPORT, JSON.stringify(report, null, 1));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const header = ['a', 'b', 'c', 'y'];
  const rows = cleanRows();
  let reference: any;
  before(() => {
    write('clean.csv', toCsv(header, rows));
    reference = answer('clean', 'clean.csv', OLS);
  });

  describe('structure', () => {
    it('empty file, and a file of blank lines', () => {
      write('empty.csv', '');
      userError('empty file', 'empty.csv', OLS, /is empty: there is no header row and no data/);
      write('blank.csv', '\n\r\n  \n');
      userError('empty file', 'blank.csv', OLS, /is empty/);
    });

    it('header only', () => {
      write('header.csv', 'a,b,c,y\n');
      userError('header only', 'header.csv', OLS, /has a header row but no data rows/);
    });

    it('no header (first row is numbers): the error says so, inspect notes it', () => {
      write('nohead.csv', toCsv(['1.5', '2', '3', '4'], rows));
      userError('no header', 'nohead.csv', OLS, /no target column "y".*The first row looks like data, not a header/);
      const s = answer('no header', 'nohead.csv', ['inspect']);
      assert.ok(s.notes.some((n: string) => /first row looks like data, not a header/.test(n)), JSON.stringify(s.notes));
    });

    it('duplicate column names: line and both columns named', () => {
      write('dup.csv', toCsv(['a', 'b', 'a', 'y'], rows));
      userError('duplicate column names', 'dup.csv', OLS, /line 1: the column name "a" appears twice in the header \(columns 1 and 3\)/);
    });

    it('empty column name: renamed column_N with a note, fit unchanged', () => {
      write('noname.csv', toCsv(['a', '', 'c', 'y'], rows));
      const r = answer('empty column name', 'noname.csv', OLS);
      assert.ok(r.notes.some((n: string) => n === 'Column 2 has no name in the header; it is called "column_2".'), JSON.stringify(r.notes));
      assert.deepEqual(Object.values(r.coef), Object.values(reference.coef));
    });

    it('ragged rows: error with row numbers; --skip-bad-rows skips them with a note and equals the fit without them', () => {
      const lines = toCsv(header, rows).split('\n');
      lines.splice(3, 0, '1,2,3'); // line 4
      lines.splice(8, 0, '1,2,3,4,5'); // line 9
      write('ragged.csv', lines.join('\n'));
      userError('ragged rows', 'ragged.csv', OLS, /2 rows do not have the 4 fields of the header \(lines 4, 9; line 4 has 3 fields\).*skip bad rows/);
      const r = answer('ragged rows (skipped)', 'ragged.csv', [...OLS, '--skip-bad-rows']);
      assert.ok(r.notes.includes('Skipped 2 rows without the 4 fields of the header (lines 4, 9).'), JSON.stringify(r.notes));
      assert.equal(r.n_train, rows.length);
      assert.deepEqual(r.coef, reference.coef);
      write('allragged.csv', 'a,b,y\n1,2\n3,4\n');
      userError('ragged rows (all skipped)', 'allragged.csv', [...OLS, '--skip-bad-rows'], /every data row was skipped \(2 rows without the 3 fields of the header, first on line 2\)/);
    });

    it('a quote never closed: the line where it opens', () => {
      const lines = toCsv(header, rows).split('\n');
      lines[5] = '"1.5,2,3,4';
      write('quote.csv', lines.join('\n'));
      userError('unclosed quote', 'quote.csv', OLS, /line 6: a quoted field opens here and is never closed/);
    });

    it('embedded NUL byte: its line; UTF-16 without BOM gets the same hint', () => {
      const text = toCsv(header, rows);
      const at = text.split('\n').slice(0, 4).join('\n').length + 3; // inside line 5
      write('nul.csv', Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0]), Buffer.from(text.slice(at))]));
      userError('NUL byte', 'nul.csv', OLS, /line 5: the file contains a NUL byte, so it is not a text CSV/);
      write('utf16nobom.csv', Buffer.from(text, 'utf16le'));
      userError('UTF-16 without BOM', 'utf16nobom.csv', OLS, /line 1: the file contains a NUL byte.*UTF-16 without a byte order mark/);
    });
  });

  describe('text from the file is shown, never interpreted', () => {
    it('newlines and terminal escape sequences in names and cells: one escaped line, no ESC byte reaches the terminal', () => {
      const evil = '\u001b]0;pwned\u0007\u001b[2J';
      const text = toCsv([`"a${evil}"`, 'b', 'c', 'y'], rows.map(([a, b, c, y], i) => [a, b, c, i === 1 ? `"3\n${evil}"` : y]));
      write('escapes.csv', text);
      const line = userError('control characters in cells', 'escapes.csv', OLS, /line 3, column "y": the target of a regression must be numeric, but this row has "3\\n\\u001b\]0;pwned\\u0007\\u001b\[2J"/);
      assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(line));
      const r = runOn('control characters in names', 'escapes.csv', ['inspect']);
      assert.equal(r.status, 0, r.stderr);
      assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(r.stdout), 'a control character reached stdout');
      assert.ok(r.stdout.includes('a\\u001b]0;pwned\\u0007\\u001b[2J'), r.stdout);
    });
  });

  describe('encodings and number formats (decoded; numbers equal to the clean file)', () => {
    const accented = ['café', 'b', 'c', 'y'];
    let utf8: any;
    before(() => {
      write('utf8.csv', toCsv(accented, rows));
      utf8 = answer('UTF-8 (oracle)', 'utf8.csv', OLS);
    });

    it('Latin-1: decoded with a note', () => {
      write('latin1.csv', Buffer.from(toCsv(accented, rows), 'latin1'));
      const r = answer('Latin-1', 'latin1.csv', OLS);
      assert.deepEqual(r.coef, utf8.coef);
      assert.ok(r.notes.some((n: string) => /latin1\.csv is not valid UTF-8; it was read as Latin-1/.test(n)), JSON.stringify(r.notes));
    });

    it('UTF-16 LE and BE with BOM: decoded', () => {
      write('utf16le.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(toCsv(accented, rows, ',', '\r\n'), 'utf16le')]));
      assert.deepEqual(answer('UTF-16 LE BOM', 'utf16le.csv', OLS).coef, utf8.coef);
      const le = Buffer.from(toCsv(accented, rows), 'utf16le');
      const be = Buffer.alloc(le.length);
      for (let i = 0; i < le.length; i += 2) { be[i] = le[i + 1]; be[i + 1] = le[i]; }
      write('utf16be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
      assert.deepEqual(answer('UTF-16 BE BOM', 'utf16be.csv', OLS).coef, utf8.coef);
    });

    it('decimal commas with semicolon delimiters', () => {
      const text = toCsv(header, rows.map((r) => r.map((v) => String(v).replace('.', ','))), ';');
      write('semicolon.csv', text);
      const r = answer('decimal commas', 'semicolon.csv', OLS);
      assert.deepEqual(r.coef, reference.coef);
      assert.ok(r.notes.includes('Delimiter detected: semicolon.'), JSON.stringify(r.notes));
      assert.ok(r.notes.some((n: string) => /^Column "a": decimal commas read as numbers/.test(n)), JSON.stringify(r.notes));
    });

    it('thousands separators: read as numbers with a note; mixed formats exclude the column', () => {
      const big = rows.map(([a, b, c, y]) => [a * 1000, b, c, y]);
      const fmt = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 10 });
      write('plainbig.csv', toCsv(header, big));
      const oracle = answer('thousands (oracle)', 'plainbig.csv', OLS);
      write('thousands.csv', toCsv(header, big.map(([a, b, c, y]) => [`"${fmt(a)}"`, b, c, y])));
      const r = answer('thousands separators', 'thousands.csv', OLS);
      assert.deepEqual(r.coef, oracle.coef);
      assert.ok(r.notes.some((n: string) => /^Column "a": thousands separators read as numbers/.test(n)), JSON.stringify(r.notes));
      const mixed = big.map(([a, b, c, y], i) => [i === 3 ? `"${fmt(12345)}"` : i === 4 ? 2345 : a, b, c, y]);
      write('mixedthousands.csv', toCsv(header, mixed));
      const m = answer('thousands separators (mixed)', 'mixedthousands.csv', OLS);
      assert.deepEqual(Object.keys(m.coef), ['b', 'c']);
      assert.ok(m.notes.some((n: string) => /"a" \(inconsistent number format: "12,345" has a thousands separator but "\d+" does not\)/.test(n)), JSON.stringify(m.notes));
    });

    it('-0 and "  3.5 " read as 0 and 3.5', () => {
      const r0 = rows.map((r) => r.slice());
      r0[0][0] = 0; r0[1][1] = 3.5;
      write('plain.csv', toCsv(header, r0));
      const oracle = answer('-0 and padded (oracle)', 'plain.csv', OLS);
      const text = toCsv(header, r0.map((r, i) => r.map((v, j) => (i === 0 && j === 0 ? '-0' : i === 1 && j === 1 ? '"  3.5 "' : String(v)))));
      write('padded.csv', text.replace('\n' + r0[2].join(','), '\n' + r0[2].map((v) => `  ${v} `).join(',')));
      assert.deepEqual(answer('-0 and "  3.5 "', 'padded.csv', OLS).coef, oracle.coef);
    });

    it('1e309 overflows: line and column named', () => {
      const lines = toCsv(header, rows).split('\n');
      lines[4] = '1e309,1,2,3';
      write('overflow.csv', lines.join('\n'));
      userError('1e309', 'overflow.csv', OLS, /line 5, column "a": "1e309" is not a finite number \(it overflows a 64-bit float\)/);
    });

    it('Inf / -Infinity cells: line and column named; NaN cells are missing (row dropped, noted)', () => {
      for (const [name, cell] of [['inf.csv', 'Inf'], ['neginf.csv', '-Infinity']]) {
        const lines = toCsv(header, rows).split('\n');
        lines[2] = `1,${cell},2,3`;
        write(name, lines.join('\n'));
        userError('Inf cell', name, OLS, new RegExp(`line 3, column "b": "${cell}" is not a finite number`));
      }
      const lines = toCsv(header, rows).split('\n');
      lines.splice(2, 0, '1,NaN,2,3');
      write('nan.csv', lines.join('\n'));
      const r = answer('NaN cell', 'nan.csv', OLS);
      assert.ok(r.notes.includes('Dropped 1 row with missing feature values (line 3).'), JSON.stringify(r.notes));
      assert.deepEqual(r.coef, reference.coef);
    });
  });

  describe('targets and features', () => {
    it('target constant', () => {
      write('tconst.csv', toCsv(header, rows.map(([a, b, c]) => [a, b, c, 5])));
      userError('target constant', 'tconst.csv', ['compare', '--target', 'y'], /the target column "y" is constant \(every used row has 5\)/);
    });

    it('target non-numeric (regression): line and column', () => {
      write('ttext.csv', toCsv(header, rows.map(([a, b, c, y], i) => [a, b, c, i === 2 ? 'high' : y])));
      userError('target non-numeric', 'ttext.csv', OLS, /line 4, column "y": the target of a regression must be numeric, but this row has "high"/);
    });

    it('target all missing', () => {
      write('tmiss.csv', toCsv(header, rows.map(([a, b, c], i) => [a, b, c, i % 2 ? 'NA' : ''])));
      userError('target all missing', 'tmiss.csv', OLS, /the target column "y" has no values/);
    });

    it('three-valued target for logistic', () => {
      write('t3.csv', toCsv(header, rows.map(([a, b, c], i) => [a, b, c, ['lo', 'mid', 'hi'][i % 3]])));
      userError('target three-valued (logistic)', 't3.csv', ['fit', '--target', 'y', '--model', 'logistic'], /classification target "y" has 3 distinct values \("hi", "lo", "mid"\); logistic regression needs exactly two classes/);
    });

    it('logistic: a test split holding one class gives no test metrics and a note (never NaN); one-class CV folds are refused', () => {
      write('smallcls.csv', toCsv(header, rows.slice(0, 10).map(([a, b, c], i) => [a, b, c, i % 2 ? 'pos' : 'neg'])));
      let found = 0;
      for (let seed = 0; seed < 40 && found === 0; seed++) {
        const r = answer('logistic one-class test split', 'smallcls.csv', ['fit', '--target', 'y', '--model', 'logistic', '--seed', String(seed)]);
        if (r.metrics.test !== null) continue;
        found++;
        assert.ok(r.notes.some((n: string) => /^No test metrics: the 2 test rows hold only the class "(pos|neg)", and AUC needs both classes/.test(n)), JSON.stringify(r.notes));
      }
      assert.equal(found, 1, 'no seed in 0..39 gave a one-class test split (the case was not exercised)');
      write('rarecls.csv', toCsv(header, rows.slice(0, 12).map(([a, b, c], i) => [a, b, c, i === 3 ? 'rare' : 'common'])));
      userError('logistic CV with a class rarer than the folds', 'rarecls.csv', ['cv', '--target', 'y', '--model', 'logistic', '--folds', '3'], /rarecls\.csv: (3-fold stratified cross-validation needs|the training rows of cross-validation fold \d of 3 \(\d+\) hold only the class "common")/);
    });

    it('every feature excluded (ID-like, constant), and an excluded feature asked for', () => {
      write('allexcl.csv', toCsv(['id', 'k', 'y'], rows.map(([, , , y], i) => [`r${i}`, 7, y])));
      userError('every feature excluded', 'allexcl.csv', OLS, /no usable feature columns/);
      userError('excluded feature requested', 'allexcl.csv', [...OLS, '--features', 'k'], /column "k" cannot be a feature \(constant: every value is 7\)/);
    });

    it('n = 1', () => {
      write('n1.csv', toCsv(header, rows.slice(0, 1)));
      userError('n = 1', 'n1.csv', OLS, /only 1 usable row/);
    });

    it('p >> n: finite min-norm OLS with a rank note, Lasso keeps at most n features', () => {
      const p = 120, n = 8;
      const h = [...Array.from({ length: p }, (_, j) => `x${j}`), 'y'];
      let seed = 11;
      const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5;
      const wide = Array.from({ length: n }, () => Array.from({ length: p + 1 }, rnd));
      write('wide.csv', toCsv(h, wide));
      const r = answer('p >> n', 'wide.csv', ['compare', '--target', 'y', '--test-size', '0', '--alpha', '0.01']);
      const ols = r.fits[0];
      assert.ok(ols.notes.some((s: string) => /^The design has rank 7 of 120 columns: .* are linear combinations/.test(s)), JSON.stringify(ols.notes));
      assert.ok(ols.metrics.train.r2 > 1 - 1e-9, 'min-norm OLS interpolates the training rows');
      assert.ok(r.lasso_selected <= n, `lasso kept ${r.lasso_selected} > n`);
    });

    it('perfectly collinear and constant columns: OLS min-norm note names the dependent column; same fitted values', () => {
      const coll = rows.map(([a, b, c, y]) => [a, b, 2 * a - b, 7, c, y]);
      write('collinear.csv', toCsv(['a', 'b', 'd', 'k', 'c', 'y'], coll));
      const r = answer('collinear and constant columns', 'collinear.csv', OLS);
      assert.ok(r.notes.some((n: string) => n === 'Not used as features: "k" (constant: every value is 7).'), JSON.stringify(r.notes));
      assert.ok(r.notes.some((n: string) => /^The design has rank 3 of 4 columns: d is a linear combination of the other columns/.test(n)), JSON.stringify(r.notes));
      // Oracle: d lies in the span of a and b, so the fitted values equal those of the fit on a, b, c.
      assert.ok(Math.abs(r.metrics.train.mse - reference.metrics.train.mse) <= 1e-9 * reference.metrics.train.mse);
      // Minimum norm on the fitted (standardized) scale: w is orthogonal to the null direction of
      // (a, b, d), which is (2 sd_a, -sd_b, -sd_d) there since 2a - b - d = 0.
      const sd = (j: number) => {
        const v = coll.map((row) => row[j]);
        const m = v.reduce((x, y) => x + y, 0) / v.length;
        return Math.sqrt(v.reduce((x, y) => x + (y - m) ** 2, 0) / v.length);
      };
      const null3 = [2 * sd(0), -sd(1), -sd(2)];
      const w = [r.coef_standardized.a, r.coef_standardized.b, r.coef_standardized.d];
      const dot = w[0] * null3[0] + w[1] * null3[1] + w[2] * null3[2];
      assert.ok(Math.abs(dot) <= 1e-9 * Math.hypot(...w) * Math.hypot(...null3), `not minimum-norm: w·null = ${dot}`);
    });

    it('values around 1e+-300 in features: finite, equal to the fit on rescaled data', () => {
      const scaled = rows.map(([a, b, c, y]) => [a * 1e300, b * 1e-300, c, y]);
      write('extreme.csv', toCsv(header, scaled.map((r) => r.map((v) => v.toExponential(16)))));
      write('rescaled.csv', toCsv(header, rows.map((r) => r.map((v) => Number(v.toExponential(16))))));
      const args = ['compare', '--target', 'y', '--alpha', '0.1'];
      const big = answer('values around 1e+-300', 'extreme.csv', args);
      const ref = answer('values around 1e+-300 (oracle)', 'rescaled.csv', args);
      for (let k = 0; k < 4; k++) {
        const model = ref.fits[k].model;
        assertCoefClose(big.fits[k].coef_standardized, ref.fits[k].coef_standardized, 1e-9, `${model} standardized`);
        const back = { a: big.fits[k].coef.a * 1e300, b: big.fits[k].coef.b * 1e-300, c: big.fits[k].coef.c };
        assertCoefClose(back, ref.fits[k].coef, 1e-9, `${model} original units`);
        assert.ok(Math.abs(big.fits[k].metrics.test.r2 - ref.fits[k].metrics.test.r2) < 1e-9, `${model} r2`);
      }
      // Logistic on the same extreme features.
      const cls = (r: number[]) => (r[3] > 0 ? 'yes' : 'no');
      write('extremecls.csv', toCsv(header, scaled.map((r) => [...r.slice(0, 3).map((v) => v.toExponential(16)), cls(r)])));
      write('rescaledcls.csv', toCsv(header, rows.map((r) => [...r.slice(0, 3).map((v) => Number(v.toExponential(16))), cls(r)])));
      const largs = ['fit', '--target', 'y', '--model', 'logistic', '--C', '0.5'];
      const lb = answer('values around 1e+-300 (logistic)', 'extremecls.csv', largs);
      const lr = answer('values around 1e+-300 (logistic oracle)', 'rescaledcls.csv', largs);
      assertCoefClose(lb.coef_standardized, lr.coef_standardized, 1e-7, 'logistic standardized');
    });

    it('targets whose squares overflow or underflow, and unstandardized extreme columns: a clear message', () => {
      write('ybig.csv', toCsv(header, rows.map(([a, b, c, y]) => [a, b, c, (y * 1e300).toExponential(16)])));
      userError('target around 1e300', 'ybig.csv', OLS, /the target varies by up to .*e\+301 around its mean; squared errors of that size overflow 64-bit floats\. Rescale the target/);
      write('ytiny.csv', toCsv(header, rows.map(([a, b, c, y]) => [a, b, c, (y * 1e-300).toExponential(16)])));
      userError('target around 1e-300', 'ytiny.csv', OLS, /squared errors of that size underflow 64-bit floats/);
      write('xbig.csv', toCsv(header, rows.map(([a, b, c, y]) => [(a * 1e300).toExponential(16), b, c, y])));
      userError('unstandardized column around 1e300', 'xbig.csv', [...OLS, '--no-standardize'], /column "a" varies by up to .* without standardization its squares overflow/);
    });
  });

  describe('the file itself', () => {
    it('a missing file, a folder', () => {
      const r = run(['fit', 'nope.csv', '--target', 'y']);
      assert.equal(r.status, 2);
      assert.equal(r.stderr, 'error: nope.csv: no such file. Check the path.\n');
      fs.mkdirSync(path.join(dir, 'folder.csv'));
      const f = run(['fit', 'folder.csv', '--target', 'y']);
      assert.equal(f.status, 2);
      assert.equal(f.stderr, 'error: folder.csv is a folder; give a CSV file.\n');
    });

    // Big enough that reading takes a while after the open (about 20 MB).
    function bigText(): string {
      const parts = ['a,b,c,y\n'];
      for (let k = 0; k < 20000; k++) parts.push(toCsv(header, rows).slice(8));
      return parts.join('');
    }

    /** Spawns the CLI and calls `act` once /proc shows it holds `name` open. */
    async function whileOpen(name: string, args: string[], act: () => void): Promise<Run> {
      const child = spawn(process.execPath, [CLI, args[0], name, ...args.slice(1)], { cwd: dir });
      let stdout = '', stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      const target = path.join(dir, name);
      const fdDir = `/proc/${child.pid}/fd`;
      let acted = false;
      for (let t = 0; t < 3000 && !acted; t++) {
        try {
          if (fs.readdirSync(fdDir).some((fd) => { try { return fs.readlinkSync(path.join(fdDir, fd)) === target; } catch { return false; } })) { act(); acted = true; break; }
        } catch { /* not started yet */ }
        await new Promise((r) => setTimeout(r, 2));
      }
      const status = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
      assert.ok(acted, 'the CLI never opened the file');
      return { status, stdout, stderr };
    }

    it('a file that disappears after it was opened is still read whole (same numbers)', async function () {
      if (!fs.existsSync('/proc/self/fd')) this.skip();
      const text = bigText();
      write('whole.csv', text);
      const oracle = answer('disappearing file (oracle)', 'whole.csv', ['inspect']);
      write('vanish.csv', text);
      const r = await whileOpen('vanish.csv', ['inspect', '--json'], () => fs.unlinkSync(path.join(dir, 'vanish.csv')));
      assert.equal(r.status, 0, r.stderr);
      const s = JSON.parse(r.stdout);
      assert.equal(s.rows, oracle.rows);
      assert.deepEqual(s.columns, oracle.columns);
      report.push({ cls: 'file disappears while read', args: 'inspect vanish.csv (deleted after open)', status: r.status, out: `rows ${s.rows}` });
    });

    it('a file that changes while it is read: a clear message, no partial result', async function () {
      if (!fs.existsSync('/proc/self/fd')) this.skip();
      write('grow.csv', bigText());
      const r = await whileOpen('grow.csv', ['fit', '--target', 'y', '--model', 'ols'], () => fs.appendFileSync(path.join(dir, 'grow.csv'), '1,2,3,4\n'));
      assert.equal(r.status, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^error: grow\.csv changed while it was being read \(\d+ bytes when opened, \d+ when read\); run again once it is completely saved\.\n$/);
      report.push({ cls: 'file changes while read', args: 'fit grow.csv (appended after open)', status: r.status, out: r.stderr.trim() });
    });

    it('a file above the size limit is refused before it is read (limit injected: REGEX_MAX_FILE_BYTES)', () => {
      write('limit.csv', toCsv(header, rows));
      const size = fs.statSync(path.join(dir, 'limit.csv')).size;
      userError('file above the size limit', 'limit.csv', OLS, new RegExp(`limit\\.csv is ${size} bytes, more than the 500 bytes the command line reads into memory; fit a sample`), { REGEX_MAX_FILE_BYTES: '500' });
      // Under the limit: unchanged result.
      assert.deepEqual(answer('file under the size limit', 'limit.csv', OLS, { REGEX_MAX_FILE_BYTES: String(size) }).coef, reference.coef);
      const bad = run(['fit', 'limit.csv', '--target', 'y'], { REGEX_MAX_FILE_BYTES: 'lots' });
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /^error: REGEX_MAX_FILE_BYTES: expected a positive number of bytes, got "lots"\.\n$/);
    });

    it('a stream without a size (FIFO) is cut off at the limit while reading', async function () {
      if (process.platform === 'win32') this.skip();
      const fifo = path.join(dir, 'pipe.csv');
      spawnSync('mkfifo', [fifo]);
      if (!fs.existsSync(fifo)) this.skip();
      const child = spawn(process.execPath, [CLI, 'fit', 'pipe.csv', '--target', 'y'], { cwd: dir, env: { ...process.env, REGEX_MAX_FILE_BYTES: '1000' } });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const writer = fs.createWriteStream(fifo);
      writer.on('error', () => undefined); // the reader may close first
      writer.end(toCsv(header, [...rows, ...rows, ...rows]));
      const status = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
      assert.equal(status, 2, stderr);
      assert.match(stderr, /^error: pipe\.csv is at least \d+ bytes, more than the 1000 bytes the command line reads into memory/);
      report.push({ cls: 'stream above the size limit', args: 'fit pipe.csv (FIFO)', status, out: stderr.trim() });
    });
  });

  describe('the solver never returns NaN/Inf silently; max_iter is a visible warning with the duality gap', () => {
    it('fit lasso --max-iter 1: converged false, a note with the final gap', () => {
      const r = answer('max_iter hit (fit)', 'clean.csv', ['fit', '--target', 'y', '--model', 'lasso', '--alpha', '0.001', '--max-iter', '1', '--tol', '1e-12']);
      assert.equal(r.converged, false);
      assert.ok(r.dual_gap > 0);
      const note = r.notes.find((n: string) => /did not converge/.test(n));
      assert.ok(note, JSON.stringify(r.notes));
      assert.ok(note.includes(`duality gap ${r.dual_gap.toExponential(3)}`), `${note} should give the final gap ${r.dual_gap}`);
      assert.match(note, /after max_iter=1 iterations; increase max_iter or tol/);
      const text = run(['fit', 'clean.csv', '--target', 'y', '--model', 'lasso', '--alpha', '0.001', '--max-iter', '1', '--tol', '1e-12']);
      assert.match(text.stdout, /NOT CONVERGED/);
      assert.match(text.stdout, /note: Coordinate descent did not converge/);
    });

    it('path, cv and logistic with --max-iter 1 say so in their notes', () => {
      const p = answer('max_iter hit (path)', 'clean.csv', ['path', '--target', 'y', '--model', 'elasticnet', '--max-iter', '1', '--tol', '1e-12']);
      assert.ok(p.notes.some((n: string) => /alphas did not converge; worst: .*duality gap \d\.\d{3}e[-+]\d+/.test(n)), JSON.stringify(p.notes));
      const c = answer('max_iter hit (cv)', 'clean.csv', ['cv', '--target', 'y', '--model', 'lasso', '--max-iter', '1', '--tol', '1e-12']);
      assert.ok(c.notes.some((n: string) => /^fold 1 of 5: .*did not converge.*duality gap/.test(n)), JSON.stringify(c.notes));
      write('cls.csv', toCsv(header, rows.map(([a, b, c2, y]) => [a, b, c2, y > 0 ? 1 : 0])));
      const l = answer('max_iter hit (logistic)', 'cls.csv', ['fit', '--target', 'y', '--model', 'logistic', '--penalty', 'l1', '--max-iter', '1', '--tol', '1e-12']);
      assert.equal(l.converged, false);
      assert.ok(l.notes.some((n: string) => /converge|iteration/i.test(n)), JSON.stringify(l.notes));
      const lc = answer('max_iter hit (logistic cv)', 'cls.csv', ['cv', '--target', 'y', '--model', 'logistic', '--penalty', 'l1', '--max-iter', '1', '--tol', '1e-12']);
      assert.ok(lc.notes.some((n: string) => /did not converge/.test(n)), JSON.stringify(lc.notes));
    });
  });
});
