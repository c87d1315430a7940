import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validatePostcode } from '../../src/validation/postcode';

describe('validatePostcode', () => {
  test('normalises any case and spacing to upper case with one space', () => {
    assert.deepEqual(validatePostcode('sw1a1aa'), { ok: true, value: 'SW1A 1AA' });
    assert.deepEqual(validatePostcode('  Sw1A   1aA '), { ok: true, value: 'SW1A 1AA' });
    assert.deepEqual(validatePostcode('s W1a 1 a A'), { ok: true, value: 'SW1A 1AA' });
    assert.deepEqual(validatePostcode('m11ae'), { ok: true, value: 'M1 1AE' });
    assert.deepEqual(validatePostcode('B33 8TH'), { ok: true, value: 'B33 8TH' });
    assert.deepEqual(validatePostcode('dn551pt'), { ok: true, value: 'DN55 1PT' });
  });

  test('rejects what is not a UK postcode', () => {
    for (const postcode of ['SW1A 1A', 'SW1A 1AAA', 'ABC', '12345', 'SW1A-1AA', 'D02 X285']) {
      assert.deepEqual(validatePostcode(postcode), { ok: false, rule: 'POSTCODE_INVALID' }, postcode);
    }
  });
});
