// Issue 7 views end to end, loaded by test/e2e/run.js with its helpers, in the real panel:
//  - live alpha: the Path tab's slider moved with the arrow keys refits through the worker (a
//    'refit' job, no notification); the live coefficients equal `dist/cli.js fit --model lasso`
//    at the slider's alpha, the "selected k of p" line counts its non-zeros, the chart's
//    current-alpha marker follows, and the worker time is shown;
//  - Diagnostics on correlated.csv (x1, x1_copy, x1_noisy): the correlation table is p x p with
//    r = 1 on the diagonal, the copies form a group and have VIF > 10 (highlighted), stability,
//    relaxed fit, soft-threshold table and the decision guide are shown;
//  - Geometry: the default pair is the two largest |standardized OLS| coefficients of the CLI's
//    compare; the canvas is drawn and redrawn for another pair.
// Oracles: the CLI (same pipeline, cold start) and the sample's construction.
const assert = require('assert');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..', '..');

function cli(args) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cli ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** The panel's defaults (src/panel/settings.ts + configDefaults): test size 0.2, seed 42, standardize. */
const PANEL = ['--target', 'y', '--test-size', '0.2', '--seed', '42'];

module.exports = function register(h) {
  async function openPanel(file) {
    await h.closeAllEditors();
    await h.explorerMenu(file, 'Analyze CSV…');
    return h.inPanel(file, '[data-testid="coef-table"]', 120_000);
  }

  async function liveSettled(frame) {
    return h.waitFor('the live refit to answer the last alpha', () =>
      frame.$eval('[data-testid="live-alpha"]', (e) => (e.dataset.resultAlpha && e.dataset.resultAlpha === e.dataset.alpha ? Number(e.dataset.alpha) : undefined)), 30_000);
  }

  h.test('live alpha: arrow keys on the Path slider refit in the worker; coefficients equal the CLI fit at that alpha', async () => {
    const FILE = 'seed_sparse.csv';
    await openPanel(FILE);
    await h.clickInPanel(FILE, '[data-testid="tab-path"]');
    const { frame, el } = await h.inPanel(FILE, '[data-testid="alpha-slider"]');
    const since = h.readMetrics().jobs.length;
    await el.focus();
    for (let i = 0; i < 8; i++) await el.press('ArrowRight');
    const alpha = await liveSettled(frame);
    assert.ok(alpha > 0.1, `eight steps right of 0.1 gave alpha ${alpha}`);
    const job = await h.waitForJob((j) => j.kind === 'refit', 'a refit job', 30_000, since);
    assert.strictEqual(job.outcome, 'result');
    const refits = h.readMetrics().jobs.slice(since).filter((j) => j.kind === 'refit');
    assert.ok(refits.length <= 8, `${refits.length} refit jobs for 8 key presses`);
    assert.strictEqual(h.readMetrics().jobs.slice(since).filter((j) => j.kind === 'analyze').length, 0, 'the live alpha re-ran the analysis');

    const live = await frame.$$eval('[data-testid="live-coef-table"] tr[data-feature]', (trs) =>
      Object.fromEntries(trs.map((tr) => [tr.getAttribute('data-feature'), Number(tr.querySelector('td[data-model="original"]').getAttribute('data-value'))])));
    const ref = cli(['fit', path.join(h.WORKSPACE, FILE), ...PANEL, '--model', 'lasso', '--alpha', String(alpha), '--json']);
    let nonzero = 0;
    for (const [feature, want] of Object.entries(ref.coef)) {
      const got = live[feature];
      // Warm start (panel) vs cold start (CLI) at tol 1e-8: equal to ~1e-6, and the same zeros.
      assert.ok(Math.abs(got - want) <= 1e-5 * (1 + Math.abs(want)), `${feature}: panel ${got}, CLI ${want}`);
      if (Math.abs(want) > 1e-6) assert.notStrictEqual(got, 0, `${feature} zeroed in the panel only`);
      if (want === 0) assert.strictEqual(got, 0, `${feature}: CLI zero, panel ${got}`);
      if (want !== 0) nonzero++;
    }
    const selected = await frame.$eval('[data-testid="live-selected"]', (e) => e.textContent);
    assert.match(selected, new RegExp(`selected ${nonzero} of ${Object.keys(ref.coef).length} features`));
    const ms = await frame.$eval('[data-testid="refit-ms"]', (e) => e.textContent);
    assert.match(ms, /^refit \d/);
    const marker = await frame.$eval('[data-testid="path-markers"] .marker.current', (e) => Number(e.getAttribute('data-value')));
    assert.strictEqual(marker, alpha);
    // Typed alpha.
    const input = await frame.$('[data-testid="alpha-input"]');
    await input.fill('0.05');
    await input.press('Enter');
    assert.strictEqual(await liveSettled(frame), 0.05);
    h.report.measurements.liveRefitJobMs = refits.map((j) => j.elapsedMs);
    h.report.measurements.liveRefitWorkerMs = ms;
    // Refits never raise VS Code's progress notification.
    assert.strictEqual(await h.page().locator('.notification-toast').count(), 0, 'a notification appeared during the live refit');
    await frame.$eval('[data-testid="live-alpha"]', (e) => e.scrollIntoView({ block: 'start' }));
    await h.shot('issue7-live-alpha');
  }, 240_000);

  h.test('diagnostics: correlated.csv shows its copies as a group with high VIF, stability, relaxed fit, soft thresholds and advice', async () => {
    const FILE = 'correlated.csv';
    await openPanel(FILE);
    const since = h.readMetrics().jobs.length;
    await h.clickInPanel(FILE, '[data-testid="tab-diagnostics"]');
    const { frame } = await h.inPanel(FILE, '[data-testid="advice"]', 180_000);
    const job = await h.waitForJob((j) => j.kind === 'insights', 'the insights job', 30_000, since);
    assert.strictEqual(job.outcome, 'result');
    const corr = await frame.$eval('[data-testid="corr-heatmap"]', (t) => {
      const rows = [...t.querySelectorAll('tbody tr')];
      return { n: rows.length, cols: t.querySelectorAll('thead th').length, diag: rows.map((r, i) => Number(r.querySelectorAll('td')[i].getAttribute('data-value'))), coloured: !!rows[0].querySelector('td').style.backgroundColor };
    });
    assert.strictEqual(corr.n, 8);
    assert.strictEqual(corr.cols, 8);
    for (const d of corr.diag) assert.ok(Math.abs(d - 1) < 1e-12, `diagonal ${d}`);
    assert.ok(corr.coloured, 'heatmap cells are not coloured');
    const vif = await frame.$$eval('[data-testid="vif-table"] tbody tr', (trs) => trs.map((tr) => ({ f: tr.getAttribute('data-feature'), high: tr.getAttribute('data-high') === 'true', v: tr.querySelector('td').getAttribute('data-value') })));
    const x1 = vif.find((r) => r.f === 'x1');
    assert.ok(x1 && x1.high && Number(x1.v) > 10, `x1 VIF ${JSON.stringify(x1)}`);
    const groups = await frame.$eval('[data-testid="groups"]', (e) => ({ role: e.getAttribute('role'), text: e.textContent }));
    assert.strictEqual(groups.role, 'status');
    assert.match(groups.text, /x1_copy/);
    const stability = await frame.$$eval('[data-testid="stability"] tbody tr', (trs) => trs.map((tr) => Number(tr.getAttribute('data-value'))));
    assert.strictEqual(stability.length, 8);
    for (let i = 1; i < stability.length; i++) assert.ok(stability[i] <= stability[i - 1], 'stability bars not sorted');
    for (const id of ['relaxed-table', 'soft-threshold-table']) assert.ok(await frame.$(`[data-testid="${id}"] tbody tr`), `${id} is empty`);
    const caption = await frame.$eval('[data-testid="soft-threshold-table"] caption', (e) => e.textContent);
    assert.match(caption, /orthonormal/);
    assert.match(await frame.$eval('[data-testid="advice"]', (e) => e.getAttribute('data-recommendation')), /^(ridge|lasso|elasticnet)$/);
    await h.shot('issue7-diagnostics');
  }, 300_000);

  h.test('geometry: the two largest |OLS| coefficients by default; the canvas redraws for another pair', async () => {
    const FILE = 'seed_sparse.csv';
    await openPanel(FILE);
    await h.clickInPanel(FILE, '[data-testid="tab-geometry"]');
    const { frame } = await h.inPanel(FILE, '[data-testid="geometry-canvas"][data-drawn="1"]', 120_000);
    const ref = cli(['compare', path.join(h.WORKSPACE, FILE), ...PANEL, '--alpha', '0.1', '--l1-ratio', '0.5', '--ridge-alpha', '1', '--json']);
    const ols = ref.fits.find((f) => f.model === 'ols').coef_standardized;
    const want = Object.keys(ols).sort((a, b) => Math.abs(ols[b]) - Math.abs(ols[a])).slice(0, 2);
    const pair = await frame.evaluate(() => [document.querySelector('[data-testid="geometry-x"]').value, document.querySelector('[data-testid="geometry-y"]').value]);
    assert.deepStrictEqual(pair, want);
    const drawn = JSON.parse(await frame.$eval('[data-testid="geometry-canvas"]', (e) => e.dataset.features));
    assert.deepStrictEqual(drawn, want);
    await h.shot('issue7-geometry');
    const other = Object.keys(ols).find((c) => !want.includes(c));
    await frame.selectOption('[data-testid="geometry-y"]', other);
    await h.waitFor('the geometry of the new pair', async () => JSON.parse(await frame.$eval('[data-testid="geometry-canvas"]', (e) => e.dataset.features || '[]'))[1] === other, 60_000);
    const label = await frame.$eval('[data-testid="geometry-canvas"]', (e) => e.getAttribute('aria-label'));
    assert.match(label, new RegExp(`${other} \\(vertical\\)`));
    // Pixels were painted (not a blank canvas).
    const painted = await frame.$eval('[data-testid="geometry-canvas"]', (c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    });
    assert.ok(painted > 1000, `${painted} painted pixels`);
    await h.shot('issue7-geometry-other');
    // The live alpha drives the picture: a larger Lasso alpha on the Path tab shrinks the L1 budget.
    const budget = async () => Number(await frame.$eval('[data-testid="geometry-canvas"]', (e) => e.dataset.l1Budget));
    const before = await budget();
    await h.clickInPanel(FILE, '[data-testid="tab-path"]');
    const input = await frame.waitForSelector('[data-testid="alpha-input"]', { state: 'visible' });
    await input.fill('1');
    await input.press('Enter');
    await h.clickInPanel(FILE, '[data-testid="tab-geometry"]');
    const after = await h.waitFor('the geometry at alpha 1', async () => {
      const b = await budget();
      return b !== before ? b : undefined;
    }, 60_000);
    assert.ok(after < before, `L1 budget ${before} at alpha 0.1, ${after} at alpha 1`);
  }, 240_000);
  h.test('diagnostics and geometry: markup in column names renders as text and runs nothing', async () => {
    const FILE = 'xss_insights.csv';
    const evil = ['<img src=x onerror="window.__pwned=1">', '</script><script>window.__pwned=2</script>', '{{7*7}}'];
    const lines = [[...evil.map((e) => `"${e.replace(/"/g, '""')}"`), 'y'].join(',')];
    for (let i = 0; i < 60; i++) {
      const a = (i * 7) % 11, b = (i * 5) % 13, c = a + ((i * 3) % 5) / 10;
      lines.push([a, b, c, a + 2 * b - c + ((i * 37) % 10) / 10].join(','));
    }
    require('fs').writeFileSync(path.join(h.WORKSPACE, FILE), lines.join('\n') + '\n');
    await h.explorerRow(FILE).waitFor({ state: 'visible', timeout: 30_000 });
    await openPanel(FILE);
    await h.clickInPanel(FILE, '[data-testid="tab-diagnostics"]');
    const { frame } = await h.inPanel(FILE, '[data-testid="advice"]', 120_000);
    const heads = await frame.$$eval('[data-testid="corr-heatmap"] thead th', (ths) => ths.map((t) => t.textContent));
    assert.deepStrictEqual(heads, evil);
    await h.clickInPanel(FILE, '[data-testid="tab-geometry"]');
    await h.inPanel(FILE, '[data-testid="geometry-canvas"][data-drawn="1"]', 60_000);
    const options = await frame.$$eval('[data-testid="geometry-x"] option', (os) => os.map((o) => o.textContent));
    assert.deepStrictEqual(options, evil);
    assert.strictEqual(await frame.evaluate(() => window.__pwned), undefined, 'a payload ran');
    assert.strictEqual(await frame.$$eval('#app img, #app script', (els) => els.length), 0);
    await h.shot('issue7-xss-geometry');
  }, 180_000);
};
