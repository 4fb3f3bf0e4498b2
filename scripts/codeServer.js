// Shared by `npm start` (scripts/start.js) and the e2e tests (test/e2e/run.js): build and package
// the extension as a .vsix, install code-server (VS Code 1.100.3 in the browser) into
// .vscode-test/ once, install the .vsix into it, and start/stop it in its own process group.
// See ../shared/e2e-recipe.md for why code-server + Debian's Chromium.
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const TEST_DIR = path.join(ROOT, '.vscode-test');
const CODE_SERVER_VERSION = '4.100.3';
const CODE_SERVER_DIR = path.join(TEST_DIR, 'code-server');
const CODE_SERVER_BIN = path.join(CODE_SERVER_DIR, 'node_modules', '.bin', 'code-server');
const VSIX = path.join(ROOT, 'dist', 'regularization-explorer.vsix');

function log(...args) {
  console.log('[code-server]', ...args);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with status ${r.status}`);
}

/** Installs code-server into .vscode-test/code-server unless it is already there (cached). */
function ensureCodeServer() {
  if (fs.existsSync(path.join(CODE_SERVER_DIR, `.installed-${CODE_SERVER_VERSION}`)) && fs.existsSync(CODE_SERVER_BIN)) return;
  log(`installing code-server ${CODE_SERVER_VERSION} into ${path.relative(ROOT, CODE_SERVER_DIR)} (about 2 minutes, once)`);
  run('bash', [path.join(__dirname, 'install-code-server.sh')]);
}

/** Production build (minified bundles) and `vsce package` without prompts. */
function packageVsix() {
  log('building and packaging the .vsix');
  run(process.execPath, [path.join(ROOT, 'esbuild.js'), '--production']);
  for (const f of ['extension.js', 'worker.js', 'webview.js']) {
    if (!fs.existsSync(path.join(ROOT, 'dist', f))) throw new Error(`dist/${f} was not built (is its entry point missing?)`);
  }
  const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  run(process.execPath, [vsce, 'package', '--no-dependencies', '-o', VSIX], { stdio: ['ignore', 'inherit', 'inherit'] });
  return VSIX;
}

/** Installs the .vsix the way a user does (a copied folder would be ignored). */
function installVsix(extensionsDir, vsix = VSIX) {
  fs.mkdirSync(extensionsDir, { recursive: true });
  run(CODE_SERVER_BIN, ['--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** User settings for a quiet workbench (no welcome page, no trust prompt, no update checks). */
function writeUserSettings(userDataDir, extra = {}) {
  const dir = path.join(userDataDir, 'User');
  fs.mkdirSync(dir, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'chat.commandCenter.enabled': false,
    'git.openRepositoryInParentFolders': 'never',
    'files.autoSave': 'off',
    'workbench.panel.defaultLocation': 'bottom',
    'workbench.colorTheme': 'Default Dark Modern',
    ...extra,
  };
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
}

function freePort(preferred = 0) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(preferred ? freePort(0) : Promise.reject(new Error('no free port'))));
    srv.listen(preferred, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => req.destroy());
  });
}

/**
 * Starts code-server in its own process group; resolves when it answers HTTP. `stop()` ends that
 * group by its pid (never by name). Output goes to `logFile` when given.
 */
async function startCodeServer({ port, userDataDir, extensionsDir, folder, env = {}, logFile }) {
  port = port || (await freePort());
  const args = [
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir, folder,
  ];
  const out = logFile ? fs.openSync(logFile, 'a') : 'inherit';
  const proc = spawn(CODE_SERVER_BIN, args, { cwd: ROOT, detached: true, stdio: ['ignore', out, out], env: { ...process.env, ...env } });
  let exited = false;
  proc.on('exit', () => (exited = true));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`code-server exited during start-up${logFile ? ` (see ${logFile})` : ''}`);
    const status = await httpStatus(`${base}/`);
    if (status >= 200 && status < 400) break;
    if (Date.now() > deadline) throw new Error('code-server did not answer within 60 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  const stop = async () => {
    if (exited) return;
    try {
      process.kill(-proc.pid, 'SIGTERM');
    } catch {
      return;
    }
    const t0 = Date.now();
    while (!exited && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 100));
    if (!exited) {
      try {
        process.kill(-proc.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  };
  return { url: `${base}/?folder=${encodeURIComponent(folder)}`, base, port, proc, stop };
}

module.exports = {
  ROOT, TEST_DIR, CODE_SERVER_BIN, VSIX, ensureCodeServer, packageVsix, installVsix, writeUserSettings, startCodeServer, freePort,
};
