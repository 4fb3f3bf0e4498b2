// The static server of the preview scripts (shoot.js, shoot-insights.js): serves only the listed
// path prefixes of the repository on 127.0.0.1 at a free port; '/' is the preview page.
const http = require('http');
const fs = require('fs');
const path = require('path');

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

function serve(root, allowed) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const p = url.pathname === '/' ? '/test/webview-preview/index.html' : url.pathname;
    const file = path.join(root, p);
    if (!allowed.some((a) => p.startsWith(a)) || !file.startsWith(root) || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

module.exports = { serve };
