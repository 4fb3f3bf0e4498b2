// Preview harness for dist/webview.js outside VS Code: a fake acquireVsCodeApi that records what
// the webview posts, and canned host messages with the shapes of src/protocol.ts. The data are
// synthetic but shaped like the pipeline's output (orthonormal-design closed forms: soft
// thresholding for Lasso / Elastic Net, shrinkage for Ridge), so the UI can be looked at and timed.
// Open index.html?scenario=regression|classification|progress|error|cancelled|big|hostile&theme=dark|light|hc
(function () {
  'use strict';
  const params = new URLSearchParams(location.search);
  const scenario = params.get('scenario') || 'regression';
  const theme = params.get('theme') || 'dark';
  const themeClass = { dark: 'vscode-dark', light: 'vscode-light', hc: 'vscode-high-contrast' }[theme] || 'vscode-dark';
  document.body.className = themeClass;

  const posted = [];
  let state = JSON.parse(sessionStorage.getItem('preview-state') || 'null');
  window.acquireVsCodeApi = function () {
    return {
      postMessage(msg) {
        posted.push(msg);
        if (msg && msg.type === 'webview/ready') setTimeout(() => play(scenario), 0);
        else if (msg && window.__previewAnswer) window.__previewAnswer(msg, send); // insights-canned.js
      },
      getState: () => state,
      setState(s) {
        state = s;
        sessionStorage.setItem('preview-state', JSON.stringify(s));
      },
    };
  };
  const send = (msg) => window.postMessage(msg, '*');
  window.__preview = { posted, send, scenario, build: () => build, getState: () => state };

  // ---- deterministic random numbers (mulberry32) and helpers
  function rng(seed) {
    return function () {
      seed |= 0;
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  function gauss(r) {
    return Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
  }
  const logspace = (a, b, n) => Array.from({ length: n }, (_, i) => 10 ** (a + ((b - a) * i) / (n - 1)));
  const soft = (b, t) => Math.sign(b) * Math.max(Math.abs(b) - t, 0);

  function regressionData(p, opts) {
    const r = rng(opts.seed || 7);
    const names = opts.names || Array.from({ length: p }, (_, j) => `x${j + 1}`);
    const truth = names.map((_, j) => (opts.truth && opts.truth[j] !== undefined ? opts.truth[j] : j % 37 === 0 ? 2 * gauss(r) : r() < opts.density ? gauss(r) : 0));
    const b = truth.map((t) => t + 0.05 * gauss(r)); // OLS on the standardized scale
    const sd = names.map(() => 0.5 + 2.5 * r());
    return { names, truth, b, sd };
  }

  function pathFor(d, model, l1Ratio, nAlphas, n) {
    const maxAbs = Math.max(...d.b.map(Math.abs));
    let alphas;
    let f;
    if (model === 'ridge') {
      alphas = logspace(5, -2, nAlphas);
      f = (b, a) => (b * n) / (n + a);
    } else if (model === 'lasso') {
      alphas = logspace(Math.log10(maxAbs), Math.log10(maxAbs) - 3, nAlphas);
      f = (b, a) => soft(b, a);
    } else {
      alphas = logspace(Math.log10(maxAbs / l1Ratio), Math.log10(maxAbs / l1Ratio) - 3, nAlphas);
      f = (b, a) => soft(b, a * l1Ratio) / (1 + a * (1 - l1Ratio));
    }
    const coef = {};
    d.names.forEach((name, j) => (coef[name] = alphas.map((a) => f(d.b[j], a))));
    const n_nonzero = alphas.map((_, i) => d.names.filter((nm) => coef[nm][i] !== 0).length);
    const entry = d.names
      .map((nm) => ({ nm, i: coef[nm].findIndex((v) => v !== 0) }))
      .filter((e) => e.i >= 0)
      .sort((a, c) => a.i - c.i)
      .map((e) => e.nm);
    return {
      path: { model, l1_ratio: model === 'elasticnet' ? l1Ratio : model === 'lasso' ? 1 : null, alphas, coef, intercept: alphas.map(() => 4.2), n_nonzero, entry_order: entry, notes: [] },
      f,
    };
  }

  function cvFor(d, model, path, f, sigma2, folds) {
    const mean = path.alphas.map((a) => {
      let bias = 0;
      let k = 0;
      d.b.forEach((b, j) => {
        const c = f(b, a);
        bias += (d.truth[j] - c) ** 2;
        if (c !== 0) k++;
      });
      return sigma2 + bias + (sigma2 * k) / 150;
    });
    const se = mean.map((m) => 0.07 * m);
    let iMin = 0;
    mean.forEach((m, i) => (m < mean[iMin] ? (iMin = i) : 0));
    let i1 = iMin;
    for (let i = 0; i < iMin; i++) {
      if (mean[i] <= mean[iMin] + se[iMin]) {
        i1 = i;
        break;
      }
    }
    return { model, metric: 'mse', l1_ratio: path.l1_ratio, alphas: path.alphas, cv_mean: mean, cv_se: se, alpha_min: path.alphas[iMin], alpha_1se: path.alphas[i1], index_min: iMin, index_1se: i1, folds, notes: [] };
  }

  function fitFrom(d, model, coefStd, alpha, l1, r2, mse) {
    const coef = {};
    const coefS = {};
    d.names.forEach((nm, j) => {
      coefS[nm] = coefStd[j];
      coef[nm] = coefStd[j] === 0 ? 0 : coefStd[j] / d.sd[j];
    });
    return {
      model, alpha, l1_ratio: l1, intercept: 4.21837 - 0.013 * d.names.length * (model === 'ols' ? 0 : 1), coef, coef_standardized: coefS, intercept_standardized: 4.2, n_train: 150, n_test: 50, rows_dropped: 0,
      metrics: { train: { mse: mse * 0.9, rmse: Math.sqrt(mse * 0.9), mae: Math.sqrt(mse) * 0.8, r2: r2 + 0.01 }, test: { mse, rmse: Math.sqrt(mse), mae: Math.sqrt(mse) * 0.8, r2 } },
      n_iter: model === 'ols' || model === 'ridge' ? 1 : 37, converged: true, dual_gap: model === 'ols' || model === 'ridge' ? null : 3.2e-7, notes: [],
    };
  }

  const settingsBase = { target: 'y', features: [], task: 'regression', alpha: 0.1, l1Ratio: 0.5, ridgeAlpha: 1, C: 1, penalty: 'l2', standardize: true, testSize: 0.25, cvFolds: 5, seed: 0 };

  function regression(p, opts) {
    const d = regressionData(p, opts);
    const nA = opts.nAlphas || 100;
    const lasso = pathFor(d, 'lasso', 1, nA, 150);
    const enet = pathFor(d, 'elasticnet', 0.5, nA, 150);
    const ridge = pathFor(d, 'ridge', null, nA, 150);
    const settings = { ...settingsBase, features: d.names.slice() };
    const ols = fitFrom(d, 'ols', d.b, null, null, 0.912, 1.08);
    const fr = fitFrom(d, 'ridge', d.b.map((b) => ridge.f(b, settings.ridgeAlpha)), settings.ridgeAlpha, null, 0.915, 1.05);
    const fl = fitFrom(d, 'lasso', d.b.map((b) => lasso.f(b, settings.alpha)), settings.alpha, 1, 0.921, 0.983);
    const fe = fitFrom(d, 'elasticnet', d.b.map((b) => enet.f(b, settings.alpha)), settings.alpha, 0.5, 0.919, 0.998);
    const selected = Object.values(fl.coef).filter((v) => v !== 0).length;
    const cvL = cvFor(d, 'lasso', lasso.path, lasso.f, 1, 5);
    const cvE = cvFor(d, 'elasticnet', enet.path, enet.f, 1, 5);
    cvE.by_l1_ratio = [0.1, 0.5, 0.9].map((l1) => {
      const pe = pathFor(d, 'elasticnet', l1, nA, 150);
      const c = cvFor(d, 'elasticnet', pe.path, pe.f, 1 + (l1 === 0.5 ? 0 : 0.05), 5);
      return { l1_ratio: l1, alphas: c.alphas, cv_mean: c.cv_mean, cv_se: c.cv_se, alpha_min: c.alpha_min, alpha_1se: c.alpha_1se, best: Math.min(...c.cv_mean) };
    });
    const cvR = cvFor(d, 'ridge', ridge.path, ridge.f, 1, 5);
    const result = {
      task: 'regression',
      summary: { rows_used: 200, rows_dropped: 3, n_train: 150, n_test: 50, p: d.names.length },
      compare: { columns: d.names.slice(), fits: [ols, fr, fl, fe], lasso_selected: selected, p: d.names.length, notes: [] },
      paths: { lasso: lasso.path, elasticnet: enet.path, ridge: ridge.path },
      cv: { lasso: cvL, elasticnet: cvE, ridge: cvR },
      notes: opts.notes || ['3 rows with missing values were dropped (missing = drop).'],
    };
    return { settings, result };
  }

  function datasetFor(names, extra, rows) {
    const columns = [{ name: 'id', kind: 'excluded', missing: 0, reason: `ID-like: ${rows} distinct strings`, distinct: rows }]
      .concat(names.map((n, j) => ({ name: n, kind: 'numeric', missing: j === 3 ? 3 : 0, distinct: rows })))
      .concat(extra || [])
      .concat([{ name: 'y', kind: 'numeric', missing: 0, distinct: rows }]);
    return { file: '/work/main/samples/seed_sparse.csv', rows, delimiter: ',', columns, defaultTarget: 'y', notes: [] };
  }

  function classification() {
    const r = rng(11);
    const names = ['tenure_months', 'monthly_charges', 'support_calls', 'contract=two_year', 'contract=one_year', 'paperless', 'age', 'num_products'];
    const coefS = [-1.21, 0.84, 0.66, -0.93, -0.41, 0.0, 0.0, -0.12];
    const sd = names.map(() => 0.5 + r() * 10);
    const coef = {};
    const cs = {};
    names.forEach((n, j) => ((cs[n] = coefS[j]), (coef[n] = coefS[j] === 0 ? 0 : coefS[j] / sd[j])));
    // Binormal ROC with d' = 1.75 (AUC about 0.89).
    const Phi = (x) => 0.5 * (1 + erf(x / Math.SQRT2));
    const fpr = [0];
    const tpr = [0];
    for (let i = 1; i < 60; i++) {
      const z = 3 - (6 * i) / 60;
      fpr.push(1 - Phi(z));
      tpr.push(1 - Phi(z - 1.75));
    }
    fpr.push(1);
    tpr.push(1);
    const metricsTest = { auc: 0.8921535, log_loss: 0.3817294, accuracy: 0.84, confusion: [[58, 7], [9, 26]], roc: { fpr, tpr } };
    const metricsTrain = { auc: 0.9013322, log_loss: 0.3651, accuracy: 0.8525, confusion: [[180, 19], [25, 76]], roc: { fpr, tpr } };
    const fit = { model: 'logistic', alpha: null, l1_ratio: 0.5, C: 0.5, penalty: 'elasticnet', intercept: -0.73, coef, coef_standardized: cs, intercept_standardized: -0.88, n_train: 300, n_test: 100, rows_dropped: 0, metrics: { train: metricsTrain, test: metricsTest }, n_iter: 84, converged: true, notes: [] };
    const Cs = logspace(-3, 3, 10);
    const alphas = Cs.map((c) => 1 / c).reverse().concat([]);
    const pc = {};
    names.forEach((n, j) => (pc[n] = alphas.map((a) => soft(coefS[j] * 1.3, a * 0.2) / (1 + a * 0.1))));
    const path = { model: 'logistic', l1_ratio: 0.5, alphas, coef: pc, intercept: alphas.map(() => -0.8), n_nonzero: alphas.map((_, i) => names.filter((n) => pc[n][i] !== 0).length), entry_order: names.slice(), Cs: alphas.map((a) => 1 / a), notes: [] };
    const l1s = [0, 0.25, 0.5, 0.75, 1];
    const mean = Cs.map((C) => l1s.map((l1) => 0.885 - 0.012 * (Math.log10(C) + 0.3) ** 2 - 0.01 * (l1 - 0.5) ** 2 - (C < 0.01 ? 0.2 * (1 - l1 * 0.5) : 0)));
    const aucCurve = alphas.map((a) => 0.885 - 0.012 * (Math.log10(1 / a) + 0.3) ** 2);
    let iMin = 0;
    aucCurve.forEach((v, i) => (v > aucCurve[iMin] ? (iMin = i) : 0));
    const cv = {
      model: 'logistic', metric: 'auc', l1_ratio: 0.5, alphas, cv_mean: aucCurve, cv_se: aucCurve.map(() => 0.015), alpha_min: alphas[iMin], alpha_1se: alphas[Math.max(0, iMin - 2)], index_min: iMin, index_1se: Math.max(0, iMin - 2), folds: 5,
      Cs, C_best: 1 / alphas[iMin], C_1se: 1 / alphas[Math.max(0, iMin - 2)],
      grid: { Cs, l1_ratios: l1s, mean, best: { C: Cs[5], l1_ratio: 0.5, score: mean[5][2] } }, notes: [],
    };
    const settings = { ...settingsBase, target: 'churned', features: names.map((n) => n.split('=')[0]).filter((v, i, a) => a.indexOf(v) === i), task: 'classification', penalty: 'elasticnet', C: 0.5, positiveClass: 'yes' };
    const summary = {
      file: '/work/main/samples/classification.csv', rows: 400, delimiter: ',', defaultTarget: 'churned', notes: [],
      columns: [
        { name: 'customer_id', kind: 'excluded', missing: 0, reason: 'ID-like: 400 distinct strings', distinct: 400 },
        { name: 'tenure_months', kind: 'numeric', missing: 0 },
        { name: 'monthly_charges', kind: 'numeric', missing: 2 },
        { name: 'support_calls', kind: 'numeric', missing: 0 },
        { name: 'contract', kind: 'categorical', missing: 0, levels: ['month', 'one_year', 'two_year'], distinct: 3 },
        { name: 'paperless', kind: 'boolean', missing: 0, distinct: 2 },
        { name: 'age', kind: 'numeric', missing: 0 },
        { name: 'num_products', kind: 'numeric', missing: 0 },
        { name: 'signup_date', kind: 'excluded', missing: 0, reason: 'text column with 391 distinct values (more than 20 levels)' },
        { name: 'churned', kind: 'categorical', missing: 0, levels: ['no', 'yes'], distinct: 2 },
      ],
    };
    const result = { task: 'classification', summary: { rows_used: 400, rows_dropped: 0, n_train: 300, n_test: 100, p: names.length, positive_class: 'yes', negative_class: 'no' }, fit, path, cv, notes: [] };
    return { summary, settings, result };
  }

  function erf(x) {
    // Abramowitz-Stegun 7.1.26
    const t = 1 / (1 + 0.3275911 * Math.abs(x));
    const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
    return x >= 0 ? y : -y;
  }

  const build = {
    regression() {
      const names = Array.from({ length: 20 }, (_, j) => `x${j + 1}`).concat(['region=south', 'region=west']);
      const truth = names.map((_, j) => [3, -2, 1.5, 0, 0.8, 0, 0, -0.5][j] ?? 0);
      truth[20] = 0.3;
      const { settings, result } = regression(names.length, { names, truth, seed: 3 });
      const summary = datasetFor(names.slice(0, 20), [{ name: 'region', kind: 'categorical', missing: 0, levels: ['north', 'south', 'west'], distinct: 3 }], 203);
      settings.features = names.slice(0, 20).concat(['region']);
      return { summary, settings, result };
    },
    big(p) {
      const n = p || 1000;
      const names = Array.from({ length: n }, (_, j) => `g${String(j + 1).padStart(4, '0')}`);
      const { settings, result } = regression(n, { names, density: 0.03, seed: 5 });
      const summary = datasetFor(names, [], 5000);
      summary.file = '/work/main/bench/data/wide_1000.csv';
      settings.features = names.slice();
      return { summary, settings, result };
    },
    classification,
    hostile() {
      const evil = ['<img src=x onerror="document.body.dataset.pwned=1">', '"><script>document.body.dataset.pwned=2</script>', 'a&amp;b', 'x2'];
      const { settings, result } = regression(evil.length, { names: evil, truth: [1, 0, -1, 0.5], seed: 9, notes: ['<b>note</b> with markup'] });
      const summary = datasetFor(evil, [], 50);
      summary.notes = ['<i>dataset note</i>'];
      settings.features = evil.slice();
      return { summary, settings, result };
    },
  };

  function play(name) {
    if (name.startsWith('real-')) {
      // Messages from the real pipeline (make-real.js), loaded by a nonce'd script like any other.
      const script = document.createElement('script');
      script.nonce = 'preview';
      script.src = '/test-output/webview-preview/real-data.js';
      script.onload = () => {
        for (const m of window.__realMessages[name] || []) send(m);
        if (params.get('view')) send({ type: 'view/focus', view: params.get('view') });
      };
      document.head.append(script);
      return;
    }
    const fileUri = 'file:///work/main/samples/seed_sparse.csv';
    if (name === 'classification') {
      const c = build.classification();
      send({ type: 'setup/dataset', summary: c.summary, settings: c.settings, fileUri });
      send({ type: 'analysis/result', settings: c.settings, result: c.result, elapsedMs: 412 });
      return;
    }
    if (name === 'big') {
      const b = build.big(Number(params.get('p')) || 1000);
      send({ type: 'setup/dataset', summary: b.summary, settings: b.settings, fileUri });
      send({ type: 'view/focus', view: params.get('view') || 'path' });
      send({ type: 'analysis/result', settings: b.settings, result: b.result, elapsedMs: 8123 });
      return;
    }
    if (name === 'hostile') {
      const x = build.hostile();
      send({ type: 'setup/dataset', summary: x.summary, settings: x.settings, fileUri });
      send({ type: 'analysis/result', settings: x.settings, result: x.result, elapsedMs: 50 });
      send({ type: 'analysis/error', message: '<b>Row 3</b>, column "<img src=x>": "abc" is not a number.' });
      return;
    }
    const r = build.regression();
    send({ type: 'setup/dataset', summary: r.summary, settings: r.settings, fileUri });
    if (name === 'regression') {
      if (params.get('view')) send({ type: 'view/focus', view: params.get('view') });
      send({ type: 'analysis/result', settings: r.settings, result: r.result, elapsedMs: 1234 });
    } else if (name === 'progress') {
      send({ type: 'job/progress', progress: { stage: 'cv', message: 'fold 3 of 5 · alpha 40 of 100', fraction: 0.46 } });
    } else if (name === 'error') {
      send({ type: 'analysis/error', message: 'samples/malformed.csv, row 17, column "x3": "abc" is not a number. Mark it as missing (regularization.missingValueTokens) or fix the cell.' });
    } else if (name === 'cancelled') {
      send({ type: 'job/progress', progress: { stage: 'path', message: 'alpha 12 of 100', fraction: 0.12 } });
      setTimeout(() => send({ type: 'analysis/cancelled' }), 50);
    }
  }
})();
