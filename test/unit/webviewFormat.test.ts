// Webview number formatting. Oracle: Python's '%.6g' (what numpy / scikit-learn users see),
// the expected strings below were printed by python3 -c "print('%.6g' % x)".
import * as assert from 'assert';
import { formatCount, formatDuration, formatFull, formatPercent, formatSig } from '../../src/webview/format';

describe('webview format', () => {
  it('formatSig matches Python %.6g', () => {
    const cases: [number, string][] = [
      [0.123456789, '0.123457'],
      [1234567.8, '1.23457e+06'],
      [123456.4, '123456'],
      [1e-5, '1e-05'],
      [0.0001, '0.0001'],
      [0.00012345678, '0.000123457'],
      [-2.5, '-2.5'],
      [1.0, '1'],
      [100.0, '100'],
      [3e21, '3e+21'],
      [-1.234567e-12, '-1.23457e-12'],
      [0.1 + 0.2, '0.3'],
      [999999.5, '1e+06'],
      [9.999995, '10'],
      [1e100, '1e+100'],
      [5e-324, '4.94066e-324'],
      [12.0000001, '12'],
    ];
    for (const [x, want] of cases) assert.strictEqual(formatSig(x), want, `formatSig(${x})`);
  });

  it('formatSig writes zero (also -0, a zeroed coefficient) as "0" and non-finite values as numpy does', () => {
    assert.strictEqual(formatSig(0), '0');
    assert.strictEqual(formatSig(-0), '0');
    assert.strictEqual(formatSig(NaN), 'nan');
    assert.strictEqual(formatSig(Infinity), 'inf');
    assert.strictEqual(formatSig(-Infinity), '-inf');
    assert.strictEqual(formatSig(null as unknown as number), '—');
    assert.strictEqual(formatSig(undefined as unknown as number), '—');
  });

  it('formatSig honours other digit counts (Python %.3g)', () => {
    assert.strictEqual(formatSig(0.0430816, 3), '0.0431');
    assert.strictEqual(formatSig(2154.43, 3), '2.15e+03');
    assert.strictEqual(formatSig(1000, 3), '1e+03');
  });

  it('formatFull round-trips the double', () => {
    for (const x of [0.1 + 0.2, 1 / 3, -1.2345678901234567e-8, 123456789.123]) assert.strictEqual(Number(formatFull(x)), x);
    assert.strictEqual(formatFull(-0), '0');
  });

  it('formatCount groups thousands; formatPercent and formatDuration are short', () => {
    assert.strictEqual(formatCount(120000), '120,000');
    assert.strictEqual(formatCount(999), '999');
    assert.strictEqual(formatCount(-1234567), '-1,234,567');
    assert.strictEqual(formatPercent(0.25), '25%');
    assert.strictEqual(formatPercent(0.123), '12.3%');
    assert.strictEqual(formatDuration(850), '850 ms');
    assert.strictEqual(formatDuration(12345), '12.3 s');
  });
});
