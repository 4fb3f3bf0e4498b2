// Table -> design matrix. Oracle for the matrices: pandas read_csv + dropna + get_dummies(drop_first=True)
// via test/reference/make_design_fixtures.py; the rest are hand-derived from the small CSVs shown.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { isUserError } from '../../src/errors';
import type { DataOptions } from '../../src/protocol';
import { buildDesign, imputeMeans, parseCsvText, summarizeTable, type Design, type Table } from '../../src/data';
import expected from '../fixtures/csv/design_mixed.expected.json';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'csv');
const DATA: Omit<DataOptions, 'target'> = {
  missing: 'drop', missingTokens: ['', 'NA', 'NaN', 'nan', 'null', 'NULL', 'N/A', 'n/a', 'None'], maxCategoricalLevels: 20,
};

function parse(text: string): Table {
  return parseCsvText(text, { file: 'data.csv' });
}

function design(t: Table, opts: Partial<DataOptions> & { target: string }, task: 'regression' | 'classification' = 'regression'): Design {
  return buildDesign(t, { ...DATA, ...opts, task });
}

function userError(fn: () => unknown, ...patterns: RegExp[]): void {
  try {
    fn();
  } catch (e) {
    assert.ok(isUserError(e), `expected a UserError, got ${String(e)}`);
    for (const p of patterns) assert.match((e as Error).message, p);
    return;
  }
  assert.fail('expected a UserError');
}

describe('data: design matrix against pandas get_dummies(drop_first=True)', () => {
  const table = parseCsvText(fs.readFileSync(path.join(FIXTURES, 'design_mixed.csv'), 'utf8'), { file: 'design_mixed.csv' });

  for (const c of expected.cases) {
    it(`${c.task} target ${c.target}, features ${c.features ? c.features.join(',') : '(all usable)'}${c.foldColumn ? `, folds from ${c.foldColumn}` : ''}`, () => {
      const d = buildDesign(table, {
        ...DATA, target: c.target, features: c.features ?? undefined, foldColumn: c.foldColumn ?? undefined, task: c.task as 'regression' | 'classification',
      });
      assert.strictEqual(d.n, c.n);
      assert.strictEqual(d.p, c.p);
      assert.deepStrictEqual(d.columns, c.columns);
      assert.deepStrictEqual(Array.from(d.x), c.x);
      assert.deepStrictEqual(Array.from(d.y), c.y);
      assert.deepStrictEqual(Array.from(d.rowLines), c.rowLines);
      assert.strictEqual(d.rowsDropped, c.rowsDropped);
      assert.deepStrictEqual(d.classes, c.classes);
      assert.deepStrictEqual(d.foldIds ? Array.from(d.foldIds) : undefined, (c as { foldIds?: number[] }).foldIds);
      assert.strictEqual(d.hasMissing, false);
      assert.deepStrictEqual(d.sourceOf, c.columns.map((name) => name.split('=')[0]));
    });
  }

  it('notes the excluded columns and the dropped rows (with their lines)', () => {
    const d = buildDesign(table, { ...DATA, target: 'y', foldColumn: 'fold', task: 'regression' });
    assert.ok(d.notes.includes('Not used as features: "id" (ID-like: 30 distinct values in 30 rows); "const" (constant: every value is 3).'), d.notes.join('|'));
    assert.ok(d.notes.includes('Dropped 1 row with a missing target (line 25).'), d.notes.join('|'));
    assert.ok(d.notes.includes('Dropped 3 rows with missing feature values (lines 6, 13, 19).'), d.notes.join('|'));
    assert.ok(!d.columns.includes('fold'), 'the fold column is never a feature');
  });

  it('X and y live in shared memory, so the Gram and fold threads read them without a copy', () => {
    const d = buildDesign(table, { ...DATA, target: 'y', task: 'regression' });
    assert.ok(d.x.buffer instanceof SharedArrayBuffer && d.y.buffer instanceof SharedArrayBuffer);
    assert.strictEqual(d.x.length, d.n * d.p);
  });
});

describe('data: targets', () => {
  const t = parse('a,b,bin,word,yn,tri,txt\n1,x,0,cat,yes,1,5\n2,y,1,dog,no,2,6\n3,x,1,cat,yes,3,seven\n4,y,0,dog,no,1,8\n');

  it('unknown target or feature: lists the columns (and suggests a case-insensitive match)', () => {
    userError(() => design(t, { target: 'zz' }), /^data\.csv: there is no target column "zz"\. The columns are "a", "b", "bin", "word", "yn", "tri", "txt"\.$/);
    userError(() => design(t, { target: 'A' }), /there is no target column "A"\. Did you mean "a"\?/);
    userError(() => design(t, { target: 'a', features: ['b', 'q'] }), /^data\.csv: there is no feature column "q"\./);
    userError(() => design(t, { target: 'a', foldColumn: 'folds' }), /^data\.csv: there is no fold column "folds"\./);
  });

  it('regression on a text target names the first non-numeric value and its line', () => {
    userError(() => design(t, { target: 'txt' }), /^data\.csv line 4, column "txt": the target of a regression must be numeric, but this row has "seven"; choose a numeric target or the classification task\.$/);
  });

  it('a boolean target is 0/1 for regression', () => {
    assert.deepStrictEqual(Array.from(design(t, { target: 'yn', features: ['a'] }).y), [1, 0, 1, 0]);
  });

  it('all-missing target', () => {
    const u = parse('a,y\n1,NA\n2,\n3,NA\n');
    userError(() => design(u, { target: 'y' }), /^data\.csv: the target column "y" has no values \(every cell is empty or a missing token\); choose another target\.$/);
  });

  it('classification: 0/1 -> positive 1; yes/no -> yes; two strings -> the second in sorted order', () => {
    const bin = design(t, { target: 'bin', features: ['a'] }, 'classification');
    assert.deepStrictEqual(Array.from(bin.y), [0, 1, 1, 0]);
    assert.deepStrictEqual(bin.classes, ['0', '1']);
    const yn = design(t, { target: 'yn', features: ['a'] }, 'classification');
    assert.deepStrictEqual(Array.from(yn.y), [1, 0, 1, 0]);
    assert.deepStrictEqual(yn.classes, ['no', 'yes']);
    const word = design(t, { target: 'word', features: ['a'] }, 'classification');
    assert.deepStrictEqual(Array.from(word.y), [0, 1, 0, 1]);
    assert.deepStrictEqual(word.classes, ['cat', 'dog']);
    const nums = design(parse('a,y\n1,2.5\n2,7\n3,2.5\n'), { target: 'y' }, 'classification');
    assert.deepStrictEqual(nums.classes, ['2.5', '7']);
    assert.deepStrictEqual(Array.from(nums.y), [0, 1, 0]);
  });

  it('classification: positiveClass overrides, matching the text, its case, or the number', () => {
    const word = design(t, { target: 'word', features: ['a'], positiveClass: 'cat' }, 'classification');
    assert.deepStrictEqual(Array.from(word.y), [1, 0, 1, 0]);
    assert.deepStrictEqual(word.classes, ['dog', 'cat']);
    assert.deepStrictEqual(design(t, { target: 'yn', features: ['a'], positiveClass: 'NO' }, 'classification').classes, ['yes', 'no']);
    assert.deepStrictEqual(Array.from(design(t, { target: 'bin', features: ['a'], positiveClass: '0.0' }, 'classification').y), [1, 0, 0, 1]);
    userError(() => design(t, { target: 'word', features: ['a'], positiveClass: 'bird' }, 'classification'),
      /^data\.csv: the positive class "bird" is not a value of the target "word"; it has "cat" and "dog"\.$/);
  });

  it('classification: three or more values (up to 5 listed), or only one', () => {
    userError(() => design(t, { target: 'tri', features: ['a'] }, 'classification'),
      /^data\.csv: the classification target "tri" has 3 distinct values \("1", "2", "3"\); logistic regression needs exactly two classes\./);
    const many = parse('a,y\n' + ['p', 'q', 'r', 's', 't', 'u', 'p'].map((v, i) => `${i},${v}`).join('\n'));
    userError(() => design(many, { target: 'y' }, 'classification'), /has 6 distinct values \("p", "q", "r", "s", "t", …\)/);
    const one = parse('a,y\n1,x\n2,x\n3,\n');
    userError(() => design(one, { target: 'y' }, 'classification'), /has only one value \("x"\); logistic regression needs exactly two classes/);
  });
});

describe('data: features', () => {
  const t = parse('id,g,x,y\nr1,a,1,10\nr2,b,2,20\nr3,a,3,30\nr4,c,4,40\n');

  it('refuses an excluded column, the target or the fold column as a feature, with the reason', () => {
    userError(() => design(t, { target: 'y', features: ['id'] }), /^data\.csv: column "id" cannot be a feature \(ID-like: 4 distinct values in 4 rows\); remove it from the features\.$/);
    userError(() => design(t, { target: 'y', features: ['x', 'y'] }), /^data\.csv: "y" is the target, so it cannot also be a feature/);
    userError(() => design(t, { target: 'y', features: ['x'], foldColumn: 'x' }), /"x" is the fold column, so it cannot also be a feature/);
    userError(() => design(t, { target: 'y', foldColumn: 'y' }), /cannot be both the target and the fold column/);
  });

  it('keeps the given feature order for numeric columns; dummies follow', () => {
    const d = design(t, { target: 'y', features: ['g', 'x'] });
    assert.deepStrictEqual(d.columns, ['x', 'g=b', 'g=c']);
    assert.deepStrictEqual(d.sourceOf, ['x', 'g', 'g']);
    assert.deepStrictEqual(Array.from(d.x), [1, 2, 3, 4, 0, 1, 0, 0, 0, 0, 0, 1]);
  });

  it('one-hot uses only the levels present in the rows kept', () => {
    const u = parse('g,x,y\na,1,1\nb,2,2\nc,NA,3\nb,4,4\n');
    const d = design(u, { target: 'y' });
    assert.deepStrictEqual(d.columns, ['x', 'g=b']);
  });

  it('fewer than 2 usable rows', () => {
    const u = parse('x,y\n1,1\nNA,2\n3,NA\n');
    userError(() => design(u, { target: 'y' }), /^data\.csv: only 1 usable row \(2 of 3 dropped for missing values\); at least 2 are needed\. Choose other columns or the missing policy "mean"\.$/);
  });
});

describe('data: missing values', () => {
  const text = 'x,g,y\n1,a,1\nNA,b,2\n3,,3\n5,a,NA\n7,b,5\n9,a,6\n';

  it("policy 'drop' removes rows with a missing target or feature, counted and located", () => {
    const d = design(parse(text), { target: 'y' });
    assert.strictEqual(d.n, 3);
    assert.strictEqual(d.rowsDropped, 3);
    assert.deepStrictEqual(Array.from(d.rowLines), [2, 6, 7]);
    assert.ok(d.notes.includes('Dropped 2 rows with missing feature values (lines 3, 4).'));
  });

  it("policy 'mean' keeps NaN (target-missing rows still dropped), imputeMeans fills with training means", () => {
    const d = design(parse(text), { target: 'y', missing: 'mean' });
    assert.strictEqual(d.n, 5);
    assert.strictEqual(d.rowsDropped, 1);
    assert.strictEqual(d.hasMissing, true);
    assert.deepStrictEqual(d.columns, ['x', 'g=b']);
    // Rows: lines 2,3,4,6,7 -> x = [1, NaN, 3, 7, 9], g=b = [0, 1, NaN, 1, 0].
    assert.ok(Number.isNaN(d.x[1]) && Number.isNaN(d.x[5 + 2]));
    imputeMeans(d, Int32Array.from([0, 1, 2, 3])); // training rows: x mean of 1, 3, 7 = 11/3; g=b mean of 0, 1, 1 = 2/3
    assert.deepStrictEqual(Array.from(d.x.subarray(0, 5)), [1, 11 / 3, 3, 7, 9]);
    assert.deepStrictEqual(Array.from(d.x.subarray(5, 10)), [0, 1, 2 / 3, 1, 0]);
    assert.strictEqual(d.hasMissing, false);
    assert.ok(d.notes.some((n) => n === 'Filled 1 missing cell of "x" with its training mean 3.66666666667.'), d.notes.join('|'));
  });

  it('imputeMeans refuses a column with no training values', () => {
    const d = design(parse('x,z,y\nNA,1,1\n2,2,2\nNA,3,3\n4,4,4\n'), { target: 'y', missing: 'mean' });
    userError(() => imputeMeans(d, Int32Array.from([0, 2])), /^data\.csv: design column "x" has no values in the training rows/);
  });
});

describe('data: user fold column', () => {
  it('labels -> fold ids 0..K-1 in sorted label order (numbers numerically, text by string), never a feature', () => {
    const t = parse('x,y,f,s\n1,1,10,b\n2,2,2,a\n3,3,10,c\n4,4,2,a\n5,5,33,b\n');
    const num = design(t, { target: 'y', foldColumn: 'f' });
    assert.deepStrictEqual(Array.from(num.foldIds!), [1, 0, 1, 0, 2]);
    assert.ok(!num.columns.includes('f'));
    const txt = design(t, { target: 'y', features: ['x'], foldColumn: 's' });
    assert.deepStrictEqual(Array.from(txt.foldIds!), [1, 0, 2, 0, 1]);
  });

  it('rows without a fold label are dropped; a single label is an error', () => {
    const t = parse('x,y,f\n1,1,a\n2,2,\n3,3,b\n4,4,a\n');
    const d = design(t, { target: 'y', foldColumn: 'f' });
    assert.strictEqual(d.n, 3);
    assert.ok(d.notes.includes('Dropped 1 row with a missing fold label (line 3).'));
    const one = parse('x,y,f\n1,1,a\n2,2,a\n3,3,a\n');
    userError(() => design(one, { target: 'y', foldColumn: 'f' }), /^data\.csv: the fold column "f" has 1 distinct label in the rows used; cross-validation needs at least 2 folds\.$/);
  });
});

describe('data: summarizeTable', () => {
  it('describes every column and picks the default target by name, else the last numeric column', () => {
    const s = summarizeTable(parse('a,Outcome,c,d\n1,2,x,5\n2,3,y,6\n3,4,x,7\n'));
    assert.strictEqual(s.defaultTarget, 'Outcome');
    assert.strictEqual(s.rows, 3);
    assert.strictEqual(s.delimiter, ',');
    assert.deepStrictEqual(s.columns[2], { name: 'c', kind: 'categorical', missing: 0, distinct: 2, levels: ['x', 'y'] });
    assert.strictEqual(summarizeTable(parse('a,b,c\n1,x,3\n2,y,4\n3,x,5\n')).defaultTarget, 'c');
    assert.strictEqual(summarizeTable(parse('label,y\n1,2\n2,3\n')).defaultTarget, 'y', 'y outranks label');
    const ex = summarizeTable(parse('k,v\n3,1\n3,2\n'));
    assert.deepStrictEqual(ex.columns[0], { name: 'k', kind: 'excluded', missing: 0, distinct: 1, reason: 'constant: every value is 3' });
    assert.strictEqual(ex.defaultTarget, 'v');
  });
});
