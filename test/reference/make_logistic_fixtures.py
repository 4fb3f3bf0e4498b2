#!/usr/bin/python3
"""Reference numbers for the penalized logistic regression solver (src/solver/logistic.ts).

Oracle: Debian's python3-sklearn (1.2) LogisticRegression, fitted on StandardScaler'd X (ddof 0),
newton-cholesky for l2/none and saga for l1/elasticnet, tol 1e-10 and a large max_iter; GridSearchCV /
cross_validate on Pipeline(StandardScaler, LogisticRegression) with the fold ids of
StratifiedKFold(5, shuffle=True, random_state=0) passed as a PredefinedSplit; sklearn.metrics for
roc_auc_score / log_loss / roc_curve. make_logistic_glmnet.R adds glmnet binomial fits of the same
configs (glmnet.json).

Also fits on the raw columns (standardize=false: raw-unit coefficients penalized) in fits_raw.

Writes test/fixtures/logistic/{breast_cancer,readmission,imbalanced,separable,wide}.csv,
configs.csv (read by the R script) and reference.json.
Run: /usr/bin/python3 test/reference/make_logistic_fixtures.py   (about a minute)
"""
import json
import os
import time
import warnings

import numpy as np
from scipy.optimize import linprog
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix, log_loss, roc_auc_score, roc_curve
from sklearn.model_selection import GridSearchCV, PredefinedSplit, StratifiedKFold, cross_validate
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures', 'logistic')
os.makedirs(OUT, exist_ok=True)


def write_csv(name, X, y):
    p = X.shape[1]
    with open(os.path.join(OUT, name + '.csv'), 'w') as f:
        f.write(','.join([f'x{j + 1}' for j in range(p)] + ['y']) + '\n')
        for i in range(X.shape[0]):
            f.write(','.join(repr(float(v)) for v in X[i]) + ',' + str(int(y[i])) + '\n')


def standardize(X):
    mean = X.mean(axis=0)
    sd = X.std(axis=0)
    sd[sd == 0] = 1.0
    return (X - mean) / sd, mean, sd


def penalty_weights(penalty, l1_ratio):
    """(weight of ||w||_1, weight of ||w||^2 / 2) in sklearn's penalty."""
    if penalty == 'l1':
        return 1.0, 0.0
    if penalty == 'l2':
        return 0.0, 1.0
    return l1_ratio, 1.0 - l1_ratio


def objective(Xs, y, w, b, penalty, C, l1_ratio):
    """sklearn's primal: C * sum logloss + penalty(w) (penalty none: sum logloss)."""
    eta = Xs @ w + b
    loss = float(np.sum(np.logaddexp(0.0, eta) - y * eta))
    if penalty == 'none':
        return loss
    a, r = penalty_weights(penalty, l1_ratio)
    return C * loss + a * float(np.abs(w).sum()) + 0.5 * r * float(w @ w)


def kkt(Xs, y, w, b, penalty, C, l1_ratio):
    """Largest violation of the optimality conditions, glmnet scale (divided by C n)."""
    n = len(y)
    eta = Xs @ w + b
    prob = 1.0 / (1.0 + np.exp(-eta))
    g = Xs.T @ (prob - y)
    if penalty == 'none':
        return float(max(np.abs(g).max(), abs(np.sum(prob - y))) / n)
    a, r = penalty_weights(penalty, l1_ratio)
    gs = C * g + r * w
    v = np.where(w != 0, np.abs(gs + a * np.sign(w)), np.maximum(np.abs(gs) - a, 0.0))
    return float(max(v.max(), C * abs(np.sum(prob - y))) / (C * n))


def separable(Xs, y):
    """LP feasibility of (2y - 1)(x w + b) >= 1: true when a hyperplane splits the classes."""
    s = 2.0 * y - 1.0
    A = -(s[:, None] * np.c_[Xs, np.ones(len(y))])
    res = linprog(np.zeros(Xs.shape[1] + 1), A_ub=A, b_ub=-np.ones(len(y)), bounds=[(None, None)] * (Xs.shape[1] + 1), method='highs')
    return bool(res.status == 0)


def sk_model(penalty, C, l1_ratio, tol=1e-10):
    if penalty in ('l2', 'none'):
        return LogisticRegression(penalty=None if penalty == 'none' else 'l2', C=C, solver='newton-cholesky', tol=tol, max_iter=100000)
    return LogisticRegression(penalty=penalty, C=C, l1_ratio=l1_ratio, solver='saga', tol=tol, max_iter=1000000)


# ------------------------------------------------------------------------------------------------
# Data sets


def make_readmission(rng):
    """Like the seed's readmission model: 1000 patients, 30 features (three correlated blocks of
    five, a few binary flags), eight true effects, about 25 % readmitted."""
    n, p = 1000, 30
    X = rng.standard_normal((n, p))
    for start in (0, 5, 10):
        common = rng.standard_normal(n)
        for j in range(start, start + 5):
            X[:, j] = 0.75 * common + 0.66 * X[:, j]
    for j in (20, 21, 22, 23):
        X[:, j] = (rng.random(n) < 0.3).astype(float)
    X[:, 25] = np.round(40 + 15 * rng.random(n))  # age-like, integer
    beta = np.zeros(p)
    beta[[0, 1, 5, 12, 20, 22, 25, 28]] = [0.8, -0.5, 0.6, 0.4, 0.7, -0.6, 0.03, 0.3]
    eta = -2.6 + X @ beta
    y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(float)
    return np.round(X, 6), y


def make_imbalanced(rng):
    """800 rows, 10 features, exactly 40 positives (5 %)."""
    n, p = 800, 10
    X = np.round(rng.standard_normal((n, p)), 6)
    eta = X @ np.array([1.0, -0.8, 0.5, 0, 0, 0.3, 0, 0, 0, 0])
    order = np.argsort(-(eta + rng.logistic(size=n)))
    y = np.zeros(n)
    y[order[:40]] = 1.0
    return X, y


def make_separable(rng):
    """80 rows, 4 features, y = [x1 - 0.5 x2 > 0] with a gap around the boundary."""
    X = np.round(rng.standard_normal((200, 4)), 6)
    m = X[:, 0] - 0.5 * X[:, 1]
    keep = np.abs(m) > 0.2
    X = X[keep][:80]
    y = (X[:, 0] - 0.5 * X[:, 1] > 0).astype(float)
    return X, y


def make_wide(rng):
    """p > n: 50 rows, 120 features, five true effects."""
    n, p = 50, 120
    X = np.round(rng.standard_normal((n, p)), 6)
    eta = X[:, :5] @ np.array([1.5, -1.2, 1.0, 0.8, -0.8])
    y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(float)
    return X, y


def main():
    warnings.simplefilter('ignore')
    rng = np.random.default_rng(20261125)
    bc = load_breast_cancer()
    data = {
        'breast_cancer': (bc.data.astype(float), bc.target.astype(float)),
        'readmission': make_readmission(rng),
        'imbalanced': make_imbalanced(rng),
        'separable': make_separable(rng),
        'wide': make_wide(rng),
    }
    for name, (X, y) in data.items():
        write_csv(name, X, y)

    # The seed's five models; 'none' is fitted only where the classes cannot be split.
    seed_models = [('l2', 1.0, None), ('l1', 0.05, None), ('l1', 1.0, None), ('elasticnet', 0.1, 0.5), ('none', 1.0, None)]
    extra = {
        'readmission': [('elasticnet', 1.0, 0.9), ('l2', 0.01, None)],
        'wide': [('elasticnet', 1.0, 0.3)],
    }
    ref = {'sklearn_version': __import__('sklearn').__version__, 'datasets': {}, 'fits': [], 'fits_raw': [], 'cv': {}, 'metrics': []}
    configs = []
    for name, (X, y) in data.items():
        Xs, mean, sd = standardize(X)
        sep = separable(Xs, y)
        ref['datasets'][name] = {'n': int(X.shape[0]), 'p': int(X.shape[1]), 'positives': int(y.sum()), 'separable': sep,
                                 'mean': mean.tolist(), 'scale': sd.tolist()}
        for penalty, C, l1_ratio in seed_models + extra.get(name, []):
            if penalty == 'none' and sep:
                ref['fits'].append({'dataset': name, 'penalty': 'none', 'C': C, 'l1_ratio': None, 'separable': True})
                continue
            t = time.time()
            m = sk_model(penalty, C, l1_ratio).fit(Xs, y)
            w, b = m.coef_[0].astype(float), float(m.intercept_[0])
            fit = {'dataset': name, 'penalty': penalty, 'C': C, 'l1_ratio': l1_ratio, 'separable': False,
                   'solver': m.solver, 'n_iter': int(m.n_iter_[0]),
                   'coef_std': w.tolist(), 'intercept_std': b,
                   'coef': (w / sd).tolist(), 'intercept': b - float(np.sum(mean * w / sd)),
                   'objective': objective(Xs, y, w, b, penalty, C, l1_ratio),
                   'kkt': kkt(Xs, y, w, b, penalty, C, l1_ratio), 'nnz': int(np.sum(w != 0))}
            ref['fits'].append(fit)
            if penalty != 'none':
                configs.append((name, penalty, C, 1.0 if penalty == 'l1' else 0.0 if penalty == 'l2' else l1_ratio))
            print(f'{name:14s} {penalty:10s} C={C:<5g} l1={l1_ratio} iter={fit["n_iter"]} kkt={fit["kkt"]:.2e} {time.time() - t:.1f}s', flush=True)

    # standardize=false: the penalty acts on raw-unit coefficients (sklearn on the raw columns).
    for name, penalty, C, l1_ratio in [('breast_cancer', 'l2', 1.0, None), ('breast_cancer', 'l2', 0.01, None),
                                       ('readmission', 'l1', 0.05, None), ('readmission', 'elasticnet', 0.1, 0.5),
                                       ('imbalanced', 'l1', 1.0, None)]:
        X, y = data[name]
        t = time.time()
        m = sk_model(penalty, C, l1_ratio).fit(X, y)
        w, b = m.coef_[0].astype(float), float(m.intercept_[0])
        ref['fits_raw'].append({'dataset': name, 'penalty': penalty, 'C': C, 'l1_ratio': l1_ratio, 'solver': m.solver,
                                'n_iter': int(m.n_iter_[0]), 'coef': w.tolist(), 'intercept': b,
                                'objective': objective(X, y, w, b, penalty, C, l1_ratio), 'kkt': kkt(X, y, w, b, penalty, C, l1_ratio)})
        print(f'raw {name:14s} {penalty:10s} C={C:<5g} iter={m.n_iter_[0]} kkt={ref["fits_raw"][-1]["kkt"]:.2e} {time.time() - t:.1f}s', flush=True)

    with open(os.path.join(OUT, 'configs.csv'), 'w') as f:
        f.write('dataset,penalty,C,alpha\n')
        for c in configs:
            f.write(f'{c[0]},{c[1]},{c[2]!r},{c[3]!r}\n')

    # Cross-validation: sklearn's stratified shuffled folds, standardization refitted per fold.
    for name in ('readmission', 'imbalanced'):
        X, y = data[name]
        folds = np.empty(len(y), dtype=int)
        for k, (_, test) in enumerate(StratifiedKFold(n_splits=5, shuffle=True, random_state=0).split(X, y)):
            folds[test] = k
        cv = PredefinedSplit(folds)
        entry = {'fold_ids': folds.tolist(), 'models': []}
        for penalty, C, l1_ratio in seed_models:
            pipe = Pipeline([('scale', StandardScaler()), ('clf', sk_model(penalty, C, l1_ratio, tol=1e-8))])
            res = cross_validate(pipe, X, y, cv=cv, scoring=['roc_auc', 'neg_log_loss', 'accuracy'])
            full = pipe.fit(X, y)
            entry['models'].append({'penalty': penalty, 'C': C, 'l1_ratio': l1_ratio,
                                    'auc': res['test_roc_auc'].tolist(), 'log_loss': (-res['test_neg_log_loss']).tolist(),
                                    'accuracy': res['test_accuracy'].tolist(),
                                    'nnz_full': int(np.sum(full.named_steps['clf'].coef_ != 0))})
        if name == 'readmission':
            t = time.time()
            Cs, ratios = [0.01, 0.1, 1.0, 10.0], [0.1, 0.3, 0.5, 0.7, 0.9]
            pipe = Pipeline([('scale', StandardScaler()), ('clf', sk_model('elasticnet', 1.0, 0.5, tol=1e-8))])
            gs = GridSearchCV(pipe, {'clf__C': Cs, 'clf__l1_ratio': ratios}, cv=cv, scoring='roc_auc').fit(X, y)
            r = gs.cv_results_
            entry['grid'] = {'Cs': Cs, 'l1_ratios': ratios,
                             'params': [[d['clf__C'], d['clf__l1_ratio']] for d in r['params']],
                             'mean_test_score': r['mean_test_score'].tolist(),
                             'split_test_score': [[float(r[f'split{k}_test_score'][i]) for k in range(5)] for i in range(len(r['params']))],
                             'best': {'C': gs.best_params_['clf__C'], 'l1_ratio': gs.best_params_['clf__l1_ratio'], 'score': float(gs.best_score_)}}
            print(f'grid search {time.time() - t:.1f}s', flush=True)
        ref['cv'][name] = entry

    # Metrics: scores with ties, probabilities at 0 and 1 (log-loss clipping).
    mrng = np.random.default_rng(7)
    y = (mrng.random(200) < 0.35).astype(float)
    score = np.round(mrng.standard_normal(200) + 0.8 * y, 1)
    prob = 1 / (1 + np.exp(-score))
    prob[:3] = [0.0, 1.0, 0.5]
    for label, s in (('ties', score), ('prob', prob)):
        fpr, tpr, thr = roc_curve(y, s)
        ref['metrics'].append({'name': label, 'y': y.tolist(), 'score': s.tolist(), 'auc': float(roc_auc_score(y, s)),
                               'log_loss': float(log_loss(y, 1 / (1 + np.exp(-s)) if label == 'ties' else s)),
                               'roc_fpr': fpr.tolist(), 'roc_tpr': tpr.tolist(), 'roc_thresholds': thr.tolist(),
                               'accuracy': float(np.mean((s > (0 if label == 'ties' else 0.5)) == (y > 0.5))),
                               'confusion': confusion_matrix(y, (s > (0 if label == 'ties' else 0.5)).astype(float)).tolist()})

    with open(os.path.join(OUT, 'reference.json'), 'w') as f:
        json.dump(ref, f, indent=1)


if __name__ == '__main__':
    main()
