/**
 * The chart SVG built from chart data (src/webview/chartSvg.ts) and the host's checks of what the
 * webview hands over (src/panel/validate.ts 'export/request'). Oracle for the SVG: Python's XML
 * parser (well-formed document) and the chart data itself (one polyline per coefficient).
 */
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import type { CvResult, PathResult } from '../../src/protocol';
import { chartSvg, cvSvg, escapeXml, niceTicks, pathSvg } from '../../src/webview/chartSvg';
import type { Theme } from '../../src/webview/theme';
import { validateWebviewMessage } from '../../src/panel/validate';

const theme = {
  kind: 'dark', foreground: '#cccccc', muted: '#888888', background: '#1e1e1e', grid: '#333333', border: '#444444', focus: '#007fd4',
  fontFamily: 'sans-serif', fontSize: 12, tooltipBackground: '#252526', tooltipForeground: '#cccccc', tooltipBorder: '#454545',
  red: '#f14c4c', blue: '#3794ff', green: '#89d185', yellow: '#cca700', orange: '#d18616', purple: '#b180d7',
  palette: ['#3794ff', '#d18616', '#89d185'],
} as unknown as Theme;

const path: PathResult = {
  model: 'lasso', l1_ratio: 1, alphas: [1, 0.1, 0.01], coef: { 'a<b': [0, 0.5, 0.9], '"q"&': [0, 0, -0.2] },
  intercept: [0, 0, 0], n_nonzero: [0, 1, 2], entry_order: ['a<b', '"q"&'], notes: [],
};
const cv: CvResult = {
  model: 'lasso', metric: 'mse', l1_ratio: 1, alphas: [1, 0.1, 0.01], cv_mean: [2, 1, 1.1], cv_se: [0.1, 0.1, 0.1],
  alpha_min: 0.1, alpha_1se: 0.1, index_min: 1, index_1se: 1, folds: 5, notes: [],
};

function wellFormed(svg: string): void {
  const r = spawnSync('/usr/bin/python3', ['-c', 'import sys, xml.dom.minidom as m; d = m.parseString(sys.stdin.buffer.read()); print(d.documentElement.tagName)'], { input: svg, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'svg');
}

describe('chart SVG export', () => {
  it('path: one line per coefficient, names escaped, markers, well-formed XML', () => {
    const svg = pathSvg(path, cv, 0.1, theme, 'Lasso');
    wellFormed(svg);
    assert.equal((svg.match(/<path d="M[^"]+" stroke=/g) ?? []).length, 2);
    assert.ok(svg.includes('<title>a&lt;b</title>') && svg.includes('&quot;q&quot;&amp;'));
    assert.ok(!svg.includes('a<b'));
    assert.ok(svg.includes('alpha_min') && svg.includes('stroke-dasharray="6 4"'));
  });

  it('cv: the mean line with its ± SE band', () => {
    const svg = cvSvg(cv, 0.1, theme, 'Lasso');
    wellFormed(svg);
    assert.ok(svg.includes('fill-opacity="0.15"'));
    assert.match(svg, /CV mean squared error/);
  });

  it('point coordinates map linearly into the plot (x = -2 at the left edge, 0 at the right)', () => {
    const svg = chartSvg({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: '', color: '#fff', points: [{ x: -2, y: 0 }, { x: 0, y: 1 }] }], markers: [], colors: { background: '#000', foreground: '#fff', grid: '#333' }, fontFamily: 'x' }, 800, 400);
    const d = /<path d="M([\d.]+),([\d.]+)L([\d.]+),([\d.]+)"/.exec(svg)!;
    assert.equal(Number(d[1]), 72);
    assert.equal(Number(d[3]), 800 - 16);
    assert.ok(Number(d[2]) > Number(d[4]), 'larger y is higher on the page');
  });

  it('ticks are round numbers inside the range; escapeXml covers the five characters', () => {
    assert.deepEqual(niceTicks(-3, 0, 6), [-3, -2.5, -2, -1.5, -1, -0.5, 0]);
    assert.equal(escapeXml(`<>&"'`), '&lt;&gt;&amp;&quot;&apos;');
  });
});

describe('export/request validation', () => {
  const settings = { target: 'y', features: ['x'], task: 'regression', alpha: 0.1, l1Ratio: 0.5, ridgeAlpha: 1, C: 1, penalty: 'l2', standardize: true, testSize: 0.2, cvFolds: 5, seed: 42 };
  it('accepts the kinds, with chart data only for charts', () => {
    assert.ok(validateWebviewMessage({ type: 'export/request', kind: 'python', settings }).ok);
    assert.ok(validateWebviewMessage({ type: 'export/request', kind: 'chart-svg', settings, chart: 'path', data: '<?xml?><svg></svg>' }).ok);
    assert.ok(!validateWebviewMessage({ type: 'export/request', kind: 'python', settings, data: 'x' }).ok);
    assert.ok(!validateWebviewMessage({ type: 'export/request', kind: 'exe', settings }).ok);
    assert.ok(!validateWebviewMessage({ type: 'export/request', kind: 'chart-png', settings, chart: '../../etc', data: 'data:image/png;base64,' }).ok);
    assert.ok(!validateWebviewMessage({ type: 'export/request', kind: 'chart-png', settings, chart: 'path' }).ok);
    assert.ok(!validateWebviewMessage({ type: 'export/request', kind: 'results-csv', settings, extra: 1 }).ok);
  });
});
