#!/usr/bin/python3
"""Reference numbers for the insights and geometry jobs (issue 7), written to test/fixtures/insights/.

Run from the repository root: /usr/bin/python3 test/reference/make_insights_fixtures.py
Oracles: numpy/pandas correlations of the training rows; VIF from statsmodels when installed, else
1 / (1 - R^2_j) with R^2_j from numpy lstsq of column j on the others plus an intercept; the Lasso,
the relaxed (two-stage) OLS and the two-coefficient problems from scikit-learn (Lasso, LinearRegression,
Ridge, StandardScaler); stability-selection subsamples drawn exactly as the extension draws them
(numpy RandomState(seed).permutation of the training positions, first half, sorted).
Deterministic: every draw is seeded.
"""
import json
import os

import numpy as np
import pandas as pd
from sklearn.linear_model import Lasso, LinearRegression, Ridge
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

try:
    from statsmodels.stats.outliers_influence import variance_inflation_factor  # noqa: F401
    HAVE_STATSMODELS = True
except ImportError:
    HAVE_STATSMODELS = False

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.join(ROOT, "test", "fixtures", "data")
OUT = os.path.join(ROOT, "test", "fixtures", "insights")

CASES = [
    dict(name="diabetes", file="diabetes.csv", target="target", alpha=1.0, ridge_alpha=1.0,
         geometry=("s1", "s2"), threshold=0.8, subsamples=20),
    dict(name="longley", file="longley.csv", target="Employed", alpha=0.1, ridge_alpha=1.0,
         geometry=("GNP", "Population"), threshold=0.8, subsamples=20),
    dict(name="seed", file="seed.csv", target="y", alpha=0.1, ridge_alpha=1.0,
         geometry=("x0", "x1"), threshold=0.8, subsamples=20),
]
SEED = 42
TEST_SIZE = 0.2


def lasso(X, y, alpha):
    m = Lasso(alpha=alpha, tol=1e-12, max_iter=1_000_000, selection="cyclic")
    m.fit(X, y)
    return m


def vif_lstsq(X):
    """1 / (1 - R^2_j), R^2_j from regressing column j on the others with an intercept."""
    n, p = X.shape
    out = []
    for j in range(p):
        others = np.column_stack([np.ones(n), np.delete(X, j, axis=1)])
        coef, *_ = np.linalg.lstsq(others, X[:, j], rcond=None)
        res = X[:, j] - others @ coef
        tss = ((X[:, j] - X[:, j].mean()) ** 2).sum()
        r2 = 1 - (res @ res) / tss
        out.append(None if r2 >= 1 - 1e-13 else 1 / (1 - r2))
    return out


def vif(X):
    if HAVE_STATSMODELS:
        from statsmodels.stats.outliers_influence import variance_inflation_factor
        Xc = np.column_stack([np.ones(len(X)), X])
        return [float(variance_inflation_factor(Xc, j + 1)) for j in range(X.shape[1])]
    return vif_lstsq(X)


def make(case):
    df = pd.read_csv(os.path.join(DATA, case["file"]), float_precision="round_trip")
    cols = [c for c in df.columns if c != case["target"]]
    df = df.dropna(subset=cols + [case["target"]]).reset_index(drop=True)
    X = df[cols].to_numpy(dtype=float)
    y = df[case["target"]].to_numpy(dtype=float)
    train, test = train_test_split(np.arange(len(y)), test_size=TEST_SIZE, random_state=SEED)
    Xtr, ytr, Xte, yte = X[train], y[train], X[test], y[test]
    scaler = StandardScaler().fit(Xtr)
    Ztr = scaler.transform(Xtr)
    alpha = case["alpha"]

    corr = pd.DataFrame(Xtr, columns=cols).corr(method="pearson").to_numpy()
    las = lasso(Ztr, ytr, alpha)
    w = las.coef_
    selected = [cols[j] for j in range(len(cols)) if w[j] != 0]
    # Lasso in original units, and its test scores.
    coef_orig = w / scaler.scale_
    icpt_orig = las.intercept_ - (scaler.mean_ / scaler.scale_) @ w
    def scores(pred):
        mse = float(((yte - pred) ** 2).mean())
        r2 = float(1 - ((yte - pred) ** 2).sum() / ((yte - yte.mean()) ** 2).sum())
        return mse, r2
    lasso_mse, lasso_r2 = scores(Xte @ coef_orig + icpt_orig)
    sel_idx = [j for j in range(len(cols)) if w[j] != 0]
    lr = LinearRegression().fit(Xtr[:, sel_idx], ytr)
    relaxed_coef = {c: 0.0 for c in cols}
    for t, j in enumerate(sel_idx):
        relaxed_coef[cols[j]] = float(lr.coef_[t])
    relaxed_mse, relaxed_r2 = scores(lr.predict(Xte[:, sel_idx]))

    ols = LinearRegression().fit(Ztr, ytr)

    # Stability selection: half-size subsamples of the training positions, standardized within.
    rng = np.random.RandomState(SEED)
    m = len(train) // 2
    counts = np.zeros(len(cols))
    for _ in range(case["subsamples"]):
        perm = rng.permutation(len(train))
        rows = np.sort(train[perm[:m]])
        Zs = StandardScaler().fit_transform(X[rows])
        counts += lasso(Zs, y[rows], alpha).coef_ != 0
    freq = counts / case["subsamples"]

    # Geometry: coefficients j1, j2 free, the others at the OLS fit, standardized training design.
    a, b = case["geometry"]
    j1, j2 = cols.index(a), cols.index(b)
    yc = ytr - ytr.mean()
    bo = ols.coef_.copy()
    others = [k for k in range(len(cols)) if k not in (j1, j2)]
    r = yc - Ztr[:, others] @ bo[others]
    X2 = Ztr[:, [j1, j2]]
    geo_ols = np.linalg.solve(X2.T @ X2, X2.T @ r)
    geo_lasso = Lasso(alpha=alpha, fit_intercept=False, tol=1e-14, max_iter=1_000_000).fit(X2, r).coef_
    geo_ridge = Ridge(alpha=case["ridge_alpha"], fit_intercept=False, solver="cholesky").fit(X2, r).coef_
    loss = lambda w2: float(((r - X2 @ w2) ** 2).sum() / (2 * len(r)))

    return {
        "file": case["file"], "target": case["target"], "columns": cols, "alpha": alpha, "ridge_alpha": case["ridge_alpha"],
        "seed": SEED, "test_size": TEST_SIZE, "threshold": case["threshold"], "n_train": int(len(train)),
        "vif_oracle": "statsmodels" if HAVE_STATSMODELS else "numpy lstsq 1/(1-R^2)",
        "correlation": corr.tolist(),
        "vif": vif(Xtr),
        "lasso_coef_standardized": [float(v) for v in w],
        "selected": selected,
        "lasso": {"intercept": float(icpt_orig), "coef": dict(zip(cols, map(float, coef_orig))), "test_mse": lasso_mse, "test_r2": lasso_r2},
        "relaxed_ols": {"intercept": float(lr.intercept_), "coef": relaxed_coef, "test_mse": relaxed_mse, "test_r2": relaxed_r2},
        "ols_standardized": [float(v) for v in ols.coef_],
        "stability": {"n_subsamples": case["subsamples"], "frequency": dict(zip(cols, map(float, freq)))},
        "geometry": {
            "features": [a, b], "ols": geo_ols.tolist(), "lasso": [float(v) for v in geo_lasso],
            "ridge": [float(v) for v in geo_ridge], "loss_ols": loss(geo_ols),
        },
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    for case in CASES:
        doc = make(case)
        with open(os.path.join(OUT, case["name"] + ".json"), "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
        print(case["name"], "selected", doc["selected"], "max VIF", max(v for v in doc["vif"] if v is not None))


if __name__ == "__main__":
    main()
