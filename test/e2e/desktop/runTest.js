#!/usr/bin/env node
// `npm run test:desktop`: the same extension in desktop VS Code via @vscode/test-electron. It
// DOWNLOADS VS Code (about 150 MB, cached in .vscode-test/), so it needs internet and is not part
// of CI here (CI uses code-server: test/e2e/run.js). Run it on a desktop machine after `npm ci`;
// on Linux without a display use `xvfb-run -a npm run test:desktop`.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { runTests } = require('@vscode/test-electron');

async function main() {
  const root = path.resolve(__dirname, '..', '..', '..');
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'regularization-desktop-'));
  for (const f of ['seed_sparse.csv', 'correlated.csv', 'classification.csv', 'malformed.csv']) {
    fs.copyFileSync(path.join(root, 'samples', f), path.join(workspace, f));
  }
  await runTests({
    version: process.env.VSCODE_TEST_VERSION || '1.100.3',
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(__dirname, 'suite', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
