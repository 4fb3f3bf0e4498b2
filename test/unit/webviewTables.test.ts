// Webview table logic: sorting, coefficient tables, heatmap grid. Oracles are hand-worked
// orders and values written next to each case.
import * as assert from 'assert';
import type { CompareResult, CvResult, FitResult } from '../../src/protocol';
import { compareTable, countZeroed, isZeroed, lassoSelectedText, logisticTable } from '../../src/webview/coefTable';
import { buildHeatmap } from '../../src/webview/heatmap';
import { compareNames, nextSort, sortRows, type SortableRow } from '../../src/webview/sort';

function fit(model: FitResult['model'], coef: Record<string, number>, std: Record<string, number> | null, intercept = 1): FitResult {
  return {
    model, alpha: 0.1, l1_ratio: null, intercept, coef, coef_standardized: std, intercept_standardized: std ? intercept + 0.5 : null,
    n_train: 10, n_test: 5, rows_dropped: 0, metrics: { train: { mse: 1, rmse: 1, mae: 1, r2: 0.5 }, test: null }, n_iter: 1, converged: true, notes: [],
  };
}

const rows: SortableRow[] = [
  { name: 'x10', index: 0, values: { lasso: -3, ols: 1 } },
  { name: 'x2', index: 1, values: { lasso: 0, ols: -5 } },
  { name: 'X1', index: 2, values: { lasso: 2, ols: undefined } },
  { name: 'b', index: 3, values: { lasso: 2, ols: 0.5 } },
];

describe('webview sort', () => {
  it('nextSort starts names ascending, values descending, and flips on a second click', () => {
    assert.deepStrictEqual(nextSort(null, 'feature'), { column: 'feature', direction: 'ascending' });
    assert.deepStrictEqual(nextSort(null, 'lasso'), { column: 'lasso', direction: 'descending' });
    assert.deepStrictEqual(nextSort({ column: 'lasso', direction: 'descending' }, 'lasso'), { column: 'lasso', direction: 'ascending' });
    assert.deepStrictEqual(nextSort({ column: 'lasso', direction: 'ascending' }, 'ols'), { column: 'ols', direction: 'descending' });
  });

  it('sorts values by magnitude, ties in design order, missing last in both directions', () => {
    const byLassoDesc = sortRows(rows, { column: 'lasso', direction: 'descending' }).map((r) => r.name);
    assert.deepStrictEqual(byLassoDesc, ['x10', 'X1', 'b', 'x2']); // |−3| > |2| = |2| (X1 before b by index) > 0
    const byLassoAsc = sortRows(rows, { column: 'lasso', direction: 'ascending' }).map((r) => r.name);
    assert.deepStrictEqual(byLassoAsc, ['x2', 'X1', 'b', 'x10']);
    assert.deepStrictEqual(sortRows(rows, { column: 'ols', direction: 'descending' }).map((r) => r.name), ['x2', 'x10', 'b', 'X1']);
    assert.deepStrictEqual(sortRows(rows, { column: 'ols', direction: 'ascending' }).map((r) => r.name), ['b', 'x10', 'x2', 'X1']);
  });

  it('sorts names naturally and case-insensitively, and restores design order with no sort', () => {
    assert.deepStrictEqual(sortRows(rows, { column: 'feature', direction: 'ascending' }).map((r) => r.name), ['b', 'X1', 'x2', 'x10']);
    assert.deepStrictEqual(sortRows(rows, { column: 'feature', direction: 'descending' }).map((r) => r.name), ['x10', 'x2', 'X1', 'b']);
    assert.deepStrictEqual(sortRows(rows.slice().reverse(), null).map((r) => r.name), ['x10', 'x2', 'X1', 'b']);
    assert.ok(compareNames('x2', 'x10') < 0);
    assert.ok(compareNames('region=a', 'region=b') < 0);
    assert.strictEqual(compareNames('a', 'a'), 0);
  });

  it('does not modify its input', () => {
    const copy = rows.map((r) => r.name);
    sortRows(rows, { column: 'lasso', direction: 'ascending' });
    assert.deepStrictEqual(rows.map((r) => r.name), copy);
  });
});

describe('webview coefficient tables', () => {
  const compare: CompareResult = {
    columns: ['a', 'b', 'c=x'],
    fits: [
      fit('ols', { a: 1.5, b: -0.25, 'c=x': 2 }, { a: 3, b: -0.5, 'c=x': 1 }, 4),
      fit('ridge', { a: 1.4, b: -0.2, 'c=x': 1.8 }, { a: 2.8, b: -0.4, 'c=x': 0.9 }),
      fit('lasso', { a: 1.2, b: 0, 'c=x': 1.5 }, { a: 2.4, b: 0, 'c=x': 0.75 }),
      fit('elasticnet', { a: 1.1, b: -0, 'c=x': 1.4 }, { a: 2.2, b: -0, 'c=x': 0.7 }),
    ],
    lasso_selected: 2,
    p: 3,
    notes: [],
  };

  it('lays out OLS | Ridge | Lasso | Elastic Net with one row per design column', () => {
    const t = compareTable(compare, 'original');
    assert.deepStrictEqual(t.columns.map((c) => c.label), ['OLS', 'Ridge', 'Lasso', 'Elastic Net']);
    assert.deepStrictEqual(t.rows.map((r) => r.name), ['a', 'b', 'c=x']);
    assert.strictEqual(t.rows[0].values.ols, 1.5);
    assert.strictEqual(t.intercepts.ols, 4);
    assert.strictEqual(lassoSelectedText(compare), 'Lasso selected 2 of 3 features');
  });

  it('marks exact zeros (and -0) as zeroed, never small non-zeros', () => {
    const t = compareTable(compare, 'original');
    assert.strictEqual(countZeroed(t.rows, 'lasso'), 1);
    assert.strictEqual(countZeroed(t.rows, 'elasticnet'), 1);
    assert.strictEqual(countZeroed(t.rows, 'ols'), 0);
    assert.ok(isZeroed(0) && isZeroed(-0));
    assert.ok(!isZeroed(1e-300) && !isZeroed(undefined));
  });

  it('switches to standardized units, and falls back to original when a fit has none', () => {
    const s = compareTable(compare, 'standardized');
    assert.strictEqual(s.units, 'standardized');
    assert.strictEqual(s.rows[0].values.ols, 3);
    assert.strictEqual(s.intercepts.ols, 4.5);
    const noStd: CompareResult = { ...compare, fits: compare.fits.map((f) => ({ ...f, coef_standardized: null })) };
    const f = compareTable(noStd, 'standardized');
    assert.strictEqual(f.units, 'original');
    assert.strictEqual(f.standardizedAvailable, false);
    assert.strictEqual(f.rows[0].values.ols, 1.5);
  });

  it('builds the logistic one-column table from the fit', () => {
    const t = logisticTable({ ...fit('logistic', { u: 0, v: -1 }, { u: 0, v: -2 }), C: 1 }, 'standardized');
    assert.deepStrictEqual(t.columns, [{ key: 'logistic', label: 'Logistic' }]);
    assert.deepStrictEqual(t.rows.map((r) => r.values.logistic), [0, -2]);
  });
});

describe('webview heatmap', () => {
  const grid: NonNullable<CvResult['grid']> = {
    Cs: [0.1, 1, 10],
    l1_ratios: [0, 1],
    // [C][l1_ratio]
    mean: [
      [0.7, 0.6],
      [0.9, 0.8],
      [0.75, 0.65],
    ],
    best: { C: 1, l1_ratio: 0, score: 0.9 },
  };

  it('reads mean as [C][l1_ratio]: one row per l1_ratio, one cell per C, best marked', () => {
    const m = buildHeatmap(grid, true);
    assert.deepStrictEqual(m.rows.map((r) => r.l1Ratio), [0, 1]);
    assert.deepStrictEqual(m.rows[0].cells.map((c) => c.value), [0.7, 0.9, 0.75]);
    assert.deepStrictEqual(m.rows[1].cells.map((c) => c.value), [0.6, 0.8, 0.65]);
    assert.strictEqual(m.min, 0.6);
    assert.strictEqual(m.max, 0.9);
    const best = m.rows.flatMap((r) => r.cells).filter((c) => c.best);
    assert.deepStrictEqual(best.map((c) => [c.C, c.l1Ratio]), [[1, 0]]);
    assert.strictEqual(m.rows[0].cells[1].position, 1); // the maximum is the top of the scale
    assert.strictEqual(m.rows[1].cells[0].position, 0);
  });

  it('reads a transposed (l1_ratio × C) matrix the same way, and flips the scale for losses', () => {
    const t = { ...grid, mean: [[0.7, 0.9, 0.75], [0.6, 0.8, 0.65]] };
    const m = buildHeatmap(t, false);
    assert.deepStrictEqual(m.rows[0].cells.map((c) => c.value), [0.7, 0.9, 0.75]);
    assert.strictEqual(m.rows[0].cells[1].position, 0); // highest loss is the worst colour
    assert.ok(Math.abs(m.rows[1].cells[0].position - 1) < 1e-12);
  });
});
