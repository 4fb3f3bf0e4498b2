// The statistics memo (LinearFitOptions.statsMemo): the panel's analysis fits the comparison's Lasso
// and Elastic Net and both paths from one centred Gram. Oracles: the same fits without the memo
// (bit for bit), and the memo's identity check (other rows, another y: computed afresh).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyze, inspect, loadTable, type GaussianFits } from '../../src/pipeline';
import type { RegressionAnalysis } from '../../src/protocol';
import { CONFIG_DEFAULTS } from '../../src/panel/configDefaults';
import { analyzeJob, defaultSettings } from '../../src/panel/settings';
import { fitElasticNet, fitElasticNetPath } from '../../src/solver';
import type { StatsMemo } from '../../src/solver/types';
import { sameBits } from './bits';

function data(n: number, p: number): { X: { n: number; p: number; x: Float64Array }; y: Float64Array } {
  let s = 7;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296;
  const x = Float64Array.from({ length: n * p }, () => u() * 4 - 2 + 10);
  const y = Float64Array.from({ length: n }, (_, i) => 3 * x[i] - 2 * x[n + i] + u());
  return { X: { n, p, x }, y };
}

describe('statistics memo: one Gram for several fits on the same rows', () => {
  it('fits and paths through a memo equal the same fits without it, bit for bit; the memo holds the rows\' statistics', () => {
    const { X, y } = data(500, 9);
    const rows = Int32Array.from({ length: 400 }, (_, i) => i);
    const statsMemo: StatsMemo = {};
    const base = { standardize: true, rows, tol: 1e-8, maxIter: 10000 };
    const pathOpts = { ...base, l1Ratio: 1, nAlphas: 30, eps: 1e-3 };
    const plainPath = fitElasticNetPath(X, y, pathOpts);
    const memoPath = fitElasticNetPath(X, y, { ...pathOpts, statsMemo });
    assert.ok(statsMemo.of && statsMemo.of.rows === rows && statsMemo.of.y === y, 'the path stored its statistics');
    const kept = statsMemo.of!.stats;
    sameBits(memoPath.coefStd, plainPath.coefStd, 'path coef');
    const plainFit = fitElasticNet(X, y, 0.05, 0.5, base);
    const memoFit = fitElasticNet(X, y, 0.05, 0.5, { ...base, statsMemo });
    assert.strictEqual(statsMemo.of!.stats, kept, 'the fit reused them');
    sameBits(memoFit.coef, plainFit.coef, 'fit coef');
    assert.ok(Object.is(memoFit.intercept, plainFit.intercept));
    // Other rows: the memo's statistics do not apply, the fit computes its own (and equals a plain fit).
    const other = Int32Array.from({ length: 300 }, (_, i) => i + 200);
    const otherFit = fitElasticNet(X, y, 0.05, 0.5, { ...base, rows: other, statsMemo });
    sameBits(otherFit.coef, fitElasticNet(X, y, 0.05, 0.5, { ...base, rows: other }).coef, 'other rows coef');
    assert.strictEqual(statsMemo.of!.rows, other, 'the memo now holds the last rows');
  });

  it('the panel\'s analysis hands one memo to the comparison\'s Lasso and Elastic Net and both paths; results unchanged', () => {
    const file = path.join(__dirname, '..', '..', '..', 'samples', 'seed_sparse.csv');
    const text = fs.readFileSync(file, 'utf8');
    const summary = inspect(loadTable({ file, text }, { missingTokens: CONFIG_DEFAULTS.missingTokens }));
    const job = analyzeJob({ file, text }, defaultSettings(summary, CONFIG_DEFAULTS), CONFIG_DEFAULTS);
    const memos = new Set<StatsMemo | undefined>();
    const watching: GaussianFits = {
      enet: (X, y, a, l, o) => { memos.add(o.statsMemo); return fitElasticNet(X, y, a, l, o); },
      path: (X, y, o) => { memos.add(o.statsMemo); return fitElasticNetPath(X, y, o); },
    };
    const plain = analyze(job) as RegressionAnalysis;
    const shared = analyze(job, undefined, undefined, watching) as RegressionAnalysis;
    assert.strictEqual(memos.size, 1, 'one memo for every Gaussian fit of the analysis');
    const [memo] = [...memos];
    assert.ok(memo && memo.of, 'filled by the first fit');
    assert.deepStrictEqual(shared.compare, plain.compare);
    assert.deepStrictEqual(shared.paths, plain.paths);
  });
});
