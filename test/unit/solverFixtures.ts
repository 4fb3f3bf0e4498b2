/**
 * Test-only helpers for the solver tests: a tiny CSV reader for the committed reference data
 * (test/fixtures/data/*.csv: plain comma-separated, no quoting), the design columns a fixture
 * names (numeric, true/false, and one-hot `column=level`), and the objectives of
 * test/reference/README.md evaluated on our own solutions.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { DenseMatrix } from '../../src/solver';

/** Repository root, from the bundled test at dist/test/unit/*.js or the source at test/unit/*.ts. */
export const ROOT = path.resolve(__dirname, '..', '..', fs.existsSync(path.resolve(__dirname, '..', '..', 'package.json')) ? '' : '..');

export interface Csv {
  header: string[];
  rows: string[][];
}

export function readCsv(file: string): Csv {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0].split(',').map((h) => h.replace(/^"|"$/g, ''));
  const rows = lines.slice(1).map((l) => l.split(','));
  return { header, rows };
}

/** Value of design column `name` in a CSV row: numbers, true/false as 1/0, `col=level` one-hot. */
function cell(csv: Csv, row: string[], name: string): number {
  let j = csv.header.indexOf(name);
  if (j >= 0) {
    const s = row[j].trim();
    if (s === 'true') return 1;
    if (s === 'false') return 0;
    const v = Number(s);
    if (s === '' || !Number.isFinite(v)) throw new Error(`non-numeric cell '${s}' in column ${name}`);
    return v;
  }
  const eq = name.indexOf('=');
  if (eq < 0) throw new Error(`column ${name} not in CSV`);
  j = csv.header.indexOf(name.slice(0, eq));
  if (j < 0) throw new Error(`column ${name} not in CSV`);
  return row[j].trim() === name.slice(eq + 1) ? 1 : 0;
}

export interface FixtureData {
  X: DenseMatrix;
  y: Float64Array;
  names: string[];
}

export function designOf(csvPath: string, columns: string[], target: string): FixtureData {
  const csv = readCsv(path.resolve(ROOT, csvPath));
  const n = csv.rows.length;
  const p = columns.length;
  const x = new Float64Array(n * p);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) x[j * n + i] = cell(csv, csv.rows[i], columns[j]);
    y[i] = cell(csv, csv.rows[i], target);
  }
  return { X: { n, p, x }, y, names: columns };
}

/** Fitted-scale design as in the fixtures: rows selected, StandardScaler (ddof 0, scale 1 for constant columns) or raw. */
export function fittedScale(X: DenseMatrix, rows: Int32Array | null, standardize: boolean): { xs: Float64Array; n: number } {
  const n = rows ? rows.length : X.n;
  const xs = new Float64Array(n * X.p);
  for (let j = 0; j < X.p; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += (xs[j * n + i] = X.x[j * X.n + (rows ? rows[i] : i)]);
    const m = s / n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (xs[j * n + i] - m) ** 2;
    const sd = Math.sqrt(v / n);
    if (standardize) for (let i = 0; i < n; i++) xs[j * n + i] = (xs[j * n + i] - m) / (sd > 0 ? sd : 1);
  }
  return { xs, n };
}

/** Residual y - xs w - b on the fitted scale, b chosen optimally (the mean residual), as fit_intercept does. */
export function residual(xs: Float64Array, n: number, p: number, y: Float64Array, rows: Int32Array | null, w: ArrayLike<number>): Float64Array {
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = y[rows ? rows[i] : i];
  for (let j = 0; j < p; j++) if (w[j] !== 0) for (let i = 0; i < n; i++) r[i] -= w[j] * xs[j * n + i];
  let m = 0;
  for (let i = 0; i < n; i++) m += r[i];
  m /= n;
  for (let i = 0; i < n; i++) r[i] -= m;
  return r;
}

/** Objective of test/reference/README.md: lasso/enet (1/2n)|r|^2 + ..., ridge |r|^2 + alpha|w|^2, ols |r|^2. */
export function fixtureObjective(model: string, alpha: number | null, l1: number | null, r: Float64Array, w: ArrayLike<number>): number {
  let rss = 0;
  for (let i = 0; i < r.length; i++) rss += r[i] * r[i];
  let a1 = 0;
  let a2 = 0;
  for (let j = 0; j < w.length; j++) {
    a1 += Math.abs(w[j]);
    a2 += w[j] * w[j];
  }
  if (model === 'ols') return rss;
  if (model === 'ridge') return rss + (alpha as number) * a2;
  const l = l1 as number;
  return rss / (2 * r.length) + (alpha as number) * (l * a1 + 0.5 * (1 - l) * a2);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/**
 * Largest violation of the elastic-net optimality (KKT) conditions on the fitted scale:
 * g_j = x_j^T r / n; zero w_j needs |g_j| <= alpha*l1; non-zero needs g_j = alpha*l1*sign(w_j) + alpha*(1-l1)*w_j.
 */
export function kktViolation(xs: Float64Array, n: number, p: number, r: Float64Array, w: ArrayLike<number>, alpha: number, l1: number): number {
  let worst = 0;
  for (let j = 0; j < p; j++) {
    let g = 0;
    for (let i = 0; i < n; i++) g += xs[j * n + i] * r[i];
    g /= n;
    const v = w[j] === 0 ? Math.max(0, Math.abs(g) - alpha * l1) : Math.abs(g - alpha * l1 * Math.sign(w[j]) - alpha * (1 - l1) * w[j]);
    worst = Math.max(worst, v);
  }
  return worst;
}
