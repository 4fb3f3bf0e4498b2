#!/usr/bin/env node
// Writes test-output/webview-preview/real-data.js: host messages from the real pipeline for the
// samples (see realMessages.ts), for index.html?scenario=real-regression / real-classification
// / real-correlated.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
const out = path.join(root, 'test-output', 'webview-preview');

async function main() {
  fs.mkdirSync(out, { recursive: true });
  const bundle = path.join(out, 'realMessages.js');
  await esbuild.build({ entryPoints: [path.join(__dirname, 'realMessages.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'warning' });
  const { messagesFor } = require(bundle);
  const sets = {
    'real-regression': messagesFor(path.join(root, 'samples', 'seed_sparse.csv'), false),
    'real-correlated': messagesFor(path.join(root, 'samples', 'correlated.csv'), false),
    'real-classification': messagesFor(path.join(root, 'samples', 'classification.csv'), true),
  };
  fs.writeFileSync(path.join(out, 'real-data.js'), `window.__realMessages = ${JSON.stringify(sets)};\n`);
  for (const [k, v] of Object.entries(sets)) console.log(k, v[1].type, JSON.stringify(v[1].result.summary ?? v[1]));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
