#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3) into .vscode-test/code-server, following
# ../shared/e2e-recipe.md. Idempotent: a finished install leaves a .installed marker.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
D="$ROOT/.vscode-test/code-server"
VERSION=4.100.3
if [ -f "$D/.installed-$VERSION" ]; then exit 0; fi
for bin in rg chromium; do
  command -v $bin >/dev/null || echo "warning: $bin not found (apt-get install -y chromium libkrb5-dev ripgrep)" >&2
done
mkdir -p "$D" && cd "$D"
[ -f package.json ] || npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts code-server@$VERSION
cd node_modules/code-server/lib/vscode
npm install --no-audit --no-fund --omit=dev --ignore-scripts
npm_config_yes=true npm rebuild node-pty @parcel/watcher @vscode/spdlog kerberos native-watchdog @vscode/deviceid
mkdir -p node_modules/@vscode/ripgrep/bin && cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
ln -sfn node_modules node_modules.asar
(cd extensions && npm install --no-audit --no-fund --omit=dev --ignore-scripts)
cd "$D/node_modules/code-server" && cd ../.. && npm_config_yes=true npm rebuild argon2
touch "$D/.installed-$VERSION"
echo "code-server $VERSION installed in $D"
