/**
 * `npm run bench` (issue 5): this project's solver against glmnet and scikit-learn on the same CSV
 * files, the same alpha grid and comparable tolerances. bench/run.js bundles this file with esbuild
 * into bench/.cache/bench.js and runs it; with no --side it is the orchestrator, which
 *   1. generates the data (bench/gen_data.py, numpy, deterministic; bench/data or $BENCH_DATA_DIR),
 *   2. runs one process per tool and scenario (ours: this file with --side ours; bench/ref_sklearn.py;
 *      bench/ref_glmnet.R), each timing its own work on data already in memory and printing JSON,
 *   3. checks that the three agree on the objective at a fixed alpha (one oracle: numpy evaluates
 *      every tool's coefficients on the same X) before any time is reported,
 *   4. measures peak RSS fitting S3 and the live-alpha refit, profiles the tasks that miss a target,
 *   5. prints the table and writes bench/RESULTS.md.
 * Options: --quick (1 run instead of 3), --repeats N, --scenarios S1,S4, --no-sklearn, --no-glmnet,
 * --sklearn-logistic-cv (slow: ~10 min), --no-profile, --no-write.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildDesign } from '../src/data/index';
import { readCsvFile } from '../src/data/readFile';
import { crossValidate, fitElasticNet, fitElasticNetPath, logAlphaGrid } from '../src/solver/index';
import { crossValidateInThreads, crossValidateLogisticInThreads } from '../src/worker/cvPool';
import { closeGramPools, fitElasticNetPathInThreads, prestartGramThreads } from '../src/worker/gramPool';
import { trainTestSplit, type Design } from '../src/data/index';
import { DEFAULT_DATA, DEFAULT_FIT, type Prepared } from '../src/pipeline/index';
import { refitOnState, stateFromPrepared } from '../src/pipeline/refit';
import type { FitOptions } from '../src/protocol';
import { alphaMaxFromXty } from '../src/solver/path';
import type { DenseMatrix } from '../src/solver/index';
import { fittedDesign } from '../src/solver/design';
import { CdWorkspace } from '../src/solver/enet';
import { crossValidateLogistic, fitLogistic, fitLogisticPath } from '../src/solver/logistic';

const BENCH_DIR = path.resolve(__dirname, '..');
/** --smoke (a harness test on 1/50-size data) uses its own folder; children inherit it through the env. */
if (process.argv.includes('--smoke') && !process.env.BENCH_DATA_DIR) process.env.BENCH_DATA_DIR = path.join(BENCH_DIR, 'data', 'smoke');
const DATA_DIR = process.env.BENCH_DATA_DIR ?? path.join(BENCH_DIR, 'data');
const PYTHON = '/usr/bin/python3';
/** The fold-thread script of src/worker/cvPool.ts, bundled next to this file by bench/run.js. */
const CV_THREAD_SCRIPT = path.join(__dirname, 'cvThread.js');

/** Grid index (0 = alpha_max) where the objectives are compared: mid-path, about 10 non-zeros. */
const CHECK_INDEX = 40;
/** scikit-learn's default tol; ours uses the same rule (duality gap <= tol * ||yc||^2). */
const GAUSSIAN_TOL = 1e-4;
/** One tool on one scenario may take this long before it is reported as failed (timed out). */
const SIDE_TIMEOUT_MS = 40 * 60 * 1000;

type TaskName = 'load' | 'lasso' | 'lassopar' | 'lassocv' | 'lassocvpar' | 'enet' | 'enetpar' | 'logistic' | 'logisticcv' | 'logisticcvpar';
type Tool = 'ours' | 'glmnet' | 'sklearn';
const TOOLS: Tool[] = ['ours', 'glmnet', 'sklearn'];

interface CheckPoint {
  index: number;
  alpha: number;
  l1Ratio: number;
  intercept: number;
  coef: number[];
}

interface TaskResult {
  times: number[];
  median: number;
  how?: string;
  check?: CheckPoint;
  bestIndex?: number;
  convergenceWarnings?: number;
  note?: string;
}

interface SideOutput {
  tool: Tool;
  scenario: string;
  tasks: Partial<Record<TaskName, TaskResult>>;
  versions?: Record<string, string>;
}

interface ScenarioSpec {
  n: number;
  p: number;
  kind: 'gaussian' | 'logistic';
  k: number;
  rho: number;
  alphasLasso?: number[];
  alphasEnet?: number[];
  alphasLogistic?: number[];
  files: Record<string, string>;
}

interface RssResult {
  baselineMB: number;
  afterLoadMB: number;
  peakMB: number;
  dataMB: number;
  timeVMaxRssMB?: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
};

function readManifest(): Record<string, ScenarioSpec> {
  return JSON.parse(fs.readFileSync(path.join(DATA_DIR, 'manifest.json'), 'utf8')).scenarios;
}

function argValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Our side: one process per scenario, timings of our own functions on data already in memory.

function timeRuns<T>(repeats: number, fn: () => T): { times: number[]; result: T } {
  const times: number[] = [];
  let result!: T;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    result = fn();
    times.push((performance.now() - t0) / 1000);
  }
  return { times, result };
}

async function timeRunsAsync<T>(repeats: number, fn: () => Promise<T>): Promise<{ times: number[]; result: T }> {
  const times: number[] = [];
  let result!: T;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    result = await fn();
    times.push((performance.now() - t0) / 1000);
  }
  return { times, result };
}

function readInt32(file: string): Int32Array {
  const b = fs.readFileSync(file);
  return new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/** Reads a little-endian float64 file straight into a Float64Array (no intermediate Buffer copy). */
function readFloat64Into(file: string, count: number): Float64Array {
  const out = new Float64Array(count);
  const bytes = new Uint8Array(out.buffer);
  const fd = fs.openSync(file, 'r');
  try {
    let off = 0;
    while (off < bytes.length) {
      const got = fs.readSync(fd, bytes, off, Math.min(1 << 26, bytes.length - off), off);
      if (got <= 0) throw new Error(`${file}: short read at byte ${off}`);
      off += got;
    }
  } finally {
    fs.closeSync(fd);
  }
  return out;
}

async function runOurs(scenario: string, tasks: TaskName[], repeats: number): Promise<SideOutput> {
  const spec = readManifest()[scenario];
  const csv = path.join(DATA_DIR, spec.files.csv);
  const out: SideOutput = { tool: 'ours', scenario, tasks: {}, versions: { node: process.version } };
  const task = spec.kind === 'logistic' ? 'classification' : 'regression';
  let table = null as Awaited<ReturnType<typeof readCsvFile>> | null;
  if (tasks.includes('load')) {
    const { times, result } = await timeRunsAsync(repeats, () => readCsvFile(csv, {}));
    out.tasks.load = { times, median: median(times), how: 'readCsvFile: fs stream -> parseCsvStream -> typed columns (the CLI path)' };
    table = result;
  } else {
    table = await readCsvFile(csv, {});
  }
  const t0 = performance.now();
  const design = buildDesign(table, { target: 'y', missing: 'drop', missingTokens: [], maxCategoricalLevels: 20, task });
  const designSeconds = (performance.now() - t0) / 1000;
  if (out.tasks.load) out.tasks.load.note = `buildDesign (table -> column-major X) ${designSeconds.toFixed(3)} s, not included`;
  table = null;
  const X: DenseMatrix = { n: design.n, p: design.p, x: design.x };
  const y = design.y;
  if (X.n !== spec.n || X.p !== spec.p) throw new Error(`${scenario}: design is ${X.n}x${X.p}, manifest says ${spec.n}x${spec.p}`);
  const foldIds = readInt32(path.join(DATA_DIR, spec.files.folds));
  let serialCvMean: Float64Array | null = null;
  let serialLogisticCvMean: Float64Array | null = null;
  const checkOf = (coef: Float64Array, intercept: number, alpha: number, l1Ratio: number): CheckPoint => ({
    index: CHECK_INDEX, alpha, l1Ratio, intercept, coef: Array.from(coef),
  });
  for (const name of tasks) {
    if (name === 'lasso' || name === 'enet') {
      const l1Ratio = name === 'lasso' ? 1 : 0.5;
      const alphas = Float64Array.from((name === 'lasso' ? spec.alphasLasso : spec.alphasEnet)!);
      const { times, result } = timeRuns(repeats, () =>
        fitElasticNetPath(X, y, { l1Ratio, alphas, nAlphas: alphas.length, eps: 1e-3, standardize: false, tol: GAUSSIAN_TOL, maxIter: 1000 }));
      const p = X.p;
      out.tasks[name] = {
        times, median: median(times), how: `fitElasticNetPath(l1Ratio=${l1Ratio}, standardize=false, tol=1e-4)`,
        convergenceWarnings: result.warnings.length,
        check: checkOf(result.coefStd.subarray(CHECK_INDEX * p, CHECK_INDEX * p + p), result.interceptOriginal[CHECK_INDEX], alphas[CHECK_INDEX], l1Ratio),
      };
    } else if (name === 'lassopar' || name === 'enetpar') {
      // What the CLI's path and the extension's worker run: the covariance-mode statistics computed on
      // Gram threads (src/worker/gramPool.ts; the CLI starts the threads while it reads the file).
      const l1Ratio = name === 'lassopar' ? 1 : 0.5;
      const alphas = Float64Array.from((name === 'lassopar' ? spec.alphasLasso : spec.alphasEnet)!);
      const opts = { l1Ratio, alphas, nAlphas: alphas.length, eps: 1e-3, standardize: false, tol: GAUSSIAN_TOL, maxIter: 1000 };
      prestartGramThreads({ script: CV_THREAD_SCRIPT });
      const serial = fitElasticNetPath(X, y, opts);
      const { times, result } = timeRuns(repeats, () => fitElasticNetPathInThreads(X, y, opts, { script: CV_THREAD_SCRIPT }));
      let same = serial.coefStd.length === result.coefStd.length;
      for (let i = 0; same && i < serial.coefStd.length; i++) same = Object.is(serial.coefStd[i], result.coefStd[i]);
      out.tasks[name] = {
        times, median: median(times), convergenceWarnings: result.warnings.length,
        how: `fitElasticNetPathInThreads (Gram on ${os.availableParallelism()} threads where the cost model predicts a gain, else the single-thread route); coefficients ${same ? 'bit-identical to' : 'DIFFERENT FROM'} fitElasticNetPath`,
      };
    } else if (name === 'lassocv') {
      const alphas = Float64Array.from(spec.alphasLasso!);
      const { times, result } = timeRuns(repeats, () => {
        const cv = crossValidate(X, y, { model: 'lasso', l1Ratios: [1], alphas, nAlphas: alphas.length, eps: 1e-3, foldIds, standardize: false, tol: GAUSSIAN_TOL });
        // LassoCV refits at the chosen alpha; so do we (cv.glmnet fits the whole path first instead).
        fitElasticNet(X, y, cv.alphaMin, 1, { standardize: false, tol: GAUSSIAN_TOL });
        return cv;
      });
      serialCvMean = result.mean;
      out.tasks.lassocv = {
        times, median: median(times), bestIndex: result.indexMin, convergenceWarnings: result.warnings.length,
        how: 'crossValidate(10 folds, single thread) + fitElasticNet at alphaMin',
      };
    } else if (name === 'lassocvpar') {
      const alphas = Float64Array.from(spec.alphasLasso!);
      const cvOpts = { model: 'lasso' as const, l1Ratios: [1], alphas, nAlphas: alphas.length, eps: 1e-3, foldIds, standardize: false, tol: GAUSSIAN_TOL };
      const serial = serialCvMean ?? crossValidate(X, y, cvOpts).mean;
      const { times, result } = timeRuns(repeats, () => {
        const cv = crossValidateInThreads(X, y, cvOpts, { script: CV_THREAD_SCRIPT });
        fitElasticNet(X, y, cv.alphaMin, 1, { standardize: false, tol: GAUSSIAN_TOL });
        return cv;
      });
      let diff = 0;
      for (let a = 0; a < alphas.length; a++) diff = Math.max(diff, Math.abs(result.mean[a] - serial[a]) / serial[a]);
      out.tasks.lassocvpar = {
        times, median: median(times), bestIndex: result.indexMin,
        how: `crossValidateInThreads (src/worker/cvPool.ts, what the CLI and the extension run; ${os.availableParallelism()} threads) + fitElasticNet at alphaMin; CV curve vs single-thread crossValidate: max rel. diff ${diff.toExponential(1)}`,
      };
    } else if (name === 'logistic') {
      const lambdas = spec.alphasLogistic!;
      const Cs = Float64Array.from(lambdas, (l) => 1 / (X.n * l));
      const { times, result } = timeRuns(repeats, () => fitLogisticPath(X, y, { penalty: 'l1', Cs, standardize: false }));
      // Ascending C is descending lambda: C index k is lambda index k, the manifest's order.
      const c = CHECK_INDEX;
      if (Math.abs(result.lambdas[c] / lambdas[c] - 1) > 1e-12) throw new Error(`S4: path lambda ${result.lambdas[c]} is not grid lambda ${lambdas[c]}`);
      out.tasks.logistic = {
        times, median: median(times), how: 'fitLogisticPath(l1, Cs = 1/(n lambda), standardize=false, tol=1e-8 KKT default)',
        convergenceWarnings: result.warnings.length,
        check: checkOf(result.coefOriginal.subarray(c * X.p, c * X.p + X.p), result.interceptOriginal[c], lambdas[CHECK_INDEX], 1),
      };
    } else if (name === 'logisticcv') {
      const lambdas = spec.alphasLogistic!;
      const Cs = Float64Array.from(lambdas, (l) => 1 / (X.n * l));
      const { times, result } = timeRuns(repeats, () => {
        const cv = crossValidateLogistic(X, y, { penalty: 'l1', Cs, foldIds, metric: 'log_loss', standardize: false });
        fitLogistic(X, y, { penalty: 'l1', C: cv.CBest, standardize: false });
        return cv;
      });
      out.tasks.logisticcv = {
        times, median: median(times), bestIndex: result.indexBest, convergenceWarnings: result.warnings.length,
        how: 'crossValidateLogistic(l1, log_loss, 10 folds, single thread) + fitLogistic at CBest',
      };
      serialLogisticCvMean = result.mean;
    } else if (name === 'logisticcvpar') {
      const lambdas = spec.alphasLogistic!;
      const Cs = Float64Array.from(lambdas, (l) => 1 / (X.n * l));
      const cvOpts = { penalty: 'l1' as const, Cs, foldIds, metric: 'log_loss' as const, standardize: false };
      const serial = serialLogisticCvMean ?? crossValidateLogistic(X, y, cvOpts).mean;
      const { times, result } = timeRuns(repeats, () => {
        const cv = crossValidateLogisticInThreads(X, y, cvOpts, { script: CV_THREAD_SCRIPT });
        fitLogistic(X, y, { penalty: 'l1', C: cv.CBest, standardize: false });
        return cv;
      });
      let diff = 0;
      for (let a = 0; a < serial.length; a++) diff = Math.max(diff, Math.abs(result.mean[a] - serial[a]) / Math.abs(serial[a]));
      out.tasks.logisticcvpar = {
        times, median: median(times), bestIndex: result.indexBest, convergenceWarnings: result.warnings.length,
        how: `crossValidateLogisticInThreads (src/worker/cvPool.ts, what the CLI and the extension run; ${os.availableParallelism()} threads) + fitLogistic at CBest; CV curve vs single thread: max rel. diff ${diff.toExponential(1)}`,
      };
    }
  }
  return out;
}

/** Peak RSS of a Lasso path on S3 held in memory (read from the binary copy: no parser high-water). */
function runOursRss(scenario: string): { tool: Tool; scenario: string; rss: RssResult } {
  const spec = readManifest()[scenario];
  const mb = (): number => process.resourceUsage().maxRSS / 1024;
  const baselineMB = mb();
  const x = readFloat64Into(path.join(DATA_DIR, spec.files.X), spec.n * spec.p);
  const y = readFloat64Into(path.join(DATA_DIR, spec.files.y), spec.n);
  const afterLoadMB = mb();
  fitElasticNetPath({ n: spec.n, p: spec.p, x }, y, {
    l1Ratio: 1, alphas: Float64Array.from(spec.alphasLasso!), nAlphas: 100, eps: 1e-3, standardize: false, tol: GAUSSIAN_TOL, maxIter: 1000,
  });
  return { tool: 'ours', scenario, rss: { baselineMB, afterLoadMB, peakMB: mb(), dataMB: (spec.n * spec.p + spec.n) * 8 / 1e6 } };
}

interface LiveResult {
  n: number;
  p: number;
  coldSeconds: number;
  publicWarmMs: number[];
  retainedWarmMs: number[];
  /** The panel's slider path: refitOnState on the worker's cached design state (src/pipeline/refit.ts), metrics included. */
  panelWarmMs: number[];
  panelStateSeconds: number;
  alphas: number[];
}

/**
 * Live alpha: the panel's slider moves one grid step and the model is refitted from the previous
 * solution. Measured two ways: the public fitElasticNet(..., {warmStart}) (rebuilds the centred
 * design and Gram columns on every call), and a retained CdWorkspace (design and Gram kept between
 * calls, only the coordinate descent runs): the second is what a panel session could keep.
 */
function runOursLive(repeats: number): LiveResult {
  const spec = readManifest().L;
  const { n, p } = spec;
  const x = readFloat64Into(path.join(DATA_DIR, spec.files.X), n * p);
  const y = readFloat64Into(path.join(DATA_DIR, spec.files.y), n);
  const X: DenseMatrix = { n, p, x };
  const grid = spec.alphasLasso!;
  // Slider positions: around the middle of the grid, one step at a time.
  const steps = [CHECK_INDEX, CHECK_INDEX + 1, CHECK_INDEX + 2, CHECK_INDEX + 1, CHECK_INDEX, CHECK_INDEX - 1, CHECK_INDEX].slice(0, Math.max(3, repeats + 2));
  const t0 = performance.now();
  let fit = fitElasticNet(X, y, grid[steps[0]], 1, { standardize: false, tol: GAUSSIAN_TOL });
  const coldSeconds = (performance.now() - t0) / 1000;
  const publicWarmMs: number[] = [];
  for (let s = 1; s < steps.length; s++) {
    const t = performance.now();
    fit = fitElasticNet(X, y, grid[steps[s]], 1, { standardize: false, tol: GAUSSIAN_TOL, warmStart: fit.coef });
    publicWarmMs.push(performance.now() - t);
  }
  const d = fittedDesign(X, y, false);
  const ws = new CdWorkspace(d);
  ws.solve(grid[steps[0]], 1, NaN, GAUSSIAN_TOL, 1000);
  const retainedWarmMs: number[] = [];
  for (let s = 1; s < steps.length; s++) {
    const t = performance.now();
    ws.solve(grid[steps[s]], 1, NaN, GAUSSIAN_TOL, 1000);
    retainedWarmMs.push(performance.now() - t);
  }
  // What the panel's slider runs: the worker keeps a design state per file (train/test split,
  // fitted-scale design, Gram) and refits from the previous solution, with train/test metrics.
  const columns = Array.from({ length: p }, (_, j) => `x${j}`);
  const design: Design = {
    file: 'L', n, p, x, y, columns, sourceOf: columns, rowLines: new Int32Array(n), rowsDropped: 0,
    foldIds: null, classes: null, hasMissing: false, notes: [],
  };
  const { train, test } = trainTestSplit(n, 0.2, 42);
  const prep: Prepared = { design, X, train, test, notes: [] };
  const fitOpts: FitOptions = { ...DEFAULT_FIT };
  const t1 = performance.now();
  const state = stateFromPrepared(prep, { ...DEFAULT_DATA, target: 'y' }, fitOpts, 'bench', 'bench');
  const panelStateSeconds = (performance.now() - t1) / 1000;
  const panelGrid = logAlphaGrid(alphaMaxFromXty(state.xty, state.d.n, 1), 100, 1e-3);
  refitOnState(state, { model: 'lasso', alpha: panelGrid[steps[0]], l1Ratio: 1 }, fitOpts);
  const panelWarmMs: number[] = [];
  for (let s = 1; s < steps.length; s++) {
    const t = performance.now();
    refitOnState(state, { model: 'lasso', alpha: panelGrid[steps[s]], l1Ratio: 1 }, fitOpts);
    panelWarmMs.push(performance.now() - t);
  }
  return { n, p, coldSeconds, publicWarmMs, retainedWarmMs, panelWarmMs, panelStateSeconds, alphas: steps.map((k) => grid[k]) };
}

// ---------------------------------------------------------------------------------------------
// Orchestrator.

interface RunPlan {
  scenarios: string[];
  repeats: number;
  sklearn: boolean;
  glmnet: boolean;
  sklearnLogisticCv: boolean;
  profile: boolean;
  write: boolean;
  quick: boolean;
  args: string[];
  manifest: Record<string, ScenarioSpec>;
}

const TASKS_BY_KIND: Record<'gaussian' | 'logistic', TaskName[]> = {
  gaussian: ['load', 'lasso', 'lassopar', 'lassocv', 'lassocvpar', 'enet', 'enetpar'],
  logistic: ['load', 'logistic', 'logisticcv', 'logisticcvpar'],
};

function log(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

/** Runs a child that prints one JSON object as its last stdout line. */
function runJson<T>(cmd: string, args: string[], label: string, input?: string): T | { error: string } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', input, maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'], timeout: SIDE_TIMEOUT_MS });
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) {
    const err = r.signal === 'SIGTERM' && r.error ? `timed out after ${secs} s` : (r.stderr || String(r.error ?? '')).trim().split('\n').slice(-5).join(' | ');
    log(`${label}: FAILED after ${secs} s: ${err}`);
    return { error: err || `exit ${r.status}` };
  }
  log(`${label}: done in ${secs} s`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}

const isError = (x: unknown): x is { error: string } => typeof x === 'object' && x !== null && 'error' in x;

function sh(cmd: string): string {
  const r = spawnSync('sh', ['-c', cmd], { encoding: 'utf8' });
  return (r.stdout || '').trim();
}

function machineInfo(): Record<string, string> {
  const cpu = os.cpus()[0]?.model ?? sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2");
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    nproc: sh('nproc'),
    cpu: cpu.trim(),
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()}`,
    load: os.loadavg().map((l) => l.toFixed(2)).join(' '),
    // The bundle is built from the working tree: name the commit and whether src/ had uncommitted edits.
    commit: `${sh(`git -C ${JSON.stringify(path.dirname(BENCH_DIR))} rev-parse --short HEAD`)}${sh(`git -C ${JSON.stringify(path.dirname(BENCH_DIR))} status --porcelain -- src`) ? ' + uncommitted changes in src/' : ''}`,
  };
}

interface Row {
  scenario: string;
  task: TaskName;
  times: Partial<Record<Tool, TaskResult | { error: string }>>;
}

interface AgreementRow {
  scenario: string;
  task: TaskName;
  objectives: Partial<Record<Tool, number>>;
  /** Per tool: (objective - lowest objective of any tool) / |lowest|; the lowest is the most accurate. */
  relDiff: Partial<Record<Tool, number>>;
  /** max over tools of relDiff */
  maxRelDiff: number;
  gate: number;
  /** Every tool within the gate. */
  ok: boolean;
}

/** Targets of issue 5 per task: ours/glmnet and ours/sklearn ceilings (undefined: no target). */
function targetsOf(scenario: string, task: TaskName): { glmnet?: number; sklearn?: number } {
  if (task === 'load') return scenario === 'S1' || scenario === 'S3' ? { sklearn: 1.0 } : {};
  if (task === 'logistic' || task === 'logisticcv' || task === 'logisticcvpar') return { glmnet: 1.0 };
  if (['S1', 'S2', 'S3'].includes(scenario)) return { glmnet: 1.0, sklearn: 0.5 };
  return {};
}

/** Agreement gate per task: Gaussian tasks stop on sklearn's rule at tol 1e-4 (gap <= 1e-4 ||yc||^2,
 *  i.e. 1e-4 on the (1/2n) scale for sd(y) = 1), so 1e-4 relative; logistic: ours KKT 1e-8, glmnet
 *  thresh 1e-7 (observed 1.5e-7 off the best on S4), saga tol 1e-4 on coefficient change: 1e-6. */
function gateOf(task: TaskName): number {
  return task === 'logistic' ? 1e-6 : 1e-4;
}

function fmtS(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3);
}

function fmtRatio(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? '—' : `${x.toFixed(2)}×`;
}

function timeOf(r: TaskResult | { error: string } | undefined): number | undefined {
  return r && !isError(r) ? r.median : undefined;
}

function summarizeProfile(file: string, top: number): string[] {
  interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
  const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map<number, Node>();
  for (const nd of prof.nodes) byId.set(nd.id, nd);
  const self = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < prof.samples.length; i++) {
    const nd = byId.get(prof.samples[i]);
    const dt = prof.timeDeltas[i] ?? 0;
    if (!nd) continue;
    total += dt;
    const name = nd.callFrame.functionName || '(anonymous)';
    const where = nd.callFrame.url ? path.basename(nd.callFrame.url) : '';
    const key = where && !name.startsWith('(') ? `${name} (${where})` : name;
    self.set(key, (self.get(key) ?? 0) + dt);
  }
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([k, v]) => `${((100 * v) / total).toFixed(1)}% ${k}`);
}

async function orchestrate(argv: string[]): Promise<void> {
  const smoke = argv.includes('--smoke');
  const quick = argv.includes('--quick') || smoke;
  const plan: RunPlan = {
    scenarios: (argValue(argv, '--scenarios') ?? 'S1,S2,S3,S4').split(',').filter(Boolean),
    repeats: Number(argValue(argv, '--repeats') ?? (quick ? 1 : 3)),
    sklearn: !argv.includes('--no-sklearn'),
    glmnet: !argv.includes('--no-glmnet'),
    sklearnLogisticCv: argv.includes('--sklearn-logistic-cv'),
    profile: !argv.includes('--no-profile'),
    write: !argv.includes('--no-write'),
    quick,
    args: argv,
    manifest: {},
  };
  const started = performance.now();
  const machine = machineInfo();
  log(`data in ${DATA_DIR}`);
  const gen = spawnSync(PYTHON, [path.join(BENCH_DIR, 'gen_data.py'), '--dir', DATA_DIR, '--scale', smoke ? '0.02' : '1'], { stdio: 'inherit' });
  if (gen.status !== 0) throw new Error('bench/gen_data.py failed');
  const manifest = readManifest();
  plan.manifest = manifest;
  const bundle = __filename;

  const rows: Row[] = [];
  const agreement: AgreementRow[] = [];
  const versions: Record<string, string> = { node: process.version };
  let rss: Partial<Record<Tool, RssResult | { error: string }>> = {};
  let live: LiveResult | { error: string } = { error: 'not run' };
  const profiles: { label: string; lines: string[] }[] = [];
  /** A tool's times in a scenario count only when each of its path checks there is within the gate of
   *  the best objective any tool reached (at least two tools compared). */
  const verified = (scenario: string, tool: Tool): boolean => {
    const checks = agreement.filter((a) => a.scenario === scenario && Object.keys(a.objectives).length >= 2);
    if (!checks.length) return false;
    return checks.every((a) => a.relDiff[tool] !== undefined && a.relDiff[tool]! <= a.gate);
  };
  // The report is rewritten after every stage, so a run stopped midway still leaves what it measured.
  const publish = (partial: string | null): void => {
    const report = renderReport({ plan, machine, versions, rows, agreement, verified, rss, live, profiles, partial, seconds: (performance.now() - started) / 1000 });
    if (!partial) process.stdout.write(report.console);
    if (!plan.write) return;
    // A smoke run's report goes beside its data, never over bench/RESULTS.md.
    const file = smoke ? path.join(DATA_DIR, 'RESULTS.md') : path.join(BENCH_DIR, 'RESULTS.md');
    const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const kept = /<!-- analysis:begin -->[\s\S]*?<!-- analysis:end -->/.exec(old);
    fs.writeFileSync(file, report.markdown.replace('<!-- analysis -->', kept ? kept[0] : '<!-- analysis:begin -->\n_No hand-written analysis yet._\n<!-- analysis:end -->'));
    if (!partial) log(`wrote ${path.relative(process.cwd(), file)}`);
  };

  // Peak RSS fitting S3 (each tool from S3's binary copy) and live alpha: short, so first.
  if (plan.scenarios.includes('S3')) {
    const viaTime = (cmd: string, args: string[], label: string): RssResult | { error: string } => {
      const file = path.join(os.tmpdir(), `bench-time-${process.pid}-${label.replace(/\W/g, '')}.txt`);
      const r = runJson<{ rss: RssResult }>('/usr/bin/time', ['-v', '-o', file, cmd, ...args], label);
      if (isError(r)) return r;
      const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
      fs.rmSync(file, { force: true });
      return { ...r.rss, timeVMaxRssMB: m ? Number(m[1]) / 1024 : undefined };
    };
    rss = { ours: viaTime(process.execPath, [bundle, '--side', 'ours-rss', '--scenario', 'S3'], 'rss ours S3') };
    if (plan.glmnet) rss.glmnet = viaTime('Rscript', [path.join(BENCH_DIR, 'ref_glmnet.R'), '--dir', DATA_DIR, '--scenario', 'S3', '--rss'], 'rss glmnet S3');
    if (plan.sklearn) rss.sklearn = viaTime(PYTHON, [path.join(BENCH_DIR, 'ref_sklearn.py'), '--dir', DATA_DIR, '--scenario', 'S3', '--rss'], 'rss sklearn S3');
  }
  live = runJson<LiveResult>(process.execPath, [bundle, '--side', 'ours-live', '--repeats', String(Math.max(5, plan.repeats))], 'live alpha');
  publish('peak RSS and live alpha measured; scenarios to come');

  for (const scenario of plan.scenarios) {
    const spec = manifest[scenario];
    if (!spec) throw new Error(`unknown scenario ${scenario}`);
    const tasks = TASKS_BY_KIND[spec.kind];
    const bySide: Partial<Record<Tool, SideOutput | { error: string }>> = {};
    bySide.ours = runJson<SideOutput>(process.execPath, [bundle, '--side', 'ours', '--scenario', scenario, '--tasks', tasks.join(','), '--repeats', String(plan.repeats)], `ours ${scenario}`);
    if (plan.glmnet) {
      bySide.glmnet = runJson<SideOutput>('Rscript', [path.join(BENCH_DIR, 'ref_glmnet.R'), '--dir', DATA_DIR, '--scenario', scenario,
        '--tasks', tasks.join(','), '--repeats', String(plan.repeats), '--check-index', String(CHECK_INDEX)], `glmnet ${scenario}`);
    }
    if (plan.sklearn) {
      const skTasks = tasks.filter((t) => t !== 'logisticcv' || plan.sklearnLogisticCv);
      bySide.sklearn = runJson<SideOutput>(PYTHON, [path.join(BENCH_DIR, 'ref_sklearn.py'), '--dir', DATA_DIR, '--scenario', scenario,
        '--tasks', skTasks.join(','), '--repeats', String(plan.repeats), '--logistic-repeats', '1', '--check-index', String(CHECK_INDEX)], `sklearn ${scenario}`);
    }
    for (const task of tasks) {
      const row: Row = { scenario, task, times: {} };
      for (const tool of TOOLS) {
        const s = bySide[tool];
        if (!s) continue;
        if (isError(s)) row.times[tool] = s;
        else if (s.tasks[task]) row.times[tool] = s.tasks[task];
        else if (task === 'lassocvpar' && s.tasks.lassocv) row.times[tool] = s.tasks.lassocv;
        else if (task === 'lassopar' && s.tasks.lasso) row.times[tool] = s.tasks.lasso;
        else if (task === 'enetpar' && s.tasks.enet) row.times[tool] = s.tasks.enet;
        else if (task === 'logisticcvpar' && s.tasks.logisticcv) row.times[tool] = s.tasks.logisticcv;
        else if (tool === 'sklearn' && (task === 'logisticcv' || task === 'logisticcvpar')) row.times[tool] = { error: 'skipped (LogisticRegressionCV saga: ~10× the path, ~10 min; --sklearn-logistic-cv runs it)' };
      }
      rows.push(row);
    }
    // Agreement: numpy evaluates every tool's coefficients at the check alpha on the same X.
    const items: object[] = [];
    for (const tool of TOOLS) {
      const s = bySide[tool];
      if (!s || isError(s)) continue;
      if (s.versions) Object.assign(versions, s.versions);
      for (const [task, r] of Object.entries(s.tasks) as [TaskName, TaskResult][]) {
        if (r.check) items.push({ scenario, task, tool, kind: task === 'logistic' ? 'logistic' : 'gaussian', ...r.check });
      }
    }
    if (items.length) {
      const objs = runJson<{ scenario: string; task: TaskName; tool: Tool; objective: number }[]>(
        PYTHON, [path.join(BENCH_DIR, 'ref_sklearn.py'), '--dir', DATA_DIR, '--objective'], `objective check ${scenario}`, JSON.stringify(items));
      if (!isError(objs)) {
        const keyed = new Map<string, AgreementRow>();
        for (const o of objs) {
          let row = keyed.get(o.task);
          if (!row) {
            row = { scenario: o.scenario, task: o.task, objectives: {}, relDiff: {}, maxRelDiff: 0, gate: gateOf(o.task), ok: false };
            keyed.set(o.task, row);
          }
          row.objectives[o.tool] = o.objective;
        }
        for (const row of keyed.values()) {
          const vals = Object.values(row.objectives) as number[];
          const lo = Math.min(...vals);
          for (const t of TOOLS) if (row.objectives[t] !== undefined) row.relDiff[t] = (row.objectives[t]! - lo) / Math.abs(lo);
          row.maxRelDiff = Math.max(...(Object.values(row.relDiff) as number[]));
          row.ok = vals.length >= 2 && row.maxRelDiff <= row.gate;
          agreement.push(row);
        }
      }
    }
    publish(`scenarios done: ${[...new Set(rows.map((x) => x.scenario))].join(', ')}`);
  }

  // Profiles of our side for the tasks that miss a target.
  const misses: Row[] = rows.filter((row) => {
    const t = targetsOf(row.scenario, row.task);
    const ours = timeOf(row.times.ours);
    if (ours === undefined) return false;
    const g = timeOf(row.times.glmnet);
    const s = timeOf(row.times.sklearn);
    return (t.glmnet !== undefined && g !== undefined && ours / g > t.glmnet) || (t.sklearn !== undefined && s !== undefined && ours / s > t.sklearn);
  });
  if (plan.profile) {
    // One profile per distinct (scenario, task); CV of the logistic path is profiled through the path
    // (its folds run the same kernels), the worker-thread prototype is not profiled.
    const seen = new Set<string>();
    for (const row of misses) {
      if (row.task === 'lassocvpar' || row.task === 'logisticcvpar' || row.task === 'lassopar' || row.task === 'enetpar') continue;
      const task = row.task === 'logisticcv' ? 'logistic' : row.task;
      if (seen.has(`${row.scenario}/${task}`)) continue;
      seen.add(`${row.scenario}/${task}`);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-prof-'));
      const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, bundle, '--side', 'ours', '--scenario', row.scenario, '--tasks', task, '--repeats', '1'],
        { encoding: 'utf8', maxBuffer: 1 << 30, timeout: SIDE_TIMEOUT_MS });
      const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
      if (r.status === 0 && files.length) profiles.push({ label: `${row.scenario} ${TASK_LABEL[task]}`, lines: summarizeProfile(path.join(dir, files[0]), 8) });
      fs.rmSync(dir, { recursive: true, force: true });
      log(`profile ${row.scenario} ${task}: done`);
      publish('profiles in progress');
    }
  }
  publish(null);
}

interface ReportInput {
  plan: RunPlan;
  machine: Record<string, string>;
  versions: Record<string, string>;
  rows: Row[];
  agreement: AgreementRow[];
  verified: (scenario: string, tool: Tool) => boolean;
  rss: Partial<Record<Tool, RssResult | { error: string }>>;
  live: LiveResult | { error: string };
  profiles: { label: string; lines: string[] }[];
  /** Non-null while the run is still going (or was stopped): what has been measured so far. */
  partial: string | null;
  seconds: number;
}

const TASK_LABEL: Record<TaskName, string> = {
  load: 'CSV load',
  lasso: 'Lasso path (100 α)',
  lassocv: 'Lasso 10-fold CV',
  lassopar: 'Lasso path, Gram threads*',
  lassocvpar: 'Lasso 10-fold CV, fold threads*',
  enet: 'Elastic Net path (l1 0.5)',
  enetpar: 'Elastic Net path, Gram threads*',
  logistic: 'L1-logistic path (100 λ)',
  logisticcv: 'L1-logistic 10-fold CV',
  logisticcvpar: 'L1-logistic 10-fold CV, fold threads*',
};

function renderReport(r: ReportInput): { console: string; markdown: string } {
  const cell = (row: Row, tool: Tool): string => {
    const x = row.times[tool];
    if (!x) return 'not run';
    if (isError(x)) return x.error.startsWith('skipped') ? 'skipped' : 'failed';
    if (row.task !== 'load' && !r.verified(row.scenario, tool)) return `${fmtS(x.median)} (unverified)`;
    return fmtS(x.median);
  };
  const ratio = (row: Row, ref: Tool): number | undefined => {
    const o = timeOf(row.times.ours);
    const t = timeOf(row.times[ref]);
    if (o === undefined || t === undefined) return undefined;
    if (row.task !== 'load' && (!r.verified(row.scenario, 'ours') || !r.verified(row.scenario, ref))) return undefined;
    return o / t;
  };
  const verdict = (row: Row): string => {
    const t = targetsOf(row.scenario, row.task);
    const parts: string[] = [];
    for (const ref of ['glmnet', 'sklearn'] as const) {
      const lim = t[ref];
      if (lim === undefined) continue;
      const q = ratio(row, ref);
      const refName = ref === 'sklearn' && row.task === 'load' ? 'pandas' : ref;
      parts.push(`≤${lim.toFixed(1)}× ${refName}: ${q === undefined ? 'n/a' : q <= lim ? 'met' : 'MISSED'}`);
    }
    return parts.join('; ') || '—';
  };
  const header = ['Scenario', 'Task', 'ours s', 'glmnet s', 'sklearn s', 'ours/glmnet', 'ours/sklearn', 'Target'];
  const body = r.rows.map((row) => [row.scenario, TASK_LABEL[row.task], cell(row, 'ours'), cell(row, 'glmnet'), cell(row, 'sklearn'),
    fmtRatio(ratio(row, 'glmnet')), fmtRatio(ratio(row, 'sklearn')), verdict(row)]);
  const md = (h: string[], b: string[][]): string => [`| ${h.join(' | ')} |`, `|${h.map(() => '---').join('|')}|`, ...b.map((x) => `| ${x.join(' | ')} |`)].join('\n');
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const plain = [header, ...body].map((x) => x.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n');

  const agreeBody = r.agreement.map((a) => [a.scenario, TASK_LABEL[a.task],
    ...TOOLS.map((t) => (a.objectives[t] === undefined ? '—' : a.objectives[t]!.toPrecision(10))),
    TOOLS.map((t) => (a.relDiff[t] === undefined ? '—' : a.relDiff[t]!.toExponential(1))).join(' / '),
    a.gate.toExponential(0), a.ok ? 'agree' : `DISAGREE: ${TOOLS.filter((t) => (a.relDiff[t] ?? 0) > a.gate).join(', ')}`]);
  const agreeHeader = ['Scenario', 'Task', 'objective ours', 'glmnet', 'sklearn', 'rel. diff to best (ours / glmnet / sklearn)', 'gate', ''];

  const rssLines: string[] = [];
  for (const tool of TOOLS) {
    const x = r.rss[tool];
    if (!x) continue;
    if (isError(x)) { rssLines.push(`| ${tool} | failed | | | | |`); continue; }
    const fit = x.peakMB - x.baselineMB;
    rssLines.push(`| ${tool} | ${x.peakMB.toFixed(0)} | ${x.timeVMaxRssMB?.toFixed(0) ?? '—'} | ${x.baselineMB.toFixed(0)} | ${fit.toFixed(0)} | ${(fit / x.dataMB).toFixed(2)}× |`);
  }
  const oursRss = r.rss.ours && !isError(r.rss.ours) ? r.rss.ours : undefined;
  const rssVerdict = oursRss
    ? `S3 numeric data (X and y as float64) = ${oursRss.dataMB.toFixed(0)} MB. Target: peak RSS while fitting ≤ 2× data. ` +
      `Ours: ${(oursRss.peakMB - oursRss.baselineMB).toFixed(0)} MB above the empty process (${((oursRss.peakMB - oursRss.baselineMB) / oursRss.dataMB).toFixed(2)}×) → ` +
      `${oursRss.peakMB - oursRss.baselineMB <= 2 * oursRss.dataMB ? 'met' : 'MISSED'}; counting the whole process (${oursRss.peakMB.toFixed(0)} MB, ` +
      `${(oursRss.peakMB / oursRss.dataMB).toFixed(2)}×) → ${oursRss.peakMB <= 2 * oursRss.dataMB ? 'met' : 'MISSED'}.`
    : 'not measured';

  let liveText = 'not measured';
  if (!isError(r.live)) {
    const pub = median(r.live.publicWarmMs);
    const ret = median(r.live.retainedWarmMs);
    const panel = median(r.live.panelWarmMs);
    liveText = `n = ${r.live.n}, p = ${r.live.p}, Lasso, one grid step at a time around α index ${CHECK_INDEX} (${r.live.publicWarmMs.length} refits). ` +
      `**What the panel's slider runs** (\`refitOnState\` on the worker's cached design state: 80% training rows, standardized, tol 1e-8, train and test metrics included; state built once in ${r.live.panelStateSeconds.toFixed(2)} s): median ${panel.toFixed(1)} ms ` +
      `(${r.live.panelWarmMs.map((x) => x.toFixed(1)).join(', ')}) → target < 50 ms ${panel < 50 ? 'met' : 'MISSED'}. ` +
      `For comparison, the public solver API without a cache: cold fit ${r.live.coldSeconds.toFixed(3)} s; \`fitElasticNet(..., { warmStart })\` median ${pub.toFixed(1)} ms ` +
      `(${r.live.publicWarmMs.map((x) => x.toFixed(0)).join(', ')}), which rebuilds the design and Gram each call; a retained \`CdWorkspace\` median ${ret.toFixed(1)} ms ` +
      `(${r.live.retainedWarmMs.map((x) => x.toFixed(1)).join(', ')}).`;
  } else liveText = r.live.error === 'not run' ? 'not run yet' : `failed: ${r.live.error}`;

  const loadHow = (tool: Tool): string => {
    const row = r.rows.find((x) => x.task === 'load' && x.times[tool] && !isError(x.times[tool]!));
    const t = row?.times[tool] as TaskResult | undefined;
    return t?.how ?? '—';
  };
  const cvBest = r.rows.filter((x) => x.task === 'lassocv' || x.task === 'logisticcv').map((x) =>
    `${x.scenario} ${x.task}: ${TOOLS.map((t) => { const v = x.times[t]; return `${t} ${v && !isError(v) && v.bestIndex !== undefined ? v.bestIndex : '—'}`; }).join(', ')}`);

  const v = r.versions;
  const consoleOut = `\n${plain}\n\nAgreement at α index ${CHECK_INDEX}:\n${agreeBody.map((x) => x.join('  ')).join('\n')}\n\nPeak RSS S3: ${rssVerdict}\nLive alpha: ${liveText}\n` +
    `\n(${r.plan.repeats === 1 ? '1 run' : `median of ${r.plan.repeats} runs`}; total ${r.seconds.toFixed(0)} s)\n`;

  const markdown = `# Benchmark results (issue 5)
${r.partial ? `\n**Partial report** (the run was still going when this was written, or was stopped): ${r.partial}.\n` : ''}
Generated by \`npm run bench${r.plan.args.length ? ` -- ${r.plan.args.join(' ')}` : ''}\` (bench/bench.ts). ${r.plan.repeats === 1 ? 'One run per task (--quick)' : `Median of ${r.plan.repeats} runs per task`}${r.plan.quick ? '' : ''}; sklearn's L1-logistic path always runs once (≈1 min per run). Total wall time ${r.seconds.toFixed(0)} s.

| | |
|---|---|
| date | ${r.machine.date} |
| machine | \`nproc\` = ${r.machine.nproc}, ${r.machine.cpu}, ${r.machine.memory} RAM, ${r.machine.os}; load average at start ${r.machine.load} (the 2 cores are shared with other work) |
| code | ${r.machine.commit} |
| node | ${v.node ?? '—'} |
| python / scikit-learn / numpy / pandas | ${v.python ?? '—'} / ${v.sklearn ?? '—'} / ${v.numpy ?? '—'} / ${v.pandas ?? '—'} (Debian python3-sklearn) |
| R / glmnet | ${v.R ?? '—'} / ${v.glmnet ?? '—'} (Debian r-cran-glmnet) |
| CSV load, R side | ${loadHow('glmnet')} |

## Times (seconds) and ratios

${md(header, body)}

Ratios are ours ÷ reference (below 1 = ours faster). \* "Gram threads" is what the CLI's \`path\`/\`fit\`/\`compare\` and the extension's worker run: \`fitElasticNetPathInThreads\` (src/worker/gramPool.ts), the covariance-mode statistics split by data rows over the threads (subtrees of a fixed merge tree) when its cost model predicts a gain (else one thread; naive mode, as on S2, has no Gram and runs as the single-thread row), bit-identical coefficients (checked in the run). "fold threads" is what the CLI's \`cv\` and the extension's worker run: \`crossValidateInThreads\` (src/worker/cvPool.ts), the folds split over \`os.availableParallelism()\` threads sharing X, bit-identical to the single-threaded curve (checked in the run). Its reference columns repeat the single-threaded references (neither uses a second core). For CSV load the sklearn column is pandas \`read_csv\` and the glmnet column is R's reader. A time marked "(unverified)" is not compared: its scenario's objective check did not pass.

## Agreement before timing

Objective at the fixed α = grid[${CHECK_INDEX}] (0 = α_max) of each tool's own path, all evaluated by one oracle (numpy on the same X), and each tool's distance to the lowest objective any tool reached (the most accurate solution). A tool's times in a scenario count only when all its checks there are within the gate:
Gaussian (1/2n)‖y − b₀ − Xb‖² + α(l1‖b‖₁ + (1 − l1)/2‖b‖²); logistic (1/n)Σ log(1 + e^η) − yη + λ‖b‖₁.

${md(agreeHeader, agreeBody)}

Gate: Gaussian 1e-4 relative (the tools stop on scikit-learn's duality-gap rule at tol = 1e-4, which bounds the suboptimality by 1e-4·‖yc‖²/n = 1e-4 for sd(y) = 1), logistic 1e-6 (ours KKT ≤ 1e-8, glmnet thresh 1e-7; saga's tol bounds coefficient change only).
Best CV index (0 = α_max): ${cvBest.join('; ') || '—'}.

## Peak RSS fitting S3 (n = ${r.plan.manifest.S3?.n.toLocaleString('en-US') ?? '—'}, p = ${r.plan.manifest.S3?.p ?? '—'}; Lasso path; data read from a float64 copy of the CSV so no parser high-water mark counts)

| tool | peak RSS MB (in-process) | /usr/bin/time -v MB | empty process MB | peak − empty MB | ÷ data |
|---|---|---|---|---|---|
${rssLines.join('\n')}

${rssVerdict}

## Live alpha

${liveText}

## How the three are made comparable

- Data: \`bench/gen_data.py\` (numpy ${v.numpy ?? ''} default_rng, fixed seeds) writes S1–S4 to ${path.relative(path.dirname(BENCH_DIR), DATA_DIR)}/ (git-ignored). X is pre-standardized (mean 0, sd 1, ddof 0) then rounded to 6 decimals; a Gaussian y is standardized and written with 17 digits (glmnet rescales y to unit variance inside, and only then does its elastic-net penalty match the documented objective). Every tool fits with an unpenalized intercept and without its own standardization (glmnet \`standardize=FALSE\`, ours \`standardize: false\`, scikit-learn has none), so the three solve identical problems.
- Scenarios: ${Object.entries(r.plan.manifest).map(([k, s]) => `${k} n=${s.n.toLocaleString('en-US')} p=${s.p.toLocaleString('en-US')} ${s.rho ? `AR(1) ρ=${s.rho}` : 'iid'} features, ${s.kind === 'logistic' ? 'logistic truth (y ∈ {0,1})' : 'Gaussian noise (sd 1 before y is standardized)'} with ${s.k} non-zero weights${k === 'L' ? ' (live alpha)' : ''}`).join('; ')}.
- Grid: scikit-learn's default (\`_alpha_grid\`, 100 values, eps 1e-3) computed once by gen_data.py and passed verbatim to all three (glmnet \`lambda = alpha\`, ours \`alphas\`); Elastic Net uses its own l1_ratio = 0.5 grid; logistic uses glmnet's λ_max with 100 values to 1e-3·λ_max (scikit-learn C = 1/(nλ)). Folds: one fold id per row (\`<S>.folds.i32\`), used by all three (sklearn PredefinedSplit, glmnet foldid, ours foldIds).
- Tolerances: glmnet \`thresh = 1e-7\` (default); scikit-learn \`tol = 1e-4\` (default, duality gap ≤ tol·‖yc‖²); ours \`tol = 1e-4\` with scikit-learn's rule. Logistic: glmnet default; scikit-learn saga \`tol = 1e-4\`; ours the default KKT tolerance 1e-8.
- What is timed: each tool times its own fits on data already in memory (CSV load is timed separately). scikit-learn: \`enet_path\` (centring X and y inside the timed region, as LassoCV does; \`precompute='auto'\` = Gram when n > p), \`LassoCV(cv=PredefinedSplit)\` (10 fold paths + 1 refit), \`LogisticRegression(penalty='l1', solver='saga', warm_start=True)\` per λ (liblinear would penalize the intercept). glmnet: \`glmnet()\` and \`cv.glmnet(foldid=)\` (1 full path + 10 fold paths). Ours: \`fitElasticNetPath\`, \`crossValidate\` + \`fitElasticNet\` at α_min, \`fitLogisticPath\`, \`crossValidateLogistic\` + \`fitLogistic\` at C_best, in one Node process per scenario; CSV load is \`readCsvFile\` (stream → typed columns), the CLI's path; pandas \`read_csv\`; R ${loadHow('glmnet')}.
- Threads: the references' CV runs use one core (scikit-learn n_jobs=None, cv.glmnet parallel=FALSE; numpy's BLAS may use 2 threads for scikit-learn's Gram). Ours is timed both ways: \`crossValidate\` on one thread, and the "fold threads" rows with the folds on worker threads, as users run it.
- scikit-learn's L1-logistic CV (LogisticRegressionCV with saga, 100 Cs × 10 folds) is skipped unless \`--sklearn-logistic-cv\`: one saga path alone takes over a minute here.

## Profiles of our side for targets not met (node --cpu-prof, self time)

${r.profiles.length ? r.profiles.map((p) => `**${p.label}**: ${p.lines.join('; ')}`).join('\n\n') : 'None recorded.'}

## Analysis

<!-- analysis -->
`;
  return { console: consoleOut, markdown };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const side = argValue(argv, '--side');
  const repeats = Number(argValue(argv, '--repeats') ?? 3);
  if (side === 'ours') {
    const scenario = argValue(argv, '--scenario')!;
    const tasks = (argValue(argv, '--tasks') ?? '').split(',').filter(Boolean) as TaskName[];
    process.stdout.write(JSON.stringify(await runOurs(scenario, tasks, repeats)) + '\n');
    closeGramPools();
  } else if (side === 'ours-rss') {
    process.stdout.write(JSON.stringify(runOursRss(argValue(argv, '--scenario') ?? 'S3')) + '\n');
  } else if (side === 'ours-live') {
    process.stdout.write(JSON.stringify(runOursLive(repeats)) + '\n');
  } else if (side === 'profile-summary') {
    // node bench/.cache/bench.js --side profile-summary FILE.cpuprofile [TOP]
    process.stdout.write(summarizeProfile(argv[2], Number(argv[3] ?? 15)).join('\n') + '\n');
  } else if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
  } else {
    const known = new Set(['--smoke', '--quick', '--no-sklearn', '--no-glmnet', '--sklearn-logistic-cv', '--no-profile', '--no-write']);
    const withValue = new Set(['--repeats', '--scenarios']);
    for (let i = 0; i < argv.length; i++) {
      if (withValue.has(argv[i])) i++;
      else if (!known.has(argv[i])) throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
    }
    await orchestrate(argv);
  }
}

const USAGE = `usage: npm run bench -- [--smoke] [--quick] [--repeats N] [--scenarios S1,S2,S3,S4] [--no-sklearn] [--no-glmnet]
                         [--sklearn-logistic-cv] [--no-profile] [--no-write]
  --quick                 1 run per task instead of the median of 3
  --smoke                 test the harness end to end on 1/50-size data (bench/data/smoke, report written there)
  --sklearn-logistic-cv   also time LogisticRegressionCV (saga; about 10 minutes)
  --no-profile            skip the node --cpu-prof runs of our tasks that miss a target
  --no-write              print the table only, leave bench/RESULTS.md alone
Data: bench/data (or $BENCH_DATA_DIR), generated by bench/gen_data.py on first use.
`;

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
