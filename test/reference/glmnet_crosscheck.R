# Independent oracle for test/reference/make_fixtures.py (called by it; not run by hand).
#
#   Rscript test/reference/glmnet_crosscheck.R data  OUTDIR   writes mtcars.csv and longley.csv
#   Rscript test/reference/glmnet_crosscheck.R check JOBDIR   runs every job in JOBDIR/jobs.csv
#
# A job is one of
#   glmnet  glmnet(x, y, alpha, lambda, standardize = FALSE, thresh = 1e-14) on the x the
#           Python side already put on its fitted scale; writes one row per lambda:
#           intercept, coef_1..coef_p.  lambda/alpha arrive already mapped to glmnet's
#           parameterisation (see README: glmnet divides the ridge part by sd(y)).
#   lm      lm(y ~ x); writes intercept, coef_1..coef_p.
#   cv      cv.glmnet(x, y, alpha = 1, lambda, foldid, standardize = TRUE) on raw x: per fold
#           glmnet standardizes the training rows with the 1/n sd, which is the same as a
#           StandardScaler fitted on the training rows; writes cvm, cvsd per lambda.
# Files: JOBDIR/<id>_x.csv (no header), <id>_y.csv, <id>_lambda.csv, <id>_foldid.csv.
# Output: JOBDIR/<id>_out.csv, numbers printed with 17 significant digits.

suppressMessages(library(glmnet))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: glmnet_crosscheck.R data|check DIR")
mode <- args[[1]]
dir <- args[[2]]

if (mode == "data") {
  # Row names (car models, years) are labels, not features: leave them out.
  write.csv(datasets::mtcars, file.path(dir, "mtcars.csv"), row.names = FALSE, quote = FALSE)
  write.csv(datasets::longley, file.path(dir, "longley.csv"), row.names = FALSE, quote = FALSE)
  quit(status = 0)
}
if (mode != "check") stop("unknown mode ", mode)

# A path given by the user must not be cut short when the deviance ratio nears 1 (p > n).
glmnet.control(fdev = 0, devmax = 1, mnlam = 1)

read_matrix <- function(path, p) matrix(scan(path, sep = ",", quiet = TRUE), ncol = p, byrow = TRUE)
write_rows <- function(m, path) {
  lines <- apply(m, 1, function(r) paste(sprintf("%.17g", r), collapse = ","))
  writeLines(lines, path)
}

jobs <- read.csv(file.path(dir, "jobs.csv"), stringsAsFactors = FALSE)
for (k in seq_len(nrow(jobs))) {
  job <- jobs[k, ]
  f <- function(suffix) file.path(dir, paste0(job$id, "_", suffix, ".csv"))
  x <- read_matrix(f("x"), job$p)
  y <- scan(f("y"), quiet = TRUE)
  if (job$kind == "lm") {
    fit <- lm(y ~ x)
    b <- coef(fit)
    if (anyNA(b)) stop("lm: rank-deficient design in job ", job$id)
    write_rows(matrix(b, nrow = 1), f("out"))
  } else if (job$kind == "glmnet") {
    lambda <- scan(f("lambda"), quiet = TRUE)
    fit <- glmnet(x, y, family = "gaussian", alpha = job$alpha, lambda = lambda,
                  standardize = FALSE, intercept = TRUE, thresh = 1e-14, maxit = 1e7)
    if (length(fit$lambda) != length(lambda)) stop("glmnet returned a shorter path in job ", job$id)
    b <- as.matrix(coef(fit))            # (p + 1) x nlambda
    write_rows(t(b), f("out"))
  } else if (job$kind == "cv") {
    lambda <- scan(f("lambda"), quiet = TRUE)
    foldid <- scan(f("foldid"), quiet = TRUE)
    fit <- cv.glmnet(x, y, family = "gaussian", alpha = 1, lambda = lambda, foldid = foldid,
                     type.measure = "mse", standardize = TRUE, intercept = TRUE,
                     thresh = 1e-14, maxit = 1e7)
    if (length(fit$cvm) != length(lambda)) stop("cv.glmnet returned a shorter path in job ", job$id)
    write_rows(cbind(fit$cvm, fit$cvsd), f("out"))
  } else {
    stop("unknown job kind ", job$kind)
  }
}
