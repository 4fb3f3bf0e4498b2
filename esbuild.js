// One small build for every entry: the CLI, the extension host, the worker, the webview script
// and the unit tests. `node esbuild.js --watch` rebuilds on change; `--production` minifies.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Every test/unit/*.test.ts becomes dist/test/unit/*.test.js (mocha runs those). */
function unitTestEntries() {
  const dir = path.join(__dirname, 'test', 'unit');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.test.ts')).map((f) => path.join('test', 'unit', f));
}

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  target: 'es2022',
};

const builds = [
  // Node side: CLI, extension host, worker thread.
  { ...common, platform: 'node', format: 'cjs', entryPoints: { cli: 'src/cli.ts' }, outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' } },
  { ...common, platform: 'node', format: 'cjs', entryPoints: { extension: 'src/extension.ts', worker: 'src/worker/worker.ts', cvThread: 'src/worker/cvThread.ts' },
    outdir: 'dist', external: ['vscode'] },
  // Browser side: the webview script runs under a strict CSP (no eval), as an IIFE.
  { ...common, platform: 'browser', format: 'iife', entryPoints: { webview: 'src/webview/main.ts' }, outdir: 'dist' },
  // Unit tests: bundled so mocha runs plain JS with no ts-node.
  { ...common, platform: 'node', format: 'cjs', entryPoints: unitTestEntries(), outdir: 'dist/test/unit', external: ['vscode', 'mocha'] },
];

async function main() {
  // The solver's WebAssembly kernels first: their generated modules are imported by every bundle.
  await require('./scripts/build-wasm.js').writeAll();
  const present = builds
    .map((b) => {
      const eps = Array.isArray(b.entryPoints) ? b.entryPoints : Object.values(b.entryPoints);
      return eps.length && eps.every((e) => fs.existsSync(path.join(__dirname, e))) ? b : null;
    })
    .filter(Boolean);
  if (watch) {
    for (const b of present) (await esbuild.context(b)).watch();
    console.log('watching…');
  } else {
    await Promise.all(present.map((b) => esbuild.build(b)));
  }
}

main().catch((e) => {
  console.error(e.message || e);
  process.exit(1);
});
