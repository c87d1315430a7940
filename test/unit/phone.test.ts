import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validatePhone } from '../../src/validation/phone';

describe('validatePhone', () => {
  test('stores a UK number in E.164 whatever its punctuation', () => {
    for (const phone of [
      '07700 900123',
      '07700-900-123',
      '(07700) 900123',
      '+44 7700 900123',
      '+44 (0)7700 900123',
      '0044 7700 900123',
    ]) {
      assert.deepEqual(validatePhone(phone), { ok: true, value: '+447700900123' }, phone);
    }
    assert.deepEqual(validatePhone('(020) 7946 0958'), { ok: true, value: '+442079460958' });
  });

  test('keeps an international number in its own country', () => {
    assert.deepEqual(validatePhone('+1 415 555 2671'), { ok: true, value: '+14155552671' });
    assert.deepEqual(validatePhone('+33 6 12 34 56 78'), { ok: true, value: '+33612345678' });
    assert.deepEqual(validatePhone('00353 85 123 4567'), { ok: true, value: '+353851234567' });
  });

  test('rejects what cannot be a number', () => {
    for (const phone of ['123', '0770090012345', 'abc', 'call 07700 900123', '0800 FLOWERS', '+1 415']) {
      assert.deepEqual(validatePhone(phone), { ok: false, rule: 'PHONE_NOT_POSSIBLE' }, phone);
    }
  });
});
