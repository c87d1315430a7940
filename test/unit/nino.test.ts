import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateNino } from '../../src/validation/nino';

describe('validateNino', () => {
  test('accepts a valid number and normalises case and spaces', () => {
    assert.deepEqual(validateNino('AB123456C'), { ok: true, value: 'AB123456C' });
    assert.deepEqual(validateNino('ab 12 34 56 c'), { ok: true, value: 'AB123456C' });
    assert.deepEqual(validateNino(' ce 123456 d '), { ok: true, value: 'CE123456D' });
  });

  test('accepts each suffix A to D', () => {
    for (const suffix of ['A', 'B', 'C', 'D']) assert.equal(validateNino(`AB123456${suffix}`).ok, true, suffix);
  });

  test('O is allowed as the first letter, only the second is forbidden', () => {
    assert.equal(validateNino('OA123456A').ok, true);
    assert.deepEqual(validateNino('AO123456A'), { ok: false, rule: 'NINO_PREFIX' });
  });

  for (const letter of ['D', 'F', 'I', 'Q', 'U', 'V']) {
    test(`rejects ${letter} as the first letter`, () => {
      assert.deepEqual(validateNino(`${letter}A123456A`), { ok: false, rule: 'NINO_PREFIX' });
    });
    test(`rejects ${letter} as the second letter`, () => {
      assert.deepEqual(validateNino(`A${letter}123456A`), { ok: false, rule: 'NINO_PREFIX' });
    });
  }

  for (const prefix of ['BG', 'GB', 'KN', 'NK', 'NT', 'ZZ']) {
    test(`rejects the unallocated prefix ${prefix}`, () => {
      assert.deepEqual(validateNino(`${prefix}123456A`), { ok: false, rule: 'NINO_PREFIX' });
    });
  }

  test("the spec's example QQ123456C breaks the letter rule", () => {
    assert.deepEqual(validateNino('QQ123456C'), { ok: false, rule: 'NINO_PREFIX' });
  });

  test('TN and OO numbers are temporary, whatever their suffix', () => {
    assert.deepEqual(validateNino('TN123456A'), { ok: false, rule: 'NINO_TEMPORARY' });
    assert.deepEqual(validateNino('tn 01 01 80 m'), { ok: false, rule: 'NINO_TEMPORARY' });
    assert.deepEqual(validateNino('OO123456A'), { ok: false, rule: 'NINO_TEMPORARY' });
  });

  test('rejects a suffix other than A to D', () => {
    assert.deepEqual(validateNino('AB123456E'), { ok: false, rule: 'NINO_SUFFIX' });
    assert.deepEqual(validateNino('AB123456Z'), { ok: false, rule: 'NINO_SUFFIX' });
  });

  test('rejects the wrong shape', () => {
    for (const nino of [
      'AB123456',
      'AB12345C',
      'AB1234567C',
      'A1123456C',
      '12123456C',
      'AB12345CC',
      'AB123456-',
      'ÀB123456C',
    ]) {
      assert.deepEqual(validateNino(nino), { ok: false, rule: 'NINO_FORMAT' }, nino);
    }
  });
});
