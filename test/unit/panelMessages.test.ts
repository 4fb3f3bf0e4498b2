// The host's checks of webview messages and the panel's default settings. Oracles: the protocol's
// shapes (src/protocol.ts) and the "one click to results" rule (target y / target / label /
// outcome, else the last numeric column; classification when the target is two-valued).
import * as assert from 'assert';
import { validateWebviewMessage } from '../../src/panel/validate';
import { classificationSettings, dataOptions, defaultSettings, reconcileSettings } from '../../src/panel/settings';
import { CONFIG_DEFAULTS } from '../../src/panel/configDefaults';
import type { DatasetSummary, PanelSettings } from '../../src/protocol';

const good: PanelSettings = {
  target: 'y', features: ['a', 'b'], task: 'regression', alpha: 0.1, l1Ratio: 0.5, ridgeAlpha: 1, C: 1,
  penalty: 'l2', standardize: true, testSize: 0.2, cvFolds: 5, seed: 42,
};

describe('validateWebviewMessage', () => {
  it('accepts the four message types', () => {
    for (const m of [{ type: 'webview/ready' }, { type: 'analysis/cancel' }, { type: 'analysis/run', settings: good }, { type: 'settings/changed', settings: good }]) {
      assert.ok(validateWebviewMessage(m).ok, JSON.stringify(m));
    }
  });

  it('drops unknown types, non-objects and extra fields', () => {
    for (const m of [null, 3, 'webview/ready', [], { type: 'job/start' }, { type: 'webview/ready', x: 1 }, { type: 7 }]) {
      assert.strictEqual(validateWebviewMessage(m).ok, false, JSON.stringify(m));
    }
  });

  it('rejects malformed settings field by field', () => {
    const bad: Partial<Record<keyof PanelSettings, unknown>>[] = [
      { target: '' }, { target: 3 }, { features: 'a' }, { features: [1] }, { task: 'clustering' },
      { alpha: -1 }, { alpha: NaN }, { alpha: Infinity }, { l1Ratio: 1.5 }, { C: 0 }, { penalty: 'l3' },
      { standardize: 'yes' }, { testSize: 1 }, { cvFolds: 1 }, { cvFolds: 2.5 }, { seed: 0.5 }, { positiveClass: 1 },
    ];
    for (const patch of bad) {
      const r = validateWebviewMessage({ type: 'analysis/run', settings: { ...good, ...patch } });
      assert.strictEqual(r.ok, false, JSON.stringify(patch));
    }
    assert.strictEqual(validateWebviewMessage({ type: 'analysis/run', settings: { ...good, evil: '<script>' } }).ok, false);
  });

  it('returns a clean copy without the target among the features', () => {
    const r = validateWebviewMessage({ type: 'analysis/run', settings: { ...good, features: ['a', 'y'] } });
    assert.ok(r.ok && r.message.type === 'analysis/run');
    assert.deepStrictEqual(r.ok && r.message.type === 'analysis/run' && r.message.settings.features, ['a']);
  });
});

function summary(columns: DatasetSummary['columns'], defaultTarget?: string): DatasetSummary {
  return { file: 'f.csv', rows: 10, delimiter: ',', columns, defaultTarget, notes: [] };
}

describe('panel default settings', () => {
  it('picks a column named y/target/label/outcome, any case, and every other usable column', () => {
    const s = defaultSettings(summary([
      { name: 'id', kind: 'excluded', missing: 0, reason: 'ID-like' },
      { name: 'a', kind: 'numeric', missing: 0, distinct: 9 },
      { name: 'Outcome', kind: 'numeric', missing: 0, distinct: 9 },
      { name: 'b', kind: 'categorical', missing: 0, levels: ['x', 'y', 'z'], distinct: 3 },
    ]), CONFIG_DEFAULTS);
    assert.strictEqual(s.target, 'Outcome');
    assert.deepStrictEqual(s.features, ['a', 'b']);
    assert.strictEqual(s.task, 'regression');
    assert.strictEqual(s.testSize, CONFIG_DEFAULTS.testSize);
  });

  it('else the data layer default, else the last numeric column; two-valued means classification', () => {
    const cols: DatasetSummary['columns'] = [
      { name: 'a', kind: 'numeric', missing: 0, distinct: 9 },
      { name: 'flag', kind: 'boolean', missing: 0, distinct: 2 },
      { name: 'c', kind: 'numeric', missing: 0, distinct: 2 },
    ];
    assert.strictEqual(defaultSettings(summary(cols), CONFIG_DEFAULTS).target, 'c');
    assert.strictEqual(defaultSettings(summary(cols), CONFIG_DEFAULTS).task, 'classification');
    assert.strictEqual(defaultSettings(summary(cols, 'a'), CONFIG_DEFAULTS).task, 'regression');
  });

  it('keeps stored choices whose target still exists, dropping vanished features', () => {
    const sum = summary([
      { name: 'a', kind: 'numeric', missing: 0 }, { name: 'y', kind: 'numeric', missing: 0 },
    ]);
    const kept = reconcileSettings({ ...good, features: ['a', 'gone'], alpha: 0.5 }, sum, CONFIG_DEFAULTS);
    assert.deepStrictEqual([kept.features, kept.alpha], [['a'], 0.5]);
    const reset = reconcileSettings({ ...good, target: 'gone' }, sum, CONFIG_DEFAULTS);
    assert.strictEqual(reset.alpha, 0.1);
  });

  it('the logistic command moves to a two-valued target or reports none', () => {
    const sum = summary([
      { name: 'y', kind: 'numeric', missing: 0, distinct: 50 }, { name: 'won', kind: 'boolean', missing: 0, distinct: 2 },
    ]);
    const s = classificationSettings({ ...good, features: ['won'] }, sum);
    assert.deepStrictEqual([s?.target, s?.task, s?.features], ['won', 'classification', ['y']]);
    assert.strictEqual(classificationSettings(good, summary([{ name: 'y', kind: 'numeric', missing: 0, distinct: 50 }])), undefined);
  });
});

describe('job options from the settings', () => {
  it('passes regularization.skipBadRows through only when it is on', () => {
    assert.strictEqual(dataOptions(good, CONFIG_DEFAULTS).skipBadRows, undefined);
    assert.strictEqual(dataOptions(good, { ...CONFIG_DEFAULTS, skipBadRows: true }).skipBadRows, true);
    assert.deepStrictEqual(dataOptions(good, CONFIG_DEFAULTS).features, ['a', 'b']);
  });
});
