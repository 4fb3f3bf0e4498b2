#!/usr/bin/env node
// Screenshots of the webview preview in light, dark and high-contrast variable sets, plus a timing
// of the 1,000-feature path chart. Serves the repo's dist/, media/ and test/webview-preview/ on
// 127.0.0.1 and drives Debian's Chromium with playwright-core. Run `npm run build` first.
//   node test/webview-preview/shoot.js [outDir]      (default test-output/webview-preview)
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');
const { serve } = require('./serve');
const { withDevToolsEvaluation } = require('../devtoolsEval');

const root = path.resolve(__dirname, '..', '..');
const outDir = path.resolve(process.argv[2] || path.join(root, 'test-output', 'webview-preview'));
const allowed = ['/dist/webview.js', '/media/', '/test/webview-preview/', '/test-output/webview-preview/real-data.js'];


async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  const server = await serve(root, allowed);
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
      // Read through DevTools: the bundle closes the page's eval, which Playwright's evaluate uses.
      const page = withDevToolsEvaluation(await context.newPage(), context, 'window === window.top');
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
    // Real pipeline output for the samples (node test/webview-preview/make-real.js writes it).
    if (fs.existsSync(path.join(root, 'test-output', 'webview-preview', 'real-data.js'))) {
      for (const theme of ['dark', 'light', 'hc']) {
        for (const view of ['compare', 'path', 'cv']) {
          const page = await open(`scenario=real-regression&theme=${theme}&view=${view}`);
          await shot(page, `real-regression-${view}-${theme}`);
          await page.close();
        }
        const page = await open(`scenario=real-classification&theme=${theme}`);
        await shot(page, `real-classification-${theme}`);
        await page.close();
      }
      for (const view of ['path', 'cv']) {
        const page = await open(`scenario=real-classification&theme=dark&view=${view}`);
        await shot(page, `real-classification-${view}-dark`);
        await page.close();
      }
      const corr = await open('scenario=real-correlated&theme=dark&view=path');
      await shot(corr, 'real-correlated-path-dark');
      await corr.close();
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
    for (const model of ['elasticnet', 'ridge', 'lasso', 'elasticnet', 'ridge', 'lasso', 'elasticnet', 'ridge', 'lasso', 'elasticnet']) {
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
    const sorted = times.slice().sort((a, b) => a - b);
    report.timings.path1000RenderMs = { first: times[0], min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted[sorted.length - 1], all: times };
    report.timings.loadAverage = require('os').loadavg()[0];
    report.timings.path1000HoverMs = hover;
    report.timings.result1000FullMs = full;
    await big.mouse.move(760, 420);
    await big.waitForTimeout(200);
    await shot(big, 'big-path-dark', false);
    await big.close();

    // Interaction checks: keyboard sorting, Enter submits, validation, cancel, settings/changed, state.
    const ix = await open('scenario=regression&theme=dark');
    const check = (ok, what) => {
      if (!ok) problems.push(`interaction: ${what}`);
      report.checks = (report.checks || 0) + 1;
    };
    await ix.focus('[data-testid="sort-lasso"]');
    await ix.keyboard.press('Enter');
    check((await ix.getAttribute('th[data-column="lasso"]', 'aria-sort')) === 'descending', 'Enter on the Lasso header sorts descending');
    await ix.keyboard.press(' ');
    check((await ix.getAttribute('th[data-column="lasso"]', 'aria-sort')) === 'ascending', 'Space on the Lasso header flips to ascending');
    check((await ix.evaluate(() => document.activeElement && document.activeElement.dataset.testid)) === 'sort-lasso', 'focus stays on the sort button');
    const firstRows = await ix.$$eval('[data-testid="coef-table"] tbody tr', (rows) => rows.slice(0, 2).map((r) => r.querySelector('[data-model="lasso"]').dataset.value));
    check(firstRows.every((v) => v === '0'), 'ascending |Lasso| puts zeroed rows first');
    const zeroCell = await ix.$eval('[data-testid="coef-table"] td.zeroed', (td) => td.textContent);
    check(/0\s*zeroed/.test(zeroCell), 'zeroed cells read "0 zeroed"');
    await ix.click('[data-testid="units-standardized"]');
    check((await ix.getAttribute('[data-testid="coef-table"]', 'data-units')) === 'standardized', 'units toggle switches the table to standardized');
    // Enter in a text field submits the form with the typed value.
    await ix.click('[data-testid="alpha"]');
    await ix.keyboard.press('Control+A');
    await ix.keyboard.type('0.05');
    await ix.keyboard.press('Enter');
    const runs = await ix.evaluate(() => window.__preview.posted.filter((m) => m.type === 'analysis/run'));
    check(runs.length === 1 && runs[0].settings.alpha === 0.05, `Enter posts analysis/run with alpha 0.05 (got ${JSON.stringify(runs.map((r) => r.settings.alpha))})`);
    check(await ix.isVisible('[data-testid="progress"]'), 'progress shows after Fit');
    await ix.click('[data-testid="cancel"]');
    check((await ix.evaluate(() => window.__preview.posted.filter((m) => m.type === 'analysis/cancel').length)) === 1, 'Cancel posts analysis/cancel');
    await ix.evaluate(() => window.__preview.send({ type: 'analysis/cancelled' }));
    await ix.waitForTimeout(50);
    check((await ix.textContent('[data-testid="status"]')) === 'Cancelled' && !(await ix.isVisible('[data-testid="progress"]')), 'analysis/cancelled shows "Cancelled" and hides progress');
    // Invalid input: no run, the field is marked and the error is announced.
    await ix.click('[data-testid="cvFolds"]');
    await ix.keyboard.press('Control+A');
    await ix.keyboard.type('1.5');
    await ix.keyboard.press('Enter');
    check((await ix.evaluate(() => window.__preview.posted.filter((m) => m.type === 'analysis/run').length)) === 1, 'invalid CV folds does not post analysis/run');
    check(/CV folds/.test(await ix.textContent('[data-testid="form-errors"]')), 'invalid CV folds is explained');
    await ix.keyboard.press('Control+A');
    await ix.keyboard.type('5');
    await ix.click('[data-testid="fit"]');
    const runs2 = await ix.evaluate(() => window.__preview.posted.filter((m) => m.type === 'analysis/run'));
    check(runs2.length === 2 && runs2[1].settings.cvFolds === 5, 'clicking Fit posts analysis/run');
    await ix.evaluate(() => window.__preview.send({ type: 'analysis/cancelled' }));
    // A feature checkbox posts settings/changed without that feature (debounced).
    await ix.click('[data-testid="features"] input[data-feature="x2"]');
    await ix.waitForTimeout(400);
    const changed = await ix.evaluate(() => window.__preview.posted.filter((m) => m.type === 'settings/changed').pop());
    check(changed && !changed.settings.features.includes('x2') && changed.settings.cvFolds === 5, 'unchecking x2 posts settings/changed without it');
    const st = await ix.evaluate(() => window.__preview.getState());
    check(st && st.fileUri === 'file:///work/main/samples/seed_sparse.csv' && st.ui && st.result, 'setState keeps fileUri, ui and the (small) result');
    // view/focus brings a tab forward.
    await ix.evaluate(() => window.__preview.send({ type: 'view/focus', view: 'cv' }));
    await ix.waitForTimeout(100);
    check(await ix.isVisible('[data-testid="cv-chart"]'), 'view/focus cv shows the CV chart');
    check((await ix.getAttribute('[data-testid="path-chart"]', 'data-series')) === '22', 'path chart has 22 series (hidden tab too)');
    check((await ix.getAttribute('[data-testid="cv-chart"]', 'data-series')) === '1', 'lasso CV chart has 1 curve');
    await ix.evaluate(() => {
      const sel = document.querySelector('[data-testid="cv-model"]');
      sel.value = 'elasticnet';
      sel.dispatchEvent(new Event('change'));
    });
    check((await ix.getAttribute('[data-testid="cv-chart"]', 'data-series')) === '3', 'elastic net CV chart has 3 curves (l1_ratio 0.5 best, 0.1, 0.9)');
    await ix.evaluate(() => window.__preview.send({ type: 'view/focus', view: 'path' }));
    await ix.click('[data-testid="path-table"] summary');
    await ix.waitForSelector('[data-testid="path-table"] tbody tr', { timeout: 5000 }).catch(() => {});
    check((await ix.$$eval('[data-testid="path-table"] tbody tr', (r) => r.length)) === 22, 'the path table alternative lists 22 features when opened');
    await ix.evaluate(() => window.__preview.send({ type: 'analysis/error', message: 'bad <b>file</b>' }));
    await ix.waitForTimeout(50);
    check((await ix.textContent('[data-testid="error"]')) === 'bad <b>file</b>' && (await ix.getAttribute('[data-testid="error"]', 'role')) === 'alert', 'analysis/error shows the message as text with role=alert');
    check(await ix.isVisible('[data-testid="stale-note"]'), 'after an error the previous result is labelled as such');
    await ix.close();

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
