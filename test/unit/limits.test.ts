/** The size limit shared by the CLI and the panel (src/data/limits.ts): one clear message. */
import { strict as assert } from 'assert';
import { DEFAULT_MAX_FILE_BYTES, bytesText, fileTooBig } from '../../src/data/limits';
import { isUserError } from '../../src/errors';

describe('file size limit', () => {
  it('is 1 GiB and reads sizes the way people do', () => {
    assert.equal(DEFAULT_MAX_FILE_BYTES, 1073741824);
    assert.equal(bytesText(2.1e9), '2.1 GB');
    assert.equal(bytesText(12_500_000), '12.5 MB');
    assert.equal(bytesText(900), '900 bytes');
  });
  it('names the file, its size, the limit and what to do, as a user error', () => {
    const e = fileTooBig('data/big.csv', 2_147_483_648, DEFAULT_MAX_FILE_BYTES, 'the panel', 'analyze a sample of the rows.');
    assert.ok(isUserError(e));
    assert.equal(e.message, 'data/big.csv is 2.1 GB, more than the 1.1 GB the panel reads into memory; analyze a sample of the rows.');
    assert.match(fileTooBig('-', 5e9, 1e9, 'the command line', 'x', true).message, /^- is at least 5\.0 GB/);
  });
});
