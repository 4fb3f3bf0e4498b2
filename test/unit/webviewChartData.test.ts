// Webview chart data, colours, theme and settings logic. Oracles: hand-worked values beside each
// case; WCAG 2.x definitions for contrast (black on white is 21:1).
import * as assert from 'assert';
import type { CvResult, DatasetSummary, PanelSettings, PathResult } from '../../src/protocol';
import { alphaMarkers, cvCurves, linesYExtent, logAlphaExtent, nearestPoint, pathLines, pathSummaryRows, rocPoints } from '../../src/webview/chartData';
import { bestTextColor, composite, contrastRatio, heatColor, mix, parseColor, scalePosition, toCss, withAlpha } from '../../src/webview/color';
import { changeTarget, describeKind, featureChoices, isTwoValued, positiveClassChoices, targetCandidates, validateSettings, draftOf, visibleFields } from '../../src/webview/settings';
import { buildTheme, expandPalette, themeKindFromClasses } from '../../src/webview/theme';

const path: PathResult = {
  model: 'lasso',
  l1_ratio: 1,
  alphas: [10, 1, 0.1],
  coef: { a: [0, 0.5, 0.9], b: [0, 0, -0.2], c: [0, 0, 0] },
  intercept: [1, 1, 1],
  n_nonzero: [0, 1, 2],
  entry_order: ['a', 'b'],
  notes: [],
};

const cv: CvResult = {
  model: 'elasticnet', metric: 'mse', l1_ratio: 0.5, alphas: [10, 1, 0.1], cv_mean: [3, 1, 2], cv_se: [0.3, 0.1, 0.2],
  alpha_min: 1, alpha_1se: 10, index_min: 1, index_1se: 0, folds: 5, notes: [],
  by_l1_ratio: [
    { l1_ratio: 0.1, alphas: [10, 1], cv_mean: [4, 2], cv_se: [1, 1], alpha_min: 1, alpha_1se: 1, best: 2 },
    { l1_ratio: 0.5, alphas: [10, 1, 0.1], cv_mean: [3, 1, 2], cv_se: [0.3, 0.1, 0.2], alpha_min: 1, alpha_1se: 10, best: 1 },
  ],
};

describe('webview chart data', () => {
  it('pathLines: x = log10(alpha) ascending, each line reordered with it, one colour per line cycling', () => {
    const l = pathLines(path, ['red', 'blue']);
    assert.deepStrictEqual(Array.from(l.xs), [-1, 0, 1]);
    assert.deepStrictEqual(l.names, ['a', 'b', 'c']);
    assert.deepStrictEqual(Array.from(l.ys[0]), [0.9, 0.5, 0]);
    assert.deepStrictEqual(Array.from(l.ys[1]), [-0.2, 0, 0]);
    assert.deepStrictEqual(l.colors, ['red', 'blue', 'red']);
    assert.deepStrictEqual(linesYExtent(l), { min: -0.2, max: 0.9 });
  });

  it('pathLines skips alphas that have no logarithm', () => {
    const l = pathLines({ ...path, alphas: [1, 0, 0.1] }, []);
    assert.deepStrictEqual(Array.from(l.xs), [-1, 0]);
    assert.deepStrictEqual(Array.from(l.ys[0]), [0.9, 0]);
    assert.deepStrictEqual(l.colors[0], '#888888');
  });

  it('nearestPoint picks the nearest alpha, then the nearest line there, within the distance', () => {
    const l = pathLines(path, ['x']);
    assert.deepStrictEqual(nearestPoint(l, -0.9, 0.8), { line: 0, index: 0 });
    assert.deepStrictEqual(nearestPoint(l, -0.9, -0.15), { line: 1, index: 0 });
    assert.deepStrictEqual(nearestPoint(l, 0.4, 0.45), { line: 0, index: 1 });
    assert.deepStrictEqual(nearestPoint(l, 5, 0.01), { line: 0, index: 2 }); // all three are 0 at alpha 10: ties keep the first line
    assert.strictEqual(nearestPoint(l, -1, 5, 0.5), null);
  });

  it('alphaMarkers: alpha_min, alpha_1se, current in log10 units; non-positive alphas dropped', () => {
    const m = alphaMarkers(cv, 0.1);
    assert.deepStrictEqual(m.map((x) => [x.kind, x.x]), [['min', 0], ['1se', 1], ['current', -1]]);
    assert.deepStrictEqual(alphaMarkers(undefined, 0).length, 0);
  });

  it('cvCurves: the chosen curve first with its ± SE band, other l1_ratios after', () => {
    const curves = cvCurves(cv);
    assert.strictEqual(curves.length, 2);
    assert.ok(curves[0].best);
    assert.deepStrictEqual(curves[0].mean.map((p) => p.y), [2, 1, 3]); // alphas ascending
    assert.deepStrictEqual(curves[0].upper.map((p) => p.y), [2.2, 1.1, 3.3]);
    assert.deepStrictEqual(curves[0].lower.map((p) => p.y), [1.8, 0.9, 2.7]);
    assert.strictEqual(curves[1].l1Ratio, 0.1);
    assert.strictEqual(cvCurves({ ...cv, by_l1_ratio: undefined }).length, 1);
  });

  it('pathSummaryRows: where each coefficient enters, its value at alpha_min and at the smallest alpha', () => {
    const rows = pathSummaryRows(path, 1);
    assert.deepStrictEqual(rows, [
      { name: 'a', entryAlpha: 1, finalCoef: 0.9, coefAt: 0.5 },
      { name: 'b', entryAlpha: 0.1, finalCoef: -0.2, coefAt: 0 },
      { name: 'c', entryAlpha: null, finalCoef: 0, coefAt: 0 },
    ]);
  });

  it('logAlphaExtent and rocPoints', () => {
    assert.deepStrictEqual(logAlphaExtent([100, 0.01, -1]), { min: -2, max: 2 });
    assert.strictEqual(logAlphaExtent([0]), null);
    assert.deepStrictEqual(rocPoints({ fpr: [0, 0.5, 1], tpr: [0, 0.8, 1] }), [{ x: 0, y: 0 }, { x: 0.5, y: 0.8 }, { x: 1, y: 1 }]);
  });
});

describe('webview colours and theme', () => {
  it('parses the colour forms VS Code variables use', () => {
    assert.deepStrictEqual(parseColor('#abc'), { r: 0xaa, g: 0xbb, b: 0xcc, a: 1 });
    assert.deepStrictEqual(parseColor(' #3794FF '), { r: 0x37, g: 0x94, b: 0xff, a: 1 });
    assert.deepStrictEqual(parseColor('#00000080'), { r: 0, g: 0, b: 0, a: 128 / 255 });
    assert.deepStrictEqual(parseColor('rgba(204, 204, 204, 0.5)'), { r: 204, g: 204, b: 204, a: 0.5 });
    assert.deepStrictEqual(parseColor('rgb(10 20 30 / 50%)'), { r: 10, g: 20, b: 30, a: 0.5 });
    assert.strictEqual(parseColor('var(--x)'), null);
    assert.strictEqual(parseColor(''), null);
  });

  it('contrast follows WCAG 2: black on white is 21:1, same colour 1:1', () => {
    const black = { r: 0, g: 0, b: 0, a: 1 };
    const white = { r: 255, g: 255, b: 255, a: 1 };
    assert.ok(Math.abs(contrastRatio(black, white) - 21) < 1e-9);
    assert.ok(Math.abs(contrastRatio(white, white) - 1) < 1e-12);
    assert.deepStrictEqual(bestTextColor({ r: 20, g: 20, b: 60, a: 1 }, [black, white]), white);
    assert.deepStrictEqual(bestTextColor({ r: 250, g: 240, b: 200, a: 1 }, [black, white]), black);
  });

  it('mixes, composites and scales', () => {
    const a = { r: 0, g: 0, b: 0, a: 1 };
    const b = { r: 200, g: 100, b: 50, a: 1 };
    assert.deepStrictEqual(mix(a, b, 0.5), { r: 100, g: 50, b: 25, a: 1 });
    assert.deepStrictEqual(mix(a, b, 2), b);
    assert.deepStrictEqual(composite({ r: 255, g: 0, b: 0, a: 0.5 }, { r: 0, g: 0, b: 255, a: 1 }), { r: 127.5, g: 0, b: 127.5, a: 1 });
    assert.strictEqual(scalePosition(5, 0, 10), 0.5);
    assert.strictEqual(scalePosition(5, 5, 5), 0.5);
    assert.strictEqual(scalePosition(-1, 0, 10), 0);
    assert.deepStrictEqual(heatColor(10, 0, 10, a, b, a), b);
    assert.strictEqual(toCss({ r: 1.4, g: 2.6, b: 300, a: 1 }), 'rgb(1, 3, 255)');
    assert.strictEqual(withAlpha('#ff0000', 0.25), 'rgba(255, 0, 0, 0.25)');
  });

  it('buildTheme reads --vscode-* variables, falls back when missing, keeps pure colours in high contrast', () => {
    const vars: Record<string, string> = { 'editor-foreground': '#cccccc', 'editor-background': '#1f1f1f', 'charts-blue': '#3794ff', focusBorder: '#0078d4' };
    const t = buildTheme((n) => vars[n] ?? '', 'vscode-dark');
    assert.strictEqual(t.kind, 'dark');
    assert.strictEqual(t.blue, '#3794ff');
    assert.strictEqual(t.red, '#f14c4c'); // fallback
    assert.strictEqual(t.focus, '#0078d4');
    assert.strictEqual(t.palette.length, 18);
    const hc = buildTheme((n) => vars[n] ?? '', 'vscode-high-contrast');
    assert.strictEqual(hc.kind, 'high-contrast');
    assert.strictEqual(hc.palette.length, 6);
    assert.strictEqual(themeKindFromClasses('vscode-light foo'), 'light');
    assert.strictEqual(themeKindFromClasses('vscode-high-contrast-light'), 'high-contrast-light');
    assert.deepStrictEqual(expandPalette(['#000000'], '#ffffff', '#000000', false), ['#000000', 'rgb(102, 102, 102)', 'rgb(0, 0, 0)']);
  });
});

describe('webview setup logic', () => {
  const summary: DatasetSummary = {
    file: 'd.csv', rows: 10, delimiter: ',', notes: [],
    columns: [
      { name: 'id', kind: 'excluded', missing: 0, reason: 'ID-like: 10 distinct strings' },
      { name: 'x', kind: 'numeric', missing: 0 },
      { name: 'grp', kind: 'categorical', missing: 0, levels: ['a', 'b', 'c'] },
      { name: 'flag', kind: 'boolean', missing: 0, distinct: 2 },
      { name: 'label', kind: 'categorical', missing: 0, levels: ['no', 'yes'] },
      { name: 'y', kind: 'numeric', missing: 0, distinct: 10 },
    ],
  };
  const settings: PanelSettings = { target: 'y', features: ['x', 'grp', 'flag', 'label'], task: 'regression', alpha: 0.1, l1Ratio: 0.5, ridgeAlpha: 1, C: 1, penalty: 'l2', standardize: true, testSize: 0.25, cvFolds: 5, seed: 0 };

  it('knows two-valued targets and offers sensible targets', () => {
    assert.ok(isTwoValued(summary.columns[3]) && isTwoValued(summary.columns[4]));
    assert.ok(!isTwoValued(summary.columns[1]) && !isTwoValued(summary.columns[2]) && !isTwoValued(summary.columns[0]));
    assert.deepStrictEqual(targetCandidates(summary, 'y').map((c) => c.name), ['x', 'flag', 'label', 'y']);
    assert.deepStrictEqual(positiveClassChoices(summary.columns[4]), ['no', 'yes']);
    assert.strictEqual(describeKind(summary.columns[2]), 'categorical · 3 levels');
  });

  it('feature choices list every other column, excluded ones unusable', () => {
    const f = featureChoices(summary, 'y');
    assert.deepStrictEqual(f.map((c) => [c.column.name, c.usable]), [['id', false], ['x', true], ['grp', true], ['flag', true], ['label', true]]);
  });

  it('changing the target swaps it with the old one and picks the task', () => {
    const s = changeTarget({ ...settings, positiveClass: 'yes' }, summary, 'label');
    assert.strictEqual(s.target, 'label');
    assert.deepStrictEqual(s.features, ['x', 'grp', 'flag', 'y']);
    assert.strictEqual(s.task, 'classification');
    assert.strictEqual(s.positiveClass, undefined);
    const back = changeTarget(s, summary, 'x');
    assert.strictEqual(back.task, 'regression');
    assert.deepStrictEqual(back.features, ['grp', 'flag', 'label', 'y']);
  });

  it('validates every numeric field with one sentence each', () => {
    const ok = validateSettings(settings, draftOf(settings));
    assert.deepStrictEqual(ok.settings, settings);
    const bad = validateSettings(settings, { ...draftOf(settings), alpha: '-1', l1Ratio: '2', cvFolds: '2.5', seed: 'x', testSize: '1' });
    assert.strictEqual(bad.settings, null);
    assert.deepStrictEqual(Object.keys(bad.errors).sort(), ['alpha', 'cvFolds', 'l1Ratio', 'seed', 'testSize']);
    assert.match(bad.errors.seed!, /not a number/);
    assert.match(bad.errors.cvFolds!, /whole number/);
    const parsed = validateSettings(settings, { ...draftOf(settings), alpha: ' 1e-3 ' });
    assert.strictEqual(parsed.settings!.alpha, 0.001);
    // The host's bounds (src/panel/validate.ts): alpha >= 0, C > 0, 2 <= folds <= 1000.
    assert.strictEqual(validateSettings(settings, { ...draftOf(settings), alpha: '0' }).settings!.alpha, 0);
    assert.ok(validateSettings(settings, { ...draftOf(settings), C: '0' }).errors.C);
    assert.ok(validateSettings(settings, { ...draftOf(settings), cvFolds: '1001' }).errors.cvFolds);
    assert.ok(validateSettings({ ...settings, features: [] }, draftOf(settings)).errors.features);
  });

  it('shows the fields each task and penalty uses', () => {
    assert.deepStrictEqual(visibleFields('regression', 'l2'), ['alpha', 'l1Ratio', 'ridgeAlpha', 'testSize', 'cvFolds', 'seed']);
    assert.deepStrictEqual(visibleFields('classification', 'elasticnet'), ['C', 'l1Ratio', 'testSize', 'cvFolds', 'seed']);
    assert.deepStrictEqual(visibleFields('classification', 'none'), ['testSize', 'cvFolds', 'seed']);
  });
});
