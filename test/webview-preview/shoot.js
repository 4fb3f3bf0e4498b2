#!/usr/bin/env node
// Screenshots of the webview preview in light, dark and high-contrast variable sets, plus a timing
// of the 1,000-feature path chart. Serves the repo's dist/, media/ and test/webview-preview/ on
// 127.0.0.1 and drives Debian's Chromium with playwright-core. Run `npm run build` first.
//   node test/webview-preview/shoot.js [outDir]      (default test-output/webview-preview)
const http = require('http');
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const root = path.resolve(__dirname, '..', '..');
const outDir = path.resolve(process.argv[2] || path.join(root, 'test-output', 'webview-preview'));
const allowed = ['/dist/webview.js', '/media/', '/test/webview-preview/'];
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

function serve() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const p = url.pathname === '/' ? '/test/webview-preview/index.html' : url.pathname;
    const file = path.join(root, p);
    if (!allowed.some((a) => p.startsWith(a)) || !file.startsWith(root) || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}/test/webview-preview/index.html`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const problems = [];
  const report = { screenshots: [], timings: {} };
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    await context.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile || ''}:${e.lineNumber || ''}`));
    });
    const open = async (query, settle = '[data-testid="summary"], [data-testid="error"]:not([hidden]), [data-testid="progress"]:not([hidden]), [data-testid="status"]:not([hidden])') => {
      const page = await context.newPage();
      page.on('console', (m) => {
        if ((m.type() === 'error' || m.type() === 'warning') && !/favicon|404/.test(m.text() + (m.location().url || ''))) problems.push(`${query}: console ${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`${query}: page error: ${e.message}`));
      await page.goto(`${base}?${query}`);
      await page.waitForSelector(settle, { timeout: 15000 });
      await page.waitForTimeout(300);
      const v = await page.evaluate(() => window.__violations);
      for (const x of v) problems.push(`${query}: CSP violation: ${x}`);
      return page;
    };
    const shot = async (page, name, fullPage = true) => {
      const file = path.join(outDir, `${name}.png`);
      await page.screenshot({ path: file, fullPage });
      report.screenshots.push(file);
    };

    for (const theme of ['dark', 'light', 'hc']) {
      for (const view of ['compare', 'path', 'cv']) {
        const page = await open(`scenario=regression&theme=${theme}&view=${view}`);
        await shot(page, `regression-${view}-${theme}`);
        await page.close();
      }
      const cls = await open(`scenario=classification&theme=${theme}`);
      await shot(cls, `classification-${theme}`);
      await cls.close();
    }
    for (const s of ['progress', 'error', 'cancelled']) {
      const page = await open(`scenario=${s}&theme=dark`);
      await shot(page, `${s}-dark`, false);
      await page.close();
    }

    // Hostile column names must stay text.
    const hostile = await open('scenario=hostile&theme=light');
    const pwned = await hostile.evaluate(() => document.body.dataset.pwned || null);
    const imgs = await hostile.evaluate(() => document.querySelectorAll('#app img, #app script').length);
    if (pwned || imgs) problems.push(`hostile: markup from data was parsed (pwned=${pwned}, elements=${imgs})`);
    await shot(hostile, 'hostile-light');
    await hostile.close();

    // 1,000 features x 100 alphas: time to build and draw the path chart (visible), 5 redraws.
    const big = await open('scenario=big&theme=dark&view=path', '[data-testid="path-chart"][data-series="1000"]');
    const times = [await big.$eval('[data-testid="path-chart"]', (el) => Number(el.dataset.renderMs))];
    for (const model of ['elasticnet', 'ridge', 'lasso', 'elasticnet', 'lasso']) {
      times.push(
        await big.evaluate(async (m) => {
          const sel = document.querySelector('[data-testid="path-model"]');
          sel.value = m;
          sel.dispatchEvent(new Event('change'));
          await new Promise((r) => requestAnimationFrame(() => r()));
          return Number(document.querySelector('[data-testid="path-chart"]').dataset.renderMs);
        }, model),
      );
    }
    const hover = await big.evaluate(async () => {
      const canvas = document.querySelector('[data-testid="path-chart"] canvas');
      const r = canvas.getBoundingClientRect();
      const t0 = performance.now();
      canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: r.left + r.width * 0.6, clientY: r.top + r.height * 0.45, bubbles: true }));
      await new Promise((res) => requestAnimationFrame(() => res()));
      return performance.now() - t0;
    });
    const full = await big.evaluate(async () => {
      // Whole result (summary, 1,000-row table, both charts) from message to painted frame.
      const b = window.__preview.build().big(1000);
      const t0 = performance.now();
      window.__preview.send({ type: 'analysis/result', settings: b.settings, result: b.result, elapsedMs: 1 });
      await new Promise((r) => setTimeout(r, 0));
      await new Promise((r) => requestAnimationFrame(() => r()));
      return performance.now() - t0;
    });
    report.timings.path1000RenderMs = times;
    report.timings.path1000HoverMs = hover;
    report.timings.result1000FullMs = full;
    await big.mouse.move(760, 420);
    await big.waitForTimeout(200);
    await shot(big, 'big-path-dark', false);
    await big.close();

    // Theme switch re-renders the charts with the new colours.
    const sw = await open('scenario=regression&theme=dark&view=path');
    await sw.evaluate(() => (document.body.className = 'vscode-light'));
    await sw.waitForTimeout(300);
    await shot(sw, 'theme-switch-to-light');
    await sw.close();
  } finally {
    await browser.close();
    server.close();
  }
  report.problems = problems;
  fs.writeFileSync(path.join(outDir, 'report.json'), JSON.stringify(report, null, 2));
  console.log(JSON.stringify(report, null, 2));
  if (problems.length) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
