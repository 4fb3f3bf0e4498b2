// Oracle: scikit-learn 1.2 / numpy 1.24 (Debian), through test/reference/make_split_fixtures.py.
import * as assert from 'assert';
import { MT19937 } from '../../src/data/random';
import { kFoldIds, stratifiedKFoldIds, trainTestSplit } from '../../src/data/splits';
import fixtures from '../fixtures/data_splits.json';

describe('data: MT19937 and numpy legacy shuffling', () => {
  it('reproduces numpy MT19937 _legacy_seeding raw outputs (first 5 and after the first twist)', () => {
    assert.ok(fixtures.mt19937.length >= 5);
    for (const c of fixtures.mt19937) {
      const rng = new MT19937(c.seed);
      const got: number[] = [];
      for (let i = 0; i < 1005; i++) got.push(rng.nextUint32());
      assert.deepStrictEqual(got.slice(0, 5), c.first, `seed ${c.seed}`);
      assert.deepStrictEqual(got.slice(1000), c.at1000, `seed ${c.seed} at 1000`);
    }
  });

  it('reproduces RandomState(seed).permutation(n)', () => {
    for (const c of fixtures.permutation) {
      assert.deepStrictEqual(Array.from(new MT19937(c.seed).permutation(c.n)), c.perm, `n ${c.n} seed ${c.seed}`);
    }
  });

  it('rejects seeds numpy rejects', () => {
    assert.throws(() => new MT19937(-1), RangeError);
    assert.throws(() => new MT19937(2 ** 32), RangeError);
    assert.throws(() => new MT19937(1.5), RangeError);
  });
});

describe('data: splits identical to scikit-learn', () => {
  it(`train_test_split for ${fixtures.train_test_split.length} (n, test_size, seed) cases`, () => {
    for (const c of fixtures.train_test_split) {
      const { train, test } = trainTestSplit(c.n, c.test_size, c.seed);
      const label = `n ${c.n} test_size ${c.test_size} seed ${c.seed}`;
      assert.deepStrictEqual(Array.from(test), c.test, label);
      assert.deepStrictEqual(Array.from(train), c.train, label);
    }
  });

  it('testSize 0 puts every row in train, in order', () => {
    const { train, test } = trainTestSplit(5, 0, 42);
    assert.deepStrictEqual(Array.from(train), [0, 1, 2, 3, 4]);
    assert.strictEqual(test.length, 0);
  });

  it('rejects a test size that leaves no training rows', () => {
    assert.throws(() => trainTestSplit(1, 0.5, 0), /test size of 0\.5 leaves no training rows out of 1/);
    assert.throws(() => trainTestSplit(10, 1, 0), /must be at least 0 and below 1/);
    assert.throws(() => kFoldIds(3, 5, 0), /5-fold cross-validation needs at least 5 rows, but only 3/);
  });

  it(`KFold(shuffle=True) fold membership for ${fixtures.kfold.length} (n, k, seed) cases`, () => {
    for (const c of fixtures.kfold) {
      assert.deepStrictEqual(Array.from(kFoldIds(c.n, c.k, c.seed)), c.ids, `n ${c.n} k ${c.k} seed ${c.seed}`);
    }
  });

  it(`StratifiedKFold(shuffle=True) fold membership for ${fixtures.stratified_kfold.length} cases`, () => {
    for (const c of fixtures.stratified_kfold) {
      const ids = stratifiedKFoldIds(Float64Array.from(c.y), c.k, c.seed);
      assert.deepStrictEqual(Array.from(ids), c.ids, `n ${c.n} k ${c.k} seed ${c.seed} ${c.pattern}`);
    }
  });

  it('StratifiedKFold refuses more folds than members of every class', () => {
    assert.throws(() => stratifiedKFoldIds(Float64Array.from([0, 1, 0, 1]), 3, 0), /classes have 2 and 2 rows/);
    // Like sklearn (a warning, not an error): one class may have fewer members than folds.
    assert.strictEqual(stratifiedKFoldIds(Float64Array.from([0, 0, 0, 1, 0, 0]), 3, 0).length, 6);
  });
});
