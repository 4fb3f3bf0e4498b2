# glmnet side of `npm run bench`: times one scenario's tasks and prints one JSON object.
#
# Every fit runs on data already in memory (an R numeric matrix, column-major like ours); CSV load
# is timed apart with data.table::fread when installed, else utils::read.csv (reported as `how`).
# glmnet solves the same problems as scikit-learn and ours: lambda = alpha from the shared grid,
# alpha = l1_ratio, standardize = FALSE on the pre-standardized X, intercept = TRUE, and glmnet's
# default convergence threshold thresh = 1e-7 (change in the objective scaled by the null deviance).
#
# Usage:
#   Rscript ref_glmnet.R --dir D --scenario S1 --tasks load,lasso,lassocv,enet --repeats 3
#   Rscript ref_glmnet.R --dir D --scenario S3 --rss     peak RSS of a Lasso path fit from S3's binary

suppressPackageStartupMessages(library(glmnet))

parse_args <- function(argv) {
  out <- list(dir = NULL, scenario = NULL, tasks = "", repeats = 3L, check_index = 40L, rss = FALSE)
  i <- 1L
  while (i <= length(argv)) {
    a <- argv[[i]]
    if (a == "--rss") { out$rss <- TRUE; i <- i + 1L; next }
    v <- argv[[i + 1L]]
    if (a == "--dir") out$dir <- v
    else if (a == "--scenario") out$scenario <- v
    else if (a == "--tasks") out$tasks <- v
    else if (a == "--repeats") out$repeats <- as.integer(v)
    else if (a == "--check-index") out$check_index <- as.integer(v)
    else stop(paste("unknown option", a))
    i <- i + 2L
  }
  out
}

# Minimal JSON writer (jsonlite is not installed): lists with names are objects, vectors of length
# != 1 or wrapped in I() are arrays, numbers keep 17 significant digits.
to_json <- function(x) {
  if (is.null(x)) return("null")
  if (is.list(x)) {
    if (!is.null(names(x))) {
      parts <- mapply(function(k, v) paste0("\"", k, "\":", to_json(v)), names(x), x, USE.NAMES = FALSE)
      return(paste0("{", paste(parts, collapse = ","), "}"))
    }
    return(paste0("[", paste(vapply(x, to_json, ""), collapse = ","), "]"))
  }
  scalar <- function(v) {
    if (is.character(v)) return(paste0("\"", gsub("\"", "\\\\\"", v), "\""))
    if (is.logical(v)) return(if (is.na(v)) "null" else if (v) "true" else "false")
    if (!is.finite(v)) return("null")
    sprintf("%.17g", as.double(v))
  }
  vals <- vapply(as.list(x), scalar, "")
  if (length(x) == 1L && !inherits(x, "AsIs")) vals else paste0("[", paste(vals, collapse = ","), "]")
}

# The manifest is JSON written by gen_data.py; only the grids and sizes are read, with a regex.
read_manifest_numbers <- function(dir, scenario, key) {
  txt <- paste(readLines(file.path(dir, "manifest.json"), warn = FALSE), collapse = "")
  start <- regexpr(paste0("\"", scenario, "\": \\{"), txt)
  if (start < 0) stop(paste("scenario", scenario, "not in manifest"))
  rest <- substr(txt, start, nchar(txt))
  m <- regmatches(rest, regexpr(paste0("\"", key, "\": (\\[[^]]*\\]|[0-9.eE+-]+)"), rest))
  if (length(m) == 0) stop(paste("key", key, "not found for", scenario))
  body <- sub(paste0("\"", key, "\": "), "", m)
  as.numeric(strsplit(gsub("\\[|\\]", "", body), ",")[[1]])
}

peak_rss_mb <- function() {
  st <- readLines("/proc/self/status")
  as.numeric(sub("[^0-9]*([0-9]+).*", "\\1", st[grepl("^VmHWM", st)])) / 1024
}

timed <- function(fn, repeats) {
  times <- numeric(repeats)
  result <- NULL
  for (r in seq_len(repeats)) {
    t0 <- proc.time()[["elapsed"]]
    result <- fn()
    times[r] <- proc.time()[["elapsed"]] - t0
  }
  list(times = I(times), result = result)
}

summary_of <- function(t, how, extra = list()) {
  c(list(times = t$times, median = as.numeric(median(t$times)), how = how), extra)
}

check_point <- function(fit, k, alpha, l1_ratio) {
  b <- as.numeric(coef(fit, s = NULL)[, k + 1L])
  list(index = k, alpha = alpha, l1Ratio = l1_ratio, intercept = b[1], coef = I(b[-1]),
       pathLength = length(fit$lambda))
}

args <- parse_args(commandArgs(trailingOnly = TRUE))
scenario <- args$scenario
csv <- file.path(args$dir, paste0(scenario, ".csv"))
k <- args$check_index

if (args$rss) {
  n <- read_manifest_numbers(args$dir, scenario, "n")
  p <- read_manifest_numbers(args$dir, scenario, "p")
  baseline <- peak_rss_mb()
  X <- matrix(readBin(file.path(args$dir, paste0(scenario, ".X.f64")), "double", n * p, 8, endian = "little"), n, p)
  y <- readBin(file.path(args$dir, paste0(scenario, ".y.f64")), "double", n, 8, endian = "little")
  loaded <- peak_rss_mb()
  fit <- glmnet(X, y, family = "gaussian", alpha = 1, lambda = read_manifest_numbers(args$dir, scenario, "alphasLasso"),
                standardize = FALSE)
  cat(to_json(list(tool = "glmnet", scenario = scenario, rss = list(
    baselineMB = baseline, afterLoadMB = loaded, peakMB = peak_rss_mb(), dataMB = (n * p + n) * 8 / 1e6))), "\n")
  quit(save = "no")
}

tasks <- strsplit(args$tasks, ",")[[1]]
out <- list()
have_fread <- requireNamespace("data.table", quietly = TRUE)
if ("load" %in% tasks) {
  if (have_fread) {
    t <- timed(function() data.table::fread(csv), args$repeats)
    out$load <- summary_of(t, "data.table::fread")
  } else {
    t <- timed(function() utils::read.csv(csv), args$repeats)
    out$load <- summary_of(t, "utils::read.csv (data.table not installed)")
  }
  df <- as.data.frame(t$result)  # the timed read is the data (read.csv is slow on 100 MB: no second read)
  rm(t)
} else {
  df <- utils::read.csv(csv, colClasses = "numeric")
}
X <- as.matrix(df[, -ncol(df)])
y <- df[[ncol(df)]]
rm(df)
invisible(gc())
foldid <- readBin(file.path(args$dir, paste0(scenario, ".folds.i32")), "integer", length(y), 4, endian = "little") + 1L

if ("lasso" %in% tasks) {
  lam <- read_manifest_numbers(args$dir, scenario, "alphasLasso")
  t <- timed(function() glmnet(X, y, family = "gaussian", alpha = 1, lambda = lam, standardize = FALSE), args$repeats)
  out$lasso <- summary_of(t, "glmnet(alpha=1, lambda=grid, standardize=FALSE)", list(check = check_point(t$result, k, lam[k + 1L], 1)))
}
if ("enet" %in% tasks) {
  lam <- read_manifest_numbers(args$dir, scenario, "alphasEnet")
  t <- timed(function() glmnet(X, y, family = "gaussian", alpha = 0.5, lambda = lam, standardize = FALSE), args$repeats)
  out$enet <- summary_of(t, "glmnet(alpha=0.5, lambda=grid, standardize=FALSE)", list(check = check_point(t$result, k, lam[k + 1L], 0.5)))
}
if ("lassocv" %in% tasks) {
  lam <- read_manifest_numbers(args$dir, scenario, "alphasLasso")
  t <- timed(function() cv.glmnet(X, y, family = "gaussian", alpha = 1, lambda = lam, standardize = FALSE, foldid = foldid), args$repeats)
  out$lassocv <- summary_of(t, "cv.glmnet(foldid, parallel=FALSE): 1 full path + 10 fold paths",
                            list(bestIndex = which.min(t$result$cvm) - 1L, cvMse = I(t$result$cvm)))
}
if ("logistic" %in% tasks) {
  lam <- read_manifest_numbers(args$dir, scenario, "alphasLogistic")
  t <- timed(function() glmnet(X, y, family = "binomial", alpha = 1, lambda = lam, standardize = FALSE), args$repeats)
  out$logistic <- summary_of(t, "glmnet(binomial, alpha=1, lambda=grid, standardize=FALSE)", list(check = check_point(t$result, k, lam[k + 1L], 1)))
}
if ("logisticcv" %in% tasks) {
  lam <- read_manifest_numbers(args$dir, scenario, "alphasLogistic")
  t <- timed(function() cv.glmnet(X, y, family = "binomial", alpha = 1, lambda = lam, standardize = FALSE, foldid = foldid,
                                  type.measure = "deviance"), args$repeats)
  out$logisticcv <- summary_of(t, "cv.glmnet(binomial, foldid, type.measure=deviance): 1 full path + 10 fold paths",
                               list(bestIndex = which.min(t$result$cvm) - 1L))
}

cat(to_json(list(tool = "glmnet", scenario = scenario, tasks = out, versions = list(
  R = paste(R.version$major, R.version$minor, sep = "."), glmnet = as.character(packageVersion("glmnet"))))), "\n")
