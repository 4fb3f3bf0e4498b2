/**
 * Binary classification metrics with scikit-learn 1.2 semantics: roc_curve (drop_intermediate),
 * roc_auc_score (trapezoid under that curve, ties handled as one threshold), log_loss (clipped at
 * float64 eps), accuracy and the confusion matrix at probability 0.5 ([[tn, fp], [fn, tp]]).
 *
 * Every function takes the full y01 vector and an optional `rows` subset, so a caller can score a
 * test split or a CV fold without copying. The scores / probabilities hold either one value per
 * selected row (length rows.length, as predict(X, coef, b, rows) returns them) or one per row of
 * y01 — the rule of regressionMetrics: aligned with `rows` when their lengths are equal.
 * Targets are 0/1 (anything > 0.5 counts as 1).
 * When the evaluated rows hold a single class, AUC and the ROC rates are undefined: they are NaN
 * (sklearn raises/warns there), and the pipeline turns that into a note.
 */

export interface RocCurve {
  fpr: number[];
  tpr: number[];
  /** Thresholds as sklearn 1.2: the first one is max(score) + 1. */
  thresholds: number[];
}

export interface BinaryClassificationMetrics {
  auc: number;
  log_loss: number;
  accuracy: number;
  /** [[tn, fp], [fn, tp]] at probability 0.5 (positive when prob > 0.5, as sklearn's predict). */
  confusion: [[number, number], [number, number]];
  roc: { fpr: number[]; tpr: number[] };
}

/** float64 machine epsilon: sklearn 1.2 log_loss clips probabilities to [eps, 1 - eps]. */
const EPS = 2.220446049250313e-16;

/** (target, score) of the evaluated rows as compact arrays. */
function selected(y01: Float64Array, score: Float64Array, rows?: Int32Array): { y: Float64Array; s: Float64Array } {
  if (!rows) {
    if (score.length !== y01.length) throw new Error(`metrics: ${score.length} scores for ${y01.length} targets`);
    return { y: y01, s: score };
  }
  const m = rows.length;
  const aligned = score.length === m;
  if (!aligned && score.length !== y01.length) throw new Error(`metrics: ${score.length} scores for ${m} rows of ${y01.length}`);
  const y = new Float64Array(m);
  const s = new Float64Array(m);
  for (let t = 0; t < m; t++) {
    y[t] = y01[rows[t]];
    s[t] = aligned ? score[t] : score[rows[t]];
  }
  return { y, s };
}

function rowList(n: number): Int32Array {
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  return all;
}

/**
 * Cumulative (fps, tps) at each distinct score, scores taken in decreasing order: sklearn's
 * `_binary_clf_curve`. Equal scores form one threshold, so ties count half in the AUC.
 */
function binaryClfCurve(y01: Float64Array, score: Float64Array): { fps: number[]; tps: number[]; thr: number[] } {
  const idx = Array.from(rowList(y01.length));
  idx.sort((a, b) => score[b] - score[a]);
  const fps: number[] = [];
  const tps: number[] = [];
  const thr: number[] = [];
  let tp = 0;
  for (let k = 0; k < idx.length; k++) {
    if (y01[idx[k]] > 0.5) tp++;
    if (k === idx.length - 1 || score[idx[k + 1]] !== score[idx[k]]) {
      tps.push(tp);
      fps.push(k + 1 - tp);
      thr.push(score[idx[k]]);
    }
  }
  return { fps, tps, thr };
}

/** sklearn.metrics.roc_curve(y, score, drop_intermediate=True) for 0/1 targets. */
export function rocCurve(y01: Float64Array, score: Float64Array, rows?: Int32Array): RocCurve {
  const sel = selected(y01, score, rows);
  let { fps, tps, thr } = binaryClfCurve(sel.y, sel.s);
  if (fps.length > 2) {
    // keep the corners only: points where the second difference of fps or tps is non-zero
    const keepF: number[] = [fps[0]];
    const keepT: number[] = [tps[0]];
    const keepR: number[] = [thr[0]];
    for (let k = 1; k < fps.length - 1; k++) {
      if (fps[k + 1] - 2 * fps[k] + fps[k - 1] !== 0 || tps[k + 1] - 2 * tps[k] + tps[k - 1] !== 0) {
        keepF.push(fps[k]);
        keepT.push(tps[k]);
        keepR.push(thr[k]);
      }
    }
    keepF.push(fps[fps.length - 1]);
    keepT.push(tps[tps.length - 1]);
    keepR.push(thr[thr.length - 1]);
    fps = keepF;
    tps = keepT;
    thr = keepR;
  }
  const nNeg = fps.length ? fps[fps.length - 1] : 0;
  const nPos = tps.length ? tps[tps.length - 1] : 0;
  const fpr = [0];
  const tpr = [0];
  for (let k = 0; k < fps.length; k++) {
    fpr.push(nNeg > 0 ? fps[k] / nNeg : NaN);
    tpr.push(nPos > 0 ? tps[k] / nPos : NaN);
  }
  const thresholds = thr.length ? [thr[0] + 1, ...thr] : [];
  return { fpr, tpr, thresholds };
}

/** sklearn.metrics.roc_auc_score for 0/1 targets: trapezoid under roc_curve. NaN with one class. */
export function rocAuc(y01: Float64Array, score: Float64Array, rows?: Int32Array): number {
  const { fpr, tpr } = rocCurve(y01, score, rows);
  if (fpr.length < 2 || !Number.isFinite(fpr[fpr.length - 1]) || !Number.isFinite(tpr[tpr.length - 1])) return NaN;
  let area = 0;
  for (let k = 1; k < fpr.length; k++) area += ((fpr[k] - fpr[k - 1]) * (tpr[k] + tpr[k - 1])) / 2;
  return area;
}

/** sklearn.metrics.log_loss (mean, natural log) with probabilities clipped to [eps, 1 - eps]. */
export function logLoss(y01: Float64Array, prob: Float64Array, rows?: Int32Array): number {
  const { y, s: pr } = selected(y01, prob, rows);
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const p = Math.min(Math.max(pr[i], EPS), 1 - EPS);
    s -= y[i] > 0.5 ? Math.log(p) : Math.log(1 - p);
  }
  return s / y.length;
}

/** Fraction of rows where (prob > threshold) equals the target. */
export function accuracy(y01: Float64Array, prob: Float64Array, rows?: Int32Array, threshold = 0.5): number {
  const { y, s: pr } = selected(y01, prob, rows);
  let hit = 0;
  for (let i = 0; i < y.length; i++) if (pr[i] > threshold === y[i] > 0.5) hit++;
  return hit / y.length;
}

/** Confusion matrix [[tn, fp], [fn, tp]] with positive = prob > threshold. */
export function confusionMatrix(y01: Float64Array, prob: Float64Array, rows?: Int32Array, threshold = 0.5): [[number, number], [number, number]] {
  const { y, s: pr } = selected(y01, prob, rows);
  let tn = 0, fp = 0, fn = 0, tp = 0;
  for (let i = 0; i < y.length; i++) {
    const pos = pr[i] > threshold;
    if (y[i] > 0.5) {
      if (pos) tp++;
      else fn++;
    } else if (pos) fp++;
    else tn++;
  }
  return [[tn, fp], [fn, tp]];
}

/** All test-split metrics at once; `prob` are predicted P(y = 1). */
export function classificationMetrics(y01: Float64Array, prob: Float64Array, rows?: Int32Array): BinaryClassificationMetrics {
  const { y, s } = selected(y01, prob, rows);
  const roc = rocCurve(y, s);
  return {
    auc: rocAuc(y, s),
    log_loss: logLoss(y, s),
    accuracy: accuracy(y, s),
    confusion: confusionMatrix(y, s),
    roc: { fpr: roc.fpr, tpr: roc.tpr },
  };
}
