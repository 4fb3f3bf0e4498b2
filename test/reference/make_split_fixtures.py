#!/usr/bin/python3
"""Expected train/test splits and CV fold ids from scikit-learn, for test/unit/data_splits.test.ts.

Oracle: sklearn.model_selection.train_test_split / KFold / StratifiedKFold with an int random_state
(numpy legacy RandomState, MT19937 init_genrand). Regenerate with
    /usr/bin/python3 test/reference/make_split_fixtures.py
which writes test/fixtures/data_splits.json.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.model_selection import KFold, StratifiedKFold, train_test_split

SEEDS = [0, 1, 42, 2024, 4294967295]


def fold_ids(splitter, n, y=None):
    ids = np.full(n, -1, dtype=int)
    for f, (_, test) in enumerate(splitter.split(np.zeros((n, 1)), y)):
        ids[test] = f
    assert (ids >= 0).all()
    return ids.tolist()


def main():
    out = {
        "generator": "test/reference/make_split_fixtures.py",
        "numpy": np.__version__,
        "sklearn": sklearn.__version__,
        "mt19937": [],
        "permutation": [],
        "train_test_split": [],
        "kfold": [],
        "stratified_kfold": [],
    }
    for seed in SEEDS:
        bg = np.random.MT19937()
        bg._legacy_seeding(seed)
        out["mt19937"].append({"seed": seed, "first": [int(v) for v in bg.random_raw(5)]})
        # Output number 1000..1004 crosses the first twist of the 624-word state.
        out["mt19937"][-1]["at1000"] = [int(v) for v in bg.random_raw(1000)[-5:]]
    for n in [1, 2, 7, 100, 1000]:
        for seed in SEEDS:
            out["permutation"].append({"n": n, "seed": seed, "perm": np.random.RandomState(seed).permutation(n).tolist()})
    for n in [4, 10, 37, 100, 1001]:
        for test_size in [0.1, 0.2, 0.25, 0.3, 0.5]:
            for seed in SEEDS:
                train, test = train_test_split(np.arange(n), test_size=test_size, random_state=seed)
                out["train_test_split"].append(
                    {"n": n, "test_size": test_size, "seed": seed, "train": train.tolist(), "test": test.tolist()})
    for n in [10, 37, 100, 1001]:
        for k in [2, 3, 5, 10]:
            for seed in SEEDS:
                out["kfold"].append({"n": n, "k": k, "seed": seed,
                                     "ids": fold_ids(KFold(n_splits=k, shuffle=True, random_state=seed), n)})
    for n, k in [(20, 2), (20, 5), (37, 3), (100, 5), (101, 10), (1000, 5)]:
        for seed in SEEDS:
            for pattern in ["balanced", "minority_first", "rare"]:
                r = np.random.RandomState(1000 + n + k)
                if pattern == "balanced":
                    y = (r.rand(n) < 0.5).astype(float)
                elif pattern == "minority_first":
                    y = (r.rand(n) < 0.3).astype(float)
                    y[0] = 1.0  # class 1 appears first: sklearn numbers classes by first appearance
                else:
                    y = np.zeros(n)
                    y[r.choice(n, size=max(k, n // 8), replace=False)] = 1.0
                out["stratified_kfold"].append({
                    "n": n, "k": k, "seed": seed, "pattern": pattern, "y": y.astype(int).tolist(),
                    "ids": fold_ids(StratifiedKFold(n_splits=k, shuffle=True, random_state=seed), n, y)})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "data_splits.json")
    with open(path, "w") as fh:
        json.dump(out, fh, separators=(",", ":"))
        fh.write("\n")
    print("wrote", os.path.normpath(path))


if __name__ == "__main__":
    main()
