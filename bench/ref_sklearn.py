#!/usr/bin/python3
"""scikit-learn side of `npm run bench`: times one scenario's tasks and prints one JSON object.

Every fit runs on data already in memory (X as a Fortran-ordered float64 array, the layout
scikit-learn's coordinate descent wants, made outside the timed region); CSV load is timed apart.
Problems are the ones glmnet and ours solve on the same pre-standardized X with an intercept:
  Gaussian: (1/2n)||y - b0 - X b||^2 + alpha (l1_ratio ||b||_1 + (1 - l1_ratio)/2 ||b||^2)
  Logistic: (1/n) sum(log(1 + exp(eta)) - y eta) + lambda ||b||_1, with C = 1/(n lambda)
Tolerances are scikit-learn's defaults (tol=1e-4, duality-gap certificate scaled by ||y||^2).

Modes:
  ref_sklearn.py --dir D --scenario S1 --tasks load,lasso,lassocv,enet --repeats 3
  ref_sklearn.py --dir D --scenario S3 --rss           peak RSS of a Lasso path fit from S3's binary
  ref_sklearn.py --dir D --objective < items.json      one oracle for the agreement check
"""
import argparse
import json
import os
import resource
import statistics
import sys
import time
import warnings

import numpy as np
import pandas as pd
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LassoCV, LogisticRegression, LogisticRegressionCV, enet_path
from sklearn.model_selection import PredefinedSplit

TOL = 1e-4


def load_manifest(d):
    with open(os.path.join(d, 'manifest.json')) as f:
        return json.load(f)['scenarios']


def load_arrays(d, name):
    df = pd.read_csv(os.path.join(d, name + '.csv'))
    X = np.asfortranarray(df.iloc[:, :-1].to_numpy(dtype=np.float64))
    y = df.iloc[:, -1].to_numpy(dtype=np.float64)
    return X, y


def maxrss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def timed(fn, repeats):
    """Runs fn `repeats` times; returns (seconds of each run, last result, convergence warnings)."""
    times, result, n_warn = [], None, 0
    for _ in range(repeats):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always', ConvergenceWarning)
            t0 = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - t0)
        n_warn = max(n_warn, sum(1 for w in caught if issubclass(w.category, ConvergenceWarning)))
    return times, result, n_warn


def summary(times, n_warn, **extra):
    out = {'times': times, 'median': statistics.median(times), 'convergenceWarnings': n_warn}
    out.update(extra)
    return out


def gaussian_path(X, y, alphas, l1_ratio):
    """enet_path has no intercept: center here (inside the timed region), recover b0 after."""
    x_mean = X.mean(axis=0)
    y_mean = y.mean()
    Xc = np.asfortranarray(X - x_mean)
    _, coefs, _ = enet_path(Xc, y - y_mean, l1_ratio=l1_ratio, alphas=alphas, tol=TOL, precompute='auto')
    intercepts = y_mean - x_mean @ coefs
    return intercepts, coefs


def check_point(intercepts, coefs, index, alpha, l1_ratio):
    return {'index': index, 'alpha': alpha, 'l1Ratio': l1_ratio,
            'intercept': float(intercepts[index]), 'coef': coefs[:, index].tolist()}


def logistic_path(X, y, lambdas):
    """Public API path: one warm-started saga fit per lambda (liblinear would penalize the intercept)."""
    n = X.shape[0]
    clf = LogisticRegression(penalty='l1', solver='saga', tol=TOL, max_iter=1000, warm_start=True)
    intercepts, coefs = np.empty(len(lambdas)), np.empty((X.shape[1], len(lambdas)))
    for k, lam in enumerate(lambdas):
        clf.set_params(C=1.0 / (n * lam))
        clf.fit(X, y)
        intercepts[k] = clf.intercept_[0]
        coefs[:, k] = clf.coef_[0]
    return intercepts, coefs


def run_tasks(args):
    spec = load_manifest(args.dir)[args.scenario]
    tasks = [t for t in args.tasks.split(',') if t]
    out = {'tool': 'sklearn', 'scenario': args.scenario, 'tasks': {}}
    csv = os.path.join(args.dir, args.scenario + '.csv')
    if 'load' in tasks:
        times, df, _ = timed(lambda: pd.read_csv(csv), args.repeats)
        out['tasks']['load'] = summary(times, 0, how='pandas.read_csv (C engine)', rows=int(df.shape[0]))
        del df
    X, y = load_arrays(args.dir, args.scenario)
    folds = np.fromfile(os.path.join(args.dir, args.scenario + '.folds.i32'), dtype='<i4')
    cv = PredefinedSplit(folds)
    k = args.check_index
    if 'lasso' in tasks:
        alphas = np.array(spec['alphasLasso'])
        times, (b0, B), nw = timed(lambda: gaussian_path(X, y, alphas, 1.0), args.repeats)
        out['tasks']['lasso'] = summary(times, nw, how='enet_path(l1_ratio=1, precompute=auto)',
                                        check=check_point(b0, B, k, alphas[k], 1.0))
    if 'enet' in tasks:
        alphas = np.array(spec['alphasEnet'])
        times, (b0, B), nw = timed(lambda: gaussian_path(X, y, alphas, 0.5), args.repeats)
        out['tasks']['enet'] = summary(times, nw, how='enet_path(l1_ratio=0.5, precompute=auto)',
                                       check=check_point(b0, B, k, alphas[k], 0.5))
    if 'lassocv' in tasks:
        alphas = np.array(spec['alphasLasso'])
        fit = lambda: LassoCV(alphas=alphas, cv=cv, tol=TOL).fit(X, y)
        times, model, nw = timed(fit, args.repeats)
        best = int(np.argmin(np.abs(alphas - model.alpha_)))
        out['tasks']['lassocv'] = summary(times, nw, how='LassoCV(cv=PredefinedSplit, n_jobs=None): 10 fold paths + 1 refit',
                                          bestIndex=best, cvMse=model.mse_path_.mean(axis=1).tolist())
    if 'logistic' in tasks:
        lambdas = np.array(spec['alphasLogistic'])
        times, (b0, B), nw = timed(lambda: logistic_path(X, y, lambdas), args.logistic_repeats)
        out['tasks']['logistic'] = summary(times, nw, how='LogisticRegression(l1, saga, warm_start) per lambda',
                                           check=check_point(b0, B, k, lambdas[k], 1.0))
    if 'logisticcv' in tasks:
        n = X.shape[0]
        Cs = (1.0 / (n * np.array(spec['alphasLogistic']))).tolist()
        fit = lambda: LogisticRegressionCV(Cs=Cs, cv=cv, penalty='l1', solver='saga', tol=TOL, max_iter=1000,
                                           scoring='neg_log_loss').fit(X, y)
        times, model, nw = timed(fit, args.logistic_repeats)
        best = int(np.argmin(np.abs(np.array(Cs) - model.C_[0])))
        out['tasks']['logisticcv'] = summary(times, nw, how='LogisticRegressionCV(l1, saga, cv=PredefinedSplit)', bestIndex=best)
    return out


def run_rss(args):
    """Peak RSS of one Lasso path on S3 held in memory (from the binary copy: no parser high-water)."""
    spec = load_manifest(args.dir)[args.scenario]
    n, p = spec['n'], spec['p']
    baseline = maxrss_mb()
    X = np.fromfile(os.path.join(args.dir, args.scenario + '.X.f64'), dtype='<f8').reshape(p, n).T  # Fortran view
    y = np.fromfile(os.path.join(args.dir, args.scenario + '.y.f64'), dtype='<f8')
    loaded = maxrss_mb()
    gaussian_path(X, y, np.array(spec['alphasLasso']), 1.0)
    return {'tool': 'sklearn', 'scenario': args.scenario, 'rss': {
        'baselineMB': baseline, 'afterLoadMB': loaded, 'peakMB': maxrss_mb(), 'dataMB': (n * p + n) * 8 / 1e6}}


def objective(X, y, item):
    b0, b = item['intercept'], np.array(item['coef'])
    eta = b0 + X @ b
    if item.get('kind') == 'logistic':
        loss = np.mean(np.logaddexp(0.0, eta) - y * eta)
        return float(loss + item['alpha'] * np.abs(b).sum())
    r = y - eta
    l1 = item['l1Ratio']
    return float(0.5 * np.mean(r * r) + item['alpha'] * (l1 * np.abs(b).sum() + 0.5 * (1 - l1) * (b @ b)))


def run_objective(args):
    items = json.load(sys.stdin)
    by_scenario = {}
    for it in items:
        by_scenario.setdefault(it['scenario'], []).append(it)
    out = []
    for name, its in by_scenario.items():
        X, y = load_arrays(args.dir, name)
        for it in its:
            out.append({'scenario': name, 'task': it['task'], 'tool': it['tool'], 'objective': objective(X, y, it)})
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--dir', required=True)
    ap.add_argument('--scenario')
    ap.add_argument('--tasks', default='')
    ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--logistic-repeats', type=int, default=1)
    ap.add_argument('--check-index', type=int, default=40)
    ap.add_argument('--rss', action='store_true')
    ap.add_argument('--objective', action='store_true')
    args = ap.parse_args()
    if args.objective:
        result = run_objective(args)
    elif args.rss:
        result = run_rss(args)
    else:
        result = run_tasks(args)
        result['versions'] = {'python': sys.version.split()[0], 'sklearn': sklearn.__version__,
                              'numpy': np.__version__, 'pandas': pd.__version__}
    json.dump(result, sys.stdout)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
