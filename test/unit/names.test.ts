import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateAddressLine, validateGdcNumber, validateGmcNumber, validateName } from '../../src/validation/names';

describe('validateName', () => {
  test("accepts letters of any script, spaces, ' - and .", () => {
    for (const name of ["Mary-Jane O'Neil", 'Zoë', 'J. R. R.', 'Siobhán', '李', 'Łukasz', 'अनिता', 'e\u0301mile']) {
      assert.deepEqual(validateName(name), { ok: true, value: name }, name);
    }
  });

  test('rejects digits and symbols', () => {
    for (const name of ['John3', 'A_B', 'Smith (Dr)', 'O’Neil', 'Smith, John', 'Anna/Marie']) {
      assert.deepEqual(validateName(name), { ok: false, rule: 'NAME_INVALID_CHARACTERS' }, name);
    }
  });

  test('allows 100 characters, counted as characters not UTF-16 units', () => {
    assert.equal(validateName('a'.repeat(100)).ok, true);
    // U+20000 is one letter but two UTF-16 units: 100 of them are still 100 characters.
    assert.deepEqual(validateName('\u{20000}'.repeat(100)), { ok: true, value: '\u{20000}'.repeat(100) });
    assert.deepEqual(validateName('\u{20000}'.repeat(101)), { ok: false, rule: 'NAME_TOO_LONG' });
    assert.deepEqual(validateName('é'.repeat(100)), { ok: true, value: 'é'.repeat(100) });
    assert.deepEqual(validateName('a'.repeat(101)), { ok: false, rule: 'NAME_TOO_LONG' });
  });
});

describe('validateAddressLine', () => {
  test('allows 60 characters of anything', () => {
    assert.deepEqual(validateAddressLine('Flat 2/3, 10 High St.'), { ok: true, value: 'Flat 2/3, 10 High St.' });
    assert.equal(validateAddressLine('x'.repeat(60)).ok, true);
    assert.deepEqual(validateAddressLine('x'.repeat(61)), { ok: false, rule: 'ADDRESS_TOO_LONG' });
  });
});

describe('validateGmcNumber', () => {
  test('7 digits, or L and 6 digits', () => {
    assert.deepEqual(validateGmcNumber('1234567'), { ok: true, value: '1234567' });
    assert.deepEqual(validateGmcNumber('L123456'), { ok: true, value: 'L123456' });
    assert.deepEqual(validateGmcNumber('l123456'), { ok: true, value: 'L123456' });
    for (const gmc of ['123456', '12345678', 'L1234567', 'L12345', 'A123456', '123 4567']) {
      assert.deepEqual(validateGmcNumber(gmc), { ok: false, rule: 'GMC_FORMAT' }, gmc);
    }
  });
});

describe('validateGdcNumber', () => {
  test('1 to 6 digits, kept as written', () => {
    for (const gdc of ['1', '123456', '001234']) assert.deepEqual(validateGdcNumber(gdc), { ok: true, value: gdc });
    for (const gdc of ['1234567', '12a', 'L12345', '-1']) {
      assert.deepEqual(validateGdcNumber(gdc), { ok: false, rule: 'GDC_FORMAT' }, gdc);
    }
  });
});
