/**
 * Elastic net / Lasso by cyclic coordinate descent on the fitted-scale design.
 *
 * Minimizes, with r = yc - Xs w (centred data, so no intercept inside the solver):
 *     (1/(2n)) ||r||^2 + alpha*l1Ratio*||w||_1 + alpha*(1-l1Ratio)/2 * ||w||^2
 * The kernels work on n times that objective, as scikit-learn's cd_fast does:
 *     P(w) = 0.5 ||r||^2 + l1reg ||w||_1 + 0.5 l2reg ||w||^2,  l1reg = n*alpha*l1Ratio, l2reg = n*alpha*(1-l1Ratio)
 * and stop when the duality gap of P is <= tol * ||yc||^2 (reported divided by n, as sklearn's dual_gap_).
 */
import { FittedDesign } from './design';
import { axpy, cholesky, choleskySolve, dot, EPS, gramColumnsInto } from './linalg';
import { NaiveKernel } from './naiveKernel';

/** Residual/gradient pairs kept for the naive-mode KKT bound (kktGradient). */
const HISTORY = 3;
/** Ratio between the alphas of the warm-up path of a cold naive-mode solve (see CdWorkspace.solve). */
const WARMUP_RATIO = 0.7;

/** 'covariance': gradient x_j^T r kept for every j via lazily computed Gram columns; 'naive': residual kept. */
export type CdMode = 'covariance' | 'naive';

/** glmnet's rule for its default type.gaussian ("covariance" when nvars < 500), used only when n > p. */
export function defaultCdMode(n: number, p: number): CdMode {
  return p < 500 && n > p ? 'covariance' : 'naive';
}

/** Fitted-scale Gram columns on demand (covariance mode). */
export interface GramSource {
  /**
   * Writes gram[j*p + k] for every pending j (pending[0..m)) and every k; done[k] = 1 marks columns
   * already in gram, whose entries may be copied by symmetry. Does not change done.
   */
  fill(pending: Int32Array, m: number, gram: Float64Array, done: Uint8Array): void;
}

/**
 * A covariance-mode problem given by its sufficient statistics on the fitted scale: n rows,
 * ||yc||^2, Xs^T yc, ||x_j||^2 and a source of Gram columns (cross-validation folds use this).
 */
export interface CovarianceProblem {
  n: number;
  p: number;
  yy: number;
  xty: Float64Array;
  colSq: Float64Array;
  gramSource: GramSource;
}

export interface CdPointResult {
  nIter: number;
  /** Duality gap of P divided by n (the (1/(2n)) objective's scale, as sklearn's dual_gap_). */
  dualGap: number;
  converged: boolean;
}

/**
 * Coordinate-descent workspace for one fitted design: coefficients, gradient/residual, Gram cache,
 * working set. Reused across the alphas of a path (warm starts, ever-active set).
 * References: Friedman, Hastie & Tibshirani, "Regularization paths for GLMs via coordinate descent"
 * (JSS 2010) for naive/covariance updates and active-set cycling; Tibshirani et al., "Strong rules for
 * discarding predictors in lasso-type problems" (JRSS-B 2012) for the sequential strong rule with KKT
 * re-check; scikit-learn sklearn/linear_model/_cd_fast.pyx for the stopping rule and duality gap;
 * Osborne, Presnell & Turlach (IMA J. Numer. Anal. 2000) for the sign-constrained Newton step.
 */
export class CdWorkspace {
  readonly n: number;
  readonly p: number;
  readonly xs: Float64Array;
  readonly yc: Float64Array;
  readonly mode: CdMode;
  /** ||yc||^2 */
  readonly yy: number;
  /** ||x_j||^2 */
  readonly colSq: Float64Array;
  /** x_j^T yc */
  readonly xty: Float64Array;
  /** Current coefficients (fitted scale). */
  readonly w: Float64Array;
  /** x_j^T r; always current in covariance mode, current after fullGradient() in naive mode. */
  readonly grad: Float64Array;
  /** Residual yc - Xs w (naive mode only). */
  private readonly r: Float64Array;
  /**
   * Naive mode: the last HISTORY residuals r_k at which X^T r_k was computed for every column
   * (column k at k*n / k*p of a ring), for the KKT bound of kktGradient.
   */
  private readonly histR: Float64Array;
  private readonly histG: Float64Array;
  private histLen = 0;
  private histNext = 0;
  /** kktGradient's buffers: projection residual, normal equations. */
  private readonly kktE: Float64Array;
  private readonly kktA = new Float64Array(HISTORY * HISTORY);
  private readonly kktC = new Float64Array(HISTORY);
  /**
   * Naive mode: the sweep and X^T r kernels with their vectors (r, w, colSq, grad and the column
   * lists live in the design's WebAssembly memory when the kernels run there); null in covariance mode.
   */
  private readonly kernel: NaiveKernel | null;
  /** Naive mode: columns whose dot product kktGradient needs (the kernel's list). */
  private readonly kktNeed: Int32Array;
  /** Naive mode: 0..p-1, the column list of fullGradient's pass. */
  private readonly allColumns: Int32Array;
  private readonly colNorm: Float64Array;
  /** Gram columns G[:, j] at j*p, filled when j first becomes non-zero (covariance mode only). */
  private readonly gram: Float64Array;
  private readonly gramDone: Uint8Array;
  private readonly gramSource: GramSource;
  private readonly pendingOne = new Int32Array(1);
  readonly everActive: Uint8Array;
  private readonly inSet: Uint8Array;
  private readonly setList: Int32Array;
  private setLen = 0;
  private readonly activeList: Int32Array;
  /** Outputs of the last sweep (no allocation per sweep). */
  private dwMax = 0;
  private wMax = 0;
  /**
   * max |x_j^T yc| over non-constant columns (n*l1Ratio times alpha_max), computed on first use (-1
   * before): xty and colSq are fixed for the workspace's life, so solveAt need not rescan them per alpha.
   */
  private maxXty = -1;
  /** Sweeps done in the current solve. */
  private iter = 0;
  /** Newton-step buffers (grown on demand, outside the sweeps). */
  private newtonH = new Float64Array(0);
  private newtonH0 = new Float64Array(0);
  private readonly newtonIdx: Int32Array;
  private readonly newtonZ: Float64Array;
  private readonly newtonD: Float64Array;
  /** Diagnostics: Gram columns computed in batches / one at a time. */
  gramBatched = 0;
  gramSingle = 0;
  /** Diagnostics (naive mode): full X^T r passes, and columns computed by the KKT check outside them. */
  fullGradientPasses = 0;
  kktColumns = 0;

  constructor(d: FittedDesign | CovarianceProblem, mode: CdMode = defaultCdMode(d.n, d.p)) {
    const { n, p } = d;
    this.n = n;
    this.p = p;
    if ('gramSource' in d) {
      // Covariance problem given by its sufficient statistics (no design matrix).
      this.xs = new Float64Array(0);
      this.yc = new Float64Array(0);
      this.mode = 'covariance';
      this.kernel = null;
      this.yy = d.yy;
      this.colSq = d.colSq;
      this.xty = d.xty;
      this.gramSource = d.gramSource;
    } else {
      const { xs, yc } = d;
      this.xs = xs;
      this.yc = yc;
      this.mode = mode;
      this.yy = dot(yc, 0, yc, 0, n);
      this.kernel = mode === 'naive' ? new NaiveKernel(xs, n, p) : null;
      this.colSq = this.kernel ? this.kernel.colSq : new Float64Array(p);
      this.xty = new Float64Array(p);
      if (this.kernel) {
        // With r = yc the kernel's one pass gives ||x_j||^2 and x_j^T yc (the starting gradient).
        this.kernel.r.set(yc);
        this.kernel.columnStats();
        this.xty.set(this.kernel.grad);
      } else {
        for (let j = 0; j < p; j++) {
          this.colSq[j] = dot(xs, j * n, xs, j * n, n);
          this.xty[j] = dot(xs, j * n, yc, 0, n);
        }
      }
      this.gramSource = { fill: (pending, m, gram, done) => gramColumnsInto(xs, n, p, pending, m, gram, done) };
    }
    const kernel = this.kernel;
    const naive = kernel !== null;
    this.w = kernel ? kernel.w : new Float64Array(p);
    this.grad = kernel ? kernel.grad : new Float64Array(p);
    this.grad.set(this.xty);
    this.r = kernel ? kernel.r : new Float64Array(0);
    this.histR = new Float64Array(naive ? n * HISTORY : 0);
    this.histG = new Float64Array(naive ? p * HISTORY : 0);
    this.kktE = new Float64Array(naive ? n : 0);
    this.kktNeed = kernel ? kernel.kktNeed : new Int32Array(0);
    this.allColumns = kernel ? kernel.allColumns : new Int32Array(0);
    this.colNorm = new Float64Array(p);
    for (let j = 0; j < p; j++) this.colNorm[j] = Math.sqrt(this.colSq[j]);
    this.gram = naive ? new Float64Array(0) : new Float64Array(p * p);
    this.gramDone = new Uint8Array(naive ? 0 : p);
    this.everActive = new Uint8Array(p);
    this.inSet = new Uint8Array(p);
    this.setList = kernel ? kernel.setList : new Int32Array(p);
    this.activeList = kernel ? kernel.activeList : new Int32Array(p);
    this.newtonIdx = new Int32Array(p);
    this.newtonZ = new Float64Array(p);
    this.newtonD = new Float64Array(p);
    // r = yc and grad = X^T yc: the first exact pair of the KKT history.
    if (naive) this.pushHistory();
  }

  /** Sets the coefficients (a warm start) and rebuilds residual/gradient to match. */
  setCoefficients(w0: Float64Array): void {
    const { n, p, w } = this;
    for (let j = 0; j < p; j++) w[j] = this.colSq[j] === 0 ? 0 : w0[j];
    if (this.mode === 'naive') {
      this.r.set(this.yc);
      for (let j = 0; j < p; j++) if (w[j] !== 0) axpy(-w[j], this.xs, j * n, this.r, 0, n);
      this.fullGradient();
    } else {
      for (let j = 0; j < p; j++) if (w[j] !== 0) this.ensureGram(j);
      this.refreshGradient();
    }
    for (let j = 0; j < p; j++) if (w[j] !== 0) this.everActive[j] = 1;
  }

  /** G[:, j] = Xs^T x_j, computed once per variable, when it first becomes non-zero. */
  private ensureGram(j: number): void {
    if (this.gramDone[j]) return;
    this.gramSingle++;
    this.pendingOne[0] = j;
    this.gramSource.fill(this.pendingOne, 1, this.gram, this.gramDone);
    this.gramDone[j] = 1;
  }

  /**
   * Gram columns for every variable of the working set not yet cached, computed in one batch
   * (one pass over the data for all of them; see gramColumnsInto). Same entries as ensureGram.
   */
  private ensureGramForSet(): void {
    if (this.mode !== 'covariance') return;
    const pending = this.activeList;
    let m = 0;
    for (let t = 0; t < this.setLen; t++) if (!this.gramDone[this.setList[t]]) pending[m++] = this.setList[t];
    if (m === 0) return;
    this.gramSource.fill(pending, m, this.gram, this.gramDone);
    for (let t = 0; t < m; t++) this.gramDone[pending[t]] = 1;
    this.gramBatched += m;
  }

  /** grad = Xs^T r for every column (naive mode: O(np); covariance mode: exact recompute from Gram). */
  fullGradient(): void {
    if (this.mode === 'covariance') {
      this.refreshGradient();
      return;
    }
    this.fullGradientPasses++;
    this.gradColumns(this.allColumns, this.p);
    this.pushHistory();
  }

  /** Naive mode: grad[j] = x_j^T r for j in list[0..m) (list one of the kernel's lists). */
  private gradColumns(list: Int32Array, m: number): void {
    this.kernel!.gradColumns(list, m);
  }

  /** Naive mode: stores (r, grad = Xs^T r over every column) as the newest pair of the KKT history. */
  private pushHistory(): void {
    const { n, p } = this;
    const k = this.histNext;
    this.histR.set(this.r, k * n);
    this.histG.set(this.grad, k * p);
    this.histNext = (k + 1) % HISTORY;
    if (this.histLen < HISTORY) this.histLen++;
  }

  /**
   * Naive mode: the gradient entries the KKT check needs, without the O(np) pass when it can be
   * certified unnecessary. With exact pairs (r_k, g_k = Xs^T r_k) from earlier full passes, write
   * r = sum_k c_k r_k + e (c from least squares; any c is valid); then x_j^T r = sum_k c_k g_k[j] + x_j^T e
   * and |x_j^T e| <= ||x_j||·||e|| (Cauchy-Schwarz). A column outside the working set whose predicted
   * |x_j^T r| plus that bound stays within l1reg cannot violate the KKT conditions, so its dot product
   * is skipped and the prediction kept in grad (for the next strong rule; the gap's dual norm only
   * needs it to be <= l1reg). Projecting on a few past residuals instead of taking only the last
   * one's difference shrinks the bound several-fold along a path. The other columns are computed,
   * or all of them (a new history pair) when more than a quarter need it. Working-set entries are
   * current from the last gap().
   */
  private kktGradient(l1reg: number): void {
    const { n, p, r, grad, colNorm, histR, histG, inSet } = this;
    const m = this.histLen;
    const A = this.kktA;
    const c = this.kktC;
    const e = this.kktE;
    // Normal equations (R^T R) c = R^T r of the projection on the stored residuals.
    for (let a = 0; a < m; a++) {
      for (let b = 0; b <= a; b++) A[b * m + a] = dot(histR, a * n, histR, b * n, n);
      c[a] = dot(histR, a * n, r, 0, n);
    }
    if (!cholesky(A, m)) {
      // Nearly dependent residuals: project on the newest one alone.
      const k = (this.histNext + HISTORY - 1) % HISTORY;
      const rr = dot(histR, k * n, histR, k * n, n);
      const ck = rr > 0 ? dot(histR, k * n, r, 0, n) / rr : 0;
      c.fill(0);
      c[k] = ck;
    } else {
      choleskySolve(A, m, c);
    }
    e.set(r);
    let cNorms = 0;
    for (let a = 0; a < m; a++) {
      const ca = c[a];
      if (ca === 0) continue;
      const o = a * n;
      for (let i = 0; i < n; i++) e[i] -= ca * histR[o + i];
      cNorms += Math.abs(ca) * Math.sqrt(dot(histR, o, histR, o, n));
    }
    // Slack covers the rounding of the stored dot products, of e and of its norm (relative n*eps).
    const rel = Math.max(1e-10, 8 * n * EPS);
    const rho = Math.sqrt(dot(e, 0, e, 0, n)) * (1 + rel) + rel * (Math.sqrt(dot(r, 0, r, 0, n)) + cNorms);
    const limit = l1reg * (1 - 1e-10);
    const need = this.kktNeed;
    let nNeed = 0;
    const slack = 1 + rel;
    if (m === HISTORY) {
      // The usual case (a full history), with the three coefficients in registers: the same sum.
      const c0 = c[0];
      const c1 = c[1];
      const c2 = c[2];
      for (let j = 0; j < p; j++) {
        if (inSet[j]) continue;
        let pred = 0;
        pred += c0 * histG[j];
        pred += c1 * histG[p + j];
        pred += c2 * histG[2 * p + j];
        if (Math.abs(pred) + colNorm[j] * slack * rho > limit) need[nNeed++] = j;
        else grad[j] = pred;
      }
    } else {
      for (let j = 0; j < p; j++) {
        if (inSet[j]) continue;
        let pred = 0;
        for (let a = 0; a < m; a++) pred += c[a] * histG[a * p + j];
        if (Math.abs(pred) + colNorm[j] * slack * rho > limit) need[nNeed++] = j;
        else grad[j] = pred;
      }
    }
    if (nNeed * 4 > p) {
      // Every column outside the working set (whose entries gap() just computed at this r): with
      // those, grad is X^T r exactly over all columns, a new history pair.
      let m = 0;
      for (let j = 0; j < p; j++) if (!inSet[j]) need[m++] = j;
      this.gradColumns(need, m);
      this.fullGradientPasses++;
      this.pushHistory();
    } else {
      this.kktColumns += nNeed;
      this.gradColumns(need, nNeed);
    }
  }

  /** Covariance mode: grad = Xs^T yc - G w recomputed from the cached Gram columns (limits drift). */
  private refreshGradient(): void {
    const { p, w, gram, grad } = this;
    grad.set(this.xty);
    for (let j = 0; j < p; j++) {
      const wj = w[j];
      if (wj !== 0) {
        const gj = j * p;
        for (let k = 0; k < p; k++) grad[k] -= wj * gram[gj + k];
      }
    }
  }

  /** One cyclic pass over list[0..len): the soft-threshold coordinate update of cd_fast. */
  private sweep(list: Int32Array, len: number, l1reg: number, l2reg: number): void {
    const { p, w, colSq, grad } = this;
    let dwMax = 0;
    let wMax = 0;
    if (this.mode === 'covariance') {
      const gram = this.gram;
      for (let t = 0; t < len; t++) {
        const j = list[t];
        const cs = colSq[j];
        const wj = w[j];
        // tmp = x_j^T (r + w_j x_j)
        const tmp = grad[j] + cs * wj;
        let wn = 0;
        if (tmp > l1reg) wn = (tmp - l1reg) / (cs + l2reg);
        else if (tmp < -l1reg) wn = (tmp + l1reg) / (cs + l2reg);
        if (wn !== wj) {
          const d = wn - wj;
          if (!this.gramDone[j]) this.ensureGram(j);
          // grad -= d * G[:, j]
          const gj = j * p;
          for (let k = 0; k < p; k++) grad[k] -= d * gram[gj + k];
          w[j] = wn;
          const ad = d < 0 ? -d : d;
          if (ad > dwMax) dwMax = ad;
        }
        const aw = wn < 0 ? -wn : wn;
        if (aw > wMax) wMax = aw;
      }
    } else {
      this.sweepNaive(list, len, l1reg, l2reg);
      return;
    }
    this.dwMax = dwMax;
    this.wMax = wMax;
  }

  /** Naive-mode cyclic pass over list[0..len) (naiveKernel.ts: four coordinates per two passes over r). */
  private sweepNaive(list: Int32Array, len: number, l1reg: number, l2reg: number): void {
    const kernel = this.kernel!;
    kernel.sweep(list, len, l1reg, l2reg);
    this.dwMax = kernel.dwMax;
    this.wMax = kernel.wMax;
  }

  /**
   * Duality gap of P (cd_fast's formula), with the dual norm taken over list[0..len) (the working
   * set) or over all columns when list is null. Naive mode computes the needed gradient entries.
   */
  private gap(l1reg: number, l2reg: number, list: Int32Array | null, len: number): number {
    const { n, p, w, grad } = this;
    let dualNorm = 0;
    const m = list ? len : p;
    if (this.mode === 'naive' && list) this.gradColumns(list, m);
    for (let t = 0; t < m; t++) {
      const j = list ? list[t] : t;
      // XtA = X^T R - beta * w
      const v = Math.abs(grad[j] - l2reg * w[j]);
      if (v > dualNorm) dualNorm = v;
    }
    let wNorm2 = 0;
    let l1Norm = 0;
    let wq = 0;
    let wg = 0;
    for (let j = 0; j < p; j++) {
      const wj = w[j];
      if (wj !== 0) {
        wNorm2 += wj * wj;
        l1Norm += Math.abs(wj);
        wq += wj * this.xty[j];
        wg += wj * grad[j];
      }
    }
    let rNorm2: number;
    let ry: number;
    if (this.mode === 'naive') {
      rNorm2 = dot(this.r, 0, this.r, 0, n);
      ry = dot(this.r, 0, this.yc, 0, n);
    } else {
      // ||r||^2 = ||y||^2 - 2 w^T q + w^T G w with G w = q - grad; r^T y = ||y||^2 - w^T q
      ry = this.yy - wq;
      rNorm2 = Math.max(0, ry - wg);
    }
    let cst = 1;
    let g: number;
    if (dualNorm > l1reg) {
      cst = l1reg / dualNorm;
      g = 0.5 * (rNorm2 + rNorm2 * cst * cst);
    } else {
      g = rNorm2;
    }
    g += l1reg * l1Norm - cst * ry + 0.5 * l2reg * (1 + cst * cst) * wNorm2;
    return g;
  }

  /**
   * Sign-constrained Newton step on the current support A (signs s): the minimizer of the objective
   * restricted to the orthant, (X_A^T X_A + l2reg I) z = X_A^T yc - l1reg s_A, taken only as far as
   * no coefficient changes sign (those reaching 0 become exact zeros), and only if the quadratic
   * model decreases. Cyclic CD identifies the support fast but converges slowly inside it on
   * collinear data (Longley); this finishes exactly.
   * Reference: Osborne, Presnell & Turlach, "A new approach to variable selection in least squares
   * problems", IMA J. Numer. Anal. 20 (2000) — the active-set (homotopy) step.
   */
  private newtonStep(l1reg: number, l2reg: number): boolean {
    const { n, p, xs, w, grad } = this;
    const idx = this.newtonIdx;
    let m = 0;
    for (let j = 0; j < p; j++) if (w[j] !== 0) idx[m++] = j;
    // Beyond a few thousand coefficients the dense m×m system costs more than it saves.
    if (m === 0 || m > 2000) return false;
    if (this.newtonH.length < m * m) {
      this.newtonH = new Float64Array(m * m);
      this.newtonH0 = new Float64Array(m * m);
    }
    const h = this.newtonH;
    const z = this.newtonZ;
    const d = this.newtonD;
    // H = X_A^T X_A + l2reg I (lower triangle) from the Gram cache or the columns.
    for (let a = 0; a < m; a++) {
      const ja = idx[a];
      for (let b = a; b < m; b++) {
        const jb = idx[b];
        h[a * m + b] = this.mode === 'covariance' ? this.gram[ja * p + jb] : dot(xs, ja * n, xs, jb * n, n);
      }
      h[a * m + a] += l2reg;
    }
    // Gradient of the smooth part restricted to A, g = -grad + l1reg s + l2reg w, and d = z - w.
    // Newton: H d = -g (equivalent to H z = X_A^T yc - l1reg s, but better conditioned in floating point).
    for (let a = 0; a < m; a++) {
      const j = idx[a];
      d[a] = grad[j] - l1reg * Math.sign(w[j]) - l2reg * w[j];
      z[a] = -d[a]; // z holds g for the model check below
    }
    this.newtonH0.set(h.subarray(0, m * m));
    if (!cholesky(h, m)) {
      // |A| exceeds the rank (e.g. more than n-1 non-zeros): shift by mu. The step then runs along the
      // (near-)null direction of X_A, where only the L1 term changes, until a coefficient reaches 0 —
      // the homotopy "drop" step — and the quadratic model still decreases (g^T d = -d^T (H + mu I) d).
      let maxDiag = 0;
      for (let a = 0; a < m; a++) maxDiag = Math.max(maxDiag, Math.abs(h[a * m + a]));
      let mu = 1e-12 * maxDiag;
      let ok = false;
      while (!ok && mu <= 1e-4 * maxDiag) {
        h.set(this.newtonH0.subarray(0, m * m));
        for (let a = 0; a < m; a++) h[a * m + a] += mu;
        ok = cholesky(h, m);
        mu *= 100;
      }
      if (!ok) return false;
    }
    choleskySolve(h, m, d);
    // Model decrease with the full step: g^T d + 0.5 d^T H d = 0.5 g^T d (H d = -g); must be < 0.
    let gd = 0;
    for (let a = 0; a < m; a++) gd += z[a] * d[a];
    if (!(gd < 0)) return false;
    // Largest step in [0, 1] with no sign change.
    let t = 1;
    let hit = -1;
    for (let a = 0; a < m; a++) {
      const wj = w[idx[a]];
      const nz = wj + d[a];
      if (nz === 0 || (nz > 0) !== (wj > 0)) {
        const ta = wj / (wj - nz);
        if (ta < t) {
          t = ta;
          hit = a;
        }
      }
    }
    if (!(t > 0)) return false;
    for (let a = 0; a < m; a++) {
      const j = idx[a];
      const wn = a === hit ? 0 : w[j] + t * d[a];
      const delta = wn - w[j];
      if (delta === 0) continue;
      w[j] = wn;
      if (this.mode === 'covariance') {
        const gj = j * p;
        for (let k = 0; k < p; k++) grad[k] -= delta * this.gram[gj + k];
      } else {
        const r = this.r;
        const cj = j * n;
        for (let i = 0; i < n; i++) r[i] -= delta * xs[cj + i];
      }
    }
    return true;
  }

  /** Work of one Newton step relative to one sweep over m active coordinates (in sweep units). */
  private newtonCostInSweeps(m: number): number {
    const perSweep = this.mode === 'covariance' ? m * this.p : m * this.n;
    const newton = (this.mode === 'covariance' ? 0 : (m * m * this.n) / 2) + (m * m * m) / 3;
    return Math.max(5, newton / Math.max(perSweep, 1));
  }

  /** Coordinate descent on the working set until its gap certificate holds, with active-set cycling. */
  private solveOnSet(l1reg: number, l2reg: number, tol: number, tolScaled: number, maxIter: number): void {
    const set = this.setList;
    const act = this.activeList;
    const w = this.w;
    let sinceNewton = 0;
    for (;;) {
      this.sweep(set, this.setLen, l1reg, l2reg);
      this.iter++;
      sinceNewton++;
      if (this.wMax === 0 || this.dwMax / this.wMax < tol || this.iter >= maxIter) {
        if (this.mode === 'covariance') this.refreshGradient();
        const g = this.gap(l1reg, l2reg, set, this.setLen);
        if (g <= tolScaled || this.iter >= maxIter) return;
      }
      // Active-set cycling (glmnet): iterate on the non-zero coefficients only until they settle,
      // with a sign-constrained Newton step whenever enough sweeps have paid for one.
      let na = 0;
      for (let t = 0; t < this.setLen; t++) if (w[set[t]] !== 0) act[na++] = set[t];
      if (na === 0) continue;
      const newtonEvery = this.newtonCostInSweeps(na);
      for (;;) {
        if (sinceNewton >= newtonEvery) {
          sinceNewton = 0;
          if (this.mode === 'covariance') this.refreshGradient();
          else this.gradColumns(act, na);
          if (this.newtonStep(l1reg, l2reg)) break; // re-check everything with a full sweep
        }
        if (na === this.setLen) break;
        this.sweep(act, na, l1reg, l2reg);
        this.iter++;
        sinceNewton++;
        if (this.wMax === 0 || this.dwMax / this.wMax < tol || this.iter >= maxIter) break;
      }
    }
  }

  private addToSet(j: number): void {
    if (this.inSet[j] || this.colSq[j] === 0) return;
    this.inSet[j] = 1;
    this.setList[this.setLen++] = j;
  }

  /**
   * Solves at one alpha starting from the current coefficients. `strongAlphaPrev` is the previous
   * alpha of a path (sequential strong rule |x_j^T r| >= n*l1Ratio*(2 alpha - alphaPrev)); pass
   * NaN to screen with the plain KKT test only. Requires grad to be current (true after the
   * constructor, setCoefficients and every solve).
   *
   * Naive mode, alpha below half of alphaPrev (a cold fit from alpha_max): the strong rule's
   * threshold would be <= 0 and every column would enter the working set, so the solve walks a
   * geometric sequence of alphas (ratio WARMUP_RATIO) from alphaPrev down to alpha first, each a warm
   * start with its own strong rule, as glmnet's paths do. The answer still stops on the duality gap
   * at alpha; nIter counts every sweep and maxIter bounds them all (the warm-up takes at most half).
   */
  solve(alpha: number, l1Ratio: number, strongAlphaPrev: number, tol: number, maxIter: number): CdPointResult {
    if (this.mode !== 'naive' || !(strongAlphaPrev > 2 * alpha) || !Number.isFinite(strongAlphaPrev)) {
      return this.solveAt(alpha, l1Ratio, strongAlphaPrev, tol, maxIter);
    }
    let prev = strongAlphaPrev;
    let sweeps = 0;
    // At most half the sweep budget goes to the warm-up, so the solve at alpha keeps the other half.
    for (let a = prev * WARMUP_RATIO; a > alpha / WARMUP_RATIO && sweeps < maxIter / 2; a *= WARMUP_RATIO) {
      sweeps += this.solveAt(a, l1Ratio, prev, tol, Math.ceil(maxIter / 2) - sweeps).nIter;
      prev = a;
    }
    const res = this.solveAt(alpha, l1Ratio, prev, tol, Math.max(1, maxIter - sweeps));
    return { nIter: sweeps + res.nIter, dualGap: res.dualGap, converged: res.converged };
  }

  private solveAt(alpha: number, l1Ratio: number, strongAlphaPrev: number, tol: number, maxIter: number): CdPointResult {
    const { n, p, w, grad } = this;
    const l1reg = alpha * l1Ratio * n;
    const l2reg = alpha * (1 - l1Ratio) * n;
    const tolScaled = tol * this.yy;
    this.iter = 0;
    // At alpha >= alpha_max the solution is exactly 0; within 1e-12 of it coordinate descent would
    // return rounding noise (|w| ~ 1e-16) instead, so answer exactly, as glmnet does at lambda_max.
    if (this.maxXty < 0) {
      let maxXty = 0;
      for (let j = 0; j < p; j++) if (this.colSq[j] !== 0) maxXty = Math.max(maxXty, Math.abs(this.xty[j]));
      this.maxXty = maxXty;
    }
    if (this.maxXty <= l1reg * (1 + 1e-12)) {
      let any = false;
      for (let j = 0; j < p; j++) if (w[j] !== 0) any = true;
      if (any) this.setCoefficients(new Float64Array(p));
      const g0 = this.gap(l1reg, l2reg, null, p);
      return { nIter: 0, dualGap: g0 / n, converged: true };
    }
    // Working set: ever-active variables plus those passing the strong rule.
    this.inSet.fill(0);
    this.setLen = 0;
    const thr = Number.isFinite(strongAlphaPrev) ? l1Ratio * n * (2 * alpha - strongAlphaPrev) : l1reg;
    for (let j = 0; j < p; j++) {
      if (this.everActive[j] || w[j] !== 0 || Math.abs(grad[j]) >= thr) this.addToSet(j);
    }
    for (;;) {
      this.ensureGramForSet();
      this.solveOnSet(l1reg, l2reg, tol, tolScaled, maxIter);
      // KKT check over every variable left out (strong rules can wrongly discard).
      if (this.mode === 'covariance') this.refreshGradient();
      else this.kktGradient(l1reg);
      let added = 0;
      for (let j = 0; j < p; j++) {
        if (!this.inSet[j] && this.colSq[j] !== 0 && Math.abs(grad[j]) > l1reg) {
          this.addToSet(j);
          added++;
        }
      }
      if (added === 0 || this.iter >= maxIter) break;
    }
    const g = this.gap(l1reg, l2reg, null, p);
    for (let j = 0; j < p; j++) if (w[j] !== 0) this.everActive[j] = 1;
    return { nIter: this.iter, dualGap: g / n, converged: g <= tolScaled };
  }

  /** Primal objective (1/(2n))||r||^2 + alpha*l1Ratio*||w||_1 + alpha*(1-l1Ratio)/2*||w||^2, r recomputed exactly. */
  objective(alpha: number, l1Ratio: number): number {
    return enetObjective(this.xs, this.yc, this.n, this.p, this.w, alpha, l1Ratio);
  }
}

/** sklearn's ElasticNet objective on centred fitted-scale data, residual computed from scratch. */
export function enetObjective(xs: Float64Array, yc: Float64Array, n: number, p: number, w: Float64Array, alpha: number, l1Ratio: number): number {
  const r = Float64Array.from(yc);
  let l1 = 0;
  let l2 = 0;
  for (let j = 0; j < p; j++) {
    const wj = w[j];
    if (wj !== 0) {
      axpy(-wj, xs, j * n, r, 0, n);
      l1 += Math.abs(wj);
      l2 += wj * wj;
    }
  }
  return dot(r, 0, r, 0, n) / (2 * n) + alpha * l1Ratio * l1 + 0.5 * alpha * (1 - l1Ratio) * l2;
}

/** Warning text for a fit that hit maxIter before the gap certificate. */
export function convergenceWarning(dualGap: number, tol: number, yy: number, n: number, maxIter: number, alpha: number): string {
  return (
    `Coordinate descent did not converge at alpha=${alpha.toPrecision(6)}: duality gap ${dualGap.toExponential(3)} ` +
    `> tolerance ${((tol * yy) / n).toExponential(3)} after max_iter=${maxIter} iterations; increase max_iter or tol.`
  );
}
