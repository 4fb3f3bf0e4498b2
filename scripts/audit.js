#!/usr/bin/env node
// `npm run audit`: the production dependencies must have no high or critical advisories.
// First asks npm's advisory service (`npm audit --omit=dev`). When that service cannot be reached
// (this build machine's registry proxy answers 405 to its POST), checks the installed production
// tree (`npm ls --omit=dev --all`) against scripts/advisories.json instead, and says so. Exit 1 on
// any high/critical finding or on a production package nobody has reviewed.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const BLOCKING = new Set(['high', 'critical']);

function npm(args) {
  const r = spawnSync('npm', args, { cwd: ROOT, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout || '', stderr: r.stderr || '' };
}

/** Numeric x.y.z compare (pre-release tags sort before the release, as in semver). */
function compareVersions(a, b) {
  const parse = (v) => {
    const [core, pre] = String(v).replace(/^v/, '').split('-', 2);
    return { nums: core.split('.').map((x) => Number(x) || 0), pre };
  };
  const A = parse(a), B = parse(b);
  for (let i = 0; i < 3; i++) if ((A.nums[i] || 0) !== (B.nums[i] || 0)) return (A.nums[i] || 0) - (B.nums[i] || 0);
  if (A.pre && !B.pre) return -1;
  if (!A.pre && B.pre) return 1;
  return 0;
}

function inRange(version, range) {
  const m = /^<\s*(\S+)$/.exec(range.trim());
  if (!m) throw new Error(`scripts/advisories.json: unsupported range "${range}" (use "<x.y.z")`);
  return compareVersions(version, m[1]) < 0;
}

/** name@version of every package under `npm ls --json` output, deduplicated. */
function flattenTree(tree) {
  const out = new Map();
  const walk = (deps) => {
    for (const [name, info] of Object.entries(deps || {})) {
      if (info && info.version) out.set(`${name}@${info.version}`, { name, version: info.version });
      walk(info && info.dependencies);
    }
  };
  walk(tree.dependencies);
  return [...out.values()];
}

/** Findings of the offline check: advisories that apply, and packages nobody reviewed. */
function offlineCheck(packages, db) {
  const findings = [];
  const unreviewed = [];
  for (const { name, version } of packages) {
    const advisories = db.packages[name];
    if (!advisories) { unreviewed.push(`${name}@${version}`); continue; }
    for (const a of advisories) if (inRange(version, a.vulnerable)) findings.push({ name, version, ...a });
  }
  return { findings, unreviewed };
}

function main() {
  const audit = npm(['audit', '--omit=dev', '--json']);
  let report = null;
  try { report = JSON.parse(audit.stdout); } catch { /* not JSON: the service did not answer */ }
  const counts = report && report.metadata && report.metadata.vulnerabilities;
  if (counts) {
    const blocking = (counts.high || 0) + (counts.critical || 0);
    console.log(`npm audit --omit=dev: ${JSON.stringify(counts)}`);
    process.exit(blocking > 0 ? 1 : 0);
  }
  const why = (report && report.error && (report.error.summary || report.error.code)) || audit.stderr.split('\n').find((l) => /audit|40\d|ENOTFOUND|ECONN/.test(l)) || `exit ${audit.status}`;
  console.log(`npm's advisory service is not reachable from here (${String(why).trim()}).`);
  console.log('Checking the installed production tree against scripts/advisories.json instead.');
  const ls = npm(['ls', '--omit=dev', '--all', '--json']);
  const packages = flattenTree(JSON.parse(ls.stdout));
  const db = JSON.parse(fs.readFileSync(path.join(__dirname, 'advisories.json'), 'utf8'));
  const { findings, unreviewed } = offlineCheck(packages, db);
  const known = Object.values(db.packages).reduce((n, a) => n + a.length, 0);
  console.log(`${packages.length} production packages, ${known} recorded advisories (reviewed ${db.reviewed}).`);
  for (const f of findings) console.log(`  ${f.severity.toUpperCase()} ${f.name}@${f.version}: ${f.id} ${f.title} (vulnerable ${f.vulnerable}) ${f.url}`);
  for (const u of unreviewed) console.log(`  NOT REVIEWED ${u}: add it to scripts/advisories.json after checking its advisories`);
  const blocking = findings.filter((f) => BLOCKING.has(f.severity)).length;
  console.log(`high or critical: ${blocking}; other: ${findings.length - blocking}; not reviewed: ${unreviewed.length}`);
  process.exit(blocking > 0 || unreviewed.length > 0 ? 1 : 0);
}

module.exports = { compareVersions, inRange, flattenTree, offlineCheck };
if (require.main === module) main();
