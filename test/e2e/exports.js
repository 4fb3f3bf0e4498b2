// Exports end to end, loaded by test/e2e/run.js with its helpers, in the real panel. The extension
// host runs with REGULARIZATION_EXPORT_DIR (run.js): files go there without a save dialog and copied
// code is also written there (a headless browser cannot read code-server's clipboard).
//  - "Copy as Python": the code runs with /usr/bin/python3 (scikit-learn) and prints the
//    coefficients the panel's table shows (1e-6 relative), zeros where the table says zeroed;
//  - "Export JSON" / "Export results CSV": every number equals the table's data-value;
//  - the path chart's SVG is a document with one line per coefficient; its PNG has the signature;
//  - "Open as notebook" writes an nbformat 4 notebook whose code is the Python snippet.
// Oracles: the panel's own table (data-value, full precision) and scikit-learn.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

module.exports = function register(h) {
  const DIR = path.join(h.OUT, 'exports');
  const FILE = 'seed_sparse.csv';

  async function fileAppears(name) {
    const p = path.join(DIR, name);
    await h.waitFor(`${name} to be written`, () => (fs.existsSync(p) && fs.statSync(p).size > 0 ? true : undefined), 30_000);
    return p;
  }

  async function status(frame, pattern) {
    return h.waitFor(`the export status to match ${pattern}`, async () => {
      const t = await frame.$eval('[data-testid="export-status"]', (e) => e.textContent || '');
      return pattern.test(t) ? t : undefined;
    }, 30_000);
  }

  function close(a, b, what) {
    const tol = 1e-6 * Math.max(Math.abs(a), Math.abs(b), 1e-3);
    assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);
  }

  h.test('exports: Copy as Python runs with scikit-learn and prints the table; JSON, CSV, notebook and chart SVG/PNG carry the panel\'s numbers', async () => {
    fs.rmSync(DIR, { recursive: true, force: true });
    fs.mkdirSync(DIR, { recursive: true });
    await h.closeAllEditors();
    await h.explorerMenu(FILE, 'Analyze CSV…');
    const { frame } = await h.inPanel(FILE, '[data-testid="coef-table"]', 120_000);
    const table = await h.readCoefTable(frame);
    assert.deepStrictEqual(table.models, ['ols', 'ridge', 'lasso', 'elasticnet']);

    await h.clickInPanel(FILE, '[data-testid="export-python"]');
    await status(frame, /copied to the clipboard/);
    const py = await fileAppears('seed_sparse.py');
    const run = spawnSync('/usr/bin/python3', [py], { encoding: 'utf8', env: { ...process.env, REGEX_JSON: '1' }, timeout: 120_000 });
    assert.strictEqual(run.status, 0, `the copied Python failed (python3-sklearn and python3-pandas needed): ${run.stderr}`);
    const out = JSON.parse(run.stdout);
    for (const fit of out.fits) {
      for (const [feature, v] of Object.entries(fit.coef)) {
        const shown = table.rows[feature][fit.model];
        close(v, shown, `${fit.model} ${feature}`);
        assert.strictEqual(v === 0, shown === 0, `${fit.model} ${feature}: zeroed in one only`);
      }
    }
    await h.shot('exports-python');

    await h.clickInPanel(FILE, '[data-testid="export-json"]');
    await status(frame, /Results written to/);
    const json = JSON.parse(fs.readFileSync(await fileAppears('seed_sparse-results.json'), 'utf8'));
    assert.strictEqual(json.result.task, 'regression');
    for (const fit of json.result.compare.fits) {
      for (const [feature, v] of Object.entries(fit.coef)) assert.strictEqual(v, table.rows[feature][fit.model], `JSON ${fit.model} ${feature}`);
    }

    await h.clickInPanel(FILE, '[data-testid="export-csv"]');
    await status(frame, /Coefficients written to/);
    const csv = fs.readFileSync(await fileAppears('seed_sparse-coefficients.csv'), 'utf8').trim().split(/\r?\n/);
    assert.strictEqual(csv[0].split(',').slice(0, 5).join(','), 'feature,OLS,Ridge,Lasso,Elastic Net');
    for (const line of csv.slice(1, -1)) {
      const [feature, ...vals] = line.split(',');
      ['ols', 'ridge', 'lasso', 'elasticnet'].forEach((m, k) => assert.strictEqual(Number(vals[k]), table.rows[feature][m], `CSV ${m} ${feature}`));
    }

    await h.clickInPanel(FILE, '[data-testid="export-r"]');
    await status(frame, /R \(glmnet\) code copied/);
    assert.match(fs.readFileSync(await fileAppears('seed_sparse.R'), 'utf8'), /library\(glmnet\)/);

    await h.clickInPanel(FILE, '[data-testid="tab-path"]');
    const { frame: f2 } = await h.inPanel(FILE, '[data-testid="path-chart"][data-series="10"]');
    await h.clickInPanel(FILE, '[data-testid="path-svg"]');
    await status(f2, /Chart written to/);
    const svg = fs.readFileSync(await fileAppears('seed_sparse-path.svg'), 'utf8');
    assert.match(svg, /^<\?xml[^>]*>\s*<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.strictEqual((svg.match(/<path d="M[^"]+" stroke=/g) || []).length, 10, 'one line per coefficient');
    for (const f of Object.keys(table.rows)) assert.ok(svg.includes(`<title>${f}</title>`), `legend/title for ${f}`);
    await h.clickInPanel(FILE, '[data-testid="path-png"]');
    const png = fs.readFileSync(await fileAppears('seed_sparse-path.png'));
    assert.strictEqual(png.readUInt32BE(0), 0x89504e47, 'PNG signature');
    assert.ok(png.length > 5000, `a PNG of ${png.length} bytes is too small to hold the chart`);
    await h.shot('exports-path');
    // Last: the notebook opens in an editor in front of the panel (which then reloads when hidden).
    await h.clickInPanel(FILE, '[data-testid="export-notebook"]');
    const nb = JSON.parse(fs.readFileSync(await fileAppears('seed_sparse.ipynb'), 'utf8'));
    assert.strictEqual(nb.nbformat, 4);
    const code = nb.cells.filter((c) => c.cell_type === 'code').map((c) => c.source.join(''));
    assert.strictEqual(code.join('\n'), fs.readFileSync(py, 'utf8'));
    await h.waitFor('the notebook to open in an editor tab', async () => ((await h.page().$('.tab[aria-label*="seed_sparse.ipynb"], .tab [title*="seed_sparse.ipynb"]')) ? true : undefined), 30_000);
    // The notebook editor (code-server's built-in ipynb support) shows the code cells (Monaco lines, spaces as U+00A0).
    await h.waitFor('the notebook editor to show the Python cells', async () => {
      const lines = await h.page().$$eval('.notebook-editor .view-line', (ls) => ls.map((l) => (l.textContent || '').replace(/\u00a0/g, ' '))).catch(() => []);
      return lines.some((l) => l.includes('from sklearn.model_selection import train_test_split')) ? true : undefined;
    }, 30_000);
    await h.shot('exports-notebook');
  });
};
