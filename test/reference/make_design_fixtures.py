#!/usr/bin/python3
"""Expected design matrices for test/fixtures/csv/design_mixed.csv, for test/unit/data_design.test.ts.

Oracle: pandas read_csv + dropna + get_dummies(drop_first=True) (levels sorted, first dropped,
dummy columns after the other columns). Our conventions, applied here explicitly: dummy names are
`column=level` (prefix_sep='='), boolean columns (true/false, yes/no) are one 0/1 column under
their own name, fold labels become 0..K-1 in sorted label order. Regenerate with
    /usr/bin/python3 test/reference/make_design_fixtures.py
"""
import json
import os

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
CSV = os.path.join(HERE, "..", "fixtures", "csv", "design_mixed.csv")
OUT = os.path.join(HERE, "..", "fixtures", "csv", "design_mixed.expected.json")

BOOL = {"true": 1.0, "false": 0.0, "yes": 1.0, "no": 0.0}


def design(df, target, features, task, fold=None):
    used = features + [target] + ([fold] if fold else [])
    sub = df.dropna(subset=used)
    X = sub[features].copy()
    for c in features:
        if X[c].dtype == bool:
            X[c] = X[c].astype(float)
        elif X[c].dtype == object and set(X[c].str.lower()) <= set(BOOL):
            X[c] = X[c].str.lower().map(BOOL)
    X = pd.get_dummies(X, drop_first=True, prefix_sep="=").astype(float)
    if task == "classification":
        labels = sorted(sub[target].unique())
        assert len(labels) == 2
        y = (sub[target] == labels[1]).astype(float)
        classes = [str(labels[0]), str(labels[1])]
    else:
        y = sub[target].astype(float)
        classes = None
    out = {
        "target": target, "features": features, "task": task, "foldColumn": fold,
        "n": int(len(sub)), "p": int(X.shape[1]), "columns": list(X.columns),
        # column-major, like Design.x
        "x": [float(v) for c in X.columns for v in X[c]],
        "y": [float(v) for v in y],
        "rowLines": [int(i) + 2 for i in sub.index],  # header is line 1, one line per row
        "rowsDropped": int(len(df) - len(sub)),
        "classes": classes,
    }
    if fold:
        labels = sorted(sub[fold].unique())
        out["foldIds"] = [labels.index(v) for v in sub[fold]]
    return out


def main():
    df = pd.read_csv(CSV, keep_default_na=False, na_values=["", "NA"])
    cases = [
        design(df, "y", ["x1", "x2", "color", "flag", "grade"], "regression"),
        design(df, "cls", ["x1", "color"], "classification", fold="fold"),
        # Features omitted: every usable column (id is ID-like, const is constant).
        design(df, "y", ["x1", "x2", "color", "flag", "grade", "cls"], "regression", fold="fold"),
    ]
    cases[2]["features"] = None
    with open(OUT, "w") as fh:
        json.dump({"generator": "test/reference/make_design_fixtures.py", "pandas": pd.__version__, "cases": cases}, fh, indent=1)
        fh.write("\n")
    print("wrote", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
