#!/usr/bin/python3
"""Deterministic benchmark data for `npm run bench` (issue 5).

Writes, into the data directory (bench/data by default, git-ignored), for each scenario:
  <S>.csv          header x1..xp,y; X pre-standardized (mean 0, population sd 1) then rounded to
                   6 decimals, so every tool parses exactly the same doubles and can fit with
                   standardize off (glmnet standardize=FALSE, sklearn has none, ours standardize:false);
                   a Gaussian y is standardized too and written with 17 significant digits
  <S>.folds.i32    10-fold ids 0..9, little-endian int32, one per row (same folds for all tools)
  <S>.X.f64/.y.f64 only for S3 (peak-RSS runs) and L (live alpha): the same rounded numbers,
                   column-major little-endian float64, so a process can hold the data without a parser
and manifest.json with the shared alpha grids. The grids are scikit-learn's default
(`_alpha_grid`: alpha_max = max|Xc'yc| / (n * l1_ratio), 100 values log-spaced down to 1e-3 *
alpha_max), computed here once and passed verbatim to scikit-learn, glmnet (lambda = alpha) and ours.
The logistic grid is glmnet's lambda_max = max|Xc'(y - ybar)| / n, 100 values down to 1e-3 * max.

Usage: gen_data.py [--dir DIR] [--only S1,S3] [--scale F]; a scenario whose files and manifest entry
already match GENERATOR_VERSION and the scale is not rewritten. --scale (e.g. 0.01 for the harness's
--smoke run) shrinks every n, and S2's p, to test the harness end to end in seconds.
"""
import argparse
import json
import os
import sys
import time

import numpy as np

GENERATOR_VERSION = 4
N_ALPHAS = 100
EPS = 1e-3
N_FOLDS = 10

# name: (n, p, kind, non-zero weights, AR(1) rho, seed, write CSV, write binary)
SCENARIOS = {
    'S1': dict(n=100_000, p=100, kind='gaussian', k=10, rho=0.5, seed=101, csv=True, binary=False),
    'S2': dict(n=500, p=10_000, kind='gaussian', k=20, rho=0.0, seed=202, csv=True, binary=False),
    'S3': dict(n=1_000_000, p=10, kind='gaussian', k=5, rho=0.5, seed=303, csv=True, binary=True),
    'S4': dict(n=50_000, p=100, kind='logistic', k=10, rho=0.5, seed=404, csv=True, binary=False),
    'L': dict(n=100_000, p=200, kind='gaussian', k=10, rho=0.5, seed=505, csv=False, binary=True),
}


def ar1_features(rng, n, p, rho):
    """Columns x_j = rho x_{j-1} + sqrt(1 - rho^2) z_j: stationary AR(1), corr(x_i, x_j) = rho^|i-j|."""
    X = np.empty((n, p))
    X[:, 0] = rng.standard_normal(n)
    s = np.sqrt(1.0 - rho * rho)
    for j in range(1, p):
        X[:, j] = rho * X[:, j - 1] + s * rng.standard_normal(n)
    return X


def make(spec):
    rng = np.random.default_rng(spec['seed'])
    n, p, k = spec['n'], spec['p'], spec['k']
    X = ar1_features(rng, n, p, spec['rho'])
    support = np.sort(rng.choice(p, size=k, replace=False))
    beta = np.zeros(p)
    beta[support] = rng.choice([-1.0, 1.0], size=k) * rng.uniform(0.5, 2.0, size=k)
    # Pre-standardize, then round: the rounded numbers are the data every tool sees.
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    X = np.round(X, 6)
    eta = X @ beta
    if spec['kind'] == 'gaussian':
        y = 3.0 + eta + 1.0 * rng.standard_normal(n)
        # glmnet's gaussian family rescales y to unit (1/n) variance inside and the ridge part of
        # its penalty does not scale back, so elastic-net fits match the documented objective (and
        # scikit-learn) only when sd(y) = 1: standardize y and write it with 17 digits.
        y = (y - y.mean()) / y.std()
    else:
        prob = 1.0 / (1.0 + np.exp(-(eta - 0.5)))
        y = (rng.uniform(size=n) < prob).astype(np.float64)
    folds = (rng.permutation(n) % N_FOLDS).astype('<i4')
    return X, y, folds, support, beta


def alpha_grid(X, y, l1_ratio):
    """scikit-learn's default grid (sklearn.linear_model._coordinate_descent._alpha_grid, fit_intercept)."""
    Xy = (X - X.mean(axis=0)).T @ (y - y.mean())
    alpha_max = np.max(np.abs(Xy)) / (X.shape[0] * l1_ratio)
    return np.logspace(np.log10(alpha_max * EPS), np.log10(alpha_max), num=N_ALPHAS)[::-1]


def logistic_grid(X, y):
    """glmnet's binomial lambda_max with intercept: max_j |x_j'(y - ybar)| / n."""
    lam_max = np.max(np.abs((X - X.mean(axis=0)).T @ (y - y.mean()))) / X.shape[0]
    return np.logspace(np.log10(lam_max * EPS), np.log10(lam_max), num=N_ALPHAS)[::-1]


def write_csv(path, X, y, integer_y):
    p = X.shape[1]
    header = ','.join([f'x{j + 1}' for j in range(p)] + ['y'])
    tmp = path + '.tmp'
    with open(tmp, 'w') as f:
        f.write(header + '\n')
        block = 20_000
        fmt = ','.join(['%.6f'] * p + ['%d' if integer_y else '%.17g'])
        for start in range(0, X.shape[0], block):
            stop = min(start + block, X.shape[0])
            np.savetxt(f, np.column_stack([X[start:stop], y[start:stop]]), fmt=fmt, delimiter=',')
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--dir', default=os.environ.get('BENCH_DATA_DIR', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data')))
    ap.add_argument('--only', default='')
    ap.add_argument('--scale', type=float, default=1.0)
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    manifest_path = os.path.join(args.dir, 'manifest.json')
    manifest = {}
    if os.path.exists(manifest_path):
        with open(manifest_path) as f:
            manifest = json.load(f)
    if manifest.get('generatorVersion') != GENERATOR_VERSION or manifest.get('scale', 1.0) != args.scale:
        manifest = {'generatorVersion': GENERATOR_VERSION, 'scale': args.scale, 'numpy': np.__version__, 'scenarios': {}}
    only = [s for s in args.only.split(',') if s] or list(SCENARIOS)
    for name in only:
        spec = dict(SCENARIOS[name])
        if args.scale != 1.0:
            spec['n'] = max(200, int(spec['n'] * args.scale))
            if name == 'S2':
                spec['p'] = max(50, int(spec['p'] * args.scale))
        base = os.path.join(args.dir, name)
        files = {'folds': base + '.folds.i32'}
        if spec['csv']:
            files['csv'] = base + '.csv'
        if spec['binary']:
            files['X'] = base + '.X.f64'
            files['y'] = base + '.y.f64'
        if name in manifest['scenarios'] and all(os.path.exists(f) for f in files.values()):
            continue
        t0 = time.perf_counter()
        X, y, folds, support, beta = make(spec)
        entry = dict(n=spec['n'], p=spec['p'], kind=spec['kind'], k=spec['k'], rho=spec['rho'], seed=spec['seed'],
                     support=support.tolist(), files={k: os.path.basename(v) for k, v in files.items()})
        if spec['kind'] == 'gaussian':
            entry['alphasLasso'] = alpha_grid(X, y, 1.0).tolist()
            entry['alphasEnet'] = alpha_grid(X, y, 0.5).tolist()
        else:
            entry['alphasLogistic'] = logistic_grid(X, y).tolist()
        folds.tofile(files['folds'])
        if spec['binary']:
            np.asfortranarray(X).T.astype('<f8').tofile(files['X'])  # column j at offset j*n
            y.astype('<f8').tofile(files['y'])
        if spec['csv']:
            write_csv(files['csv'], X, y, spec['kind'] == 'logistic')
        manifest['scenarios'][name] = entry
        with open(manifest_path + '.tmp', 'w') as f:
            json.dump(manifest, f)
        os.replace(manifest_path + '.tmp', manifest_path)
        size = sum(os.path.getsize(f) for f in files.values())
        print(f'gen_data: {name} n={spec["n"]} p={spec["p"]} {size / 1e6:.0f} MB in {time.perf_counter() - t0:.1f} s', file=sys.stderr)


if __name__ == '__main__':
    main()
