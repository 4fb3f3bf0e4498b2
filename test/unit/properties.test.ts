/**
 * Property-based tests (fast-check) of the CSV -> design-matrix path and of the regression solvers.
 * CI runs a fixed seed and a bounded number of cases (whole file well under 20 s); `npm run fuzz`
 * runs the same properties with FUZZ_RUNS cases each (and FUZZ_SEED to explore other seeds).
 *
 * Oracles: the numbers written into the CSV (round trip); the optimality conditions of each
 * objective (KKT of the elastic net, normal equations of OLS and Ridge); the objective at the
 * starting point w = 0; exact invariances of the problems (row order, column scale under
 * standardization).
 */
import { strict as assert } from 'assert';
import * as fc from 'fast-check';
import { buildDesign, parseCsvBytes, parseCsvText } from '../../src/data';
import { isUserError } from '../../src/errors';
import { runJob } from '../../src/pipeline';
import type { JobRequest, PanelSettings } from '../../src/protocol';
import { validateWebviewMessage } from '../../src/panel/validate';
import {
  enetObjective, fitElasticNet, fitElasticNetPath, fitOLS, fitRidge, fittedDesign, type DenseMatrix,
} from '../../src/solver';

const RUNS = Number(process.env.FUZZ_RUNS) || 0;
const SEED = Number(process.env.FUZZ_SEED) || 20261125;
/** Cases per property: `ci` by default, FUZZ_RUNS under `npm run fuzz`. */
const runs = (ci: number) => ({ numRuns: RUNS || ci, seed: SEED, endOnFailure: true });
/** Properties checked, and cases run, reported at the end (the issue's closing note counts them). */
const counted: Record<string, number> = {};
const count = (name: string) => { counted[name] = (counted[name] ?? 0) + 1; };

// ---------------------------------------------------------------------------------------------
// CSV -> design matrix round trip

interface Dialect { delimiter: string; newline: string; quote: 'none' | 'all' | 'some'; bom: boolean; trailingNewline: boolean; bytes: boolean; padded: boolean }

const dialect: fc.Arbitrary<Dialect> = fc.record({
  delimiter: fc.constantFrom(',', ';', '\t', '|'),
  newline: fc.constantFrom('\n', '\r\n', '\r'),
  quote: fc.constantFrom('none', 'all', 'some'),
  bom: fc.boolean(),
  trailingNewline: fc.boolean(),
  bytes: fc.boolean(),
  padded: fc.boolean(),
});

/** Doubles that survive String() -> Number() exactly, of every magnitude, plus small decimals. */
const cellNumber = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }),
  fc.integer({ min: -100000, max: 100000 }).map((k) => k / 100),
  fc.integer({ min: -5, max: 5 }),
);

const table = fc.record({
  p: fc.integer({ min: 1, max: 5 }),
  n: fc.integer({ min: 3, max: 25 }),
}).chain(({ p, n }) => fc.record({
  // Column names: letters, spaces inside, and (quoted) characters that are delimiters elsewhere.
  names: fc.uniqueArray(fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_ ,;|"]{0,8}[a-zA-Z0-9]$/), { minLength: p + 1, maxLength: p + 1, selector: (s) => s.trim() }),
  cells: fc.array(fc.array(cellNumber, { minLength: p + 1, maxLength: p + 1 }), { minLength: n, maxLength: n }),
  missing: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(p)), { maxLength: 3 }),
}));

function quoteCell(s: string, d: Dialect, k: number, delimiter: string): string {
  const must = s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r');
  const q = must || d.quote === 'all' || (d.quote === 'some' && k % 3 === 0);
  return q ? `"${s.replace(/"/g, '""')}"` : s;
}

describe('properties: CSV -> design matrix (fast-check)', function () {
  this.timeout(60000);
  after(() => console.log(`      cases run: ${JSON.stringify(counted)}`));

  it('random tables in random dialects parse to the same numbers (missing cells drop their rows)', () => {
    fc.assert(fc.property(table, dialect, ({ names, cells, missing }, d) => {
      const p = names.length - 1;
      const n = cells.length;
      const miss = new Set(missing.map(([i, j]) => `${i},${j}`));
      // Every column needs two distinct values on the kept rows, else the data layer rightly
      // excludes it as constant (another property of its own).
      const keptRows = cells.filter((_, i) => !Array.from({ length: p + 1 }, (_, j) => miss.has(`${i},${j}`)).some(Boolean));
      fc.pre(keptRows.length >= 2);
      for (let j = 0; j <= p; j++) fc.pre(new Set(cells.map((r, i) => (miss.has(`${i},${j}`) ? NaN : r[j] === 0 ? 0 : r[j])).filter((v) => v === v)).size >= 2);
      fc.pre(new Set(keptRows.map((r) => r[p])).size >= 2);
      let k = 0;
      const line = (fields: string[]) => fields.map((f) => quoteCell(f, d, k++, d.delimiter)).join(d.delimiter);
      const pad = (s: string) => (d.padded ? ` ${s} ` : s);
      const lines = [line(names), ...cells.map((r, i) => line(r.map((v, j) => (miss.has(`${i},${j}`) ? '' : pad(String(v))))))];
      const text = (d.bom ? '\ufeff' : '') + lines.join(d.newline) + (d.trailingNewline ? d.newline : '');
      const opts = { file: 'prop.csv' };
      const t = d.bytes ? parseCsvBytes(new TextEncoder().encode(text), opts) : parseCsvText(text, opts);
      assert.deepEqual(t.columns.map((c) => c.name), names.map((s) => s.trim()));
      assert.equal(t.nRows, n);
      const design = buildDesign(t, { target: names[p].trim(), missing: 'drop', missingTokens: [''], maxCategoricalLevels: 20, task: 'regression' });
      assert.equal(design.p, p);
      assert.equal(design.n, keptRows.length);
      for (let m = 0; m < keptRows.length; m++) {
        assert.ok(design.y[m] === keptRows[m][p], `row ${m} target: ${design.y[m]} vs ${keptRows[m][p]}`); // -0 is written "0"
        for (let j = 0; j < p; j++) assert.ok(design.x[j * design.n + m] === keptRows[m][j], `row ${m} col ${j}: ${design.x[j * design.n + m]} vs ${keptRows[m][j]}`);
      }
      count('csv round trip');
    }), runs(400));
  });
});

/** Every number in a result is finite (the protocol never carries NaN or Infinity). */
function allFinite(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(allFinite);
  if (v && typeof v === 'object') return Object.values(v).every((x) => x === null || allFinite(x));
  return true;
}

describe('properties: any bytes through the whole pipeline (fast-check)', function () {
  this.timeout(60000);
  after(() => console.log(`      cases run: ${JSON.stringify(counted)}`));

  it('a mutated CSV either gives finite results or a UserError naming the file; never another error', async () => {
    // 30 rows, so that most mutations leave something to fit (both outcomes get exercised).
    const baseRows = Array.from({ length: 30 }, (_, i) => `${(i * 7) % 11},${(i * 5) % 13 - 6},${i % 3 ? 'x' : 'y'},${((i * 37) % 19) / 2 - 3}`);
    const base = new TextEncoder().encode(['a,b,c,y', ...baseRows].join('\n') + '\n');
    const noise = fc.constantFrom(0x00, 0x22, 0x2c, 0x3b, 0x09, 0x0a, 0x0d, 0x20, 0x2e, 0x2d, 0x65, 0xff, 0xfe, 0xef, 0xbb, 0xbf, 0xe9, 0x30, 0x39, 0x49);
    const edit = fc.record({ at: fc.nat(), kind: fc.constantFrom('insert', 'delete', 'replace'), byte: noise, len: fc.integer({ min: 1, max: 4 }) });
    await fc.assert(fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 6 }), fc.constantFrom('compare', 'path', 'cv', 'logistic', 'analyze-regression', 'analyze-classification'), fc.boolean(), async (edits, kind, skipBadRows) => {
      let bytes = Array.from(base);
      for (const e of edits) {
        const at = e.at % (bytes.length + 1);
        if (e.kind === 'insert') bytes.splice(at, 0, ...Array(e.len).fill(e.byte));
        else if (e.kind === 'delete') bytes.splice(at, e.len);
        else bytes.splice(at, e.len, e.byte);
      }
      const source = { file: 'mutated.csv', bytes: Uint8Array.from(bytes) };
      const classification = kind === 'logistic' || kind === 'analyze-classification';
      const data = { target: classification ? 'c' : 'y', missing: 'drop' as const, missingTokens: ['', 'NA'], maxCategoricalLevels: 20, skipBadRows };
      const fit = { standardize: true, testSize: 0.25, seed: 1, maxIter: 1000, tol: 1e-6 };
      const job: JobRequest = kind === 'compare' ? { kind, source, data, fit, alpha: 0.1, l1Ratio: 0.5 } as const
        : kind === 'path' ? { kind, source, data, fit, model: 'lasso', nAlphas: 5, eps: 1e-2 } as const
          : kind === 'cv' ? { kind, source, data, fit, model: 'elasticnet', folds: 2, nAlphas: 5, eps: 1e-2 } as const
            : kind === 'logistic' ? { kind, source, data, fit, penalty: 'l1', C: 1, folds: 2 } as const
              : {
                kind: 'analyze', source, data, fit, nAlphas: 5, eps: 1e-2,
                settings: {
                  target: data.target, features: [] as string[], task: classification ? 'classification' : 'regression', alpha: 0.1, l1Ratio: 0.5, ridgeAlpha: 1,
                  C: 1, penalty: 'elasticnet', standardize: true, testSize: 0.25, cvFolds: 2, seed: 1,
                },
              } as const;
      let res: unknown;
      try {
        res = await runJob(job);
      } catch (e) {
        assert.ok(isUserError(e), `not a UserError: ${(e as Error).stack}`);
        // One sentence naming the file (it may quote a cell that holds a newline; the CLI escapes those).
        assert.ok((e as Error).message.startsWith('mutated.csv'), `a message naming the file: ${(e as Error).message}`);
        if (process.env.FUZZ_SHOW_ERRORS) console.log((e as Error).message.slice(0, 160));
      }
      count(res === undefined ? 'mutated: user error' : 'mutated: answered');
      if (res !== undefined) assert.ok(allFinite(res), `non-finite number in ${JSON.stringify(res, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? `<<${v}>>` : v))}`);
      count('mutated bytes through the pipeline');
    }), runs(300));
  });
});

describe('properties: messages from the webview are validated before use (fast-check)', function () {
  this.timeout(60000);
  after(() => console.log(`      cases run: ${JSON.stringify(counted)}`));
  const good: PanelSettings = {
    target: 'y', features: ['a', 'b'], task: 'regression', alpha: 0.1, l1Ratio: 0.5, ridgeAlpha: 1, C: 1, penalty: 'l2',
    standardize: true, testSize: 0.2, cvFolds: 5, seed: 42,
  };
  const settingsKeys = Object.keys(good);

  it('any value: never throws; what passes is a clean, re-validating copy with only known fields', () => {
    // Near-valid messages with one field replaced by anything, extra fields, or pollution keys; and arbitrary JSON.
    const mutated = fc.record({
      type: fc.constantFrom('analysis/run', 'settings/changed', 'webview/ready', 'analysis/cancel', 'analysis/result', '__proto__', 'constructor'),
      key: fc.constantFrom(...settingsKeys, '__proto__', 'constructor', 'prototype', 'extra'),
      value: fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true }),
      drop: fc.boolean(),
      outerExtra: fc.boolean(),
    }).map(({ type, key, value, drop, outerExtra }) => {
      const settings: Record<string, unknown> = JSON.parse(JSON.stringify(good));
      if (drop) delete settings[key]; else Object.defineProperty(settings, key, { value, enumerable: true, configurable: true, writable: true });
      const msg: Record<string, unknown> = { type, settings };
      if (outerExtra) msg.command = 'workbench.action.terminal.new';
      return msg;
    });
    fc.assert(fc.property(fc.oneof(mutated, fc.jsonValue(), fc.anything()), (raw) => {
      let v: ReturnType<typeof validateWebviewMessage>;
      try { v = validateWebviewMessage(raw); } catch (e) { assert.fail(`validate threw on ${String(raw)}: ${e}`); }
      if (v.ok) {
        const again = validateWebviewMessage(JSON.parse(JSON.stringify(v.message)));
        assert.ok(again.ok, 'the accepted message does not re-validate');
        const m = v.message as Record<string, unknown>;
        assert.ok(Object.keys(m).every((k) => k === 'type' || k === 'settings'), `extra fields: ${Object.keys(m)}`);
        if ('settings' in m) {
          const st = m.settings as Record<string, unknown>;
          assert.ok(Object.keys(st).every((k) => settingsKeys.includes(k) || k === 'positiveClass'), `extra settings: ${Object.keys(st)}`);
          assert.equal(Object.getPrototypeOf(st), Object.prototype);
        }
      } else {
        assert.ok(typeof v.reason === 'string' && v.reason.length > 0, 'a dropped message has a reason to log');
      }
      assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype was polluted');
      count('webview messages');
    }), runs(500));
  });

  it('prototype-pollution payloads parsed from JSON are dropped', () => {
    for (const text of [
      `{"type":"analysis/run","settings":${JSON.stringify(good).slice(0, -1)},"__proto__":{"polluted":1}}}`,
      `{"type":"analysis/run","__proto__":{"polluted":1},"settings":${JSON.stringify(good)}}`,
      `{"type":"settings/changed","settings":${JSON.stringify(good).slice(0, -1)},"constructor":{"prototype":{"polluted":1}}}}`,
    ]) {
      const v = validateWebviewMessage(JSON.parse(text));
      assert.equal(v.ok, false, text);
      assert.match((v as { reason: string }).reason, /unknown field\(s\) (__proto__|constructor)/);
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('CSV regressions found by the properties above', () => {
  it('a header whose quoted names hold other candidate delimiters does not fool delimiter detection', () => {
    // Found by the round-trip property: split on "|", the quote of "O_6r_ |""L6" opened mid-header
    // and never closed, so "|" won with one swallowed record. Oracle: the delimiter we wrote, ";".
    const text = 'a||0_|,N0;"O_6r_ |""L6";Z,||bind|N;n,,A\r4;-0.09;524.08;2\r-68.18;925.85;-668.01;-4\r1;2;3;4\r';
    const t = parseCsvText(text, { file: 'q.csv' });
    assert.equal(t.delimiter, ';');
    assert.deepEqual(t.columns.map((c) => c.name), ['a||0_|,N0', 'O_6r_ |"L6', 'Z,||bind|N', 'n,,A']);
    assert.deepEqual(Array.from(t.columns[3].values!), [2, -4, 4]);
  });
});

// ---------------------------------------------------------------------------------------------
// Solvers

interface Problem { X: DenseMatrix; y: Float64Array }

/** Random well-scaled regression problems, some with correlated or duplicated columns. */
const problem: fc.Arbitrary<Problem> = fc.record({
  n: fc.integer({ min: 4, max: 40 }),
  p: fc.integer({ min: 1, max: 10 }),
  seed: fc.integer({ min: 1, max: 2 ** 30 }),
  corr: fc.double({ min: 0, max: 0.95, noNaN: true }),
  scales: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 10, maxLength: 10 }),
}).map(({ n, p, seed, corr, scales }) => {
  let s = seed;
  const u = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const g = () => Math.sqrt(-2 * Math.log(u() + 1e-300)) * Math.cos(2 * Math.PI * u());
  const x = new Float64Array(n * p);
  const base = Array.from({ length: n }, g);
  for (let j = 0; j < p; j++) {
    const sc = 10 ** scales[j];
    for (let i = 0; i < n; i++) x[j * n + i] = sc * (corr * base[i] + Math.sqrt(1 - corr * corr) * g());
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = g();
    for (let j = 0; j < Math.min(p, 3); j++) v += (j + 1) * x[j * n + i] / 10 ** scales[j];
    y[i] = v;
  }
  return { X: { n, p, x }, y };
});

const maxAbs = (a: ArrayLike<number>) => { let m = 0; for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i])); return m; };
const norm = (a: ArrayLike<number>) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * a[i]; return Math.sqrt(s); };

/** X_s^T (y_c - X_s w) / n on the fitted scale. */
function correlation(d: ReturnType<typeof fittedDesign>, w: ArrayLike<number>): Float64Array {
  const { n, p, xs, yc } = d;
  const r = Float64Array.from(yc);
  for (let j = 0; j < p; j++) if (w[j] !== 0) for (let i = 0; i < n; i++) r[i] -= w[j] * xs[j * n + i];
  const g = new Float64Array(p);
  for (let j = 0; j < p; j++) { let s = 0; for (let i = 0; i < n; i++) s += xs[j * n + i] * r[i]; g[j] = s / n; }
  return g;
}

const penalty = fc.record({
  /** alpha as a fraction of alpha_max (log scale). */
  logFrac: fc.double({ min: -3, max: 0.3, noNaN: true }),
  l1: fc.oneof(fc.constant(1), fc.double({ min: 0.05, max: 1, noNaN: true })),
  standardize: fc.boolean(),
});

function alphaFor(d: ReturnType<typeof fittedDesign>, l1: number, logFrac: number): number {
  const amax = maxAbs(correlation(d, new Float64Array(d.p))) / l1;
  return Math.max(amax, 1e-12) * 10 ** logFrac;
}

function permuteRows(P: Problem, perm: number[]): Problem {
  const { n, p, x } = P.X;
  const x2 = new Float64Array(n * p);
  const y2 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y2[i] = P.y[perm[i]];
    for (let j = 0; j < p; j++) x2[j * n + i] = x[j * n + perm[i]];
  }
  return { X: { n, p, x: x2 }, y: y2 };
}

function assertClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string): void {
  const s = Math.max(1, maxAbs(b));
  for (let j = 0; j < b.length; j++) assert.ok(Math.abs(a[j] - b[j]) <= tol * s, `${what}[${j}]: ${a[j]} vs ${b[j]} (tol ${tol} x ${s})`);
}

describe('properties: regression solvers (fast-check)', function () {
  this.timeout(60000);
  after(() => console.log(`      cases run: ${JSON.stringify(counted)}`));
  const TOL = 1e-12;

  it('Lasso / Elastic Net: KKT conditions hold at the returned coefficients', () => {
    fc.assert(fc.property(problem, penalty, (P, { logFrac, l1, standardize }) => {
      const d = fittedDesign(P.X, P.y, standardize);
      const alpha = alphaFor(d, l1, logFrac);
      const f = fitElasticNet(P.X, P.y, alpha, l1, { standardize, tol: TOL, maxIter: 100000 });
      assert.ok(f.converged, `did not converge: gap ${f.dualGap}`);
      const w = standardize ? f.coefStd! : Float64Array.from(f.coef, (c, j) => (d.constant[j] ? 0 : c));
      for (let j = 0; j < d.p; j++) assert.ok(Number.isFinite(w[j]));
      const g = correlation(d, w);
      // Stationarity: g_j - alpha (1 - l1) w_j is alpha l1 sign(w_j) on the support, within [-alpha l1, alpha l1] off it.
      const slack = 1e-5 * Math.max(alpha, maxAbs(correlation(d, new Float64Array(d.p))));
      for (let j = 0; j < d.p; j++) {
        if (d.constant[j]) { assert.equal(w[j], 0); continue; }
        const s = g[j] - alpha * (1 - l1) * w[j];
        if (w[j] !== 0) assert.ok(Math.abs(s - alpha * l1 * Math.sign(w[j])) <= slack, `KKT on support j=${j}: ${s} vs ${alpha * l1 * Math.sign(w[j])}`);
        else assert.ok(Math.abs(s) <= alpha * l1 + slack, `KKT off support j=${j}: |${s}| > ${alpha * l1}`);
      }
      count('enet KKT');
    }), runs(300));
  });

  it('Lasso / Elastic Net / Ridge / OLS: the objective is never above its value at the start w = 0', () => {
    fc.assert(fc.property(problem, penalty, fc.integer({ min: 1, max: 50 }), (P, { logFrac, l1, standardize }, maxIter) => {
      const d = fittedDesign(P.X, P.y, standardize);
      const alpha = alphaFor(d, l1, logFrac);
      const zero = new Float64Array(d.p);
      // Even a fit cut short by max_iter must not be worse than where it started.
      const f = fitElasticNet(P.X, P.y, alpha, l1, { standardize, tol: 1e-10, maxIter });
      const w = standardize ? f.coefStd! : Float64Array.from(f.coef, (c, j) => (d.constant[j] ? 0 : c));
      const obj = enetObjective(d.xs, d.yc, d.n, d.p, w, alpha, l1);
      const start = enetObjective(d.xs, d.yc, d.n, d.p, zero, alpha, l1);
      assert.ok(obj <= start * (1 + 1e-12) + 1e-300, `enet objective ${obj} > start ${start}`);
      const r = fitRidge(P.X, P.y, alpha, { standardize });
      assert.ok(r.objective <= enetObjective(d.xs, d.yc, d.n, d.p, zero, 0, 1) * 2 * d.n * (1 + 1e-12), 'ridge objective above w = 0');
      const o = fitOLS(P.X, P.y, { standardize });
      assert.ok(o.objective <= start * (1 + 1e-12) + 1e-300, 'ols objective above w = 0');
      count('objective <= start');
    }), runs(300));
  });

  it('invariance to row order (fits and paths)', () => {
    fc.assert(fc.property(problem, penalty, fc.integer({ min: 0, max: 2 ** 30 }), (P, { logFrac, l1, standardize }, s0) => {
      let s = s0 | 1;
      const perm = Array.from({ length: P.X.n }, (_, i) => i);
      for (let i = perm.length - 1; i > 0; i--) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; const k = s % (i + 1); [perm[i], perm[k]] = [perm[k], perm[i]]; }
      const Q = permuteRows(P, perm);
      const d = fittedDesign(P.X, P.y, standardize);
      const alpha = alphaFor(d, l1, logFrac);
      const opts = { standardize, tol: TOL, maxIter: 100000 };
      const a = fitElasticNet(P.X, P.y, alpha, l1, opts), b = fitElasticNet(Q.X, Q.y, alpha, l1, opts);
      assertClose(b.coef, a.coef, 1e-6, 'enet coef');
      assert.ok(Math.abs(a.intercept - b.intercept) <= 1e-6 * (1 + Math.abs(a.intercept)));
      assertClose(fitRidge(Q.X, Q.y, alpha, { standardize }).coef, fitRidge(P.X, P.y, alpha, { standardize }).coef, 1e-8, 'ridge coef');
      const pa = fitElasticNetPath(P.X, P.y, { standardize, l1Ratio: l1, nAlphas: 8, eps: 1e-2, tol: TOL, maxIter: 100000 });
      const pb = fitElasticNetPath(Q.X, Q.y, { standardize, l1Ratio: l1, nAlphas: 8, eps: 1e-2, tol: TOL, maxIter: 100000 });
      assertClose(pb.alphas, pa.alphas, 1e-12, 'path alphas');
      assertClose(pb.coefStd, pa.coefStd, 1e-6, 'path coef');
      count('row order');
    }), runs(200));
  });

  it('invariance to feature scaling under standardization: x_j * c leaves the standardized coefficients unchanged', () => {
    fc.assert(fc.property(problem, penalty, fc.nat(9), fc.double({ min: -6, max: 6, noNaN: true }), (P, { logFrac, l1 }, jj, logc) => {
      const j = jj % P.X.p;
      const c = 10 ** logc;
      const x2 = Float64Array.from(P.X.x);
      for (let i = 0; i < P.X.n; i++) x2[j * P.X.n + i] *= c;
      const Q = { X: { ...P.X, x: x2 }, y: P.y };
      const d = fittedDesign(P.X, P.y, true);
      fc.pre(!d.constant[j]);
      const alpha = alphaFor(d, l1, logFrac);
      const opts = { standardize: true, tol: TOL, maxIter: 100000 };
      const a = fitElasticNet(P.X, P.y, alpha, l1, opts), b = fitElasticNet(Q.X, Q.y, alpha, l1, opts);
      assertClose(b.coefStd!, a.coefStd!, 1e-6, 'enet coefStd');
      // Original units: coefficient j divided by c, the others unchanged.
      assert.ok(Math.abs(b.coef[j] * c - a.coef[j]) <= 1e-6 * Math.max(1, maxAbs(a.coef)), `coef ${j}: ${b.coef[j] * c} vs ${a.coef[j]}`);
      assertClose(fitRidge(Q.X, Q.y, alpha, { standardize: true }).coefStd!, fitRidge(P.X, P.y, alpha, { standardize: true }).coefStd!, 1e-8, 'ridge coefStd');
      assertClose(fitOLS(Q.X, Q.y, { standardize: true }).coefStd!, fitOLS(P.X, P.y, { standardize: true }).coefStd!, 1e-6, 'ols coefStd');
      count('feature scaling');
    }), runs(200));
  });

  it('Ridge and OLS: the normal equations hold on the fitted scale', () => {
    fc.assert(fc.property(problem, fc.double({ min: -4, max: 3, noNaN: true }), fc.boolean(), (P, logAlpha, standardize) => {
      const d = fittedDesign(P.X, P.y, standardize);
      const alpha = 10 ** logAlpha;
      const wOf = (f: { coef: Float64Array; coefStd: Float64Array | null }) => (standardize ? f.coefStd! : Float64Array.from(f.coef, (c, j) => (d.constant[j] ? 0 : c)));
      // sklearn Ridge: min ||y - Xw||^2 + alpha ||w||^2  =>  X^T (y - X w) = alpha w.
      const wr = wOf(fitRidge(P.X, P.y, alpha, { standardize }));
      const gr = correlation(d, wr);
      const scale = norm(d.xs) * norm(d.yc) / d.n + 1e-300;
      for (let j = 0; j < d.p; j++) assert.ok(Math.abs(gr[j] * d.n - alpha * wr[j]) <= 1e-9 * d.n * scale, `ridge normal equation j=${j}: ${gr[j] * d.n} vs ${alpha * wr[j]}`);
      // OLS: X^T (y - X w) = 0 (min-norm when rank deficient; the equations hold either way).
      const wo = wOf(fitOLS(P.X, P.y, { standardize }));
      const go = correlation(d, wo);
      for (let j = 0; j < d.p; j++) assert.ok(Math.abs(go[j]) <= 1e-9 * scale, `ols normal equation j=${j}: ${go[j]}`);
      count('normal equations');
    }), runs(300));
  });
});
