/**
 * A Gaussian Lasso / Elastic Net path on a CSV of any size, in memory that does not grow with the
 * rows (issue 5): the file is read twice in row-sink mode (src/data streamCsvRows: each piece of
 * about a megabyte is handed on and forgotten) and only the sufficient statistics the Gaussian path
 * needs are kept (column means, the centred Gram matrix, Xᵀy, yᵀy; src/solver/sufficientStats.ts).
 *
 * Pass 1 reads every cell with the in-memory reader's rules and ends with the same column verdicts,
 * notes and errors (ragged rows, bad cells, number formats, encodings), counts the rows and sums each
 * numeric column over the rows with a target. Pass 2 drops rows as buildDesign does and accumulates
 * S = Σ d dᵀ and Σ d of d = (x, y) − s with s the pass-1 means; then mean = s + Σd/n and the centred
 * Gram is S − n δδᵀ with δ = Σd/n: the corrected two-pass algorithm (Chan, Golub & LeVeque, "Algorithms
 * for computing the sample variance", Amer. Statist. 1983), δ being zero up to rounding when no row is
 * dropped. Under the missing policy "mean" a missing cell is its column's pass-1 mean, which is exactly
 * imputeMeans' training mean (same rows, same order), so it adds nothing to the centred sums.
 *
 * Supported: numeric feature columns (excluded columns are left out with the usual note), missing
 * policies drop and mean, all rows (no test split), lasso and elasticnet. Text (categorical or
 * true/false) feature columns, a fold column, a test split and other models are refused with a
 * UserError saying what to do. No file I/O here: the caller gives a function that reads the file
 * again from its start.
 */
import type { DataOptions, FitOptions, PathResult } from '../protocol';
import { UserError } from '../errors';
import { streamCsvRows, type ParseOptions, type RowPiece, type StreamedTable, type TableColumn } from '../data';
import { formatNumber } from '../data/csv';
import { findColumn, listLines, selectFeatures } from '../data/design';
import { centredGramInto } from '../solver/linalg';
import { fitElasticNetPathFromStats, type SufficientStats } from '../solver/sufficientStats';
import type { PathFit } from '../solver';
import type { PathRequest } from './index';

/** A fresh read of the whole file, from its first byte. */
export type ChunkSource = () => AsyncIterable<Uint8Array>;

/** Rows of d gathered before each call of the Gram kernel. */
const BLOCK_ROWS = 16384;

/** What to say when the streamed path cannot do something, and what to do instead. */
const INSTEAD = 'or fit a smaller file (e.g. a sample of the rows) in memory';

export interface StreamedPathOptions {
  /** How the file came to be streamed, for messages: e.g. "files over 1.1 GB, or --stream". */
  why: string;
}

export async function streamedRegressionPath(
  open: ChunkSource, parse: ParseOptions, data: DataOptions, fit: FitOptions, req: PathRequest, how: StreamedPathOptions,
): Promise<PathResult> {
  const file = parse.file;
  const streamed = `the streamed path (${how.why})`;
  if (req.model !== 'lasso' && req.model !== 'elasticnet') {
    throw new UserError(`${file}: ${streamed} fits lasso and elasticnet paths only; use --model lasso or elasticnet, ${INSTEAD}.`);
  }
  if (data.foldColumn) throw new UserError(`${file}: ${streamed} does not use a fold column; leave out --fold-column (a path needs none).`);
  if (fit.testSize > 0) throw new UserError(`${file}: ${streamed} fits on every row; leave out --test-size.`);

  // Pass 1: column verdicts, row count, per-column sums over the rows with a target.
  let first = await firstPass(open, parse, data.target, false);
  if (first.mixed) first = await firstPass(open, parse, data.target, true);
  const { table, sums, counts, targetText } = first;

  const notes: string[] = [];
  const target = findColumn(table, data.target, 'target');
  const features = selectFeatures(table, data.features, target, null, notes);
  if (target.missing === table.nRows) {
    throw new UserError(`${file}: the target column "${target.name}" has no values (every cell is empty or a missing token); choose another target.`);
  }
  if (target.levels) {
    if (targetText) {
      throw new UserError(
        `${file} line ${targetText.line}, column "${target.name}": the target of a regression must be numeric, but this row has "${targetText.text}"; choose a numeric target or the classification task.`,
      );
    }
    throw new UserError(`${file}: the target column "${target.name}" is not numeric; ${streamed} needs a numeric target.`);
  }
  for (const c of features) {
    if (c.levels) {
      const what = c.kind === 'boolean' ? 'a true/false column' : 'a text (categorical) column';
      const numeric = table.columns.filter((k) => k !== target && !k.levels && k.kind !== 'excluded').map((k) => k.name);
      throw new UserError(
        `${file}: column "${c.name}" is ${what}; ${streamed} reads numeric columns only. Leave it out with --features${numeric.length ? ` (e.g. --features ${numeric.slice(0, 10).join(',')}${numeric.length > 10 ? ',…' : ''})` : ''}, ${INSTEAD}.`,
      );
    }
  }
  if (features.length === 0) {
    throw new UserError(`${file}: no usable feature columns (every candidate was excluded: see the column notes). Choose features with --features.`);
  }

  // Pass 2: the sufficient statistics of the used rows.
  const p = features.length;
  const cols = features.map((c) => c.index);
  const shift = new Float64Array(p + 1);
  for (let j = 0; j < p; j++) shift[j] = counts[cols[j]] > 0 ? sums[cols[j]] / counts[cols[j]] : 0;
  shift[p] = counts[target.index] > 0 ? sums[target.index] / counts[target.index] : 0;
  const acc = new Accumulator(p, cols, target.index, shift, data.missing === 'mean');
  const second = await streamCsvRows(open(), first.parseOpts, (piece) => acc.add(piece), first.latin1);
  if (second.table.nRows !== table.nRows) {
    throw new UserError(`${file} changed while it was being read (${table.nRows} rows on the first pass, ${second.table.nRows} on the second); run again once it is completely saved.`);
  }

  // buildDesign's notes and checks.
  const { nTarget, nFeature, droppedTarget, droppedFeature } = acc;
  if (nTarget) notes.push(`Dropped ${nTarget} row${nTarget === 1 ? '' : 's'} with a missing target (line${nTarget === 1 ? '' : 's'} ${listLines(droppedTarget, nTarget)}).`);
  if (nFeature) notes.push(`Dropped ${nFeature} row${nFeature === 1 ? '' : 's'} with missing feature values (line${nFeature === 1 ? '' : 's'} ${listLines(droppedFeature, nFeature)}).`);
  const n = acc.n;
  if (n < 2) {
    throw new UserError(
      `${file}: only ${n} usable row${n === 1 ? '' : 's'} (${table.nRows - n} of ${table.nRows} dropped for missing values); at least 2 are needed. Choose other columns${data.missing === 'drop' ? ' or the missing policy "mean"' : ''}.`,
    );
  }
  if (acc.targetConstant) {
    throw new UserError(
      `${file}: the target column "${target.name}" is constant (every used row has ${formatNumber(acc.firstY)}), so there is nothing to predict; choose another target.`,
    );
  }
  if (data.missing === 'mean') {
    for (let j = 0; j < p; j++) {
      const missing = acc.missingCells[j];
      if (missing === 0) continue;
      if (counts[cols[j]] === 0) {
        throw new UserError(
          `${file}: design column "${features[j].name}" has no values in the training rows, so its missing cells cannot be filled with a mean; drop that feature or use the missing policy "drop".`,
        );
      }
      notes.push(`Filled ${missing} missing cell${missing === 1 ? '' : 's'} of "${features[j].name}" with its training mean ${formatNumber(shift[j])}.`);
    }
  }
  const stats = acc.stats();
  checkSpreads(file, acc, stats, features, fit.standardize);

  const l1 = req.model === 'lasso' ? 1 : req.l1Ratio;
  const alphas = req.alphas ? checkedGrid(req.alphas) : undefined;
  const names = features.map((c) => c.name);
  const res = fitElasticNetPathFromStats(stats, {
    standardize: fit.standardize, tol: fit.tol, maxIter: fit.maxIter, names, nAlphas: req.nAlphas, alphas, l1Ratio: l1, eps: req.eps,
  });
  const out = pathToJson(req.model, l1, names, res);
  // The CLI's withDataNotes: table and design notes first.
  const dataNotes = [...table.notes, ...notes];
  out.notes = [...dataNotes.filter((k) => !out.notes.includes(k)), ...out.notes];
  return out;
}

interface FirstPass {
  table: StreamedTable;
  mixed: boolean;
  latin1: boolean;
  parseOpts: ParseOptions;
  /** Per file column: sum and count of the numeric cells in rows with a numeric target cell. */
  sums: Float64Array;
  counts: Float64Array;
  /** The first target cell that is not a number (as the in-memory message names it). */
  targetText: { line: number; text: string } | null;
}

async function firstPass(open: ChunkSource, parse: ParseOptions, targetName: string, latin1: boolean): Promise<FirstPass> {
  let sums = new Float64Array(0);
  let counts = new Float64Array(0);
  let t = -2;
  let targetText: FirstPass['targetText'] = null;
  const sink = (piece: RowPiece): void => {
    if (t === -2) {
      t = piece.names.indexOf(targetName);
      sums = new Float64Array(piece.names.length);
      counts = new Float64Array(piece.names.length);
    }
    if (t < 0) return;
    const y = piece.values[t];
    if (!y) {
      // A text target: remember the first cell that is not a number (earlier numeric pieces were numbers).
      if (!targetText) {
        const codes = piece.codes[t]!;
        const levels = piece.levels[t]!;
        for (let i = 0; i < piece.n; i++) {
          const k = codes[i];
          if (k >= 0 && !Number.isFinite(+levels[k])) { targetText = { line: piece.lineOfRow[i], text: levels[k] }; break; }
        }
      }
      return;
    }
    const n = piece.n;
    for (let j = 0; j < piece.values.length; j++) {
      const v = piece.values[j];
      if (!v) continue;
      // Row order, one running sum: the same additions as imputeMeans' training mean.
      let s = sums[j];
      let c = counts[j];
      for (let i = 0; i < n; i++) {
        const x = v[i];
        if (x === x && y[i] === y[i]) { s += x; c++; }
      }
      sums[j] = s;
      counts[j] = c;
    }
  };
  const parseOpts: ParseOptions = { ...parse, onProgress: parse.onProgress };
  const { table, mixed } = await streamCsvRows(open(), parseOpts, sink, latin1);
  return { table, mixed: mixed && !latin1, latin1, parseOpts, sums, counts, targetText };
}

/** Pass 2: rows dropped as buildDesign drops them; S = Σ d dᵀ and Σ d over the used rows, d = (x, y) − shift. */
class Accumulator {
  n = 0;
  nTarget = 0;
  nFeature = 0;
  readonly droppedTarget: number[] = [];
  readonly droppedFeature: number[] = [];
  readonly missingCells: Float64Array;
  firstY = NaN;
  targetConstant = true;
  /** Smallest and largest value of each column and y over the used rows (missing cells left out). */
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  private readonly q: number;
  private readonly sum: Float64Array;
  private readonly S: Float64Array;
  private readonly zx: Float64Array;
  private readonly zy: Float64Array;
  private readonly zeroShift: Float64Array;
  private len = 0;

  constructor(private readonly p: number, private readonly cols: number[], private readonly t: number,
    private readonly shift: Float64Array, private readonly impute: boolean) {
    const q = (this.q = p + 1);
    this.sum = new Float64Array(q);
    this.S = new Float64Array(q * q);
    this.zx = new Float64Array(p * BLOCK_ROWS);
    this.zy = new Float64Array(BLOCK_ROWS);
    this.zeroShift = new Float64Array(q);
    this.missingCells = new Float64Array(p);
    this.lo = new Float64Array(q).fill(Infinity);
    this.hi = new Float64Array(q).fill(-Infinity);
  }

  add(piece: RowPiece): void {
    const { p, cols, shift, zx, zy, lo, hi, sum } = this;
    const y = piece.values[this.t]!;
    const xs = cols.map((j) => piece.values[j]!);
    for (let i = 0; i < piece.n; i++) {
      const yi = y[i];
      if (yi !== yi) {
        if (this.nTarget++ < 5) this.droppedTarget.push(piece.lineOfRow[i]);
        continue;
      }
      if (!this.impute) {
        let miss = false;
        for (let j = 0; j < p; j++) { const v = xs[j][i]; if (v !== v) { miss = true; break; } }
        if (miss) {
          if (this.nFeature++ < 5) this.droppedFeature.push(piece.lineOfRow[i]);
          continue;
        }
      }
      const r = this.len;
      for (let j = 0; j < p; j++) {
        const v = xs[j][i];
        let d = 0;
        if (v === v) {
          d = v - shift[j];
          if (v < lo[j]) lo[j] = v;
          if (v > hi[j]) hi[j] = v;
        } else {
          this.missingCells[j]++;
        }
        zx[j * BLOCK_ROWS + r] = d;
        sum[j] += d;
      }
      const dy = yi - shift[p];
      zy[r] = dy;
      sum[p] += dy;
      if (yi < lo[p]) lo[p] = yi;
      if (yi > hi[p]) hi[p] = yi;
      if (this.n === 0) this.firstY = yi;
      else if (yi !== this.firstY) this.targetConstant = false;
      this.n++;
      if (++this.len === BLOCK_ROWS) this.flush();
    }
  }

  private flush(): void {
    if (this.len > 0) centredGramInto(this.zx, BLOCK_ROWS, this.p, this.zy, null, this.len, this.zeroShift, this.S);
    this.len = 0;
  }

  /** mean = shift + δ, Gram = S − n δδᵀ with δ = Σd / n (the corrected two-pass sums). */
  stats(): SufficientStats {
    this.flush();
    const { p, q, n, S, sum, shift } = this;
    const delta = new Float64Array(q);
    for (let j = 0; j < q; j++) delta[j] = sum[j] / n;
    const centred = (j: number, k: number) => S[j * q + k] - n * delta[j] * delta[k];
    const mean = new Float64Array(p);
    const gram = new Float64Array(p * p);
    const xty = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      mean[j] = shift[j] + delta[j];
      for (let k = 0; k < p; k++) gram[j * p + k] = centred(j, k);
      xty[j] = centred(j, p);
    }
    return { n, p, mean, yMean: shift[p] + delta[p], gram, xty, yy: centred(p, p) };
  }
}

/** Squares of deviations beyond these overflow (or underflow to 0): prepare's checkMagnitudes. */
const SPREAD_MAX = 1e150;
const SPREAD_MIN = 1e-150;

function checkSpreads(file: string, acc: Accumulator, stats: SufficientStats, features: TableColumn[], standardize: boolean): void {
  const fmt = (v: number) => v.toExponential(1);
  const p = features.length;
  const spread = (j: number, mean: number) => Math.max(acc.hi[j] - mean, mean - acc.lo[j]);
  const dy = spread(p, stats.yMean);
  if (dy > SPREAD_MAX || (dy > 0 && dy < SPREAD_MIN)) {
    throw new UserError(
      `${file}: the target varies by up to ${fmt(dy)} around its mean; squared errors of that size ${dy > 1 ? 'overflow' : 'underflow'} 64-bit floats. Rescale the target (e.g. multiply it by 1e${dy > 1 ? '-' : ''}${Math.round(Math.abs(Math.log10(dy)))}) and scale the coefficients back.`,
    );
  }
  for (let j = 0; j < p; j++) {
    const d = spread(j, stats.mean[j]);
    if (!standardize && (d > SPREAD_MAX || (d > 0 && d < SPREAD_MIN))) {
      throw new UserError(
        `${file}: column "${features[j].name}" varies by up to ${fmt(d)} around its mean; without standardization its squares ${d > 1 ? 'overflow' : 'underflow'} 64-bit floats. Turn standardization on or rescale the column.`,
      );
    }
  }
  // The sums themselves (not rescaled as the in-memory solver rescales extreme columns).
  let finite = Number.isFinite(stats.yy) && Number.isFinite(stats.yMean);
  for (let j = 0; j < p && finite; j++) finite = Number.isFinite(stats.mean[j]) && Number.isFinite(stats.gram[j * p + j]) && Number.isFinite(stats.xty[j]);
  if (!finite) {
    throw new UserError(`${file}: the streamed sums of squares overflow 64-bit floats (values of 1e150 or more); rescale the columns, or fit a smaller file in memory.`);
  }
}

function checkedGrid(values: number[]): Float64Array {
  for (const a of values) {
    if (!(Number.isFinite(a) && a > 0)) throw new UserError(`--alphas: every value must be a positive number (got ${a}).`);
  }
  return Float64Array.from(values).sort().reverse();
}

/** pipeline/index.ts's pathToJson (same keys and guards), for the streamed fit. */
function pathToJson(model: 'lasso' | 'elasticnet', l1Ratio: number, names: string[], fit: PathFit): PathResult {
  const p = names.length;
  const K = fit.alphas.length;
  const coef: Record<string, number[]> = {};
  for (let j = 0; j < p; j++) {
    const row = new Array<number>(K);
    for (let k = 0; k < K; k++) row[k] = finite(fit.coefStd[k * p + j], names[j]);
    coef[names[j]] = row;
  }
  return {
    model,
    l1_ratio: l1Ratio,
    alphas: Array.from(fit.alphas),
    coef,
    intercept: Array.from(fit.intercept),
    n_nonzero: Array.from(fit.nnz),
    entry_order: fit.entryOrder.map((j) => names[j]),
    notes: [...fit.warnings],
  };
}

function finite(v: number, what: string): number {
  if (!Number.isFinite(v)) throw new Error(`internal: non-finite value for ${what}`);
  return v === 0 ? 0 : v;
}
