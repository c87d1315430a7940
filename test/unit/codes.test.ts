import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ETHNIC_ORIGIN_LABELS,
  GENDER_LABELS,
  validateEthnicOrigin,
  validateGender,
  validateTitle,
} from '../../src/validation/codes';

describe('validateTitle', () => {
  test('accepts each title in any case and stores its canonical spelling', () => {
    for (const title of ['Dr', 'Mr', 'Mrs', 'Ms', 'Miss', 'Mx', 'Prof']) {
      for (const typed of [title, title.toUpperCase(), title.toLowerCase()]) {
        assert.deepEqual(validateTitle(typed), { ok: true, value: title }, typed);
      }
    }
  });

  test('rejects other titles', () => {
    for (const title of ['Sir', 'Rev', 'Dr.', 'Doctor', 'Professor', 'M']) {
      assert.deepEqual(validateTitle(title), { ok: false, rule: 'TITLE_UNKNOWN' }, title);
    }
  });
});

describe('validateGender', () => {
  test('accepts M F I X U', () => {
    for (const code of ['M', 'F', 'I', 'X', 'U']) assert.deepEqual(validateGender(code), { ok: true, value: code });
    assert.deepEqual(validateGender('f'), { ok: true, value: 'F' });
  });

  test('rejects other codes', () => {
    for (const code of ['N', 'O', 'Male', '1', 'MF']) {
      assert.deepEqual(validateGender(code), { ok: false, rule: 'GENDER_UNKNOWN' }, code);
    }
  });

  test('labels are those TIS uses', () => {
    assert.deepEqual(GENDER_LABELS, {
      M: 'Male',
      F: 'Female',
      I: 'Indeterminate',
      X: 'I prefer not to specify',
      U: 'Not known',
    });
  });
});

describe('validateEthnicOrigin', () => {
  test('accepts each NHS ethnic category code and 99', () => {
    for (const code of [...'ABCDEFGHJKLMNPRS', 'Z', '99']) {
      assert.deepEqual(validateEthnicOrigin(code), { ok: true, value: code }, code);
    }
  });

  test('rejects letters the category skips and other values', () => {
    for (const code of ['I', 'O', 'Q', 'T', 'Y', '9', '98', 'A1', 'White']) {
      assert.deepEqual(validateEthnicOrigin(code), { ok: false, rule: 'ETHNIC_ORIGIN_UNKNOWN' }, code);
    }
  });

  test('labels are exactly the spec list', () => {
    assert.deepEqual(ETHNIC_ORIGIN_LABELS, {
      A: 'White - British',
      B: 'White - Irish',
      C: 'Any other White background',
      D: 'Mixed White and Black Caribbean',
      E: 'Mixed White and Black African',
      F: 'Mixed White and Asian',
      G: 'Any other mixed background',
      H: 'Asian or Asian British - Indian',
      J: 'Asian or Asian British - Pakistani',
      K: 'Asian or Asian British - Bangladeshi',
      L: 'Any other Asian background',
      M: 'Black or Black British - Caribbean',
      N: 'Black or Black British - African',
      P: 'Any other Black background',
      R: 'Chinese',
      S: 'Any other ethnic group',
      Z: 'Not stated',
      '99': 'Not known',
    });
  });
});
