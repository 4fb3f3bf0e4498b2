#!/usr/bin/env Rscript
# glmnet (r-cran-glmnet) binomial fits of the configs listed by make_logistic_fixtures.py, the
# second oracle for src/solver/logistic.ts. x is standardized beforehand (mean 0, ddof-0 sd 1) and
# glmnet is run with standardize = FALSE, lambda = 1 / (C n), alpha = l1_ratio, so its objective
# (1/n) sum logloss + lambda (alpha |w|_1 + (1 - alpha)/2 |w|^2) is sklearn's divided by C n.
# Also records lambda_max (first lambda of glmnet's default path) per data set and alpha, and
# whole 30-lambda paths for a few data sets.
# Run after the python script: Rscript test/reference/make_logistic_glmnet.R
suppressMessages(library(glmnet))
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
dir <- file.path(here, "..", "fixtures", "logistic")
configs <- read.csv(file.path(dir, "configs.csv"), stringsAsFactors = FALSE)
num <- function(v) paste0("[", paste(sprintf("%.17g", v), collapse = ","), "]")
standardize <- function(x) {
  m <- colMeans(x)
  s <- sqrt(colMeans(sweep(x, 2, m)^2))
  s[s == 0] <- 1
  sweep(sweep(x, 2, m), 2, s, "/")
}
out <- c()
cache <- list()
for (k in seq_len(nrow(configs))) {
  cf <- configs[k, ]
  if (is.null(cache[[cf$dataset]])) {
    d <- as.matrix(read.csv(file.path(dir, paste0(cf$dataset, ".csv"))))
    cache[[cf$dataset]] <- list(x = standardize(d[, -ncol(d)]), y = d[, ncol(d)])
  }
  x <- cache[[cf$dataset]]$x
  y <- cache[[cf$dataset]]$y
  n <- nrow(x)
  lambda <- 1 / (cf$C * n)
  fit <- glmnet(x, y, family = "binomial", alpha = cf$alpha, lambda = lambda, standardize = FALSE,
                thresh = 1e-14, maxit = 1e7)
  beta <- as.numeric(fit$beta[, 1])
  out <- c(out, sprintf('{"dataset":"%s","penalty":"%s","C":%.17g,"alpha":%.17g,"lambda":%.17g,"a0":%.17g,"beta":%s}',
                        cf$dataset, cf$penalty, cf$C, cf$alpha, lambda, as.numeric(fit$a0), num(beta)))
}
lmax <- c()
for (name in names(cache)) {
  for (alpha in c(1, 0.5)) {
    path <- glmnet(cache[[name]]$x, cache[[name]]$y, family = "binomial", alpha = alpha, standardize = FALSE)
    lmax <- c(lmax, sprintf('{"dataset":"%s","alpha":%.17g,"lambda_max":%.17g}', name, alpha, path$lambda[1]))
  }
}
# Whole paths on glmnet's own lambda grid (30 values), tight threshold: coefficients and zeros per lambda.
paths <- c()
for (spec in list(list("readmission", 1), list("readmission", 0.5), list("wide", 1), list("imbalanced", 1))) {
  d <- cache[[spec[[1]]]]
  fit <- glmnet(d$x, d$y, family = "binomial", alpha = spec[[2]], nlambda = 30, standardize = FALSE,
                thresh = 1e-14, maxit = 1e7)
  betas <- sapply(seq_along(fit$lambda), function(k) num(as.numeric(fit$beta[, k])))
  paths <- c(paths, sprintf('{"dataset":"%s","alpha":%.17g,"lambda":%s,"a0":%s,"beta":[%s]}', spec[[1]], spec[[2]],
                            num(fit$lambda), num(as.numeric(fit$a0)), paste(betas, collapse = ",")))
}
writeLines(c(sprintf('{"glmnet_version":"%s",', as.character(packageVersion("glmnet"))),
             '"fits":[', paste(out, collapse = ",\n"), '],',
             '"paths":[', paste(paths, collapse = ",\n"), '],',
             '"lambda_max":[', paste(lmax, collapse = ",\n"), ']}'),
           file.path(dir, "glmnet.json"))
