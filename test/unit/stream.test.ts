// The streamed path (issue 5: a CSV of any size in bounded memory). Oracle: the in-memory pipeline on
// the same text (parseCsvText -> prepare -> regressionPath, notes as the CLI combines them): every
// coefficient, intercept and alpha to 1e-9, the same keys, entry order, non-zero counts and notes;
// the same UserError messages for bad files; clear refusals for what the stream does not do.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isUserError } from '../../src/errors';
import { parseCsvText, streamCsvRows } from '../../src/data';
import { setPieceSizes } from '../../src/data/csv';
import { DEFAULT_DATA, DEFAULT_FIT, prepare, regressionPath, type PathRequest } from '../../src/pipeline';
import { streamedRegressionPath } from '../../src/pipeline/stream';
import type { DataOptions, FitOptions, PathResult } from '../../src/protocol';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const utf8 = (s: string) => new TextEncoder().encode(s);

async function* chunked(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let k = 0; k < bytes.length; k += size) yield bytes.subarray(k, k + size);
}

const FIT: FitOptions = { ...DEFAULT_FIT, testSize: 0 };
const REQ: PathRequest = { model: 'lasso', l1Ratio: 1, nAlphas: 30, eps: 1e-3 };

function inMemory(text: string, data: DataOptions, fit: FitOptions, req: PathRequest): PathResult {
  const table = parseCsvText(text, { file: 'f.csv', missingTokens: data.missingTokens, maxCategoricalLevels: data.maxCategoricalLevels, skipBadRows: data.skipBadRows });
  const prep = prepare(table, data, fit, 'regression');
  const res = regressionPath(prep, req, fit, prep.train);
  res.notes = [...prep.notes.filter((n) => !res.notes.includes(n)), ...res.notes];
  return res;
}

function streamed(text: string, data: DataOptions, fit: FitOptions, req: PathRequest, chunk = 997): Promise<PathResult> {
  const bytes = utf8(text);
  return streamedRegressionPath(() => chunked(bytes, chunk), {
    file: 'f.csv', missingTokens: data.missingTokens, maxCategoricalLevels: data.maxCategoricalLevels, skipBadRows: data.skipBadRows,
  }, data, fit, req, { why: '--stream' });
}

function assertSamePath(got: PathResult, want: PathResult): void {
  assert.deepEqual(Object.keys(got), Object.keys(want));
  assert.deepEqual(Object.keys(got.coef), Object.keys(want.coef));
  const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
  assert.equal(got.alphas.length, want.alphas.length);
  want.alphas.forEach((a, k) => close(got.alphas[k], a, `alpha ${k}`));
  want.intercept.forEach((b, k) => close(got.intercept[k], b, `intercept ${k}`));
  for (const [c, v] of Object.entries(want.coef)) v.forEach((b, k) => close(got.coef[c][k], b, `${c} at alpha ${k}`));
  assert.deepEqual(got.n_nonzero, want.n_nonzero);
  assert.deepEqual(got.entry_order, want.entry_order);
  assert.deepEqual(got.notes, want.notes);
  assert.equal(got.model, want.model);
  assert.equal(got.l1_ratio, want.l1_ratio);
}

async function errorOf(f: () => unknown): Promise<string> {
  try {
    await f();
  } catch (e) {
    assert.ok(isUserError(e), `expected a UserError, got ${String(e)}`);
    return (e as Error).message;
  }
  return assert.fail('expected a UserError');
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
}
function gauss(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(rnd() + 1e-300)) * Math.cos(2 * Math.PI * rnd());
}

/** A regression CSV: 6 numeric features on different scales and offsets, optional holes, extra columns. */
function makeCsv(n: number, seed: number, opts: { holes?: boolean; extra?: string } = {}): string {
  const rnd = rng(seed);
  const scale = [1, 2, 3, 100, 0.01, 5];
  const offset = [0, 10, -5, 1000, 0, 3];
  const beta = [1, 0, -2, 0.01, 50, 0];
  const head = ['x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'y'];
  if (opts.extra === 'constant' || opts.extra === 'id') head.push('k');
  if (opts.extra === 'text') head.push('color');
  const lines = [head.join(',')];
  for (let i = 0; i < n; i++) {
    const x = scale.map((s, j) => s * gauss(rnd) + offset[j]);
    const y = x.reduce((a, v, j) => a + beta[j] * v, 0) + gauss(rnd);
    const cells = [...x.map((v) => v.toPrecision(9)), y.toPrecision(17)];
    if (opts.holes && i % 37 === 5) cells[2] = '';
    if (opts.holes && i % 53 === 7) cells[6] = 'NA';
    if (opts.extra === 'constant') cells.push('7');
    if (opts.extra === 'id') cells.push(`id${i}`);
    if (opts.extra === 'text') cells.push(['red', 'green', 'blue'][i % 3]);
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}

describe('streamed path (issue 5: bounded memory)', () => {
  afterEach(() => setPieceSizes());

  const data: DataOptions = { ...DEFAULT_DATA, target: 'y' };

  it('equals the in-memory path (coef, intercept, alphas to 1e-9; entry order, notes): lasso and elastic net, standardized or not', async () => {
    const text = makeCsv(400, 1);
    for (const req of [REQ, { ...REQ, model: 'elasticnet' as const, l1Ratio: 0.5 }, { ...REQ, alphas: [0.5, 0.05, 0.005] }]) {
      for (const fit of [FIT, { ...FIT, standardize: false }]) {
        assertSamePath(await streamed(text, data, fit, req), inMemory(text, data, fit, req));
      }
    }
  });

  it('equals the in-memory path with missing values: policy drop (rows dropped, noted with lines) and mean (filled with the training mean, noted)', async () => {
    const text = makeCsv(500, 2, { holes: true });
    for (const missing of ['drop', 'mean'] as const) {
      const want = inMemory(text, { ...data, missing }, FIT, REQ);
      assert.ok(want.notes.some((n) => /^Dropped 10 rows with a missing target \(lines 9, 62,/.test(n)), want.notes.join(' | '));
      assertSamePath(await streamed(text, { ...data, missing }, FIT, REQ), want);
    }
  });

  it('equals the in-memory path across many small pieces (piece size 256 characters, chunks of 1 to 4096 bytes), with --features and excluded columns', async () => {
    setPieceSizes(256, 512);
    for (const extra of ['constant', 'id']) {
      const text = makeCsv(300, 3, { extra });
      const want = inMemory(text, data, FIT, REQ);
      assert.ok(want.notes.some((n) => n.startsWith('Not used as features: "k"')), want.notes.join(' | '));
      for (const chunk of [1, 61, 4096]) assertSamePath(await streamed(text, data, FIT, REQ, chunk), want);
    }
    const text = makeCsv(300, 4);
    const sub = { ...data, features: ['x3', 'x0', 'x4'] };
    assertSamePath(await streamed(text, sub, FIT, REQ), inMemory(text, sub, FIT, REQ));
  });

  it('skip bad rows: the same rows skipped and noted as in memory', async () => {
    const lines = makeCsv(200, 5).split('\n');
    lines[10] = '1,2,3';
    lines[150] += ',9';
    const text = lines.join('\n');
    const opts = { ...data, skipBadRows: true };
    const want = inMemory(text, opts, FIT, REQ);
    assert.ok(want.notes.some((n) => n.startsWith('Skipped 2 rows without the 7 fields of the header (lines 11, 151)')), want.notes.join(' | '));
    assertSamePath(await streamed(text, opts, FIT, REQ), want);
  });

  it('bad files give the in-memory messages (ragged rows with line numbers, a non-finite cell, a text target, no such target, constant target, too few rows)', async () => {
    const base = makeCsv(60, 6).split('\n');
    const cases: string[] = [];
    { const l = [...base]; l[4] = '1,2'; l[40] = '1,2,3'; cases.push(l.join('\n')); }
    { const l = [...base]; l[30] = l[30].replace(/^[^,]*/, '1e309'); cases.push(l.join('\n')); }
    { const l = [...base]; l[45] = l[45].replace(/[^,]*$/, 'high'); cases.push(l.join('\n')); }
    cases.push(['a,b,y', '1,2,5', '2,3,5', '3,1,5', ''].join('\n'));
    cases.push(['a,b,y', '1,2,5', '2,3,NA', '3,1,', ''].join('\n'));
    for (const text of cases) {
      const want = await errorOf(() => inMemory(text, data, FIT, REQ));
      assert.equal(await errorOf(() => streamed(text, data, FIT, REQ)), want);
    }
    assert.match(await errorOf(() => streamed(cases[0], data, FIT, REQ)), /^f\.csv: 2 rows do not have the 7 fields of the header \(lines 5, 41; line 5 has 2 fields\)/);
    assert.equal(await errorOf(() => streamed(cases[0], { ...data, target: 'nope' }, FIT, REQ)), await errorOf(() => inMemory(cases[0], { ...data, target: 'nope' }, FIT, REQ)));
  });

  it('refuses, with what to do instead: a text feature, ridge or logistic, a fold column, a test split', async () => {
    const text = makeCsv(50, 7, { extra: 'text' });
    assert.match(await errorOf(() => streamed(text, data, FIT, REQ)),
      /^f\.csv: column "color" is a text \(categorical\) column; the streamed path \(--stream\) reads numeric columns only\. Leave it out with --features \(e\.g\. --features x0,x1,x2,x3,x4,x5\), or fit a smaller file/);
    const numeric = makeCsv(50, 8);
    assert.match(await errorOf(() => streamed(numeric, data, FIT, { ...REQ, model: 'ridge' })), /fits lasso and elasticnet paths only; use --model lasso or elasticnet/);
    assert.match(await errorOf(() => streamed(numeric, data, FIT, { ...REQ, model: 'logistic' } as unknown as PathRequest)), /fits lasso and elasticnet paths only/);
    assert.match(await errorOf(() => streamed(numeric, { ...data, foldColumn: 'x1' }, FIT, REQ)), /does not use a fold column; leave out --fold-column/);
    assert.match(await errorOf(() => streamed(numeric, data, { ...FIT, testSize: 0.2 }, REQ)), /fits on every row; leave out --test-size/);
    // Leaving the text column out works.
    const sub = { ...data, features: ['x0', 'x1', 'x2', 'x3', 'x4', 'x5'] };
    assertSamePath(await streamed(text, sub, FIT, REQ), inMemory(text, sub, FIT, REQ));
  });

  it('holds one piece of rows at a time: the sink never sees more rows than a piece holds, whatever the file length', async () => {
    const text = makeCsv(40000, 9);
    let most = 0;
    let total = 0;
    const { table } = await streamCsvRows(chunked(utf8(text), 1 << 16), { file: 'f.csv' }, (piece) => { most = Math.max(most, piece.n); total += piece.n; });
    assert.equal(total, 40000);
    assert.equal(table.nRows, 40000);
    // A piece is about 1 MiB of text (64 KiB here, one chunk): far fewer rows than the file.
    assert.ok(most > 0 && most <= 1000, `largest piece ${most} rows`);
    assert.equal(table.columns.find((c) => c.name === 'y')!.values, null);
  });

  describe('through the command line', () => {
    let dir = '';
    before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regex-stream-')); });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const cli = (args: string[], env: Record<string, string> = {}) =>
      spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, ...env }, timeout: 60000 });

    it('path --stream and a file over the limit (REGEX_MAX_FILE_BYTES injected) print the in-memory JSON; fit over the limit is still refused', () => {
      fs.writeFileSync(path.join(dir, 'p.csv'), makeCsv(300, 10, { holes: true }));
      const args = ['path', 'p.csv', '--target', 'y', '--model', 'elasticnet', '--l1-ratio', '0.7', '--json'];
      const mem = cli(args);
      assert.equal(mem.status, 0, mem.stderr);
      const want = JSON.parse(mem.stdout) as PathResult;
      for (const [extra, env] of [[['--stream'], {}], [[], { REGEX_MAX_FILE_BYTES: '500' }]] as const) {
        const r = cli([...args, ...extra], env);
        assert.equal(r.status, 0, r.stderr);
        assertSamePath(JSON.parse(r.stdout) as PathResult, want);
      }
      const fit = cli(['fit', 'p.csv', '--target', 'y'], { REGEX_MAX_FILE_BYTES: '500' });
      assert.equal(fit.status, 2);
      assert.match(fit.stderr, /^error: p\.csv is \d+ bytes, more than the 500 bytes the command line reads into memory; fit a sample/);
      const ridge = cli(['path', 'p.csv', '--target', 'y', '--model', 'ridge'], { REGEX_MAX_FILE_BYTES: '500' });
      assert.equal(ridge.status, 2);
      assert.match(ridge.stderr, /more than the 500 bytes the command line reads into memory/);
      const other = cli(['fit', 'p.csv', '--target', 'y', '--stream']);
      assert.equal(other.status, 2);
      assert.match(other.stderr, /^error: --stream applies to the path command only/);
    });
  });
});
