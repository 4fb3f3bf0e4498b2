/**
 * The typed messages shared by the extension host, the worker thread and the webview.
 * Message names are 'scope/verb'. Everything here is plain JSON (structured-clone safe);
 * numbers that are not finite are never sent (the pipeline turns them into errors or notes).
 */

// ---------------------------------------------------------------------------------------------
// Options and results (the same shapes the CLI prints with --json).

export type RegressionModel = 'ols' | 'ridge' | 'lasso' | 'elasticnet';
export type PathModel = 'ridge' | 'lasso' | 'elasticnet';
export type LogisticPenalty = 'none' | 'l1' | 'l2' | 'elasticnet';
export type MissingPolicy = 'drop' | 'mean';

/** How a CSV is read and turned into a design matrix. */
export interface DataOptions {
  target: string;
  /** Feature columns (source column names). Omitted: every usable column except target/fold column. */
  features?: string[];
  missing: MissingPolicy;
  missingTokens: string[];
  maxCategoricalLevels: number;
  /** Column holding user-given CV fold labels; never used as a feature. */
  foldColumn?: string;
  /** Skip ragged rows (reported) instead of stopping with an error. */
  skipBadRows?: boolean;
  /** For logistic: which of the target's two values is the positive class. */
  positiveClass?: string;
}

export interface FitOptions {
  standardize: boolean;
  testSize: number;
  seed: number;
  maxIter: number;
  tol: number;
}

/** Kind of a source column as detected by the data layer. */
export type ColumnKind = 'numeric' | 'boolean' | 'categorical' | 'excluded';

export interface ColumnInfo {
  name: string;
  kind: ColumnKind;
  /** Missing cells in this column. */
  missing: number;
  /** For categorical: the levels, the first one (dropped) included. */
  levels?: string[];
  /** Why the column cannot be a feature (kind 'excluded'), e.g. "ID-like: 200 distinct strings". */
  reason?: string;
  /** Distinct non-missing values (capped at some limit for big columns). */
  distinct?: number;
}

export interface DatasetSummary {
  file: string;
  rows: number;
  delimiter: string;
  columns: ColumnInfo[];
  /** Default target per the panel's rule: y / target / label / outcome, else the last numeric column. */
  defaultTarget?: string;
  notes: string[];
}

export interface RegressionMetrics {
  mse: number;
  rmse: number;
  mae: number;
  r2: number;
}

export interface ClassificationMetrics {
  auc: number;
  log_loss: number;
  accuracy: number;
  /** [[tn, fp], [fn, tp]] at threshold 0.5 */
  confusion: [[number, number], [number, number]];
  roc?: { fpr: number[]; tpr: number[] };
}

/** `fit --json` output. Coefficients keyed by design column (one-hot columns are `column=level`). */
export interface FitResult {
  model: RegressionModel | 'logistic';
  alpha: number | null;
  l1_ratio: number | null;
  C?: number | null;
  penalty?: LogisticPenalty | null;
  intercept: number;
  coef: Record<string, number>;
  coef_standardized: Record<string, number> | null;
  intercept_standardized?: number | null;
  n_train: number;
  n_test: number;
  rows_dropped: number;
  metrics: {
    train: RegressionMetrics | ClassificationMetrics;
    test: RegressionMetrics | ClassificationMetrics | null;
  };
  n_iter: number;
  converged: boolean;
  dual_gap?: number | null;
  notes: string[];
}

/** `path --json` output: alphas descending, coef on the fitted (standardized) scale. */
export interface PathResult {
  model: PathModel | 'logistic';
  l1_ratio: number | null;
  alphas: number[];
  coef: Record<string, number[]>;
  intercept: number[];
  n_nonzero: number[];
  /** Design columns in the order they first become non-zero along the path. */
  entry_order: string[];
  /** For logistic paths: the C values (alphas then holds 1/C). */
  Cs?: number[];
  notes: string[];
}

/** `cv --json` output. */
export interface CvResult {
  model: PathModel | 'logistic';
  metric: 'mse' | 'auc' | 'log_loss' | 'accuracy';
  l1_ratio: number | null;
  alphas: number[];
  cv_mean: number[];
  cv_se: number[];
  alpha_min: number;
  alpha_1se: number;
  index_min: number;
  index_1se: number;
  folds: number;
  /** ElasticNet CV over several l1_ratios: one curve per ratio; the top-level fields are the best. */
  by_l1_ratio?: { l1_ratio: number; alphas: number[]; cv_mean: number[]; cv_se: number[]; alpha_min: number; alpha_1se: number; best: number }[];
  /** Logistic: C values and the C × l1_ratio grid of mean CV scores; grid.mean[c][r] is Cs[c], l1_ratios[r]. */
  Cs?: number[];
  C_best?: number;
  C_1se?: number;
  grid?: { Cs: number[]; l1_ratios: number[]; mean: number[][]; best: { C: number; l1_ratio: number; score: number } };
  notes: string[];
}

/** `compare` output: the four regression models side by side. */
export interface CompareResult {
  columns: string[];
  fits: FitResult[];
  /** "Lasso selected k of p features" */
  lasso_selected: number;
  p: number;
  notes: string[];
}

// ---------------------------------------------------------------------------------------------
// Jobs (host -> worker) and their answers.

export interface JobSource {
  /** Display name (path or URI) used in messages. */
  file: string;
  /** The whole text (unsaved edits included), or the raw bytes. */
  text?: string;
  bytes?: Uint8Array;
  /**
   * Optional content version, e.g. `${document.uri}#${document.version}` or a saved file's size and
   * mtime. The worker's design cache (refit, insights, geometry) matches on it instead of hashing
   * the text, so a refit job that carries it may omit text and bytes (hashing or cloning a 100 MB
   * text costs more than the 50 ms a live-alpha step may take). Without it the cache hashes the content.
   */
  contentKey?: string;
}

export type JobRequest =
  | { kind: 'inspect'; source: JobSource; data: Partial<DataOptions> }
  | { kind: 'fit'; source: JobSource; data: DataOptions; fit: FitOptions; model: RegressionModel; alpha?: number; l1Ratio?: number }
  | { kind: 'compare'; source: JobSource; data: DataOptions; fit: FitOptions; alpha: number; l1Ratio: number; ridgeAlpha?: number }
  | { kind: 'path'; source: JobSource; data: DataOptions; fit: FitOptions; model: PathModel; l1Ratio?: number; nAlphas: number; eps: number; alphas?: number[] }
  | { kind: 'cv'; source: JobSource; data: DataOptions; fit: FitOptions; model: PathModel; l1Ratios?: number[]; folds: number; nAlphas: number; eps: number; alphas?: number[] }
  | AnalyzeJob
  | { kind: 'logistic'; source: JobSource; data: DataOptions; fit: FitOptions; penalty: LogisticPenalty; C: number; l1Ratio?: number; folds: number; Cs?: number[]; l1Ratios?: number[] }
  /** Issue 7 jobs: run on the design the worker cached for `source` + settings (re-built when absent). */
  | { kind: 'refit'; source: JobSource; data: DataOptions; fit: FitOptions; settings: PanelSettings; request: RefitRequest }
  | { kind: 'insights'; source: JobSource; data: DataOptions; fit: FitOptions; settings: PanelSettings; threshold: number; nSubsamples: number }
  | { kind: 'geometry'; source: JobSource; data: DataOptions; fit: FitOptions; settings: PanelSettings; request: GeometryRequest };

export interface Progress {
  /** 'parse' | 'fit' | 'path' | 'cv' */
  stage: string;
  /** Human text: "rows parsed 120,000", "alpha 12 of 100", "fold 3 of 5". */
  message: string;
  /** 0..1 when known. */
  fraction?: number;
}

export type HostToWorker =
  | { type: 'job/start'; id: number; job: JobRequest }
  | { type: 'job/cancel'; id: number };

export type WorkerToHost =
  | { type: 'job/progress'; id: number; progress: Progress }
  | { type: 'job/result'; id: number; result: unknown }
  | { type: 'job/error'; id: number; message: string; userError: boolean };

// ---------------------------------------------------------------------------------------------
// The panel's one-shot analysis: everything the results view shows for one set of choices.

/** What the panel's setup form holds; remembered per file. */
export interface PanelSettings {
  target: string;
  features: string[];
  task: 'regression' | 'classification';
  alpha: number;
  l1Ratio: number;
  /** Ridge's alpha (sklearn's Ridge uses a different scale of alpha than Lasso). */
  ridgeAlpha: number;
  C: number;
  penalty: LogisticPenalty;
  standardize: boolean;
  testSize: number;
  cvFolds: number;
  seed: number;
  positiveClass?: string;
}

export interface RegressionAnalysis {
  task: 'regression';
  summary: { rows_used: number; rows_dropped: number; n_train: number; n_test: number; p: number };
  compare: CompareResult;
  paths: { lasso: PathResult; elasticnet: PathResult; ridge: PathResult };
  cv: { lasso: CvResult; elasticnet: CvResult; ridge: CvResult };
  notes: string[];
}

export interface LogisticAnalysis {
  task: 'classification';
  summary: { rows_used: number; rows_dropped: number; n_train: number; n_test: number; p: number; positive_class: string; negative_class: string };
  fit: FitResult;
  path: PathResult;
  cv: CvResult;
  notes: string[];
}

export type AnalysisResult = RegressionAnalysis | LogisticAnalysis;

export type AnalyzeJob = { kind: 'analyze'; source: JobSource; data: DataOptions; fit: FitOptions; settings: PanelSettings; nAlphas: number; eps: number };


// ---------------------------------------------------------------------------------------------
// Beyond the notebook (issue 7): live alpha, diagnostics, geometry, exports.

/** Live alpha: one refit at a new alpha, warm-started from the previous solution (worker-cached design). */
export interface RefitRequest { model: 'lasso' | 'elasticnet' | 'ridge'; alpha: number; l1Ratio: number }

export interface RefitResult {
  model: 'lasso' | 'elasticnet' | 'ridge';
  alpha: number;
  l1_ratio: number | null;
  intercept: number;
  coef: Record<string, number>;
  coef_standardized: Record<string, number> | null;
  n_nonzero: number;
  metrics: { train: RegressionMetrics; test: RegressionMetrics | null };
  n_iter: number;
  converged: boolean;
  /** Solver time inside the worker. */
  elapsed_ms: number;
}

/** Diagnostics of the chosen features on the training rows. */
export interface InsightsResult {
  correlation: { columns: string[]; r: number[][] };
  /** VIF per design column; null = infinite (the column is a linear combination of others). */
  vif: { column: string; vif: number | null }[];
  /** Groups of features linked by |r| >= threshold (connected components). */
  groups: { threshold: number; groups: { columns: string[]; kept_by_lasso: string[]; zeroed_by_lasso: string[]; warning: string | null }[] };
  /** Stability selection: how often each feature is non-zero in Lasso fits on seeded subsamples. */
  stability: { n_subsamples: number; fraction: number; alpha: number; seed: number; frequency: Record<string, number> };
  /** Two-stage (relaxed) fit: OLS refitted on the Lasso-selected features. */
  relaxed: {
    alpha: number; selected: string[];
    lasso: { intercept: number; coef: Record<string, number>; test_mse: number | null; test_r2: number | null };
    relaxed_ols: { intercept: number; coef: Record<string, number>; test_mse: number | null; test_r2: number | null };
  };
  /** For an orthonormal design: OLS coefficient b, Lasso = sign(b)·max(|b| − alpha, 0), Ridge = b/(1 + alpha). */
  soft_threshold: { alpha: number; ridge_alpha: number; rows: { column: string; ols: number; lasso: number; ridge: number }[]; note: string };
  /** Decision guide: a recommendation with the reasons shown. */
  advice: { recommendation: 'ridge' | 'lasso' | 'elasticnet'; reasons: string[]; facts: Record<string, number | string | boolean> };
  notes: string[];
}

export interface GeometryRequest { features: [string, string]; alpha: number; l1Ratio: number; ridgeAlpha: number }

/**
 * The constraint-region picture for two coefficients (standardized scale), the others held at
 * their fitted OLS values: loss contours on a grid, the OLS point, the Lasso and Ridge solutions
 * restricted to these two coefficients, and the budgets (‖w‖₁ and ‖w‖₂ of those solutions).
 */
export interface GeometryResult {
  features: [string, string];
  grid: { w1: number[]; w2: number[]; loss: number[][] /* loss[i2][i1] */; levels: number[] };
  ols: [number, number];
  lasso: [number, number];
  ridge: [number, number];
  l1_budget: number;
  l2_budget: number;
}

export type ExportKind = 'results-csv' | 'results-json' | 'python' | 'r' | 'notebook' | 'chart-png' | 'chart-svg';

// ---------------------------------------------------------------------------------------------
// Host <-> webview.

export type HostToWebview =
  /** fileUri: the panel's file (vscode.Uri.toString()); keep it in WebviewPersistedState. */
  | { type: 'setup/dataset'; summary: DatasetSummary; settings: PanelSettings; fileUri: string }
  | { type: 'job/progress'; progress: Progress }
  | { type: 'analysis/result'; settings: PanelSettings; result: AnalysisResult; elapsedMs: number }
  | { type: 'analysis/error'; message: string }
  | { type: 'analysis/cancelled' }
  /** Which view to bring forward after a specific command (compare, path, cv, logistic). */
  | { type: 'view/focus'; view: 'compare' | 'path' | 'cv' | 'logistic' }
  | { type: 'refit/result'; result: RefitResult }
  | { type: 'insights/progress'; progress: Progress }
  | { type: 'insights/result'; result: InsightsResult }
  | { type: 'geometry/result'; result: GeometryResult }
  | { type: 'export/done'; kind: ExportKind; message: string };

export type WebviewToHost =
  | { type: 'webview/ready' }
  | { type: 'analysis/run'; settings: PanelSettings }
  | { type: 'analysis/cancel' }
  | { type: 'settings/changed'; settings: PanelSettings }
  | { type: 'refit/request'; settings: PanelSettings; request: RefitRequest }
  | { type: 'insights/request'; settings: PanelSettings; threshold: number; nSubsamples: number }
  | { type: 'geometry/request'; settings: PanelSettings; request: GeometryRequest }
  /** chart-png: data URL of the canvas; chart-svg: the SVG text; chart: which chart. */
  | { type: 'export/request'; kind: ExportKind; settings: PanelSettings; chart?: string; data?: string };

/**
 * What the webview keeps with acquireVsCodeApi().setState(). After a window reload the host's
 * WebviewPanelSerializer receives it and reopens the panel for `fileUri` (from 'setup/dataset');
 * the rest is the webview's own. The host also re-sends setup/dataset and the last result after
 * every 'webview/ready', so a webview that was hidden and reloaded can simply wait for them.
 */
export interface WebviewPersistedState {
  fileUri: string;
  [key: string]: unknown;
}

/**
 * Hooks the end-to-end tests (test/e2e) look for in the webview's DOM:
 *   [data-testid="coef-table"]   the OLS | Ridge | Lasso | Elastic Net table: a header row naming the
 *                                models, one row per design column whose first cell is its name;
 *                                numeric cells carry data-value="<full precision number>" (0 for
 *                                zeroed) besides their shown text.
 *   [data-testid="path-chart"][data-series="N"]   N = coefficient lines drawn
 *   [data-testid="cv-chart"][data-series="N"]     N = curves drawn (mean line per model/l1_ratio)
 *   [data-testid="error"]        the analysis/error text
 *   [data-testid="progress"]     visible while a job runs; [data-testid="cancel"] its Cancel button
 *   [data-testid="fit"]          the setup form's Fit button
 *   [data-testid="summary"]      the results summary
 */
