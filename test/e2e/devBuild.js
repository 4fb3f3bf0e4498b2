// Temporary developer build for the e2e harness while parts of the tree are still being written:
// the real esbuild.js bundles, except that a missing pipeline module is stubbed (its functions
// throw) and a missing src/webview/main.ts is replaced by test/e2e/stubWebview.ts.
// Usage: node test/e2e/devBuild.js   (then E2E_SKIP_BUILD=1 npm run test:e2e)
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const stubMissing = {
  name: 'stub-missing',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const base = path.resolve(args.resolveDir, args.path);
      const exists = ['.ts', '/index.ts', '.js', ''].some((ext) => fs.existsSync(base + ext) && fs.statSync(base + ext).isFile());
      if (exists) return undefined;
      console.warn(`devBuild: stubbing missing ${path.relative(ROOT, base)}`);
      return { path: base, namespace: 'stub' };
    });
    build.onLoad({ filter: /.*/, namespace: 'stub' }, (args) => ({
      contents: `module.exports = new Proxy({}, { get: (_, k) => k === '__esModule' ? false : () => { throw new Error('${path.basename(args.path)}.' + String(k) + ' is not written yet'); } });`,
      loader: 'js',
    }));
  },
};
const common = { bundle: true, sourcemap: 'linked', logLevel: 'warning', target: 'es2022', absWorkingDir: ROOT, plugins: [stubMissing] };
const webviewEntry = fs.existsSync(path.join(ROOT, 'src/webview/main.ts')) ? 'src/webview/main.ts' : 'test/e2e/stubWebview.ts';
Promise.all([
  esbuild.build({ ...common, platform: 'node', format: 'cjs', entryPoints: { cli: 'src/cli.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } }),
  esbuild.build({ ...common, platform: 'node', format: 'cjs', entryPoints: { extension: 'src/extension.ts', worker: 'src/worker/worker.ts' }, outdir: 'dist', external: ['vscode'] }),
  esbuild.build({ ...common, platform: 'browser', format: 'iife', entryPoints: { webview: webviewEntry }, outdir: 'dist' }),
]).then(() => console.log(`devBuild: done (webview from ${webviewEntry})`), (e) => { console.error(e.message); process.exit(1); });
