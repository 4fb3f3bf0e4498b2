// scripts/audit.js's offline check (used when npm's advisory service cannot be reached): it finds a
// recorded advisory in a vulnerable version, passes a fixed one, flags an unreviewed package, and
// the installed production tree has no finding. Oracle: the advisories' published ranges.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const audit = require('../../scripts/audit.js') as {
  compareVersions(a: string, b: string): number;
  inRange(v: string, range: string): boolean;
  flattenTree(tree: unknown): { name: string; version: string }[];
  offlineCheck(pkgs: { name: string; version: string }[], db: unknown): { findings: { id: string; severity: string }[]; unreviewed: string[] };
};
const ROOT = path.join(__dirname, '..', '..', '..');
const db = JSON.parse(fs.readFileSync(path.join(ROOT, 'scripts', 'advisories.json'), 'utf8'));

describe('dependency audit (offline check)', () => {
  it('compares versions like semver for x.y.z and pre-releases', () => {
    assert.ok(audit.compareVersions('5.1.9', '5.2.0') < 0);
    assert.ok(audit.compareVersions('5.10.0', '5.2.0') > 0);
    assert.ok(audit.compareVersions('2.9.4-rc.1', '2.9.4') < 0);
    assert.strictEqual(audit.compareVersions('4.6.1', '4.6.1'), 0);
    assert.ok(audit.inRange('2.9.3', '<2.9.4'));
    assert.ok(!audit.inRange('2.9.4', '<2.9.4'));
    assert.throws(() => audit.inRange('1.0.0', '>=1 <2'), /unsupported range/);
  });

  it('finds the ReDoS advisory in papaparse 5.1.0 and the prototype pollution in chart.js 2.9.3, not in fixed versions', () => {
    const bad = audit.offlineCheck([{ name: 'papaparse', version: '5.1.0' }, { name: 'chart.js', version: '2.9.3' }], db);
    assert.deepStrictEqual(bad.findings.map((f) => `${f.id} ${f.severity}`), ['GHSA-qvjc-g5vr-mfgr high', 'GHSA-h68q-55jf-x68w high']);
    const fixed = audit.offlineCheck([{ name: 'papaparse', version: '5.2.0' }, { name: 'chart.js', version: '2.9.4' }], db);
    assert.deepStrictEqual(fixed.findings, []);
  });

  it('flags a production package that nobody reviewed', () => {
    const r = audit.offlineCheck([{ name: 'left-pad', version: '1.3.0' }], db);
    assert.deepStrictEqual(r.unreviewed, ['left-pad@1.3.0']);
  });

  it('the installed production tree: every package reviewed, no finding', function () {
    this.timeout(60_000);
    const tree = JSON.parse(execFileSync('npm', ['ls', '--omit=dev', '--all', '--json'], { cwd: ROOT, encoding: 'utf8' }));
    const pkgs = audit.flattenTree(tree);
    assert.ok(pkgs.some((p) => p.name === 'papaparse') && pkgs.some((p) => p.name === 'chart.js'), JSON.stringify(pkgs));
    const r = audit.offlineCheck(pkgs, db);
    assert.deepStrictEqual(r, { findings: [], unreviewed: [] });
  });
});
