/**
 * regularization-explorer command line: the same pipeline as the panel, from a terminal.
 *
 *   node dist/cli.js fit  FILE --target COL [--features A,B] --model ols|ridge|lasso|elasticnet|logistic ...
 *   node dist/cli.js path FILE --target COL --model lasso|elasticnet|ridge|logistic ...
 *   node dist/cli.js cv   FILE --target COL --model lasso|elasticnet|ridge|logistic ...
 *   node dist/cli.js compare FILE --target COL [--alpha A] [--l1-ratio R] ...
 *   node dist/cli.js inspect FILE
 *   node dist/cli.js insights FILE --target COL [--alpha A] [--threshold 0.8] [--subsamples 100]
 *
 * A user error exits with status 2 and one line on stderr; never a stack trace.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CompareResult, CvResult, DataOptions, FitOptions, FitResult, InsightsResult, LogisticPenalty, PanelSettings, PathResult } from './protocol';
import { UserError, isUserError } from './errors';
import { parseCsvStream, type Table } from './data';
import { DEFAULT_MAX_FILE_BYTES, bytesText, fileTooBig } from './data/limits';
import {
  DEFAULT_DATA, DEFAULT_FIT, compareModels, fitLogisticModel, fitRegression, inspect, logisticCv, logisticPath, prepare,
  regressionCv, regressionPath,
} from './pipeline';
import { stateFromPrepared } from './pipeline/refit';
import { insightsOnState } from './pipeline/insights';
import { streamedRegressionPath } from './pipeline/stream';
import { crossValidateInThreads, crossValidateLogisticInThreads } from './worker/cvPool';
import { gaussianFitsInThreads, prestartGramThreads } from './worker/gramPool';

const VERSION = '0.1.0';

const USAGE = `Regularization Explorer ${VERSION}: OLS, Ridge, Lasso, Elastic Net and logistic regression on a CSV, as scikit-learn computes them.

Usage:
  regularization-explorer fit     FILE --target COL --model ols|ridge|lasso|elasticnet|logistic [options]
  regularization-explorer path    FILE --target COL --model lasso|elasticnet|ridge|logistic [options]
  regularization-explorer cv      FILE --target COL --model lasso|elasticnet|ridge|logistic [options]
  regularization-explorer compare FILE --target COL [--alpha A] [--l1-ratio R] [options]
  regularization-explorer inspect FILE
  regularization-explorer insights FILE --target COL [--alpha A] [--threshold 0.8] [--subsamples 100] [options]

Data:    --features A,B,...   --missing drop|mean   --missing-tokens T1,T2   --max-levels N
         --fold-column COL    --skip-bad-rows       --positive-class VALUE
Model:   --alpha A (default 1.0)   --l1-ratio R (default 0.5)   --ridge-alpha A (compare)
         --penalty none|l1|l2|elasticnet   --C C (default 1.0)   (logistic)
Fitting: --no-standardize   --test-size F (default 0.2; path and cv use all rows)   --seed S (default 42)
         --tol T (default 1e-8)   --max-iter N (default 10000)
Paths:   --n-alphas N (default 100)   --eps E (default 1e-3)   --alphas A1,A2,...   --Cs C1,C2,...
         --stream: read the file twice in pieces, keeping only XᵀX, Xᵀy and the means (lasso and
         elasticnet paths on numeric columns, all rows); automatic for files over the in-memory limit
         (REGEX_MAX_FILE_BYTES, default 1 GiB), so such files fit in bounded memory
CV:      --folds K (default 5)   --l1-ratios R1,R2,...   --metric auc|log_loss|accuracy (logistic)
Insights: --threshold R (|r| linking correlated features, default 0.8)   --subsamples N (stability selection, default 100)
         --alpha A (the Lasso's, default 1.0)   --ridge-alpha A (soft-threshold table, default 1.0)   --folds K
Output:  --json   --help   --version
`;

type Flag = 'json' | 'no-standardize' | 'skip-bad-rows' | 'help' | 'version' | 'stream';
const FLAGS = new Set<string>(['json', 'no-standardize', 'skip-bad-rows', 'help', 'version', 'stream']);
const VALUED = new Set<string>([
  'target', 'features', 'model', 'alpha', 'l1-ratio', 'ridge-alpha', 'test-size', 'seed', 'n-alphas', 'eps', 'alphas',
  'folds', 'fold-column', 'l1-ratios', 'penalty', 'C', 'Cs', 'missing', 'missing-tokens', 'max-levels', 'tol',
  'max-iter', 'metric', 'positive-class', 'threshold', 'subsamples',
]);

interface Args { command: string; file: string; values: Map<string, string>; flags: Set<Flag> }

function parseArgs(argv: string[]): Args {
  const values = new Map<string, string>();
  const flags = new Set<Flag>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (FLAGS.has(name)) {
        if (eq > 0) throw new UserError(`--${name} takes no value.`);
        flags.add(name as Flag);
      } else if (VALUED.has(name)) {
        const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
        if (v === undefined) throw new UserError(`--${name} needs a value.`);
        values.set(name, v);
      } else {
        throw new UserError(`unknown option --${name}. Run with --help for the list of options.`);
      }
    } else {
      positional.push(a);
    }
  }
  const [command = '', file = '', ...rest] = positional;
  if (rest.length) throw new UserError(`unexpected argument "${rest[0]}": give one command and one FILE.`);
  return { command, file, values, flags };
}

function num(args: Args, name: string, fallback: number, check: (v: number) => boolean, what: string): number {
  const raw = args.values.get(name);
  if (raw === undefined) return fallback;
  const v = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(v) || !check(v)) throw new UserError(`--${name}: expected ${what}, got "${raw}".`);
  return v;
}

function numList(args: Args, name: string, check: (v: number) => boolean, what: string): number[] | undefined {
  const raw = args.values.get(name);
  if (raw === undefined) return undefined;
  const parts = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (!parts.length) throw new UserError(`--${name}: expected a comma-separated list of ${what}.`);
  return parts.map((s) => {
    const v = Number(s);
    if (!Number.isFinite(v) || !check(v)) throw new UserError(`--${name}: "${s}" is not ${what}.`);
    return v;
  });
}

function choice<T extends string>(args: Args, name: string, options: readonly T[], fallback?: T): T {
  const raw = args.values.get(name);
  if (raw === undefined) {
    if (fallback === undefined) throw new UserError(`--${name} is required (one of ${options.join(', ')}).`);
    return fallback;
  }
  const v = raw.trim().toLowerCase() as T;
  if (!options.includes(v)) throw new UserError(`--${name}: "${raw}" is not one of ${options.join(', ')}.`);
  return v;
}

const positive = (v: number) => v > 0;
const nonNegative = (v: number) => v >= 0;
const unit = (v: number) => v >= 0 && v <= 1;
const posInt = (v: number) => Number.isInteger(v) && v >= 1;

/** Largest file the command line reads, in bytes (REGEX_MAX_FILE_BYTES overrides; see src/data/limits.ts). */
function maxFileBytes(): number {
  const raw = process.env.REGEX_MAX_FILE_BYTES;
  if (raw === undefined || raw.trim() === '') return DEFAULT_MAX_FILE_BYTES;
  const v = Number(raw);
  if (!(Number.isFinite(v) && v > 0)) throw new UserError(`REGEX_MAX_FILE_BYTES: expected a positive number of bytes, got "${raw}".`);
  return v;
}

function tooBig(file: string, size: number, limit: number, soFar = false): UserError {
  return fileTooBig(file, size, limit, 'the command line',
    'fit a sample of the rows (e.g. the first million lines), or raise REGEX_MAX_FILE_BYTES if the machine has several times that much free memory.', soFar);
}

/** Byte chunks of the stream, stopping with a clear message once more than `limit` bytes came (pipes, growing files). */
async function* capped(stream: AsyncIterable<Buffer>, file: string, limit: number): AsyncGenerator<Buffer> {
  let seen = 0;
  for await (const chunk of stream) {
    seen += chunk.length;
    if (seen > limit) throw tooBig(file, seen, limit, true);
    yield chunk;
  }
}

function openInput(file: string): number {
  try {
    return fs.openSync(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${file}: no such file. Check the path.`);
    throw new UserError(`${file}: cannot open the file (${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code ?? 'error'}); check the path and its permissions.`);
  }
}

/**
 * Opens `file` once and hands the descriptor to `read`: a file deleted or renamed after the open is
 * still read whole, an I/O error while reading becomes a UserError, and a regular file that changed
 * during the read (fstat before and after) is refused. `finish` runs last (clears a progress line).
 */
async function readThroughDescriptor<T>(file: string, read: (fd: number, stat: fs.Stats) => Promise<T>, finish: () => void): Promise<T> {
  const fd = openInput(file);
  try {
    const stat = fs.fstatSync(fd);
    let res: T;
    try {
      res = await read(fd, stat);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (!isUserError(e) && typeof code === 'string') throw new UserError(`${file}: reading the file failed (${code}); check that it is a readable file and try again.`);
      throw e;
    }
    const after = fs.fstatSync(fd);
    if (stat.isFile() && (after.size !== stat.size || after.mtimeMs !== stat.mtimeMs)) {
      const how = after.size !== stat.size ? `${stat.size} bytes when opened, ${after.size} when read` : 'modified during the read';
      throw new UserError(`${file} changed while it was being read (${how}); run again once it is completely saved.`);
    }
    return res;
  } finally {
    fs.closeSync(fd);
    finish();
  }
}

/**
 * Whether `path` streams the file (src/pipeline/stream.ts) instead of reading it into memory:
 * asked for with --stream, or a regular file over the in-memory limit. Null: read it as usual
 * (which also reports a missing file or a folder).
 */
function streamReason(args: Args): { why: string; size: number } | null {
  if (args.flags.has('stream') && args.command !== 'path') {
    throw new UserError('--stream applies to the path command only (a lasso or elasticnet path from a file of any size).');
  }
  if (args.command !== 'path') return null;
  const limit = maxFileBytes();
  let size = -1;
  try {
    const st = fs.statSync(args.file);
    if (st.isFile()) size = st.size;
  } catch {
    // Reported by the read below.
  }
  if (args.flags.has('stream')) return size < 0 ? null : { why: '--stream', size };
  return size > limit ? { why: `files over the ${bytesText(limit)} read into memory`, size } : null;
}

/** The streamed path on a file opened once and read twice through that descriptor; a change between or during the reads is refused. */
async function streamedPath(file: string, why: string, data: DataOptions, fit: FitOptions, req: Parameters<typeof streamedRegressionPath>[4], showProgress: boolean): Promise<PathResult> {
  let pass = 0;
  let last = 0;
  return readThroughDescriptor(file, (fd, stat) => {
    async function* read(): AsyncGenerator<Uint8Array> {
      pass++;
      let seen = 0;
      for await (const chunk of fs.createReadStream(file, { fd, autoClose: false, start: 0, highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
        seen += chunk.length;
        const now = Date.now();
        if (showProgress && now - last > 500 && stat.size > 0) {
          last = now;
          process.stderr.write(`\rreading ${file}, pass ${pass} of 2: ${Math.round((100 * seen) / stat.size)} %`);
        }
        yield chunk;
      }
    }
    return streamedRegressionPath(() => read(), {
      file, missingTokens: data.missingTokens, maxCategoricalLevels: data.maxCategoricalLevels, skipBadRows: data.skipBadRows,
      delimiter: path.extname(file).toLowerCase() === '.tsv' ? '\t' : undefined,
    }, data, fit, req, { why });
  }, () => {
    if (showProgress && last) process.stderr.write('\r\x1b[K');
  });
}

function fileBytes(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

async function readTable(file: string, data: Partial<DataOptions>, showProgress: boolean): Promise<Table> {
  const limit = maxFileBytes();
  let last = 0;
  return readThroughDescriptor(file, (fd, stat) => {
    if (stat.isDirectory()) throw new UserError(`${file} is a folder; give a CSV file.`);
    if (stat.isFile() && stat.size > limit) throw tooBig(file, stat.size, limit);
    const stream = fs.createReadStream(file, { fd, autoClose: false, highWaterMark: 1 << 20 });
    return parseCsvStream(capped(stream, file, limit), {
      file,
      totalBytes: stat.size,
      missingTokens: data.missingTokens,
      maxCategoricalLevels: data.maxCategoricalLevels,
      skipBadRows: data.skipBadRows,
      delimiter: path.extname(file).toLowerCase() === '.tsv' ? '\t' : undefined,
      onProgress: showProgress
        ? (rows, fraction) => {
            const now = Date.now();
            if (now - last > 500) {
              last = now;
              const pct = fraction === undefined ? '' : ` (${Math.round(fraction * 100)} %)`;
              process.stderr.write(`\rrows parsed ${rows.toLocaleString('en-US')}${pct}`);
            }
          }
        : undefined,
    });
  }, () => {
    if (showProgress && last) process.stderr.write('\r\x1b[K');
  });
}

/** The data notes (encoding, delimiter, skipped or dropped rows, excluded columns) first: compare has them, fit/path/cv did not. */
function withDataNotes<T extends { notes: string[] }>(prep: { notes: string[] }, res: T): T {
  res.notes = [...prep.notes.filter((n) => !res.notes.includes(n)), ...res.notes];
  return res;
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.flags.has('version')) { process.stdout.write(VERSION + '\n'); return 0; }
  if (args.flags.has('help') || !args.command) { process.stdout.write(USAGE); return args.command || args.flags.has('help') ? 0 : 2; }
  const commands = ['fit', 'path', 'cv', 'compare', 'inspect', 'insights'];
  if (!commands.includes(args.command)) throw new UserError(`unknown command "${args.command}": use one of ${commands.join(', ')}.`);
  if (!args.file) throw new UserError(`${args.command}: give the CSV file to read.`);

  const json = args.flags.has('json');
  const dataPartial: Partial<DataOptions> = {
    missing: choice(args, 'missing', ['drop', 'mean'] as const, 'drop'),
    missingTokens: args.values.has('missing-tokens') ? args.values.get('missing-tokens')!.split(',') : DEFAULT_DATA.missingTokens,
    maxCategoricalLevels: num(args, 'max-levels', DEFAULT_DATA.maxCategoricalLevels, posInt, 'a positive integer'),
    skipBadRows: args.flags.has('skip-bad-rows'),
  };
  const stream = streamReason(args);
  // Gaussian fits, paths and comparisons of a large file (>= 10 MB: n (p+1)^2 near 1e8 or more)
  // compute their Gram on threads: start them, and compile their kernel, while the file is read.
  if (!stream && ['fit', 'path', 'compare'].includes(args.command) && !['ols', 'ridge', 'logistic'].includes(args.values.get('model') ?? '')
    && fileBytes(args.file) >= 10e6) prestartGramThreads();
  const loaded = stream ? null : await readTable(args.file, dataPartial, !json && process.stderr.isTTY === true);
  const table = loaded as Table;
  if (args.command === 'inspect') {
    const summary = inspect(table);
    process.stdout.write(json ? JSON.stringify(summary, null, 1) + '\n' : terminalSafe(formatInspect(summary)));
    return 0;
  }
  const target = args.values.get('target');
  if (!target) throw new UserError(`${args.command}: --target COL is required (the column to predict).`);
  const data: DataOptions = {
    ...DEFAULT_DATA, ...dataPartial, target,
    features: args.values.has('features') ? args.values.get('features')!.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
    foldColumn: args.values.get('fold-column'),
    positiveClass: args.values.get('positive-class'),
  };
  const fit: FitOptions = {
    standardize: !args.flags.has('no-standardize'),
    testSize: num(args, 'test-size', args.command === 'path' || args.command === 'cv' ? 0 : DEFAULT_FIT.testSize, (v) => v >= 0 && v < 1, 'a number in [0, 1)'),
    seed: num(args, 'seed', DEFAULT_FIT.seed, (v) => Number.isInteger(v) && v >= 0 && v <= 4294967295, 'an integer from 0 to 4294967295'),
    tol: num(args, 'tol', DEFAULT_FIT.tol, positive, 'a positive number'),
    maxIter: num(args, 'max-iter', DEFAULT_FIT.maxIter, posInt, 'a positive integer'),
  };
  const alpha = num(args, 'alpha', 1.0, nonNegative, 'a non-negative number');
  const l1Ratio = num(args, 'l1-ratio', 0.5, unit, 'a number between 0 and 1');
  const nAlphas = num(args, 'n-alphas', 100, posInt, 'a positive integer');
  const eps = num(args, 'eps', 1e-3, (v) => v > 0 && v < 1, 'a number between 0 and 1');
  const alphas = numList(args, 'alphas', positive, 'a positive number');

  if (args.command === 'insights') {
    const prep = prepare(table, data, fit, 'regression');
    const settings: PanelSettings = {
      target, features: data.features ?? [], task: 'regression', alpha, l1Ratio, ridgeAlpha: num(args, 'ridge-alpha', 1.0, positive, 'a positive number'),
      C: 1, penalty: 'l2', standardize: fit.standardize, testSize: fit.testSize, cvFolds: num(args, 'folds', 5, posInt, 'an integer of at least 2'), seed: fit.seed,
    };
    if (!(alpha > 0)) throw new UserError('--alpha: insights need a positive Lasso alpha.');
    const threshold = num(args, 'threshold', 0.8, (v) => v > 0 && v <= 1, 'a number in (0, 1]');
    const nSub = num(args, 'subsamples', 100, (v) => posInt(v) && v <= 10000, 'an integer from 1 to 10000');
    const state = stateFromPrepared(prep, data, fit, '', '');
    const res = insightsOnState(state, settings, threshold, nSub, fit);
    process.stdout.write(json ? JSON.stringify(res, null, 1) + '\n' : terminalSafe(formatInsights(res)));
    return 0;
  }

  if (args.command === 'compare') {
    const prep = prepare(table, data, fit, 'regression');
    const res = compareModels(prep, alpha, l1Ratio, num(args, 'ridge-alpha', alpha, nonNegative, 'a non-negative number'), fit, undefined, gaussianFitsInThreads);
    process.stdout.write(json ? JSON.stringify(res, null, 1) + '\n' : terminalSafe(formatCompare(res)));
    return 0;
  }

  const model = choice(args, 'model', args.command === 'fit'
    ? ['ols', 'ridge', 'lasso', 'elasticnet', 'logistic'] as const
    : ['lasso', 'elasticnet', 'ridge', 'logistic'] as const);

  if (stream) {
    if (model !== 'lasso' && model !== 'elasticnet' && stream.why !== '--stream') throw tooBig(args.file, stream.size, maxFileBytes());
    const res = await streamedPath(args.file, stream.why, data, fit, { model: model as 'lasso' | 'elasticnet' | 'ridge', l1Ratio, nAlphas, eps, alphas }, !json && process.stderr.isTTY === true);
    process.stdout.write(json ? JSON.stringify(res, null, 1) + '\n' : terminalSafe(formatPath(res)));
    return 0;
  }

  if (model === 'logistic') {
    const penalty = choice<LogisticPenalty>(args, 'penalty', ['none', 'l1', 'l2', 'elasticnet'], 'l2');
    const C = num(args, 'C', 1.0, positive, 'a positive number');
    const Cs = numList(args, 'Cs', positive, 'a positive number');
    const l1 = args.values.has('l1-ratio') ? l1Ratio : penalty === 'elasticnet' ? 0.5 : undefined;
    const prep = prepare(table, data, fit, 'classification');
    if (args.command === 'fit') {
      const res = withDataNotes(prep, fitLogisticModel(prep, { penalty, C, l1Ratio: l1 }, fit));
      process.stdout.write(json ? JSON.stringify(res, null, 1) + '\n' : terminalSafe(formatFit(res)));
    } else if (args.command === 'path') {
      if (penalty === 'none') throw new UserError('a path over C needs a penalty (l1, l2 or elasticnet).');
      const res = withDataNotes(prep, logisticPath(prep, { penalty, l1Ratio: l1, Cs, nCs: nAlphas }, fit, prep.train));
      process.stdout.write(json ? JSON.stringify(res, null, 1) + '\n' : terminalSafe(formatPath(res)));
    } else {
      if (penalty === 'none') throw new UserError('cross-validation over C needs a penalty (l1, l2 or elasticnet).');
      const res = withDataNotes(prep, logisticCv(prep, {
        penalty, l1Ratio: l1, l1Ratios: numList(args, 'l1-ratios', unit, 'a number between 0 and 1'), Cs, nCs: Cs ? Cs.length : 20,
        folds: num(args, 'folds', 5, posInt, 'an integer of at least 2'), metric: choice(args, 'metric', ['auc', 'log_loss', 'accuracy'] as const, 'auc'),
      }, fit, prep.train, undefined, (X, y, opts) => crossValidateLogisticInThreads(X, y, opts)));
      process.stdout.write(json ? JSON.stringify(res, null, 1) + '\n' : terminalSafe(formatCv(res)));
    }
    return 0;
  }

  const prep = prepare(table, data, fit, 'regression');
  if (args.command === 'fit') {
    const res = withDataNotes(prep, fitRegression(prep, model as 'ols' | 'ridge' | 'lasso' | 'elasticnet', alpha, model === 'lasso' ? 1 : l1Ratio, fit, gaussianFitsInThreads));
    process.stdout.write(json ? JSON.stringify(res, null, 1) + '\n' : terminalSafe(formatFit(res)));
  } else if (args.command === 'path') {
    if (model === 'ols') throw new UserError('OLS has no regularization path; use lasso, elasticnet or ridge.');
    const res = withDataNotes(prep, regressionPath(prep, { model: model as 'lasso' | 'elasticnet' | 'ridge', l1Ratio, nAlphas, eps, alphas }, fit, prep.train, undefined, gaussianFitsInThreads));
    process.stdout.write(json ? JSON.stringify(res, null, 1) + '\n' : terminalSafe(formatPath(res)));
  } else {
    if (model === 'ols') throw new UserError('OLS has no penalty to cross-validate; use lasso, elasticnet or ridge.');
    const res = withDataNotes(prep, regressionCv(prep, {
      model: model as 'lasso' | 'elasticnet' | 'ridge', l1Ratio, l1Ratios: numList(args, 'l1-ratios', (v) => v > 0 && v <= 1, 'a number in (0, 1]'),
      nAlphas, eps, alphas, folds: num(args, 'folds', 5, posInt, 'an integer of at least 2'),
    }, fit, prep.train, undefined, (X, y, opts) => crossValidateInThreads(X, y, opts)));
    process.stdout.write(json ? JSON.stringify(res, null, 1) + '\n' : terminalSafe(formatCv(res)));
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Text output

/** Control characters from the file (column names, cells) shown escaped: no terminal escape sequences, no broken lines. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const escapeControl = (c: string) => (c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
function terminalSafe(text: string): string {
  return text.replace(CONTROL, escapeControl);
}
/** An error message as exactly one line. */
function oneLine(text: string): string {
  return terminalSafe(text).replace(/\n/g, '\\n');
}

function fmt(v: number | null | undefined, digits = 6): string {
  if (v === null || v === undefined) return '-';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-4 && a < 1e7 ? Number(v.toPrecision(digits)).toString() : v.toExponential(digits - 1);
}

function table(rows: string[][], rightAlignFrom = 1): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c >= rightAlignFrom ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd()).join('\n') + '\n';
}

function formatCompare(res: CompareResult): string {
  const labels = ['OLS', 'Ridge', 'Lasso', 'Elastic Net'];
  const rows = [['feature', ...labels]];
  for (const c of res.columns) {
    rows.push([c, ...res.fits.map((f) => (f.coef[c] === 0 && (f.model === 'lasso' || f.model === 'elasticnet') ? '0 (zeroed)' : fmt(f.coef[c])))]);
  }
  rows.push(['(intercept)', ...res.fits.map((f) => fmt(f.intercept))]);
  const metricRow = (name: string, key: 'mse' | 'r2') => [name, ...res.fits.map((f) => {
    const m = (f.metrics.test ?? f.metrics.train) as { mse: number; r2: number };
    return fmt(m[key]);
  })];
  const onTest = res.fits[0].metrics.test !== null;
  rows.push(metricRow(onTest ? 'test MSE' : 'train MSE', 'mse'), metricRow(onTest ? 'test R2' : 'train R2', 'r2'));
  const f0 = res.fits[0];
  const head = `Coefficients in original units (alpha ${fmt(res.fits[2].alpha)}, l1_ratio ${fmt(res.fits[3].l1_ratio)}, ridge alpha ${fmt(res.fits[1].alpha)}); ${f0.n_train} train / ${f0.n_test} test rows.\n\n`;
  const notes = [...res.notes, ...res.fits.flatMap((f) => f.notes.filter((n) => !/exactly to zero/.test(n)))];
  return head + table(rows) + `\nLasso selected ${res.lasso_selected} of ${res.p} features\n` + (notes.length ? '\n' + notes.map((n) => `note: ${n}`).join('\n') + '\n' : '');
}

function formatFit(res: FitResult): string {
  const names = Object.keys(res.coef);
  const rows = [['feature', 'coef', ...(res.coef_standardized ? ['standardized'] : [])]];
  for (const c of names) rows.push([c, fmt(res.coef[c]), ...(res.coef_standardized ? [fmt(res.coef_standardized[c])] : [])]);
  rows.push(['(intercept)', fmt(res.intercept), ...(res.coef_standardized ? [fmt(res.intercept_standardized ?? null)] : [])]);
  const param = res.model === 'logistic' ? `penalty ${res.penalty}, C ${fmt(res.C)}` : res.alpha === null ? '' : `alpha ${fmt(res.alpha)}`;
  const m = (s: 'train' | 'test') => {
    const v = res.metrics[s] as unknown as Record<string, unknown> | null;
    if (!v) return '';
    return `${s}: ` + Object.entries(v).filter(([, x]) => typeof x === 'number').map(([k, x]) => `${k} ${fmt(x as number)}`).join(', ') + '\n';
  };
  return `${res.model}${param ? ` (${param})` : ''}: ${res.n_train} train / ${res.n_test} test rows, ${res.n_iter} iterations${res.converged ? '' : ', NOT CONVERGED'}\n\n` +
    table(rows) + '\n' + m('train') + m('test') + res.notes.map((n) => `note: ${n}\n`).join('');
}

function formatPath(res: PathResult): string {
  const K = res.alphas.length;
  const picks = Array.from(new Set([0, Math.floor(K / 4), Math.floor(K / 2), Math.floor((3 * K) / 4), K - 1])).filter((k) => k >= 0 && k < K);
  const param = res.Cs ? 'C' : 'alpha';
  const grid = res.Cs ?? res.alphas;
  const rows = [['feature', ...picks.map((k) => `${param}=${fmt(grid[k], 4)}`)]];
  for (const [c, v] of Object.entries(res.coef)) rows.push([c, ...picks.map((k) => fmt(v[k], 4))]);
  rows.push(['non-zero', ...picks.map((k) => String(res.n_nonzero[k]))]);
  return `${res.model} path over ${K} values of ${param} (coefficients on the fitted scale)\n\n` + table(rows) +
    `\nentry order: ${res.entry_order.join(', ') || '(none)'}\n` + res.notes.map((n) => `note: ${n}\n`).join('');
}

function formatCv(res: CvResult): string {
  const lines = [`${res.folds}-fold cross-validation of ${res.model} (${res.metric})`];
  if (res.model === 'logistic') {
    lines.push(`C_best ${fmt(res.C_best)}  (mean ${fmt(res.cv_mean[res.index_min])} ± ${fmt(res.cv_se[res.index_min])})`);
    lines.push(`C_1se  ${fmt(res.C_1se)}  (mean ${fmt(res.cv_mean[res.index_1se])})`);
    if (res.grid) {
      const rows = [['l1_ratio \\ C', ...res.grid.Cs.map((c) => fmt(c))]];
      // grid.mean is C-major: mean[c][r] for Cs[c], l1_ratios[r].
      res.grid.l1_ratios.forEach((r, i) => rows.push([fmt(r), ...res.grid!.mean.map((byRatio) => fmt(byRatio[i], 4))]));
      lines.push('', table(rows), `best: C ${fmt(res.grid.best.C)}, l1_ratio ${fmt(res.grid.best.l1_ratio)}, CV ${res.metric} ${fmt(res.grid.best.score)}`);
    }
  } else {
    if (res.l1_ratio !== null) lines.push(`l1_ratio ${fmt(res.l1_ratio)}`);
    lines.push(`alpha_min ${fmt(res.alpha_min)}  (CV MSE ${fmt(res.cv_mean[res.index_min])} ± ${fmt(res.cv_se[res.index_min])})`);
    lines.push(`alpha_1se ${fmt(res.alpha_1se)}  (CV MSE ${fmt(res.cv_mean[res.index_1se])})`);
  }
  return lines.join('\n') + '\n' + res.notes.map((n) => `note: ${n}\n`).join('');
}

function formatInsights(res: InsightsResult): string {
  const out: string[] = [];
  const vifRows = [['feature', 'VIF', `stability (${res.stability.n_subsamples} x half)`, 'Lasso', 'relaxed OLS']];
  for (const { column, vif } of res.vif) {
    vifRows.push([column, vif === null ? 'inf' : fmt(vif, 4), fmt(res.stability.frequency[column], 3),
      res.relaxed.lasso.coef[column] === 0 ? '0 (zeroed)' : fmt(res.relaxed.lasso.coef[column]), fmt(res.relaxed.relaxed_ols.coef[column])]);
  }
  out.push(`Diagnostics on the training rows (Lasso alpha ${fmt(res.relaxed.alpha)}):`, '', table(vifRows));
  out.push(`Lasso test MSE ${fmt(res.relaxed.lasso.test_mse)}, R2 ${fmt(res.relaxed.lasso.test_r2)}; relaxed OLS on ${res.relaxed.selected.length} selected: test MSE ${fmt(res.relaxed.relaxed_ols.test_mse)}, R2 ${fmt(res.relaxed.relaxed_ols.test_r2)}`);
  if (res.groups.groups.length === 0) out.push(`No groups of features with |r| >= ${res.groups.threshold}.`);
  for (const g of res.groups.groups) {
    out.push(`group (|r| >= ${res.groups.threshold}): ${g.columns.join(', ')}; Lasso kept ${g.kept_by_lasso.join(', ') || 'none'}`);
    if (g.warning) out.push(`warning: ${g.warning}`);
  }
  const stRows = [['feature', 'OLS b', 'Lasso (soft threshold)', 'Ridge b/(1+alpha)']];
  for (const r of res.soft_threshold.rows) stRows.push([r.column, fmt(r.ols), fmt(r.lasso), fmt(r.ridge)]);
  out.push('', table(stRows) + `note: ${res.soft_threshold.note}`, '', `Recommendation: ${res.advice.recommendation}`);
  for (const r of res.advice.reasons) out.push(`  - ${r}`);
  return out.join('\n') + '\n' + res.notes.map((n) => `note: ${n}\n`).join('');
}

function formatInspect(s: ReturnType<typeof inspect>): string {
  const rows = [['column', 'type', 'missing', 'note']];
  for (const c of s.columns) rows.push([c.name, c.kind, String(c.missing), c.reason ?? (c.levels ? `levels: ${c.levels.slice(0, 6).join(', ')}${c.levels.length > 6 ? ', …' : ''}` : '')]);
  return `${s.file}: ${s.rows} rows, delimiter ${JSON.stringify(s.delimiter)}${s.defaultTarget ? `, default target ${s.defaultTarget}` : ''}\n\n` +
    table(rows, 99) + s.notes.map((n) => `note: ${n}\n`).join('');
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    if (isUserError(err)) {
      process.stderr.write(`error: ${oneLine(err.message)}\n`);
      process.exitCode = 2;
    } else {
      const msg = err instanceof Error ? err.message : String(err);
      process.stderr.write(`internal error: ${oneLine(msg)}. This is a bug in Regularization Explorer; please report it with the command you ran.\n`);
      if (process.env.REGEX_DEBUG) console.error(err);
      process.exitCode = 70;
    }
  },
);
