#!/usr/bin/python3
"""scikit-learn references for the solver's ridge CV, elastic-net CV over several l1 ratios, and
LassoCV without standardization (test/unit/solverCv.test.ts). Writes test/unit/solverCvReference.json.
Run from the repository root: /usr/bin/python3 test/unit/solverCvReference.py (sklearn 1.2.1, numpy 1.24.2).
Reads the committed fixture data (test/fixtures/data/seed.csv, cvfold.csv) and fold ids.
"""
import json
import warnings

import numpy as np
import pandas as pd
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import ElasticNet, LassoCV, Ridge
from sklearn.linear_model._coordinate_descent import _alpha_grid
from sklearn.model_selection import PredefinedSplit
from sklearn.preprocessing import StandardScaler

warnings.simplefilter("error", ConvergenceWarning)


def summarize(alphas, fold_err):
    """fold_err: K x A. Mean, SE (ddof 1)/sqrt(K), first argmin, smallest index within 1 SE."""
    K = fold_err.shape[0]
    mean = fold_err.mean(axis=0)
    se = fold_err.std(axis=0, ddof=1) / np.sqrt(K)
    i_min = int(np.argmin(mean))
    i_1se = int(np.nonzero(mean <= mean[i_min] + se[i_min])[0][0])
    return {"alphas": list(map(float, alphas)), "mean": list(map(float, mean)), "se": list(map(float, se)),
            "index_min": i_min, "index_1se": i_1se}


def per_fold(X, y, folds, fit_predict):
    K = folds.max() + 1
    out = []
    for k in range(K):
        tr, te = folds != k, folds == k
        sc = StandardScaler().fit(X[tr])
        out.append(fit_predict(sc.transform(X[tr]), y[tr], sc.transform(X[te]), y[te]))
    return np.array(out)


seed = pd.read_csv("test/fixtures/data/seed.csv")
seed_ref = json.load(open("test/fixtures/reference/seed.json"))
X = seed[[f"x{j}" for j in range(10)]].to_numpy()
y = seed["y"].to_numpy()
folds = np.array(seed_ref["cv"][0]["fold_ids"])

# Ridge CV on an explicit grid, StandardScaler refitted per fold.
ridge_alphas = np.logspace(-2, 3, 30)[::-1]
ridge_err = per_fold(X, y, folds, lambda Xtr, ytr, Xte, yte: [
    np.mean((yte - Ridge(alpha=a).fit(Xtr, ytr).predict(Xte)) ** 2) for a in ridge_alphas])
ridge = summarize(ridge_alphas, ridge_err)

# ElasticNet CV over l1 ratios: LassoCV-style grid per ratio from all rows (standardized), 30 alphas.
Xs_all = StandardScaler().fit_transform(X)
enet = []
for l1 in [0.2, 0.5, 0.9]:
    alphas = _alpha_grid(Xs_all, y, l1_ratio=l1, fit_intercept=True, eps=1e-3, n_alphas=30)
    err = per_fold(X, y, folds, lambda Xtr, ytr, Xte, yte: [
        np.mean((yte - ElasticNet(alpha=a, l1_ratio=l1, tol=1e-12, max_iter=1_000_000).fit(Xtr, ytr).predict(Xte)) ** 2)
        for a in alphas])
    enet.append({"l1_ratio": l1, **summarize(alphas, err)})

# LassoCV itself on the raw (unstandardized) cvfold design with its fold column.
cvf = pd.read_csv("test/fixtures/data/cvfold.csv")
cols = [f"f{j}" for j in range(1, 16)]
Xc = cvf[cols].to_numpy()
yc = cvf["target"].to_numpy()
fold_c = cvf["fold"].to_numpy() - 1
m = LassoCV(n_alphas=30, eps=1e-3, cv=PredefinedSplit(fold_c), tol=1e-12, max_iter=1_000_000).fit(Xc, yc)
lasso_raw = summarize(m.alphas_, m.mse_path_.T)
lasso_raw["alpha_"] = float(m.alpha_)

json.dump({"made_by": "test/unit/solverCvReference.py (sklearn 1.2.1)", "seed_fold_ids": list(map(int, folds)),
           "ridge": ridge, "enet": enet, "cvfold_fold_ids": list(map(int, fold_c)), "lasso_raw": lasso_raw},
          open("test/unit/solverCvReference.json", "w"), indent=1)
print("ok", ridge["index_min"], [e["index_min"] for e in enet], lasso_raw["index_min"])
