#!/usr/bin/env node
// Screenshots and interaction checks of the issue 7 views (live alpha on the Path tab, the
// Diagnostics and Geometry tabs) in the preview with canned host answers (insights-canned.js),
// in dark, light and high contrast. Run `npm run build` first.
//   node test/webview-preview/shoot-insights.js [outDir]   (default test-output/webview-preview)
const fs = require('fs');
const path = require('path');
const assert = require('assert');
const { chromium } = require('playwright-core');
const { serve } = require('./serve');
const { withDevToolsEvaluation } = require('../devtoolsEval');

const root = path.resolve(__dirname, '..', '..');
const outDir = path.resolve(process.argv[2] || path.join(root, 'test-output', 'webview-preview'));
const allowed = ['/dist/webview.js', '/media/', '/test/webview-preview/', '/test-output/webview-preview/real-data.js', '/test-output/webview-preview/real-aux.js'];


async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  const server = await serve(root, allowed);
  const base = `http://127.0.0.1:${server.address().port}/test/webview-preview/index.html`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const problems = [];
  const checks = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    await context.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const open = async (query, settle) => {
      // Read through DevTools: the bundle closes the page's eval, which Playwright's evaluate uses.
      const page = withDevToolsEvaluation(await context.newPage(), context, 'window === window.top');
      page.on('console', (m) => m.type() === 'error' && !/favicon|404/.test(m.text()) && problems.push(`${query}: console: ${m.text()}`));
      page.on('pageerror', (e) => problems.push(`${query}: page error: ${e.message}`));
      await page.goto(`${base}?${query}`);
      await page.waitForSelector(settle, { timeout: 15000 });
      await page.waitForTimeout(250);
      for (const v of await page.evaluate(() => window.__violations)) problems.push(`${query}: CSP: ${v}`);
      return page;
    };
    const posted = (page, type) => page.evaluate((t) => window.__preview.posted.filter((m) => m.type === t), type);
    for (const theme of ['dark', 'light', 'hc']) {
      // Live alpha: keyboard steps and drag.
      const p = await open(`scenario=regression&theme=${theme}&view=path`, '[data-testid="alpha-slider"]');
      await p.focus('[data-testid="alpha-slider"]');
      await p.keyboard.press('ArrowLeft');
      await p.waitForSelector('[data-testid="live-coef-table"]');
      await p.keyboard.press('ArrowLeft');
      await p.keyboard.press('ArrowLeft');
      await p.waitForFunction(() => document.querySelector('[data-testid="live-alpha"]').dataset.resultAlpha === document.querySelector('[data-testid="live-alpha"]').dataset.alpha);
      const refits = await posted(p, 'refit/request');
      checks.push(`${theme}: ${refits.length} refit requests after 3 arrow steps`);
      assert.ok(refits.length >= 2 && refits.length <= 3, `refit requests ${refits.length}`);
      const text = await p.$eval('[data-testid="live-selected"]', (e) => e.textContent);
      checks.push(`${theme}: ${text}; ${await p.$eval('[data-testid="refit-ms"]', (e) => e.textContent)}`);
      if (theme === 'dark') {
        // Typing an alpha.
        await p.fill('[data-testid="alpha-input"]', '0.5');
        await p.press('[data-testid="alpha-input"]', 'Enter');
        await p.waitForFunction(() => document.querySelector('[data-testid="live-alpha"]').dataset.resultAlpha === '0.5');
        const marker = await p.$eval('[data-testid="path-markers"] .marker.current', (e) => e.textContent);
        checks.push(`typed 0.5: marker "${marker}"`);
        assert.match(marker, /0\.5/);
        // A burst of slider input events: at most one request in flight.
        const before = (await posted(p, 'refit/request')).length;
        await p.evaluate(() => {
          const s = document.querySelector('[data-testid="alpha-slider"]');
          for (let i = 0; i < 30; i++) {
            s.value = String(Number(s.min) + ((Number(s.max) - Number(s.min)) * i) / 30);
            s.dispatchEvent(new Event('input'));
          }
        });
        await p.waitForFunction(() => document.querySelector('[data-testid="live-alpha"]').dataset.resultAlpha === document.querySelector('[data-testid="live-alpha"]').dataset.alpha);
        const burst = (await posted(p, 'refit/request')).length - before;
        checks.push(`30 input events -> ${burst} refit requests`);
        assert.ok(burst <= 3, `burst sent ${burst}`);
      }
      await p.screenshot({ path: path.join(outDir, `issue7-path-${theme}.png`), fullPage: true });
      await p.close();

      const d = await open(`scenario=regression&theme=${theme}&view=diagnostics`, '[data-testid="advice"]');
      const ins = await posted(d, 'insights/request');
      assert.strictEqual(ins.length, 1, 'one insights request on first open');
      assert.strictEqual(ins[0].threshold, 0.8);
      assert.strictEqual(ins[0].nSubsamples, 100);
      await d.screenshot({ path: path.join(outDir, `issue7-diagnostics-${theme}.png`), fullPage: true });
      await d.close();

      const g = await open(`scenario=regression&theme=${theme}&view=geometry`, '[data-testid="geometry-canvas"][data-drawn="1"]');
      const pair = await g.evaluate(() => [document.querySelector('[data-testid="geometry-x"]').value, document.querySelector('[data-testid="geometry-y"]').value]);
      checks.push(`${theme}: geometry default pair ${pair.join(', ')}`);
      await g.screenshot({ path: path.join(outDir, `issue7-geometry-${theme}.png`), fullPage: true });
      if (theme === 'dark') {
        await g.selectOption('[data-testid="geometry-y"]', 'x3');
        await g.waitForFunction(() => document.querySelector('[data-testid="geometry-canvas"]').dataset.features === '["x1","x3"]');
        checks.push(`geometry changed: ${await g.$eval('[data-testid="geometry-canvas"]', (e) => e.getAttribute('aria-label'))}`);
        await g.screenshot({ path: path.join(outDir, `issue7-geometry-x3-dark.png`), fullPage: true });
      }
      await g.close();
    }
    // Real pipeline answers for samples/correlated.csv (after make-real.js and a real-aux.js).
    if (fs.existsSync(path.join(root, 'test-output', 'webview-preview', 'real-aux.js'))) {
      for (const theme of ['dark', 'light', 'hc']) {
        const d = await open(`scenario=real-correlated&aux=real&theme=${theme}&view=diagnostics`, '[data-testid="advice"]');
        await d.screenshot({ path: path.join(outDir, `issue7-real-diagnostics-${theme}.png`), fullPage: true });
        await d.close();
      }
      const g = await open('scenario=real-correlated&aux=real&theme=dark&view=geometry', '[data-testid="geometry-x"]');
      await g.selectOption('[data-testid="geometry-x"]', 'x1');
      await g.selectOption('[data-testid="geometry-y"]', 'x1_copy');
      await g.waitForSelector('[data-testid="geometry-canvas"][data-drawn="1"]');
      await g.screenshot({ path: path.join(outDir, 'issue7-real-geometry-dark.png'), fullPage: true });
      await g.close();
    }
    const hostile = await open('scenario=hostile&theme=dark&view=diagnostics', '[data-testid="summary"]');
    const pwned = await hostile.evaluate(() => document.body.dataset.pwned || null);
    if (pwned) problems.push('hostile: a payload ran');
    await hostile.close();
  } finally {
    await browser.close();
    server.close();
  }
  for (const c of checks) console.log('  ', c);
  for (const p of problems) console.log('PROBLEM', p);
  console.log(problems.length ? `${problems.length} problems` : 'no problems');
  process.exitCode = problems.length ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
