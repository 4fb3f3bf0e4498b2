/**
 * Train/test splits and CV folds identical to scikit-learn 1.2 (sklearn/model_selection/_split.py)
 * for the same integer random_state. The expected values in test/fixtures/splits.json come from
 * test/reference/make_split_fixtures.py.
 */
import { UserError } from '../errors';
import { MT19937 } from './random';

// sklearn train_test_split(range(n), test_size, random_state=seed): ShuffleSplit._iter_indices with
// n_test = ceil(test_size * n), n_train = n - n_test, perm = rng.permutation(n), test = perm[:n_test].
export function trainTestSplit(n: number, testSize: number, seed: number): { train: Int32Array; test: Int32Array } {
  if (!(testSize >= 0 && testSize < 1)) throw new UserError(`The test size must be at least 0 and below 1, got ${testSize}; choose e.g. 0.2.`);
  if (testSize === 0) {
    const train = new Int32Array(n);
    for (let i = 0; i < n; i++) train[i] = i;
    return { train, test: new Int32Array(0) };
  }
  const nTest = Math.ceil(testSize * n);
  const nTrain = n - nTest;
  if (nTrain <= 0) throw new UserError(`A test size of ${testSize} leaves no training rows out of ${n}; lower the test size.`);
  const perm = new MT19937(seed).permutation(n);
  return { train: perm.slice(nTest), test: perm.slice(0, nTest) };
}

// sklearn KFold(n_splits=k, shuffle=True, random_state=seed)._iter_test_indices: shuffle arange(n),
// then consecutive blocks, the first n % k folds one larger.
export function kFoldIds(n: number, k: number, seed: number): Int32Array {
  if (!(Number.isInteger(k) && k >= 2)) throw new UserError(`The number of CV folds must be a whole number of at least 2, got ${k}.`);
  if (k > n) throw new UserError(`${k}-fold cross-validation needs at least ${k} rows, but only ${n} are usable; lower the number of folds.`);
  const indices = new MT19937(seed).permutation(n);
  const ids = new Int32Array(n);
  const base = Math.floor(n / k);
  const extra = n % k;
  let pos = 0;
  for (let f = 0; f < k; f++) {
    const size = base + (f < extra ? 1 : 0);
    for (let t = 0; t < size; t++) ids[indices[pos++]] = f;
  }
  return ids;
}

// sklearn StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)._make_test_folds: classes
// numbered by first appearance; per-fold allocation by round robin over the sorted encoded labels;
// for each class in that order, arange(k).repeat(allocation[:, class]) is shuffled and assigned to
// that class's rows in row order.
export function stratifiedKFoldIds(y01: Float64Array, k: number, seed: number): Int32Array {
  const n = y01.length;
  // Encode classes by order of first appearance (sklearn's y_encoded).
  const firstSeen: number[] = [];
  const enc = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let c = firstSeen.indexOf(y01[i]);
    if (c < 0) {
      if (Number.isNaN(y01[i])) throw new RangeError(`y has a missing value at position ${i}`); // buildDesign drops these rows
      c = firstSeen.length;
      firstSeen.push(y01[i]);
    }
    enc[i] = c;
  }
  const nClasses = firstSeen.length;
  const counts = new Int32Array(nClasses);
  for (let i = 0; i < n; i++) counts[enc[i]]++;
  let maxCount = 0;
  for (let c = 0; c < nClasses; c++) maxCount = Math.max(maxCount, counts[c]);
  if (!(Number.isInteger(k) && k >= 2)) throw new UserError(`The number of CV folds must be a whole number of at least 2, got ${k}.`);
  if (k > maxCount) {
    // sklearn raises here too ("n_splits=k cannot be greater than the number of members in each class").
    throw new UserError(`${k}-fold stratified cross-validation needs at least ${k} rows of some class, but the classes have ${Array.from(counts).join(' and ')} rows; lower the number of folds.`);
  }
  // allocation[f][c] = bincount(y_order[f::k]) with y_order the sorted encoded labels.
  const allocation = new Int32Array(k * nClasses);
  let pos = 0;
  for (let c = 0; c < nClasses; c++) {
    for (let t = 0; t < counts[c]; t++, pos++) allocation[(pos % k) * nClasses + c]++;
  }
  const rng = new MT19937(seed);
  const ids = new Int32Array(n);
  for (let c = 0; c < nClasses; c++) {
    const folds = new Int32Array(counts[c]);
    let m = 0;
    for (let f = 0; f < k; f++) for (let t = 0; t < allocation[f * nClasses + c]; t++) folds[m++] = f;
    rng.shuffle(folds);
    m = 0;
    for (let i = 0; i < n; i++) if (enc[i] === c) ids[i] = folds[m++];
  }
  return ids;
}
