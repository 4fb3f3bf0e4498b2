// `npm run bench`: bundles bench/bench.ts (and the src/ code it imports) with esbuild's API into
// bench/.cache/bench.js, then runs it with the same arguments. Not part of `npm test`.
const esbuild = require('esbuild');
const path = require('path');
const { spawnSync } = require('child_process');

async function main() {
  const outfile = path.join(__dirname, '.cache', 'bench.js');
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'bench.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'es2022',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  // The fold threads of src/worker/cvPool.ts run this script (the "fold threads" CV rows).
  await esbuild.build({
    entryPoints: [path.join(__dirname, '..', 'src', 'worker', 'cvThread.ts')],
    outfile: path.join(__dirname, '.cache', 'cvThread.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'es2022',
    logLevel: 'warning',
  });
  const r = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status === null ? 1 : r.status);
}

main().catch((e) => {
  console.error(e.message || e);
  process.exit(1);
});
