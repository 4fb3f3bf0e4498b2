#!/usr/bin/python3
"""Reference fixtures for the regression solver: scikit-learn optima cross-checked with R's glmnet and lm.

Run from the repository root as `npm run fixtures` (= /usr/bin/python3 test/reference/make_fixtures.py).
Writes test/fixtures/data/<case>.csv and test/fixtures/reference/<case>.json; the JSON format is
described in test/reference/README.md. Stops with an error if glmnet/lm disagree with scikit-learn.
Deterministic: every random draw is seeded, and Rscript is the only other process it starts.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import warnings

import numpy as np
import pandas as pd
import sklearn
from sklearn.datasets import load_diabetes
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import ElasticNet, Lasso, LinearRegression, Ridge, enet_path
from sklearn.model_selection import KFold, train_test_split
from sklearn.preprocessing import StandardScaler

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA_DIR = os.path.join(ROOT, "test", "fixtures", "data")
REF_DIR = os.path.join(ROOT, "test", "fixtures", "reference")
R_SCRIPT = os.path.join(ROOT, "test", "reference", "glmnet_crosscheck.R")
CONTRACT_SEED_CSV = os.path.join(ROOT, "..", "shared", "contract", "cases", "seed_full.csv")

TOL = 1e-12            # sklearn duality-gap tolerance (relative to ||y||^2)
MAX_ITER = 1_000_000
GLMNET_OBJECTIVE_LIMIT = 1e-6   # relative objective disagreement that stops the script
GAP_LIMIT = 1e-8                # sklearn's relative duality gap must certify the optimum
LM_COEF_LIMIT = 1e-8            # relative coefficient disagreement with R's lm that stops the script
RIDGE_ALPHAS = [0.1, 1.0, 10.0]
EXPLICIT_GRID = np.logspace(-3, 1, 80)[::-1]

# A non-converged reference is no reference.
warnings.simplefilter("error", ConvergenceWarning)


# ----------------------------------------------------------------------------------------------
# Data sets. Each returns a DataFrame that is written to CSV; all fits read the CSV back, so the
# fixtures describe exactly the committed numbers.
# ----------------------------------------------------------------------------------------------

def make_seed():
    """The seed analysis: numpy seed 42, n = 200, p = 10, three true non-zero weights."""
    np.random.seed(42)
    X = np.random.randn(200, 10)
    w = np.array([3.5, -2.1, 1.8, 0, 0, 0, 0, 0, 0, 0])
    y = X @ w + 0.5 * np.random.randn(200)
    df = pd.DataFrame(X, columns=[f"x{j}" for j in range(10)])
    df["y"] = y
    return df


def make_diabetes():
    """scikit-learn's diabetes data (442 x 10, features already mean-centred and scaled)."""
    return load_diabetes(as_frame=True).frame


def make_wide():
    """p > n: n = 60, p = 200, eight non-zero true weights on random columns."""
    rng = np.random.RandomState(7)
    n, p = 60, 200
    X = rng.randn(n, p)
    w = np.zeros(p)
    support = np.sort(rng.choice(p, 8, replace=False))
    w[support] = rng.choice([-1.0, 1.0], 8) * rng.uniform(1.0, 3.0, 8)
    y = X @ w + 0.5 * rng.randn(n) + 2.0
    df = pd.DataFrame(X, columns=[f"x{j}" for j in range(p)])
    df["y"] = y
    return df


def make_cvfold():
    """n = 150, p = 15 with a user fold column (values 1..5, seeded permutation of round-robin).

    The fold column comes first so a reader that took it as a feature would be caught."""
    rng = np.random.RandomState(11)
    n, p = 150, 15
    X = rng.randn(n, p) * rng.uniform(0.5, 5.0, p) + rng.uniform(-3.0, 3.0, p)
    w = np.zeros(p)
    w[[0, 3, 6, 9, 12]] = [2.0, -1.0, 0.5, 0.25, -0.3]
    y = X @ w + rng.randn(n) + 10.0
    df = pd.DataFrame({"fold": rng.permutation(np.arange(n) % 5) + 1})
    for j in range(p):
        df[f"f{j + 1}"] = X[:, j]
    df["target"] = y
    return df


def make_categorical():
    """n = 90: two numeric columns, a boolean, a 3-level string column, target y.

    The string column is the last feature so that one-hot columns appended at the end (pandas)
    and expanded in place give the same design order. The first row's level ("red") is not the
    first sorted level ("blue"), which is the one dropped."""
    rng = np.random.RandomState(3)
    n = 90
    size = rng.uniform(1.0, 10.0, n)
    weight = rng.randn(n) * 2.0 + 5.0
    member = rng.rand(n) < 0.4
    color = rng.choice(["red", "green", "blue"], n)
    color[0] = "red"
    effect = {"blue": 0.0, "green": 1.5, "red": -2.0}
    y = (1.0 + 0.8 * size - 0.5 * weight + 2.5 * member
         + np.array([effect[c] for c in color]) + 0.7 * rng.randn(n))
    return pd.DataFrame({"size": size, "weight": weight, "member": member, "color": color, "y": y})


# ----------------------------------------------------------------------------------------------
# Case table: target, Lasso alphas (at least one sparse), extra ElasticNet fit, options.
# ----------------------------------------------------------------------------------------------

CASES = [
    dict(name="seed", make=make_seed, target="y", lasso=[0.01, 0.1, 1.0], enet2=(0.1, 0.8),
         unstandardized=True, split=True, cv="kfold"),
    dict(name="diabetes", make=make_diabetes, target="target", lasso=[0.1, 1.0, 10.0], enet2=(1.0, 0.8)),
    dict(name="mtcars", make=None, target="mpg", lasso=[0.01, 0.1, 1.0], enet2=(1.0, 0.2),
         unstandardized=True, lm=True),
    dict(name="longley", make=None, target="Employed", lasso=[0.001, 0.01, 0.1], enet2=(0.01, 0.8), lm=True),
    dict(name="wide", make=make_wide, target="y", lasso=[0.05, 0.3, 1.5], enet2=(0.3, 0.8)),
    dict(name="cvfold", make=make_cvfold, target="target", fold_column="fold",
         lasso=[0.01, 0.1, 1.0], enet2=(0.5, 0.8), cv="column"),
    dict(name="categorical", make=make_categorical, target="y", lasso=[0.01, 0.1, 1.0], enet2=(0.5, 0.8)),
]


def read_csv(path):
    # round_trip: pandas' default float parser may be off by one ulp.
    return pd.read_csv(path, float_precision="round_trip", keep_default_na=False)


def write_csv(df, path):
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == bool:
            out[c] = np.where(out[c], "true", "false")
    out.to_csv(path, index=False, float_format=None)  # pandas writes floats with repr
    back = read_csv(path)
    for c in df.columns:
        a, b = df[c].to_numpy(), back[c].to_numpy()
        if df[c].dtype.kind == "f" and not np.array_equal(a, b):
            raise SystemExit(f"{path}: column {c} does not round-trip exactly")


def design(df, target, fold_column):
    """Design matrix as pandas.get_dummies(drop_first=True) with sorted levels; `column=level` names."""
    feats = df.drop(columns=[c for c in (target, fold_column) if c is not None])
    string_cols = [c for c in feats.columns if feats[c].dtype == object]
    for c in feats.columns:
        if feats[c].dtype == bool:
            feats[c] = feats[c].astype(float)
    for c in string_cols:
        feats[c] = pd.Categorical(feats[c], categories=sorted(feats[c].unique()))
    dummies = pd.get_dummies(feats, columns=string_cols, drop_first=True, prefix_sep="\x00")
    names = [c.replace("\x00", "=") for c in dummies.columns]
    return dummies.to_numpy(dtype=float), names, df[target].to_numpy(dtype=float)


# ----------------------------------------------------------------------------------------------
# Objectives (sklearn's parameterisation, on the fitted scale)
# ----------------------------------------------------------------------------------------------

def enet_objective(Xf, y, w, b, alpha, l1_ratio):
    r = y - Xf @ w - b
    return (r @ r) / (2 * len(y)) + alpha * l1_ratio * np.abs(w).sum() + alpha * (1 - l1_ratio) / 2 * (w @ w)


def enet_relative_gap(Xf, y, w, alpha, l1_ratio):
    """Duality gap / primal objective of sklearn's ElasticNet problem (gap as in sklearn's
    _cd_fast.enet_coordinate_descent, on centred data): certifies the reference is the optimum."""
    n = len(y)
    Xc, yc = Xf - Xf.mean(axis=0), y - y.mean()
    l1_reg, l2_reg = alpha * l1_ratio * n, alpha * (1 - l1_ratio) * n
    R = yc - Xc @ w
    XtA = Xc.T @ R - l2_reg * w
    dual_norm = np.abs(XtA).max()
    const = l1_reg / dual_norm if dual_norm > l1_reg else 1.0
    gap = 0.5 * (R @ R) * (1 + const ** 2) + l1_reg * np.abs(w).sum() - const * (R @ yc) \
        + 0.5 * l2_reg * (1 + const ** 2) * (w @ w)
    primal = n * enet_objective(Xc, yc, w, 0.0, alpha, l1_ratio)
    return gap / primal


def ridge_objective(Xf, y, w, b, alpha):
    r = y - Xf @ w - b
    return r @ r + alpha * (w @ w)


GAPS = []


def check_gap(Xf, y, w, alpha, l1_ratio):
    g = enet_relative_gap(Xf, y, w, alpha, l1_ratio)
    GAPS.append(g)
    if not g < GAP_LIMIT:
        raise SystemExit(f"sklearn did not reach the optimum: relative duality gap {g:.3g} at alpha={alpha}")


def fitted_scale(X, rows, standardize):
    """The matrix the estimator sees, plus (mean, scale) to return to original units."""
    Xr = X if rows is None else X[rows]
    if not standardize:
        return Xr, None
    scaler = StandardScaler().fit(Xr)   # ddof = 0; zero-variance columns get scale 1
    return scaler.transform(Xr), scaler


# ----------------------------------------------------------------------------------------------
# glmnet / lm jobs: collected while fitting, run in one Rscript call, compared afterwards.
# ----------------------------------------------------------------------------------------------

class RJobs:
    def __init__(self, tmp):
        self.tmp = tmp
        self.rows = []
        self.after = []   # (id, callback(out_matrix))

    def add(self, kind, X, y, on_result, lam=None, alpha=None, foldid=None):
        jid = f"j{len(self.rows)}"
        np.savetxt(os.path.join(self.tmp, f"{jid}_x.csv"), X, delimiter=",", fmt="%.17g")
        np.savetxt(os.path.join(self.tmp, f"{jid}_y.csv"), y, fmt="%.17g")
        if lam is not None:
            np.savetxt(os.path.join(self.tmp, f"{jid}_lambda.csv"), np.asarray(lam, float), fmt="%.17g")
        if foldid is not None:
            np.savetxt(os.path.join(self.tmp, f"{jid}_foldid.csv"), np.asarray(foldid), fmt="%d")
        self.rows.append(dict(id=jid, kind=kind, p=X.shape[1], alpha=1.0 if alpha is None else alpha))
        self.after.append((jid, on_result))

    def run(self):
        pd.DataFrame(self.rows).to_csv(os.path.join(self.tmp, "jobs.csv"), index=False, float_format="%.17g")
        subprocess.run(["Rscript", R_SCRIPT, "check", self.tmp], check=True)
        for jid, cb in self.after:
            out = np.loadtxt(os.path.join(self.tmp, f"{jid}_out.csv"), delimiter=",", ndmin=2)
            cb(out)


def glmnet_parameters(alphas, l1_ratio, y):
    """Map sklearn (alpha, l1_ratio) to glmnet (lambda, alpha) for family = "gaussian".

    glmnet divides y by its 1/n standard deviation s and the user's lambda by s, which leaves
    the L1 part unchanged but divides the ridge part by s. Solving
    (1/2n)|r|^2 + lam*a|w|_1 + lam*(1-a)/(2s)|w|^2 = sklearn's objective needs
    lam = alpha*(l1_ratio + s*(1 - l1_ratio)) and a = alpha*l1_ratio/lam."""
    s = np.sqrt(np.mean((y - y.mean()) ** 2))
    scale = l1_ratio + s * (1 - l1_ratio)
    return np.asarray(alphas, float) * scale, l1_ratio / scale


def clean(v):
    """JSON-ready list of Python floats; -0.0 written as 0.0."""
    a = np.asarray(v, dtype=float)
    if not np.all(np.isfinite(a)):
        raise SystemExit("non-finite number in a fixture")
    return [float(x) + 0.0 for x in a.ravel()] if a.ndim == 1 else [clean(r) for r in a]


# ----------------------------------------------------------------------------------------------
# Fits, paths and CV for one case
# ----------------------------------------------------------------------------------------------

def one_fit(X, y, model, alpha, l1_ratio, standardize, rows, rjobs, agreements, lm=False):
    Xf, scaler = fitted_scale(X, rows, standardize)
    yr = y if rows is None else y[rows]
    n, p = Xf.shape
    if model == "ols":
        Xc = Xf - Xf.mean(axis=0)
        if np.linalg.matrix_rank(Xc) < p:
            # Rank-deficient: minimum-norm least squares on the fitted scale.
            w = np.linalg.lstsq(Xc, yr - yr.mean(), rcond=None)[0]
            b = yr.mean() - Xf.mean(axis=0) @ w
        else:
            est = LinearRegression().fit(Xf, yr)
            w, b = est.coef_, est.intercept_
        r = yr - Xf @ w - b
        objective = r @ r
    elif model == "ridge":
        est = Ridge(alpha=alpha, solver="svd", fit_intercept=True).fit(Xf, yr)
        w, b = est.coef_, est.intercept_
        # Independent check: the normal equations on centred data (n > p) or the dual (p > n).
        Xc, yc = Xf - Xf.mean(axis=0), yr - yr.mean()
        w_check = (np.linalg.solve(Xc.T @ Xc + alpha * np.eye(p), Xc.T @ yc) if n >= p
                   else Xc.T @ np.linalg.solve(Xc @ Xc.T + alpha * np.eye(n), yc))
        if np.abs(w - w_check).max() > 1e-8 * (1 + np.abs(w).max()):
            raise SystemExit(f"ridge alpha={alpha}: svd and normal equations disagree")
        objective = ridge_objective(Xf, yr, w, b, alpha)
    else:
        if model == "lasso":
            est = Lasso(alpha=alpha, tol=TOL, max_iter=MAX_ITER, fit_intercept=True)
        else:
            est = ElasticNet(alpha=alpha, l1_ratio=l1_ratio, tol=TOL, max_iter=MAX_ITER, fit_intercept=True)
        est.fit(Xf, yr)
        w, b = est.coef_, est.intercept_
        objective = enet_objective(Xf, yr, w, b, alpha, l1_ratio)
        check_gap(Xf, yr, w, alpha, l1_ratio)

    if scaler is not None:
        coef = w / scaler.scale_
        intercept = b - scaler.mean_ @ coef
    else:
        coef, intercept = w, b
    fit = {
        "model": model,
        "alpha": None if model == "ols" else float(alpha),
        "l1_ratio": {"lasso": 1.0, "elasticnet": float(l1_ratio) if l1_ratio is not None else None}.get(model),
        "standardize": standardize,
        "rows": None if rows is None else [int(i) for i in rows],
        "coef": clean(coef),
        "intercept": float(intercept),
        "coef_standardized": clean(w) if scaler is not None else None,
        "intercept_standardized": float(b) if scaler is not None else None,
        "objective": float(objective),
        "glmnet": None,
    }

    if model in ("lasso", "elasticnet"):
        lam, a = glmnet_parameters([alpha], fit["l1_ratio"], yr)

        def compare(out, fit=fit, Xf=Xf, yr=yr, w=w):
            gb, gw = out[0, 0], out[0, 1:]
            gobj = enet_objective(Xf, yr, gw, gb, fit["alpha"], fit["l1_ratio"])
            fit["glmnet"] = {
                "max_abs_coef_diff": float(np.abs(gw - w).max()),
                "rel_objective_diff": float(abs(gobj - fit["objective"]) / abs(fit["objective"])),
            }
            agreements.append(("fit", fit["glmnet"]["max_abs_coef_diff"], fit["glmnet"]["rel_objective_diff"],
                               (gobj - fit["objective"]) / abs(fit["objective"])))
        rjobs.add("glmnet", Xf, yr, compare, lam=lam, alpha=a)

    if model == "ols" and lm:
        Xr = X if rows is None else X[rows]

        def compare_lm(out, fit=fit, Xr=Xr, yr=yr):
            lb, lw = out[0, 0], out[0, 1:]
            r = yr - Xr @ lw - lb
            ref = np.array(fit["coef"])
            fit["lm"] = {
                "max_abs_coef_diff": float(np.abs(lw - ref).max()),
                "max_rel_coef_diff": float((np.abs(lw - ref) / np.abs(ref)).max()),
                "rel_objective_diff": float(abs(r @ r - fit["objective"]) / fit["objective"]),
            }
            agreements.append(("lm", fit["lm"]["max_rel_coef_diff"], fit["lm"]["rel_objective_diff"], 0.0))
            if fit["lm"]["max_rel_coef_diff"] > LM_COEF_LIMIT:
                raise SystemExit(f"R lm disagrees with sklearn OLS: {fit['lm']}")
        rjobs.add("lm", Xr, yr, compare_lm)
    return fit


def one_path(X, y, l1_ratio, standardize, grid, rjobs, agreements):
    Xf, _ = fitted_scale(X, None, standardize)
    xm, ym = Xf.mean(axis=0), y.mean()
    Xc, yc = Xf - xm, y - ym
    kw = dict(l1_ratio=l1_ratio, tol=TOL, max_iter=MAX_ITER)
    if grid == "default":
        alphas, coefs, _ = enet_path(Xc, yc, eps=1e-3, n_alphas=100, **kw)
    else:
        alphas, coefs, _ = enet_path(Xc, yc, alphas=EXPLICIT_GRID, **kw)
    W = coefs.T                    # (n_alphas, p)
    for k, alpha in enumerate(alphas):
        check_gap(Xf, y, W[k], alpha, l1_ratio)
    intercepts = ym - W @ xm
    path = {
        "model": "lasso" if l1_ratio == 1.0 else "elasticnet",
        "l1_ratio": float(l1_ratio),
        "standardize": standardize,
        "alphas": clean(alphas),
        "coef": clean(W),
        "intercept": clean(intercepts),
        "grid": grid,
        "glmnet": None,
    }
    if not np.all(np.diff(alphas) < 0):
        raise SystemExit("path alphas are not strictly descending")
    lam, a = glmnet_parameters(alphas, l1_ratio, y)

    def compare(out, path=path):
        cd, od, signed = 0.0, 0.0, np.inf
        for k, alpha in enumerate(alphas):
            sk = enet_objective(Xf, y, W[k], intercepts[k], alpha, l1_ratio)
            gl = enet_objective(Xf, y, out[k, 1:], out[k, 0], alpha, l1_ratio)
            cd = max(cd, float(np.abs(out[k, 1:] - W[k]).max()))
            od = max(od, float(abs(gl - sk) / abs(sk)))
            signed = min(signed, (gl - sk) / abs(sk))
        path["glmnet"] = {"max_abs_coef_diff": cd, "rel_objective_diff": od}
        agreements.append(("path", cd, od, signed))
    rjobs.add("glmnet", Xf, y, compare, lam=lam, alpha=a)
    return path


def one_cv(X, y, fold_ids, rjobs, agreements):
    """Lasso CV with StandardScaler fitted on each fold's training rows, on LassoCV's grid."""
    Xs = StandardScaler().fit_transform(X)
    alphas, _, _ = enet_path(Xs - Xs.mean(axis=0), y - y.mean(), eps=1e-3, n_alphas=100,
                             l1_ratio=1.0, tol=TOL, max_iter=MAX_ITER)
    K = int(fold_ids.max()) + 1
    mse = np.zeros((K, len(alphas)))
    for k in range(K):
        train, test = fold_ids != k, fold_ids == k
        scaler = StandardScaler().fit(X[train])
        Xt = scaler.transform(X[train])
        ym = y[train].mean()
        _, coefs, _ = enet_path(Xt, y[train] - ym, alphas=alphas, l1_ratio=1.0, tol=TOL, max_iter=MAX_ITER)
        pred = ym + scaler.transform(X[test]) @ coefs     # (n_test, n_alphas); Xt has mean 0
        mse[k] = ((y[test][:, None] - pred) ** 2).mean(axis=0)
    cv_mean = mse.mean(axis=0)
    cv_se = mse.std(axis=0, ddof=1) / np.sqrt(K)
    i_min = int(np.argmin(cv_mean))      # alphas descend: the first minimum is the larger alpha
    i_1se = int(np.nonzero(cv_mean <= cv_mean[i_min] + cv_se[i_min])[0][0])

    # Spot check at alpha_min with an independently written per-fold Lasso fit.
    spot = []
    for k in range(K):
        train, test = fold_ids != k, fold_ids == k
        scaler = StandardScaler().fit(X[train])
        m = Lasso(alpha=alphas[i_min], tol=TOL, max_iter=MAX_ITER).fit(scaler.transform(X[train]), y[train])
        spot.append(((y[test] - m.predict(scaler.transform(X[test]))) ** 2).mean())
    if abs(np.mean(spot) - cv_mean[i_min]) > 1e-8 * cv_mean[i_min]:
        raise SystemExit("CV path and per-fold Lasso disagree at alpha_min")

    cv = {
        "model": "lasso", "l1_ratio": 1.0, "standardize": True,
        "fold_ids": [int(f) for f in fold_ids],
        "alphas": clean(alphas), "cv_mean": clean(cv_mean), "cv_se": clean(cv_se),
        "alpha_min": float(alphas[i_min]), "alpha_1se": float(alphas[i_1se]),
        "index_min": i_min, "index_1se": i_1se,
        "glmnet": None,
    }

    def compare(out, cv=cv):
        md = float(np.abs(out[:, 0] - cv_mean).max() / cv_mean.min())
        sd = float(np.abs(out[:, 1] - cv_se).max() / cv_se.max())
        cv["glmnet"] = {"max_rel_cv_mean_diff": md, "max_rel_cv_se_diff": sd}
        agreements.append(("cv", md, sd, 0.0))
        if md > GLMNET_OBJECTIVE_LIMIT:
            raise SystemExit(f"cv.glmnet disagrees with the CV reference: {cv['glmnet']}")
    rjobs.add("cv", X, y, compare, lam=alphas, foldid=fold_ids + 1)
    return cv


def build_case(case, df, rjobs, agreements, versions):
    name, target, fold_column = case["name"], case["target"], case.get("fold_column")
    X, columns, y = design(df, target, fold_column)
    fits, paths, cvs = [], [], []

    row_sets = [None]
    if case.get("split"):
        train, _ = train_test_split(np.arange(len(y)), test_size=0.2, random_state=42)
        row_sets.append(train)
    settings = [(True, rows) for rows in row_sets]
    if case.get("unstandardized"):
        settings.append((False, None))

    for standardize, rows in settings:
        spec = [("ols", None, None)]
        spec += [("ridge", a, None) for a in RIDGE_ALPHAS]
        spec += [("lasso", a, 1.0) for a in case["lasso"]]
        spec += [("elasticnet", 0.1, 0.5), ("elasticnet",) + tuple(case["enet2"])]
        for model, alpha, l1 in spec:
            fits.append(one_fit(X, y, model, alpha, l1, standardize, rows, rjobs, agreements,
                                lm=case.get("lm", False)))

    paths.append(one_path(X, y, 1.0, True, "default", rjobs, agreements))
    paths.append(one_path(X, y, 0.5, True, "default", rjobs, agreements))
    paths.append(one_path(X, y, 1.0, True, "explicit", rjobs, agreements))
    if case.get("unstandardized"):
        paths.append(one_path(X, y, 1.0, False, "default", rjobs, agreements))

    if case.get("cv") == "kfold":
        fold_ids = np.empty(len(y), dtype=int)
        for k, (_, test) in enumerate(KFold(5, shuffle=True, random_state=0).split(X)):
            fold_ids[test] = k
        cvs.append(one_cv(X, y, fold_ids, rjobs, agreements))
    elif case.get("cv") == "column":
        cvs.append(one_cv(X, y, df[fold_column].to_numpy(dtype=int) - 1, rjobs, agreements))

    return {
        "name": name,
        "made_by": f"test/reference/make_fixtures.py (sklearn {versions['sklearn']}, glmnet {versions['glmnet']})",
        "csv": f"test/fixtures/data/{name}.csv",
        "target": target,
        "columns": columns,
        "fold_column": fold_column,
        "standardize": True,
        "fits": fits,
        "paths": paths,
        "cv": cvs,
    }


def check_seed_sparsity(doc):
    for fit in doc["fits"]:
        if fit["model"] == "lasso" and fit["alpha"] == 0.1:
            nz = [c != 0.0 for c in fit["coef"]]
            if nz != [True] * 3 + [False] * 7:
                raise SystemExit(f"seed: Lasso(alpha=0.1) should keep exactly x0..x2, got {fit['coef']}")


def main():
    os.makedirs(DATA_DIR, exist_ok=True)
    os.makedirs(REF_DIR, exist_ok=True)
    glmnet_version = subprocess.run(
        ["Rscript", "-e", 'cat(as.character(packageVersion("glmnet")))'],
        check=True, capture_output=True, text=True).stdout.strip()
    versions = {"sklearn": sklearn.__version__, "glmnet": glmnet_version}

    with tempfile.TemporaryDirectory() as tmp:
        # R's data sets are written by R itself.
        subprocess.run(["Rscript", R_SCRIPT, "data", tmp], check=True)
        for name in ("mtcars", "longley"):
            shutil.copyfile(os.path.join(tmp, f"{name}.csv"), os.path.join(DATA_DIR, f"{name}.csv"))

        for case in CASES:
            path = os.path.join(DATA_DIR, f"{case['name']}.csv")
            if case["make"] is not None:
                df = case["make"]()
                write_csv(df, path)
            if case["name"] == "seed" and os.path.exists(CONTRACT_SEED_CSV):
                ours, theirs = read_csv(path), read_csv(CONTRACT_SEED_CSV)
                if not (list(ours.columns) == list(theirs.columns) and np.array_equal(ours.values, theirs.values)):
                    print("seed: regenerated data differ from the contract CSV; copying the contract CSV")
                    shutil.copyfile(CONTRACT_SEED_CSV, path)

        rjobs = RJobs(tmp)
        agreements = {}
        docs = {}
        for case in CASES:
            df = read_csv(os.path.join(DATA_DIR, f"{case['name']}.csv"))
            if case["name"] == "categorical":
                df["member"] = df["member"].map({"true": True, "false": False, True: True, False: False}).astype(bool)
            agreements[case["name"]] = []
            docs[case["name"]] = build_case(case, df, rjobs, agreements[case["name"]], versions)
            print(f"{case['name']}: sklearn done", flush=True)
        rjobs.run()

    check_seed_sparsity(docs["seed"])
    for doc in docs.values():
        for item in doc["fits"] + doc["paths"]:
            g = item.get("glmnet")
            if g is not None and g["rel_objective_diff"] > GLMNET_OBJECTIVE_LIMIT:
                raise SystemExit(f"{doc['name']}: glmnet and sklearn disagree: {item['model']} "
                                 f"alpha={item.get('alpha')} l1_ratio={item['l1_ratio']}: {g}")
    for name, doc in docs.items():
        with open(os.path.join(REF_DIR, f"{name}.json"), "w") as fh:
            json.dump(doc, fh, indent=None, separators=(",", ":"), allow_nan=False)
            fh.write("\n")
    # Worst agreement per case and kind: (max coef diff, max |rel objective diff|, min signed
    # (glmnet - sklearn)/sklearn objective: negative would mean glmnet found a lower objective).
    print("case         kind  coef_diff  rel_obj_diff  min_signed_obj_diff")
    for name, rows in agreements.items():
        for kind in ("fit", "path", "cv", "lm"):
            sel = [a for a in rows if a[0] == kind]
            if sel:
                print(f"{name:12} {kind:5} {max(a[1] for a in sel):9.2e}  {max(a[2] for a in sel):12.2e}"
                      f"  {min(a[3] for a in sel):10.2e}")
    print(f"worst sklearn relative duality gap: {max(GAPS):.3g} over {len(GAPS)} Lasso/ElasticNet solutions")
    for name in docs:
        print(f"  {name}: {os.path.getsize(os.path.join(REF_DIR, name + '.json'))} bytes")


if __name__ == "__main__":
    sys.exit(main())
