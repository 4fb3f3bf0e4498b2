/**
 * Live alpha: a design prepared once per (file content, data options, settings that change the
 * design) and kept with its coordinate-descent workspace, so that moving the alpha slider refits
 * from the previous solution of the same model without re-parsing the CSV or rebuilding the
 * fitted-scale design. Also the shared state of the insights and geometry jobs.
 */
import type { DataOptions, FitOptions, JobSource, PanelSettings, RefitRequest, RefitResult, RegressionMetrics } from '../protocol';
import { UserError } from '../errors';
import { defaultCdMode, fittedDesign, toOriginalUnits, type FittedDesign } from '../solver';
import { CdWorkspace } from '../solver/enet';
import { cholesky, choleskySolve, crossprod, dot } from '../solver/linalg';
import { olsOnDesign } from '../solver/ols';
import { ridgeOnDesign } from '../solver/ridge';
import { loadTable, prepare, type Prepared, type ProgressSink } from './index';

/** The fields of the refit / insights / geometry jobs that decide the design. */
export interface DesignJob {
  source: JobSource;
  data: DataOptions;
  fit: FitOptions;
  settings: PanelSettings;
}

/** A prepared regression design on its training rows, with lazily computed pieces and warm starts. */
export interface DesignState {
  /** Options part of the cache key (no content fingerprint). */
  optionsKey: string;
  /** Content fingerprint of the source this state was built from. */
  fingerprint: string;
  file: string;
  data: DataOptions;
  fit: FitOptions;
  prep: Prepared;
  /** Fitted-scale design of the training rows (centred, standardized when fit.standardize). */
  d: FittedDesign;
  ws: CdWorkspace;
  /** Which model's coefficients ws currently holds ('' = none yet). */
  wsOwner: string;
  /** Last fitted-scale coefficients and alpha per model ('lasso', 'elasticnet'). */
  last: Map<string, { w: Float64Array; alpha: number }>;
  /** X^T X of d (p×p), computed on first use (ridge refits, diagnostics, geometry). */
  gram: Float64Array | null;
  /** x_j^T yc of d. */
  xty: Float64Array;
  /** OLS on d (fitted scale), computed on first use. */
  olsW: Float64Array | null;
  /** Milliseconds spent building this state (parse + design). */
  setupMs: number;
  /** Test rows on the training scale (column-major n×p), their target minus the training mean, and Σ(y - mean_test)². */
  test: { n: number; xs: Float64Array; yc: Float64Array; sst: number };
}

/** RefitResult plus what the cache did (optional extras; the protocol's fields are unchanged). */
export interface RefitResultTimed extends RefitResult {
  /** true when the design came from the worker's cache (no parse, no design build). */
  cached: boolean;
  /** true when the solver started from this model's previous coefficients. */
  warm_start: boolean;
  /** Time to build the design when it was not cached (0 when cached). */
  setup_ms: number;
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** The panel's settings override the job's data and fit options, as in analyze(). */
export function effectiveOptions(job: DesignJob): { data: DataOptions; fit: FitOptions } {
  const s = job.settings;
  if (s.task !== 'regression') {
    throw new UserError(`${job.source.file}: live alpha, diagnostics and the geometry view are for regression; switch the task to regression.`);
  }
  return {
    data: { ...job.data, target: s.target, features: s.features, positiveClass: s.positiveClass },
    fit: { ...job.fit, standardize: s.standardize, testSize: s.testSize, seed: s.seed },
  };
}

/** Everything except the content that decides the design: file, data options, standardize, split. */
export function optionsKeyOf(job: DesignJob): string {
  const { data, fit } = effectiveOptions(job);
  return JSON.stringify([
    job.source.file, data.target, data.features ?? null, data.missing, data.missingTokens, data.maxCategoricalLevels,
    data.foldColumn ?? null, data.skipBadRows ?? false, fit.standardize, fit.testSize, fit.seed,
  ]);
}

/**
 * Content fingerprint: kind, length and two independent 32-bit hashes (FNV-1a and a
 * multiply-rotate hash) of every character or byte. Cheaper than re-parsing by two orders of
 * magnitude; a changed cell anywhere changes it.
 */
export function fingerprintSource(source: JobSource): string {
  if (source.contentKey !== undefined) return `k:${source.contentKey}`;
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  if (source.bytes) {
    const b = source.bytes;
    for (let i = 0; i < b.length; i++) {
      h1 = Math.imul(h1 ^ b[i], 0x01000193);
      h2 = Math.imul((h2 << 5) | (h2 >>> 27), 0x5bd1e995) ^ b[i];
    }
    return `b${b.length}:${(h1 >>> 0).toString(16)}${(h2 >>> 0).toString(16)}`;
  }
  const t = source.text;
  if (t === undefined) return '';
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul((h2 << 5) | (h2 >>> 27), 0x5bd1e995) ^ c;
  }
  return `t${t.length}:${(h1 >>> 0).toString(16)}${(h2 >>> 0).toString(16)}`;
}

/** Parses the source and builds the training design (the expensive part the cache saves). */
export function buildDesignState(job: DesignJob, onProgress?: ProgressSink, fingerprint?: string): DesignState {
  const t0 = now();
  const { data, fit } = effectiveOptions(job);
  const table = loadTable(job.source, data, onProgress);
  const prep = prepare(table, data, fit, 'regression');
  const state = stateFromPrepared(prep, data, fit, optionsKeyOf(job), fingerprint ?? fingerprintSource(job.source));
  state.setupMs = now() - t0;
  return state;
}

/** A design state around an already prepared design (buildDesignState's second half; benches build designs directly). */
export function stateFromPrepared(prep: Prepared, data: DataOptions, fit: FitOptions, optionsKey: string, fingerprint: string): DesignState {
  const t0 = now();
  const d = fittedDesign(prep.X, prep.design.y, fit.standardize, prep.train);
  const { n, p } = d;
  let gram: Float64Array | null = null;
  let ws: CdWorkspace;
  if (defaultCdMode(n, p) === 'covariance' && n * p * p <= FULL_GRAM_MAX_WORK) {
    // The whole Gram once (one blocked pass, ~1 s at n = 80,000, p = 200): a live-alpha step where
    // features enter then costs no O(np) Gram column, and diagnostics and ridge reuse it.
    const g = crossprod(d.xs, n, p);
    gram = g;
    const xty = new Float64Array(p);
    const colSq = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      xty[j] = dot(d.xs, j * n, d.yc, 0, n);
      colSq[j] = g[j * p + j];
    }
    ws = new CdWorkspace({
      n, p, yy: dot(d.yc, 0, d.yc, 0, n), xty, colSq,
      gramSource: { fill: (pending, m, out) => { for (let t = 0; t < m; t++) out.set(g.subarray(pending[t] * p, pending[t] * p + p), pending[t] * p); } },
    });
  } else {
    ws = new CdWorkspace(d);
  }
  // Test rows on the training scale, contiguous: test predictions stream them instead of gathering rows.
  const nt = prep.test.length;
  const N = prep.X.n;
  const xt = new Float64Array(nt * p);
  for (let j = 0; j < p; j++) {
    if (d.constant[j]) continue;
    const src = j * N;
    const m = d.mean[j];
    const sc = d.scale[j];
    for (let i = 0; i < nt; i++) xt[j * nt + i] = (prep.X.x[src + prep.test[i]] - m) / sc;
  }
  const yt = new Float64Array(nt);
  let sum = 0;
  for (let i = 0; i < nt; i++) {
    yt[i] = prep.design.y[prep.test[i]] - d.yMean;
    sum += yt[i];
  }
  const tm = nt > 0 ? sum / nt : 0;
  let sst = 0;
  for (let i = 0; i < nt; i++) sst += (yt[i] - tm) * (yt[i] - tm);
  return {
    optionsKey, fingerprint, file: prep.design.file,
    data, fit, prep, d, ws, wsOwner: '', last: new Map(), gram, xty: ws.xty, olsW: null, setupMs: now() - t0,
    test: { n: nt, xs: xt, yc: yt, sst },
  };
}

/** Above this n·p² the whole Gram is not computed up front (columns are computed when features enter). */
const FULL_GRAM_MAX_WORK = 4e9;

/**
 * Sum of squared and absolute residuals of yc - Xs w over the columns in list, in row blocks that
 * stay in L1 while the active columns stream past (one pass over the data, no n-vector written).
 */
export function residualSums(xs: Float64Array, n: number, yc: Float64Array, w: Float64Array, list: Int32Array, m: number): { sse: number; sae: number } {
  const B = 2048;
  const acc = new Float64Array(Math.min(B, n));
  let sse = 0;
  let sae = 0;
  for (let r0 = 0; r0 < n; r0 += B) {
    const len = Math.min(B, n - r0);
    for (let i = 0; i < len; i++) acc[i] = yc[r0 + i];
    let t = 0;
    // Four columns per pass over the block.
    for (; t + 4 <= m; t += 4) {
      const o0 = list[t] * n + r0;
      const o1 = list[t + 1] * n + r0;
      const o2 = list[t + 2] * n + r0;
      const o3 = list[t + 3] * n + r0;
      const w0 = w[list[t]];
      const w1 = w[list[t + 1]];
      const w2 = w[list[t + 2]];
      const w3 = w[list[t + 3]];
      for (let i = 0; i < len; i++) acc[i] -= w0 * xs[o0 + i] + w1 * xs[o1 + i] + w2 * xs[o2 + i] + w3 * xs[o3 + i];
    }
    for (; t < m; t++) {
      const o = list[t] * n + r0;
      const wj = w[list[t]];
      for (let i = 0; i < len; i++) acc[i] -= wj * xs[o + i];
    }
    for (let i = 0; i < len; i++) {
      const e = acc[i];
      sse += e * e;
      sae += e < 0 ? -e : e;
    }
  }
  return { sse, sae };
}

function scores(sse: number, sae: number, sst: number, m: number): RegressionMetrics {
  const mse = sse / m;
  return { mse, rmse: Math.sqrt(mse), mae: sae / m, r2: sst === 0 ? (sse === 0 ? 1 : 0) : 1 - sse / sst };
}

/**
 * The worker's cache: the last design state, reused when a job names the same file with the same
 * content fingerprint (source.contentKey when given, else a hash of the text or bytes) and design
 * options. A job whose source carries neither text nor bytes reuses the state of the same file and
 * options when its contentKey matches (or it has none): the host need not re-send a large file.
 */
export class DesignCache {
  private entry: DesignState | null = null;
  hits = 0;
  misses = 0;

  get(job: DesignJob, onProgress?: ProgressSink): { state: DesignState; cached: boolean } {
    const optionsKey = optionsKeyOf(job);
    const noContent = job.source.text === undefined && !job.source.bytes;
    const e = this.entry;
    const keyed = job.source.contentKey !== undefined;
    if (e && e.optionsKey === optionsKey && ((noContent && !keyed) || e.fingerprint === fingerprintSource(job.source))) {
      this.hits++;
      return { state: e, cached: true };
    }
    if (noContent) {
      throw new UserError(`${job.source.file}: the data of this file is no longer loaded (or has changed); run the analysis again.`);
    }
    this.misses++;
    // Drop the old state first: two large designs need not be alive at once.
    this.entry = null;
    const state = buildDesignState(job, onProgress);
    this.entry = state;
    return { state, cached: false };
  }

  clear(): void {
    this.entry = null;
  }
}

/** X^T X of the training design, computed once per state. */
export function gramOf(state: DesignState): Float64Array {
  if (!state.gram) state.gram = crossprod(state.d.xs, state.d.n, state.d.p);
  return state.gram;
}

/** OLS coefficients on the fitted scale (minimum-norm when the design is rank deficient), once per state. */
export function olsOf(state: DesignState): Float64Array {
  if (!state.olsW) {
    const { n, p } = state.d;
    // Large designs: normal equations on the cached Gram (O(p³) instead of the QR's O(np²), 5 s at
    // n = 80,000, p = 200) when they are well conditioned (relative error ~ cond·eps <= 1e-8).
    if (n * p * p > 1e8 && n > p && state.gram) {
      const w = normalEquations(state.gram, state.xty, p);
      if (w) state.olsW = w;
    }
    if (!state.olsW) {
      const f = olsOnDesign(state.d, state.fit.standardize, state.prep.design.columns);
      state.olsW = f.coefStd ?? f.coef;
    }
  }
  return state.olsW;
}

/** Cholesky solve of G w = b; null unless G is numerically well conditioned (min pivot² / max diagonal > 1e-8, constant columns excepted). */
function normalEquations(gram: Float64Array, b: Float64Array, p: number): Float64Array | null {
  const a = Float64Array.from(gram);
  let maxDiag = 0;
  for (let j = 0; j < p; j++) maxDiag = Math.max(maxDiag, a[j * p + j]);
  // Constant columns (all-zero rows and columns) get a unit diagonal and coefficient 0.
  for (let j = 0; j < p; j++) if (a[j * p + j] === 0) a[j * p + j] = maxDiag > 0 ? maxDiag : 1;
  if (!cholesky(a, p)) return null;
  let minPivot = Infinity;
  for (let j = 0; j < p; j++) minPivot = Math.min(minPivot, a[j * p + j] * a[j * p + j]);
  if (!(minPivot > 1e-8 * maxDiag)) return null;
  const w = Float64Array.from(b);
  choleskySolve(a, p, w);
  return w;
}

/**
 * Ridge in sklearn's scaling, (G + alpha I) w = Xᵀy, by Cholesky of the cached Gram (the same
 * system as solveRidgeClosedForm for n >= p); other shapes or a failed factorization use ridgeOnDesign.
 */
export function ridgeOnState(state: DesignState, alpha: number): Float64Array {
  const { d } = state;
  const p = d.p;
  if (d.n >= p && alpha > 0) {
    const a = Float64Array.from(gramOf(state));
    for (let j = 0; j < p; j++) a[j * p + j] += alpha;
    if (cholesky(a, p)) {
      const w = Float64Array.from(state.xty);
      choleskySolve(a, p, w);
      return w;
    }
  }
  const f = ridgeOnDesign(d, alpha, state.fit.standardize);
  return f.coefStd ?? f.coef;
}

/** Elastic net / Lasso from this model's previous solution on the cached workspace. */
export function enetOnState(state: DesignState, model: string, alpha: number, l1Ratio: number, tol: number, maxIter: number):
  { w: Float64Array; nIter: number; converged: boolean; warm: boolean } {
  const { ws } = state;
  const prev = state.last.get(model);
  if (state.wsOwner !== model) {
    ws.setCoefficients(prev ? prev.w : new Float64Array(ws.p));
    state.wsOwner = model;
  }
  // Sequential strong rule from the previous alpha of this model (the KKT re-check catches misses).
  const strongFrom = prev ? Math.max(prev.alpha, alpha) : NaN;
  const res = ws.solve(alpha, l1Ratio, strongFrom, tol, maxIter);
  const w = Float64Array.from(ws.w);
  state.last.set(model, { w, alpha });
  return { w, nIter: res.nIter, converged: res.converged, warm: prev !== undefined };
}

function record(names: string[], values: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (let j = 0; j < names.length; j++) {
    const v = values[j];
    if (!Number.isFinite(v)) throw new Error(`internal: non-finite value for ${names[j]}`);
    out[names[j]] = v === 0 ? 0 : v;
  }
  return out;
}

/**
 * Train and test metrics of fitted-scale coefficients w from the contiguous training and test
 * designs (residual = yc - Xs w, the same numbers as sklearn.metrics on predictions up to rounding).
 */
export function stateMetrics(state: DesignState, w: Float64Array): { train: RegressionMetrics; test: RegressionMetrics | null; intercept: number; coef: Float64Array } {
  const { d, test } = state;
  const list = new Int32Array(d.p);
  let m = 0;
  for (let j = 0; j < d.p; j++) if (w[j] !== 0 && !d.constant[j]) list[m++] = j;
  const tr = residualSums(d.xs, d.n, d.yc, w, list, m);
  const train = scores(tr.sse, tr.sae, state.ws.yy, d.n);
  let testScores: RegressionMetrics | null = null;
  if (test.n > 0) {
    const te = residualSums(test.xs, test.n, test.yc, w, list, m);
    testScores = scores(te.sse, te.sae, test.sst, test.n);
  }
  const { coef, intercept } = toOriginalUnits(d, w);
  return { train, test: testScores, intercept, coef };
}

/** One live-alpha step: the fit at request.alpha on the cached design, warm-started. */
export function refitOnState(state: DesignState, req: RefitRequest, fit: FitOptions): RefitResultTimed {
  if (!(Number.isFinite(req.alpha) && req.alpha >= 0)) throw new UserError(`alpha must be a non-negative number (got ${req.alpha}).`);
  if (req.model === 'elasticnet' && !(req.l1Ratio >= 0 && req.l1Ratio <= 1)) throw new UserError(`l1_ratio must be between 0 and 1 (got ${req.l1Ratio}).`);
  if (req.model !== 'lasso' && req.model !== 'elasticnet' && req.model !== 'ridge') throw new UserError(`live alpha works for lasso, elasticnet and ridge (got ${String(req.model)}).`);
  const t0 = now();
  const { d } = state;
  let w: Float64Array;
  let nIter = 0;
  let converged = true;
  let warm = false;
  const l1 = req.model === 'lasso' ? 1 : req.l1Ratio;
  if (req.alpha === 0) {
    w = olsOf(state);
  } else if (req.model === 'ridge') {
    w = ridgeOnState(state, req.alpha);
  } else if (l1 === 0) {
    // (1/(2n))||r||² + alpha/2 ||w||² is sklearn Ridge with alpha' = n·alpha (as enetOnDesign).
    w = ridgeOnState(state, req.alpha * d.n);
  } else {
    const r = enetOnState(state, req.model, req.alpha, l1, fit.tol, fit.maxIter);
    w = r.w;
    nIter = r.nIter;
    converged = r.converged;
    warm = r.warm;
  }
  const m = stateMetrics(state, w);
  let nnz = 0;
  for (let j = 0; j < d.p; j++) if (w[j] !== 0) nnz++;
  const names = state.prep.design.columns;
  return {
    model: req.model,
    alpha: req.alpha,
    l1_ratio: req.model === 'ridge' ? null : l1,
    intercept: m.intercept,
    coef: record(names, m.coef),
    coef_standardized: state.fit.standardize ? record(names, w) : null,
    n_nonzero: nnz,
    metrics: { train: m.train, test: m.test },
    n_iter: nIter,
    converged,
    elapsed_ms: now() - t0,
    cached: true,
    warm_start: warm,
    setup_ms: 0,
  };
}

/** The 'refit' job: cached design when a cache is given, else a fresh one. */
export function runRefit(job: DesignJob & { request: RefitRequest }, cache: DesignCache, onProgress?: ProgressSink): RefitResultTimed {
  const { state, cached } = cache.get(job, onProgress);
  const res = refitOnState(state, job.request, { ...state.fit, tol: job.fit.tol, maxIter: job.fit.maxIter });
  res.cached = cached;
  res.setup_ms = cached ? 0 : state.setupMs;
  return res;
}
