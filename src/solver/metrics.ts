/** Regression metrics on a row subset, as scikit-learn.metrics computes them. */
import { DenseMatrix } from './design';

/** y_hat = intercept + X coef on `rows` (all rows when omitted). */
export function predict(X: DenseMatrix, coef: Float64Array, intercept: number, rows?: Int32Array): Float64Array {
  const N = X.n;
  const m = rows ? rows.length : N;
  const out = new Float64Array(m).fill(intercept);
  for (let j = 0; j < X.p; j++) {
    const c = coef[j];
    if (c === 0) continue;
    const off = j * N;
    if (rows) for (let i = 0; i < m; i++) out[i] += c * X.x[off + rows[i]];
    else for (let i = 0; i < m; i++) out[i] += c * X.x[off + i];
  }
  return out;
}

/**
 * mse, rmse, mae and r2 (sklearn.metrics.r2_score with force_finite: constant y gives 1 for a
 * perfect prediction, else 0). `y` is indexed by `rows` when given; `yhat` holds one value per
 * selected row (yhat.length === rows.length) or one per row of y.
 */
export function regressionMetrics(y: Float64Array, yhat: Float64Array, rows?: Int32Array): { mse: number; rmse: number; mae: number; r2: number } {
  const m = rows ? rows.length : y.length;
  const aligned = !rows || yhat.length === rows.length;
  if (m === 0) return { mse: NaN, rmse: NaN, mae: NaN, r2: NaN };
  let sy = 0;
  for (let t = 0; t < m; t++) sy += rows ? y[rows[t]] : y[t];
  const ym = sy / m;
  let sse = 0;
  let sae = 0;
  let sst = 0;
  for (let t = 0; t < m; t++) {
    const i = rows ? rows[t] : t;
    const yi = y[i];
    const e = yi - (aligned ? yhat[t] : yhat[i]);
    sse += e * e;
    sae += Math.abs(e);
    sst += (yi - ym) * (yi - ym);
  }
  const mse = sse / m;
  let r2: number;
  if (sst === 0) r2 = sse === 0 ? 1 : 0;
  else r2 = 1 - sse / sst;
  return { mse, rmse: Math.sqrt(mse), mae: sae / m, r2 };
}
