/**
 * Reproducible exports of one panel analysis: a Python (pandas + scikit-learn) script, an R
 * (glmnet) script, the same Python as a Jupyter notebook, and the results as CSV and JSON.
 * Pure string generators (no vscode, no I/O). The scripts redo what src/pipeline does: read the
 * CSV with the same missing tokens, drop or mean-impute missing values, one-hot with
 * get_dummies(drop_first=True) named `column=level`, train_test_split(test_size, random_state=seed),
 * StandardScaler on the training rows, then the models with the panel's tol and max_iter.
 * test/unit/snippets.test.ts runs the Python (and, when glmnet is installed, the R) and compares
 * the printed JSON with the pipeline's numbers.
 */
import type { AnalysisResult, ColumnInfo, DataOptions, DatasetSummary, FitOptions, PanelSettings } from '../protocol';
import { trainTestSplit } from '../data/splits';

export interface SnippetInput {
  /** The CSV's path as the script should read it (absolute path, or a name relative to the notebook). */
  file: string;
  settings: PanelSettings;
  data: DataOptions;
  fit: FitOptions;
  /** The shown result: its design columns are asserted by the scripts, its numbers go to CSV/JSON. */
  result?: AnalysisResult;
  /** Column kinds of the file (boolean columns are mapped to 0/1, the delimiter is passed on). */
  summary?: DatasetSummary;
}

/** Words the data layer reads as true / false (src/data/csv.ts). */
const TRUE_WORDS = ['true', 'yes', 't', 'y'];
const FALSE_WORDS = ['false', 'no', 'f', 'n'];

/** The environment variable that makes the scripts print their numbers as one JSON line. */
export const JSON_ENV = 'REGEX_JSON';

// -----------------------------------------------------------------------------------------------
// Literals

/** A JSON string literal is also a valid Python and R string literal. */
function str(s: string): string {
  return JSON.stringify(s);
}

function pyNum(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`internal: non-finite parameter ${v}`);
  const s = String(v);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

function pyList(items: string[], indent = ''): string {
  const one = `[${items.map(str).join(', ')}]`;
  if (one.length <= 90) return one;
  return `[\n${items.map((s) => `${indent}    ${str(s)},`).join('\n')}\n${indent}]`;
}

function rVec(items: string[]): string {
  const one = `c(${items.map(str).join(', ')})`;
  if (one.length <= 90) return one;
  return `c(\n${items.map((s) => `  ${str(s)}`).join(',\n')}\n)`;
}

function kindOf(summary: DatasetSummary | undefined, name: string): ColumnInfo['kind'] | undefined {
  return summary?.columns.find((c) => c.name === name)?.kind;
}

function basenameOf(file: string): string {
  const parts = file.split(/[\\/]/);
  return parts[parts.length - 1] || file;
}

function designColumns(input: SnippetInput): string[] | undefined {
  const r = input.result;
  if (!r) return undefined;
  return r.task === 'regression' ? r.compare.columns : Object.keys(r.fit.coef);
}

/** What the classification target's positive class is (the result knows; else settings). */
function positiveClass(input: SnippetInput): string | undefined {
  const r = input.result;
  if (r && r.task === 'classification') return r.summary.positive_class;
  return input.settings.positiveClass;
}

// -----------------------------------------------------------------------------------------------
// Python

/** Cells of the Python script; the script is their concatenation and the notebook has one code cell each. */
export function pythonCells(input: SnippetInput): string[] {
  const { settings: s, data, fit } = input;
  const classification = s.task === 'classification';
  const features = s.features.filter((f) => f !== s.target);
  const booleans = features.filter((f) => kindOf(input.summary, f) === 'boolean');
  const columns = designColumns(input);
  const sep = input.summary?.delimiter ?? (/\.(tsv|tab)$/i.test(input.file) ? '\t' : ',');
  const cells: string[] = [];

  cells.push(
    [
      `# Regularization Explorer: ${classification ? 'penalized logistic regression' : 'OLS, Ridge, Lasso and Elastic Net'} on ${basenameOf(input.file)}`,
      '# with pandas and scikit-learn, using the panel\'s settings (same split, scaling and solver tolerance).',
      `# Set the environment variable ${JSON_ENV}=1 to print the numbers as one JSON line instead of tables.`,
      'import json',
      'import os',
      '',
      'import numpy as np',
      'import pandas as pd',
      classification
        ? 'from sklearn.linear_model import LogisticRegression\nfrom sklearn.metrics import accuracy_score, log_loss, roc_auc_score'
        : 'from sklearn.linear_model import ElasticNet, Lasso, LinearRegression, Ridge\nfrom sklearn.metrics import mean_squared_error, r2_score',
      'from sklearn.model_selection import train_test_split',
      'from sklearn.preprocessing import StandardScaler',
      '',
      `CSV = ${str(input.file)}`,
      `TARGET = ${str(s.target)}`,
      `FEATURES = ${pyList(features)}`,
      `TEST_SIZE = ${pyNum(s.testSize)}`,
      `SEED = ${Math.trunc(s.seed)}`,
      `STANDARDIZE = ${s.standardize ? 'True' : 'False'}`,
      ...(classification
        ? [
            `PENALTY = ${s.penalty === 'none' ? 'None' : str(s.penalty)}`,
            `C = ${pyNum(s.C)}`,
            ...(s.penalty === 'elasticnet' ? [`L1_RATIO = ${pyNum(s.l1Ratio)}`] : []),
          ]
        : [
            `ALPHA = ${pyNum(s.alpha)}  # Lasso and Elastic Net`,
            `L1_RATIO = ${pyNum(s.l1Ratio)}  # Elastic Net`,
            `RIDGE_ALPHA = ${pyNum(s.ridgeAlpha)}`,
          ]),
      `TOL = ${pyNum(fit.tol)}`,
      `MAX_ITER = ${Math.trunc(fit.maxIter)}`,
      `MISSING_TOKENS = ${pyList(data.missingTokens)}`,
      '',
    ].join('\n'),
  );

  const read: string[] = [
    '# Read the CSV: only the panel\'s missing tokens mean "missing".',
    `df = pd.read_csv(CSV, sep=${str(sep)}, na_values=MISSING_TOKENS, keep_default_na=False)`,
    data.missing === 'drop'
      ? 'df = df.dropna(subset=[TARGET] + FEATURES).reset_index(drop=True)  # missing values: drop the row'
      : 'df = df.dropna(subset=[TARGET]).reset_index(drop=True)  # missing features: training means, below',
  ];
  if (booleans.length) {
    read.push(
      '',
      '# true/false, yes/no, t/f, y/n columns are 0/1 features.',
      `TRUE_WORDS = {${TRUE_WORDS.map(str).join(', ')}}`,
      `for col in ${pyList(booleans)}:`,
      '    df[col] = df[col].map(lambda v: v if pd.isna(v) else float(str(v).lower() in TRUE_WORDS))',
    );
  }
  read.push(
    '',
    '# One-hot: numeric columns first, then each text column\'s sorted levels minus the first, named "column=level".',
    'X = pd.get_dummies(df[FEATURES], prefix_sep="=", drop_first=True, dtype=float).astype(float)',
  );
  if (data.missing === 'mean') {
    read.push(
      '# A missing category is missing in each of its indicators (imputed with the training mean below).',
      'for col in FEATURES:',
      '    dummies = [c for c in X.columns if c.startswith(col + "=")]',
      '    if dummies and df[col].dtype == object:',
      '        X.loc[df[col].isna().to_numpy(), dummies] = np.nan',
    );
  }
  if (columns) {
    read.push(
      `COLUMNS = ${pyList(columns)}`,
      'assert list(X.columns) == COLUMNS, f"design columns differ from the panel\'s: {list(X.columns)}"',
    );
  }
  if (classification) {
    const pos = positiveClass(input) ?? '1';
    const kind = kindOf(input.summary, s.target);
    read.push('', `POSITIVE = ${str(pos)}  # the positive class (1); the other value is 0`);
    if (kind === 'numeric') read.push('y = (df[TARGET].astype(float) == float(POSITIVE)).astype(int).to_numpy()');
    else if (kind === 'boolean') {
      read.push(
        `TRUE_WORDS = {${TRUE_WORDS.map(str).join(', ')}}`,
        'y = (df[TARGET].map(lambda v: str(v).lower() in TRUE_WORDS) == (POSITIVE.lower() in TRUE_WORDS)).astype(int).to_numpy()',
      );
    } else read.push('y = (df[TARGET].astype(str) == POSITIVE).astype(int).to_numpy()');
  } else {
    read.push('y = df[TARGET].astype(float).to_numpy()');
  }
  read.push('');
  cells.push(read.join('\n'));

  cells.push(
    [
      '# Train/test split as the panel does it, then standardization fitted on the training rows only.',
      'if TEST_SIZE > 0:',
      '    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=TEST_SIZE, random_state=SEED)',
      'else:',
      '    X_train, X_test, y_train, y_test = X, X.iloc[:0], y, y[:0]',
      ...(data.missing === 'mean'
        ? ['means = X_train.mean()', 'X_train, X_test = X_train.fillna(means), X_test.fillna(means)']
        : []),
      'if STANDARDIZE:',
      '    scaler = StandardScaler().fit(X_train)',
      '    center, scale = scaler.mean_, scaler.scale_',
      'else:',
      '    center, scale = np.zeros(X.shape[1]), np.ones(X.shape[1])',
      'Z_train = (X_train.to_numpy() - center) / scale',
      'Z_test = (X_test.to_numpy() - center) / scale',
      '',
    ].join('\n'),
  );

  if (classification) {
    const solver = s.penalty === 'l1' || s.penalty === 'elasticnet' ? 'saga' : 'newton-cholesky';
    const extra = s.penalty === 'elasticnet' ? ', l1_ratio=L1_RATIO' : '';
    cells.push(
      [
        `# ${solver === 'saga' ? 'saga handles the L1 penalty' : 'newton-cholesky solves to full precision (scikit-learn >= 1.2; use "lbfgs" on older versions)'}.`,
        `model = LogisticRegression(penalty=PENALTY, C=C${extra}, solver=${str(solver)}, tol=TOL, max_iter=MAX_ITER)`,
        'model.fit(Z_train, y_train)',
        'coef_std = model.coef_.ravel()',
        'coef = coef_std / scale  # per unit of each original column',
        'intercept = float(model.intercept_[0] - np.sum(center * coef))',
        '',
        'def metrics(Z, y_true):',
        '    if len(y_true) == 0 or len(set(y_true)) < 2:',
        '        return None',
        '    prob = model.predict_proba(Z)[:, 1]',
        '    return {"auc": roc_auc_score(y_true, prob), "log_loss": log_loss(y_true, prob), "accuracy": accuracy_score(y_true, prob >= 0.5)}',
        '',
        'train_metrics, test_metrics = metrics(Z_train, y_train), metrics(Z_test, y_test)',
        'if os.environ.get(' + str(JSON_ENV) + '):',
        '    print(json.dumps({"model": "logistic", "columns": list(X.columns), "intercept": intercept,',
        '                      "intercept_standardized": float(model.intercept_[0]) if STANDARDIZE else None,',
        '                      "coef": dict(zip(X.columns, coef.tolist())),',
        '                      "coef_standardized": dict(zip(X.columns, coef_std.tolist())) if STANDARDIZE else None,',
        '                      "metrics": {"train": train_metrics, "test": test_metrics}}))',
        'else:',
        '    table = pd.DataFrame({"coefficient": coef, "standardized": coef_std}, index=X.columns)',
        '    table["zeroed"] = np.where(coef_std == 0, "zeroed", "")',
        '    print(table.to_string(float_format=lambda v: f"{v:.6g}"))',
        '    print(f"intercept {intercept:.6g}")',
        '    for name, m in (("train", train_metrics), ("test", test_metrics)):',
        '        if m:',
        '            print(f"{name}: AUC {m[\'auc\']:.4f}  log loss {m[\'log_loss\']:.4f}  accuracy {m[\'accuracy\']:.4f}")',
        '',
      ].join('\n'),
    );
    return cells;
  }

  cells.push(
    [
      '# The four models with the panel\'s parameters.',
      'models = {',
      '    "ols": LinearRegression(),',
      '    "ridge": Ridge(alpha=RIDGE_ALPHA),',
      '    "lasso": Lasso(alpha=ALPHA, tol=TOL, max_iter=MAX_ITER),',
      '    "elasticnet": ElasticNet(alpha=ALPHA, l1_ratio=L1_RATIO, tol=TOL, max_iter=MAX_ITER),',
      '}',
      'fits = []',
      'for name, model in models.items():',
      '    model.fit(Z_train, y_train)',
      '    coef_std = np.asarray(model.coef_, dtype=float).ravel()',
      '    coef = coef_std / scale  # per unit of each original column',
      '    fit = {"model": name, "intercept": float(model.intercept_ - np.sum(center * coef)),',
      '           "coef": dict(zip(X.columns, coef.tolist())),',
      '           "coef_standardized": dict(zip(X.columns, coef_std.tolist())) if STANDARDIZE else None,',
      '           "intercept_standardized": float(model.intercept_) if STANDARDIZE else None, "metrics": {}}',
      '    for split, Z, y_true in (("train", Z_train, y_train), ("test", Z_test, y_test)):',
      '        if len(y_true):',
      '            pred = model.predict(Z)',
      '            fit["metrics"][split] = {"mse": mean_squared_error(y_true, pred), "r2": r2_score(y_true, pred)}',
      '        else:',
      '            fit["metrics"][split] = None',
      '    fits.append(fit)',
      '',
    ].join('\n'),
  );
  cells.push(
    [
      'if os.environ.get(' + str(JSON_ENV) + '):',
      '    print(json.dumps({"columns": list(X.columns), "fits": fits}))',
      'else:',
      '    labels = {"ols": "OLS", "ridge": "Ridge", "lasso": "Lasso", "elasticnet": "Elastic Net"}',
      '    table = pd.DataFrame({labels[f["model"]]: [f["coef"][c] for c in X.columns] for f in fits}, index=X.columns)',
      '    print("Coefficients (original units; 0 marks a coefficient the penalty set exactly to zero):")',
      '    print(table.apply(lambda col: col.map(lambda v: "0 (zeroed)" if v == 0 else f"{v:.6g}")).to_string())',
      '    print("intercept  " + "  ".join(f"{labels[f[\'model\']]} {f[\'intercept\']:.6g}" for f in fits))',
      '    split = "test" if len(y_test) else "train"',
      '    for f in fits:',
      '        m = f["metrics"][split]',
      '        print(f"{labels[f[\'model\']]:<12} {split} MSE {m[\'mse\']:.6g}  R² {m[\'r2\']:.6g}")',
      '    lasso = fits[2]',
      '    print(f"Lasso selected {sum(v != 0 for v in lasso[\'coef\'].values())} of {len(X.columns)} features.")',
      '',
    ].join('\n'),
  );
  return cells;
}

export function pythonSnippet(input: SnippetInput): string {
  return pythonCells(input).join('\n');
}

// -----------------------------------------------------------------------------------------------
// Jupyter notebook (nbformat 4)

export function notebookJson(input: SnippetInput): string {
  const cells = pythonCells(input);
  const lines = (text: string) => {
    const parts = text.split('\n');
    // nbformat keeps each line with its newline; a trailing newline ends the last kept line.
    const out = parts.map((l, i) => (i < parts.length - 1 ? `${l}\n` : l));
    return out[out.length - 1] === '' ? out.slice(0, -1) : out;
  };
  const s = input.settings;
  const title = `# ${s.task === 'classification' ? 'Penalized logistic regression' : 'OLS, Ridge, Lasso and Elastic Net'} on ${basenameOf(input.file)}\n\n` +
    `Exported by Regularization Explorer: the code reproduces the panel's numbers (target \`${s.target}\`, ${s.features.length} feature columns, test size ${s.testSize}, seed ${s.seed}).`;
  const nb = {
    cells: [
      { cell_type: 'markdown', id: 'title', metadata: {}, source: lines(title) },
      ...cells.map((c, i) => ({ cell_type: 'code', execution_count: null, id: `cell-${i + 1}`, metadata: {}, outputs: [], source: lines(c) })),
    ],
    metadata: {
      kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
      language_info: { name: 'python' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return `${JSON.stringify(nb, null, 1)}\n`;
}

// -----------------------------------------------------------------------------------------------
// R (glmnet)

export function rSnippet(input: SnippetInput): string {
  const { settings: s, data } = input;
  const classification = s.task === 'classification';
  const features = s.features.filter((f) => f !== s.target);
  const columns = designColumns(input);
  const sep = input.summary?.delimiter ?? (/\.(tsv|tab)$/i.test(input.file) ? '\t' : ',');
  const n = input.result?.summary.rows_used;
  const out: string[] = [
    `# Regularization Explorer: ${classification ? 'penalized logistic regression' : 'OLS, Ridge, Lasso and Elastic Net'} on ${basenameOf(input.file)} with glmnet,`,
    '# using the panel\'s settings. glmnet fits the scikit-learn objectives here: standardize = FALSE on',
    '# columns standardized with the training rows\' mean and 1/n standard deviation, and lambda converted.',
    `# Set the environment variable ${JSON_ENV}=1 to print the numbers as one JSON line.`,
    'library(glmnet)',
    '',
    `csv <- ${str(input.file)}`,
    `target <- ${str(s.target)}`,
    `features <- ${rVec(features)}`,
    `standardize <- ${s.standardize ? 'TRUE' : 'FALSE'}`,
    ...(classification
      ? [`penalty <- ${str(s.penalty)}`, `C <- ${String(s.C)}`, `l1_ratio <- ${String(s.penalty === 'l1' ? 1 : s.penalty === 'elasticnet' ? s.l1Ratio : 0)}`]
      : [`alpha <- ${String(s.alpha)}  # Lasso and Elastic Net (scikit-learn's alpha)`, `l1_ratio <- ${String(s.l1Ratio)}`, `ridge_alpha <- ${String(s.ridgeAlpha)}`]),
    `missing_tokens <- ${rVec(data.missingTokens)}`,
    `true_words <- ${rVec(TRUE_WORDS)}`,
    `false_words <- ${rVec(FALSE_WORDS)}`,
    '',
    `df <- read.csv(csv, sep = ${str(sep)}, na.strings = missing_tokens, check.names = FALSE, stringsAsFactors = FALSE)`,
    data.missing === 'drop'
      ? 'df <- df[complete.cases(df[, c(target, features), drop = FALSE]), , drop = FALSE]'
      : 'df <- df[!is.na(df[[target]]), , drop = FALSE]',
    '',
    '# Design: numeric and true/false columns first, then each text column\'s sorted levels minus the',
    '# first as 0/1 columns named "column=level" (pandas.get_dummies(drop_first = TRUE)).',
    'as_number <- function(v) {',
    '  if (is.numeric(v)) return(as.numeric(v))',
    '  if (is.logical(v)) return(as.numeric(v))',
    '  w <- tolower(v[!is.na(v)])',
    '  if (length(w) && all(w %in% c(true_words, false_words))) return(ifelse(is.na(v), NA, as.numeric(tolower(v) %in% true_words)))',
    '  NULL',
    '}',
    'numeric_part <- list()',
    'dummy_part <- list()',
    'for (col in features) {',
    '  v <- as_number(df[[col]])',
    '  if (!is.null(v)) { numeric_part[[col]] <- v; next }',
    '  levels <- sort(unique(df[[col]][!is.na(df[[col]])]), method = "radix")  # byte order, as Python sorts',
    '  for (lev in levels[-1]) dummy_part[[paste0(col, "=", lev)]] <- ifelse(is.na(df[[col]]), NA, as.numeric(df[[col]] == lev))',
    '}',
    'X <- do.call(cbind, c(numeric_part, dummy_part))',
    'colnames(X) <- c(names(numeric_part), names(dummy_part))',
  ];
  if (columns) {
    out.push(
      `columns <- ${rVec(columns)}`,
      'stopifnot("design columns differ from the panel\'s" = identical(colnames(X), columns))',
    );
  }
  if (classification) {
    const pos = positiveClass(input) ?? '1';
    out.push(
      `positive <- ${str(pos)}  # the positive class (1)`,
      'yv <- df[[target]]',
      'y <- if (is.numeric(yv)) as.numeric(yv == as.numeric(positive)) else if (is.logical(yv)) as.numeric(yv == (tolower(positive) %in% true_words)) else',
      '  if (all(tolower(yv) %in% c(true_words, false_words))) as.numeric((tolower(yv) %in% true_words) == (tolower(positive) %in% true_words)) else as.numeric(yv == positive)',
    );
  } else {
    out.push('y <- as.numeric(df[[target]])');
  }

  // The split: scikit-learn's train_test_split permutes with numpy's Mersenne Twister, which R's
  // sample() does not reproduce, so the panel's test rows are written out.
  out.push('');
  if (n !== undefined && s.testSize > 0) {
    const { test } = trainTestSplit(n, s.testSize, s.seed);
    const idx = Array.from(test, (i) => i + 1);
    const chunks: string[] = [];
    for (let i = 0; i < idx.length; i += 20) chunks.push(idx.slice(i, i + 20).join(', '));
    out.push(
      `# The panel's test rows (1-based, among the ${n} rows kept): train_test_split(test_size = ${s.testSize}, random_state = ${s.seed}).`,
      `stopifnot("the file changed since the export: the row count differs" = nrow(X) == ${n})`,
      `test_rows <- c(\n  ${chunks.join(',\n  ')}\n)`,
    );
  } else if (s.testSize > 0) {
    out.push(`# No result was exported with this script, so the split is R's own (numbers will differ from the panel's).`, `set.seed(${Math.trunc(s.seed)})`, `test_rows <- sample(nrow(X), ceiling(${s.testSize} * nrow(X)))`);
  } else {
    out.push('test_rows <- integer(0)  # test size 0: every row trains');
  }
  out.push(
    'train_rows <- setdiff(seq_len(nrow(X)), test_rows)',
    'X_train <- X[train_rows, , drop = FALSE]; y_train <- y[train_rows]',
    'X_test <- X[test_rows, , drop = FALSE]; y_test <- y[test_rows]',
  );
  if (data.missing === 'mean') {
    out.push(
      'means <- colMeans(X_train, na.rm = TRUE)',
      'for (j in seq_len(ncol(X))) { X_train[is.na(X_train[, j]), j] <- means[j]; X_test[is.na(X_test[, j]), j] <- means[j] }',
    );
  }
  out.push(
    'center <- if (standardize) colMeans(X_train) else rep(0, ncol(X))',
    'scale <- if (standardize) sqrt(colMeans(sweep(X_train, 2, center)^2)) else rep(1, ncol(X))  # 1/n sd, as StandardScaler',
    'scale[scale == 0] <- 1',
    'Z_train <- sweep(sweep(X_train, 2, center), 2, scale, "/")',
    'Z_test <- sweep(sweep(X_test, 2, center), 2, scale, "/")',
    'n_train <- nrow(Z_train)',
    '',
    'fmt <- function(v) if (is.null(v)) "null" else sprintf("%.17g", v)',
    'obj <- function(names, values) paste0("{", paste0(sprintf("\\"%s\\": ", gsub("([\\"\\\\])", "\\\\\\\\\\\\1", names)), sapply(values, fmt), collapse = ", "), "}")',
    'original <- function(name, b0, w) {',
    '  # Coefficients per unit of each original column and the matching intercept.',
    '  list(model = name, coef_standardized = w, coef = w / scale, intercept = b0 - sum(center * w / scale))',
    '}',
  );
  if (classification) {
    out.push(
      '',
      '# scikit-learn minimizes C * sum(log loss) + penalty; glmnet (1/n) sum(log loss) + lambda * penalty,',
      '# so lambda = 1 / (C * n_train); glmnet\'s alpha is the L1 share of the penalty.',
      'if (penalty == "none") {',
      '  g <- glm.fit(cbind(1, Z_train), y_train, family = binomial(), control = glm.control(epsilon = 1e-14, maxit = 1000))',
      '  b0 <- unname(g$coefficients[1]); w <- unname(g$coefficients[-1])',
      '} else {',
      '  g <- glmnet(Z_train, y_train, family = "binomial", alpha = l1_ratio, lambda = 1 / (C * n_train), standardize = FALSE, thresh = 1e-14, maxit = 1e7)',
      '  b0 <- unname(g$a0[1]); w <- as.numeric(g$beta[, 1])',
      '}',
      'fit <- original("logistic", b0, w)',
      'prob <- function(Z) as.numeric(1 / (1 + exp(-(Z %*% w + b0))))',
      'auc <- function(y, p) { r <- rank(p); n1 <- sum(y == 1); n0 <- sum(y == 0); (sum(r[y == 1]) - n1 * (n1 + 1) / 2) / (n1 * n0) }',
      'metrics <- function(Z, y) {',
      '  if (length(y) == 0 || length(unique(y)) < 2) return(NULL)',
      '  p <- prob(Z)',
      '  c(auc = auc(y, p), log_loss = -mean(y * log(p) + (1 - y) * log(1 - p)), accuracy = mean((p >= 0.5) == (y == 1)))',
      '}',
      'm_train <- metrics(Z_train, y_train); m_test <- metrics(Z_test, y_test)',
      `if (nzchar(Sys.getenv(${str(JSON_ENV)}))) {`,
      '  mj <- function(m) if (is.null(m)) "null" else obj(names(m), m)',
      '  cat(sprintf("{\\"model\\": \\"logistic\\", \\"intercept\\": %s, \\"coef\\": %s, \\"coef_standardized\\": %s, \\"metrics\\": {\\"train\\": %s, \\"test\\": %s}}\\n",',
      '    fmt(fit$intercept), obj(colnames(X), fit$coef), obj(colnames(X), fit$coef_standardized), mj(m_train), mj(m_test)))',
      '} else {',
      '  print(data.frame(coefficient = signif(fit$coef, 6), standardized = signif(w, 6), zeroed = ifelse(w == 0, "zeroed", ""), row.names = colnames(X)))',
      '  cat(sprintf("intercept %.6g\\n", fit$intercept))',
      '  if (!is.null(m_test)) print(signif(m_test, 4))',
      '}',
      '',
    );
    return out.join('\n');
  }
  out.push(
    '',
    'yc <- y_train - mean(y_train)',
    'Zc <- sweep(Z_train, 2, colMeans(Z_train))',
    'fits <- list()',
    '# OLS and Ridge in closed form (scikit-learn\'s Ridge minimizes |r|^2 + ridge_alpha |w|^2).',
    '# OLS: the minimum-norm least-squares solution (as scikit-learn and the panel give for collinear columns).',
    'sv <- svd(Zc); keep <- sv$d > max(sv$d) * max(dim(Zc)) * .Machine$double.eps',
    'w <- as.numeric(sv$v[, keep, drop = FALSE] %*% (crossprod(sv$u[, keep, drop = FALSE], yc) / sv$d[keep]))',
    'fits$ols <- original("ols", mean(y_train) - sum(colMeans(Z_train) * w), w)',
    'w <- as.numeric(solve(crossprod(Zc) + ridge_alpha * diag(ncol(Zc)), crossprod(Zc, yc)))',
    'fits$ridge <- original("ridge", mean(y_train) - sum(colMeans(Z_train) * w), w)',
    '# Lasso: lambda = alpha. Elastic Net: glmnet divides y by its 1/n sd s (and lambda with it), which',
    '# leaves the L1 part alone but divides the ridge part by s; these lambda and alpha undo that.',
    's <- sqrt(mean(yc^2))',
    'g <- glmnet(Z_train, y_train, alpha = 1, lambda = alpha, standardize = FALSE, thresh = 1e-14, maxit = 1e7)',
    'fits$lasso <- original("lasso", unname(g$a0[1]), as.numeric(g$beta[, 1]))',
    'k <- l1_ratio + s * (1 - l1_ratio)',
    'g <- glmnet(Z_train, y_train, alpha = l1_ratio / k, lambda = alpha * k, standardize = FALSE, thresh = 1e-14, maxit = 1e7)',
    'fits$elasticnet <- original("elasticnet", unname(g$a0[1]), as.numeric(g$beta[, 1]))',
    'for (name in names(fits)) {',
    '  f <- fits[[name]]',
    '  pred <- function(Z) as.numeric(Z %*% f$coef_standardized + f$intercept + sum(center * f$coef))',
    '  mse <- function(Z, yy) mean((yy - pred(Z))^2)',
    '  r2 <- function(Z, yy) 1 - sum((yy - pred(Z))^2) / sum((yy - mean(yy))^2)',
    '  fits[[name]]$train <- c(mse = mse(Z_train, y_train), r2 = r2(Z_train, y_train))',
    '  fits[[name]]$test <- if (length(y_test)) c(mse = mse(Z_test, y_test), r2 = r2(Z_test, y_test)) else NULL',
    '}',
    `if (nzchar(Sys.getenv(${str(JSON_ENV)}))) {`,
    '  mj <- function(m) if (is.null(m)) "null" else obj(names(m), m)',
    '  one <- function(f) sprintf("{\\"model\\": \\"%s\\", \\"intercept\\": %s, \\"coef\\": %s, \\"coef_standardized\\": %s, \\"metrics\\": {\\"train\\": %s, \\"test\\": %s}}",',
    '    f$model, fmt(f$intercept), obj(colnames(X), f$coef), obj(colnames(X), f$coef_standardized), mj(f$train), mj(f$test))',
    '  cat(sprintf("{\\"fits\\": [%s]}\\n", paste(sapply(fits, one), collapse = ", ")))',
    '} else {',
    '  table <- sapply(fits, function(f) ifelse(f$coef == 0, "0 (zeroed)", format(signif(f$coef, 6))))',
    '  rownames(table) <- colnames(X)',
    '  print(noquote(table))',
    '  for (f in fits) cat(sprintf("%-11s intercept %.6g  test MSE %s  R^2 %s\\n", f$model, f$intercept, fmt(f$test["mse"]), fmt(f$test["r2"])))',
    '}',
    '',
  );
  return out.join('\n');
}

// -----------------------------------------------------------------------------------------------
// Results as CSV and JSON

/** A CSV field: quoted when needed; a leading = + - @ is neutralized so spreadsheets show text, not a formula. */
function csvField(s: string): string {
  let v = s;
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

const MODEL_LABELS: Record<string, string> = { ols: 'OLS', ridge: 'Ridge', lasso: 'Lasso', elasticnet: 'Elastic Net', logistic: 'Logistic' };

/**
 * The coefficient table as CSV: one row per design column (then the intercept), one column per
 * model in original units followed by the same on the standardized scale. Full precision.
 */
export function resultsCsv(result: AnalysisResult): string {
  const fits = result.task === 'regression' ? result.compare.fits : [result.fit];
  const columns = result.task === 'regression' ? result.compare.columns : Object.keys(result.fit.coef);
  const withStd = fits.some((f) => f.coef_standardized);
  const header = ['feature', ...fits.map((f) => MODEL_LABELS[f.model] ?? f.model), ...(withStd ? fits.map((f) => `${MODEL_LABELS[f.model] ?? f.model} (standardized)`) : [])];
  const lines = [header.map(csvField).join(',')];
  const num = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : '');
  for (const c of columns) {
    lines.push([csvField(c), ...fits.map((f) => num(f.coef[c])), ...(withStd ? fits.map((f) => num(f.coef_standardized?.[c])) : [])].join(','));
  }
  lines.push(['(intercept)', ...fits.map((f) => num(f.intercept)), ...(withStd ? fits.map((f) => num(f.intercept_standardized)) : [])].join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Everything needed to redo and check the analysis: file, options and the whole result. */
export function resultsJson(input: { file: string; settings: PanelSettings; data: DataOptions; fit: FitOptions; result: AnalysisResult; version?: string }): string {
  return `${JSON.stringify(
    {
      exported_by: `Regularization Explorer${input.version ? ` ${input.version}` : ''}`,
      file: input.file,
      settings: input.settings,
      data: input.data,
      fit: input.fit,
      result: input.result,
    },
    null,
    1,
  )}\n`;
}
