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
}

export type JobRequest =
  | { kind: 'inspect'; source: JobSource; data: Partial<DataOptions> }
  | { kind: 'fit'; source: JobSource; data: DataOptions; fit: FitOptions; model: RegressionModel; alpha?: number; l1Ratio?: number }
  | { kind: 'compare'; source: JobSource; data: DataOptions; fit: FitOptions; alpha: number; l1Ratio: number; ridgeAlpha?: number }
  | { kind: 'path'; source: JobSource; data: DataOptions; fit: FitOptions; model: PathModel; l1Ratio?: number; nAlphas: number; eps: number; alphas?: number[] }
  | { kind: 'cv'; source: JobSource; data: DataOptions; fit: FitOptions; model: PathModel; l1Ratios?: number[]; folds: number; nAlphas: number; eps: number; alphas?: number[] }
  | AnalyzeJob
  | { kind: 'logistic'; source: JobSource; data: DataOptions; fit: FitOptions; penalty: LogisticPenalty; C: number; l1Ratio?: number; folds: number; Cs?: number[]; l1Ratios?: number[] };

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
// Host <-> webview.

export type HostToWebview =
  /** fileUri: the panel's file (vscode.Uri.toString()); keep it in WebviewPersistedState. */
  | { type: 'setup/dataset'; summary: DatasetSummary; settings: PanelSettings; fileUri: string }
  | { type: 'job/progress'; progress: Progress }
  | { type: 'analysis/result'; settings: PanelSettings; result: AnalysisResult; elapsedMs: number }
  | { type: 'analysis/error'; message: string }
  | { type: 'analysis/cancelled' }
  /** Which view to bring forward after a specific command (compare, path, cv, logistic). */
  | { type: 'view/focus'; view: 'compare' | 'path' | 'cv' | 'logistic' };

export type WebviewToHost =
  | { type: 'webview/ready' }
  | { type: 'analysis/run'; settings: PanelSettings }
  | { type: 'analysis/cancel' }
  | { type: 'settings/changed'; settings: PanelSettings };

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
