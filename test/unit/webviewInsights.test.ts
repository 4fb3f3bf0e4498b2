// Pure helpers of the issue 7 views (src/webview/insightsData.ts) and the host's validation of the
// three issue 7 requests (src/panel/validate.ts). Oracles: hand-worked values next to each case
// (a circle's level set, grid steps of a known logspace, sorted orders).
import * as assert from 'assert';
import { validateWebviewMessage } from '../../src/panel/validate';
import { alphaGrid, contourSegments, defaultPair, geometryBounds, nearestIndex, parseAlpha, stabilityRows, stepAlpha, vifHigh, vifText } from '../../src/webview/insightsData';

describe('webview insights: live alpha grid', () => {
  // A path's alphas come descending: 10, 1, 0.1, 0.01 -> logs 1, 0, -1, -2.
  const grid = alphaGrid([10, 1, 0.1, 0.01])!;
  it('sorts log10(alpha) ascending and spans the grid', () => {
    assert.deepStrictEqual(grid.logs.map((x) => Math.round(x * 1e12) / 1e12), [-2, -1, 0, 1]);
    assert.strictEqual(grid.min, -2);
    assert.strictEqual(grid.max, 1);
    assert.strictEqual(alphaGrid([0.5]), null);
    assert.strictEqual(alphaGrid([0, -1, 2]), null);
  });
  it('an arrow moves exactly one grid step and clamps at the ends', () => {
    assert.ok(Math.abs(stepAlpha(grid, 0.1, 1) - 1) < 1e-12);
    assert.ok(Math.abs(stepAlpha(grid, 0.1, -1) - 0.01) < 1e-14);
    assert.ok(Math.abs(stepAlpha(grid, 10, 1) - 10) < 1e-12);
    assert.ok(Math.abs(stepAlpha(grid, 0.01, -1) - 0.01) < 1e-14);
  });
  it('from between two grid points, a step lands on the neighbour in that direction', () => {
    assert.ok(Math.abs(stepAlpha(grid, 0.3, 1) - 1) < 1e-12);
    assert.ok(Math.abs(stepAlpha(grid, 0.3, -1) - 0.1) < 1e-13);
  });
  it('nearestIndex picks the nearest point in log10', () => {
    assert.strictEqual(nearestIndex(grid, 0.2), 1); // log10 0.2 = -0.70: nearer -1 than 0
    assert.strictEqual(nearestIndex(grid, 0.5), 2); // -0.30: nearer 0
    assert.strictEqual(nearestIndex(grid, 1e6), 3);
  });
  it('parseAlpha accepts positive decimals and exponents only', () => {
    assert.strictEqual(parseAlpha(' 0.1 '), 0.1);
    assert.strictEqual(parseAlpha('1e-3'), 0.001);
    assert.strictEqual(parseAlpha('.5'), 0.5);
    for (const bad of ['', '0', '-1', 'abc', '1,5', 'Infinity', '1e999', '0x10']) assert.strictEqual(parseAlpha(bad), null, bad);
  });
});

describe('webview insights: marching squares', () => {
  // loss = w1² + w2² on [-2, 2]², 41 points per axis: the level 1 set is the unit circle.
  const w = Array.from({ length: 41 }, (_, i) => -2 + i * 0.1);
  const loss = w.map((y) => w.map((x) => x * x + y * y));
  it('every segment end lies on the circle (within the interpolation error of a 0.1 grid)', () => {
    const segs = contourSegments(w, w, loss, 1);
    assert.ok(segs.length > 40, `${segs.length} segments`);
    for (const [x1, y1, x2, y2] of segs) {
      assert.ok(Math.abs(Math.hypot(x1, y1) - 1) < 0.01, `${x1},${y1}`);
      assert.ok(Math.abs(Math.hypot(x2, y2) - 1) < 0.01, `${x2},${y2}`);
    }
  });
  it('the segments close into a curve of length 2π (to 1%)', () => {
    const length = contourSegments(w, w, loss, 1).reduce((s, [a, b, c, d]) => s + Math.hypot(c - a, d - b), 0);
    assert.ok(Math.abs(length - 2 * Math.PI) < 0.01 * 2 * Math.PI, `length ${length}`);
  });
  it('a level outside the grid values gives nothing; non-finite cells are skipped', () => {
    assert.strictEqual(contourSegments(w, w, loss, 100).length, 0);
    assert.strictEqual(contourSegments(w, w, loss, -1).length, 0);
    const holes = loss.map((row) => row.map((v, i) => (i === 20 ? NaN : v)));
    assert.ok(contourSegments(w, w, holes, 1).length < contourSegments(w, w, loss, 1).length);
  });
  it('a saddle cell gives two segments', () => {
    // Corners a=1, b=0, c=1, d=0 (code 5) at level 0.5.
    const segs = contourSegments([0, 1], [0, 1], [[1, 0], [0, 1]], 0.5);
    assert.strictEqual(segs.length, 2);
  });
});

describe('webview insights: small helpers', () => {
  it('defaultPair takes the two largest |coefficients| in order', () => {
    assert.deepStrictEqual(defaultPair({ a: 0.5, b: -3, c: 2, d: 0 }, ['a', 'b', 'c', 'd']), ['b', 'c']);
    assert.deepStrictEqual(defaultPair({ a: 1, b: 1, c: 1 }, ['a', 'b', 'c']), ['a', 'b']);
    assert.strictEqual(defaultPair({ a: 1 }, ['a']), null);
  });
  it('stabilityRows sorts by frequency, then name', () => {
    assert.deepStrictEqual(stabilityRows({ z: 0.5, a: 0.5, m: 1, b: 0 }).map((r) => r.name), ['m', 'a', 'z', 'b']);
  });
  it('VIF: null is ∞ and high, 10 is not high, 10.5 is', () => {
    assert.strictEqual(vifText(null, String), '∞');
    assert.strictEqual(vifText(2.5, String), '2.5');
    assert.strictEqual(vifHigh(null), true);
    assert.strictEqual(vifHigh(10), false);
    assert.strictEqual(vifHigh(10.5), true);
  });
  it('geometryBounds holds the grid, the points, both budgets and the origin', () => {
    const b = geometryBounds({ grid: { w1: [1, 2], w2: [3, 4] }, ols: [1.5, 3.5], lasso: [0, 3], ridge: [1, 2.5], l1_budget: 3, l2_budget: 2.5 });
    assert.deepStrictEqual(b, { xmin: -3, xmax: 3, ymin: -3, ymax: 4 });
  });
});

describe('webview insights: host validation of the issue 7 requests', () => {
  const settings = { target: 'y', features: ['a', 'b'], task: 'regression', alpha: 0.1, l1Ratio: 0.5, ridgeAlpha: 1, C: 1, penalty: 'l2', standardize: true, testSize: 0.25, cvFolds: 5, seed: 0 };
  it('accepts well-formed requests and copies only known fields', () => {
    const r = validateWebviewMessage({ type: 'refit/request', settings, request: { model: 'lasso', alpha: 0.05, l1Ratio: 1 } });
    assert.ok(r.ok);
    assert.deepStrictEqual(r.ok && r.message, { type: 'refit/request', settings, request: { model: 'lasso', alpha: 0.05, l1Ratio: 1 } });
    assert.ok(validateWebviewMessage({ type: 'insights/request', settings, threshold: 0.8, nSubsamples: 100 }).ok);
    assert.ok(validateWebviewMessage({ type: 'geometry/request', settings, request: { features: ['a', 'b'], alpha: 0.1, l1Ratio: 0.5, ridgeAlpha: 1 } }).ok);
  });
  it('drops malformed ones', () => {
    const bad: unknown[] = [
      { type: 'refit/request', settings, request: { model: 'ols', alpha: 0.1, l1Ratio: 1 } },
      { type: 'refit/request', settings, request: { model: 'lasso', alpha: -1, l1Ratio: 1 } },
      { type: 'refit/request', settings, request: { model: 'lasso', alpha: NaN, l1Ratio: 1 } },
      { type: 'refit/request', settings, request: { model: 'lasso', alpha: 0.1, l1Ratio: 2 } },
      { type: 'refit/request', settings, request: { model: 'lasso', alpha: 0.1, l1Ratio: 1, __proto__x: 1 } },
      { type: 'refit/request', settings: { ...settings, evil: 1 }, request: { model: 'lasso', alpha: 0.1, l1Ratio: 1 } },
      { type: 'refit/request', settings, request: { model: 'lasso', alpha: 0.1, l1Ratio: 1 }, extra: true },
      { type: 'insights/request', settings, threshold: 0, nSubsamples: 100 },
      { type: 'insights/request', settings, threshold: 1.5, nSubsamples: 100 },
      { type: 'insights/request', settings, threshold: 0.8, nSubsamples: 2.5 },
      { type: 'insights/request', settings, threshold: 0.8, nSubsamples: 1e9 },
      { type: 'insights/request', settings, threshold: 0.8 },
      { type: 'geometry/request', settings, request: { features: ['a'], alpha: 0.1, l1Ratio: 0.5, ridgeAlpha: 1 } },
      { type: 'geometry/request', settings, request: { features: ['a', 'a'], alpha: 0.1, l1Ratio: 0.5, ridgeAlpha: 1 } },
      { type: 'geometry/request', settings, request: { features: ['a', ''], alpha: 0.1, l1Ratio: 0.5, ridgeAlpha: 1 } },
      { type: 'geometry/request', settings, request: { features: ['a', 'b'], alpha: 0.1, l1Ratio: 0.5 } },
      { type: 'geometry/request', settings, request: 'a,b' },
    ];
    for (const m of bad) assert.strictEqual(validateWebviewMessage(m).ok, false, JSON.stringify(m));
  });
});
