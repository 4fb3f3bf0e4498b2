#!/usr/bin/env node
// `npm start`: build, package the .vsix, install code-server into .vscode-test/ (once), install
// the .vsix, and serve a workspace of the sample CSVs. Prints the URL to open; Ctrl+C stops it.
//   PORT=8080 npm start        choose the port (default 8080, or a free one if taken)
const fs = require('fs');
const path = require('path');
const cs = require('./codeServer');

async function main() {
  cs.packageVsix();
  cs.ensureCodeServer();
  const extensionsDir = path.join(cs.TEST_DIR, 'start', 'extensions');
  const userDataDir = path.join(cs.TEST_DIR, 'start', 'user-data');
  cs.installVsix(extensionsDir);
  if (!fs.existsSync(path.join(userDataDir, 'User', 'settings.json'))) cs.writeUserSettings(userDataDir);
  const port = await cs.freePort(Number(process.env.PORT) || 8080);
  const folder = path.join(cs.ROOT, 'samples');
  const server = await cs.startCodeServer({
    port, userDataDir, extensionsDir, folder, logFile: path.join(cs.TEST_DIR, 'start', 'code-server.log'),
  });
  console.log('\nRegularization Explorer is running in VS Code (code-server):\n');
  console.log(`  ${server.url}\n`);
  console.log('Open it in a browser, right-click a CSV in the Explorer and choose "Analyze CSV…".');
  console.log('Press Ctrl+C to stop.');
  const shutdown = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  server.proc.on('exit', (code) => {
    console.log(`code-server exited (${code}).`);
    process.exit(code ?? 1);
  });
}

main().catch((e) => {
  console.error(e.message || e);
  process.exit(1);
});
