// Canned host answers for the issue 7 requests (refit/request, insights/request, geometry/request)
// in the webview preview, until the worker jobs exist and for screenshots without a worker.
// Closed forms of the synthetic regression scenario (orthonormal design: soft thresholding,
// shrinkage) and a quadratic loss with correlation rho for the geometry picture. Shapes are those
// of src/protocol.ts; the numbers are not the pipeline's.
(function () {
  'use strict';
  const soft = (b, t) => Math.sign(b) * Math.max(Math.abs(b) - t, 0);
  function base() {
    const r = window.__preview.build().regression().result;
    const ols = r.compare.fits[0];
    const names = r.compare.columns;
    const b = names.map((n) => ols.coef_standardized[n]);
    const sd = names.map((n, j) => (ols.coef[n] ? b[j] / ols.coef[n] : 1));
    return { r, names, b, sd };
  }
  function refit(req) {
    const t0 = performance.now();
    const { names, b, sd } = base();
    const f = req.model === 'ridge' ? (x) => (x * 150) / (150 + req.alpha) : req.model === 'lasso' ? (x) => soft(x, req.alpha) : (x) => soft(x, req.alpha * req.l1Ratio) / (1 + req.alpha * (1 - req.l1Ratio));
    const coefS = {};
    const coef = {};
    let k = 0;
    let bias = 0;
    names.forEach((n, j) => {
      const c = f(b[j]);
      coefS[n] = c;
      coef[n] = c === 0 ? 0 : c / sd[j];
      if (c !== 0) k++;
      bias += (b[j] - c) ** 2;
    });
    const mse = 1 + bias * 0.8 + k / 150;
    return { model: req.model, alpha: req.alpha, l1_ratio: req.model === 'ridge' ? null : req.l1Ratio, intercept: 4.2, coef, coef_standardized: coefS, n_nonzero: k, metrics: { train: { mse: mse * 0.9, rmse: Math.sqrt(mse * 0.9), mae: Math.sqrt(mse) * 0.8, r2: 1 - mse / 12 }, test: { mse, rmse: Math.sqrt(mse), mae: Math.sqrt(mse) * 0.8, r2: 1 - mse / 11 } }, n_iter: 3 + Math.round(Math.abs(Math.log10(req.alpha)) * 4), converged: true, elapsed_ms: Math.round((performance.now() - t0 + 2.4) * 10) / 10 };
  }
  function insights(threshold, nSub) {
    const { r, names, b } = base();
    const lasso = r.compare.fits[2];
    const p = names.length;
    // x1, x2 and x4 strongly correlated; region dummies mildly anti-correlated; the rest near 0.
    const group = ['x1', 'x2', 'x4'];
    const R = names.map((a, i) => names.map((c, j) => {
      if (i === j) return 1;
      if (group.includes(a) && group.includes(c)) return a === 'x4' || c === 'x4' ? 0.86 : 0.93;
      if (a.startsWith('region') && c.startsWith('region')) return -0.48;
      return Math.round(0.3 * Math.sin(i * 7 + j * 7 + i * j) * 100) / 100;
    }));
    const vif = names.map((c) => ({ column: c, vif: c === 'x1' ? 14.2 : c === 'x2' ? 11.7 : c === 'x4' ? 6.3 : c === 'x20' ? null : 1 + ((c.length * 13) % 9) / 10 }));
    const kept = group.filter((c) => lasso.coef[c] !== 0);
    const zeroed = group.filter((c) => lasso.coef[c] === 0);
    const freq = {};
    names.forEach((n, j) => (freq[n] = Math.min(1, Math.round((Math.abs(b[j]) > 0.12 ? 0.55 + Math.abs(b[j]) / 3 : 0.05 + ((j * 37) % 30) / 100) * nSub) / nSub)));
    const selected = names.filter((n) => lasso.coef[n] !== 0);
    const relaxedCoef = {};
    selected.forEach((n) => (relaxedCoef[n] = r.compare.fits[0].coef[n]));
    const settings = { alpha: 0.1, ridgeAlpha: 1 };
    return {
      correlation: { columns: names, r: R },
      vif,
      groups: { threshold, groups: threshold <= 0.93 ? [{ columns: group.filter((c) => threshold <= (c === 'x4' ? 0.86 : 0.93)), kept_by_lasso: kept, zeroed_by_lasso: zeroed, warning: zeroed.length ? `Lasso kept ${kept.join(', ')} and zeroed ${zeroed.join(', ')}, which are correlated with it: which one survives is close to arbitrary. Elastic Net keeps correlated features together.` : null }] : [] },
      stability: { n_subsamples: nSub, fraction: 0.5, alpha: settings.alpha, seed: 0, frequency: freq },
      relaxed: { alpha: settings.alpha, selected, lasso: { intercept: lasso.intercept, coef: lasso.coef, test_mse: 0.983, test_r2: 0.921 }, relaxed_ols: { intercept: 4.2184, coef: relaxedCoef, test_mse: 0.951, test_r2: 0.924 } },
      soft_threshold: { alpha: settings.alpha, ridge_alpha: settings.ridgeAlpha, rows: names.map((n, j) => ({ column: n, ols: b[j], lasso: soft(b[j], settings.alpha), ridge: b[j] / (1 + settings.ridgeAlpha) })), note: 'Exact only when the standardized features are orthonormal (X\u1d40X/n = I); with correlated features the real fits differ.' },
      advice: { recommendation: 'elasticnet', reasons: [`p = ${p} is well below n = 150, so every model can be fitted.`, 'x1, x2 and x4 form a correlated group (|r| up to 0.93): Lasso keeps one of them and zeroes the others.', 'The Lasso CV curve is lowest at a sparse model (8 of 22 features): a penalty that zeroes helps.', 'Elastic Net keeps the sparsity and shares weight across the correlated group.'], facts: { n: 150, p, groups: 1, sparse_cv: true } },
      notes: [],
    };
  }
  function geometry(req) {
    const { names, b } = base();
    const i = names.indexOf(req.features[0]);
    const j = names.indexOf(req.features[1]);
    const o = [b[i], b[j]];
    const rho = 0.6;
    const loss = (w1, w2) => { const d1 = w1 - o[0], d2 = w2 - o[1]; return d1 * d1 + 2 * rho * d1 * d2 + d2 * d2; };
    // min 0.5 (w-o)'A(w-o) + pen(w), by coordinate descent (A = [[1, rho], [rho, 1]]).
    const solve = (penalty) => {
      const w = [0, 0];
      for (let it = 0; it < 500; it++) {
        for (let k = 0; k < 2; k++) {
          const other = w[1 - k] - o[1 - k];
          const z = o[k] - rho * other;
          w[k] = penalty === 'l1' ? soft(z, req.alpha * 2) : z / (1 + req.ridgeAlpha / 4);
        }
      }
      return w;
    };
    const lasso = solve('l1');
    const ridge = solve('l2');
    const ext = Math.max(Math.abs(o[0]), Math.abs(o[1]), 0.5) * 1.6;
    const n = 61;
    const w1 = Array.from({ length: n }, (_, k) => -ext + (2 * ext * k) / (n - 1));
    const w2 = w1.slice();
    const grid = w2.map((y) => w1.map((x) => loss(x, y)));
    const lOls = 0;
    const lL = loss(lasso[0], lasso[1]);
    const levels = [lL * 0.25, lL * 0.5, lL, lL * 2, lL * 4, lL * 8].filter((v) => v > lOls);
    return { features: req.features, grid: { w1, w2, loss: grid, levels }, ols: o, lasso, ridge, l1_budget: Math.abs(lasso[0]) + Math.abs(lasso[1]), l2_budget: Math.hypot(ridge[0], ridge[1]) };
  }
  // ?aux=real: answers computed by the real pipeline (written to test-output/webview-preview/real-aux.js
  // by the screenshot run), for scenario=real-correlated.
  if (new URLSearchParams(location.search).get('aux') === 'real') {
    const script = document.createElement('script');
    script.nonce = 'preview';
    script.src = '/test-output/webview-preview/real-aux.js';
    document.head.append(script);
  }
  window.__previewAnswer = function (msg, send) {
    const delay = (ms, m) => setTimeout(() => send(m), ms);
    const real = window.__realAux;
    if (real) {
      if (msg.type === 'refit/request') delay(15, { type: 'refit/result', result: { ...real.refit, alpha: msg.request.alpha } });
      else if (msg.type === 'geometry/request' && real.geometry.features.join() === msg.request.features.join()) delay(20, { type: 'geometry/result', result: real.geometry });
      else if (msg.type === 'insights/request') delay(100, { type: 'insights/result', result: real.insights });
      return;
    }
    if (msg.type === 'refit/request') delay(15, { type: 'refit/result', result: refit(msg.request) });
    else if (msg.type === 'geometry/request') delay(20, { type: 'geometry/result', result: geometry(msg.request) });
    else if (msg.type === 'insights/request') {
      const n = msg.nSubsamples;
      [0.25, 0.5, 0.75].forEach((f, k) => delay(40 * (k + 1), { type: 'insights/progress', progress: { stage: 'stability', message: `subsample ${Math.round(f * n)} of ${n}`, fraction: f } }));
      delay(200, { type: 'insights/result', result: insights(msg.threshold, n) });
    }
  };
})();
