import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ageOn } from '../../src/validation/calendar-date';
import { validateDateOfBirth } from '../../src/validation/date-of-birth';

const ok = (value: string) => ({ ok: true, value });
const ageRange = { ok: false, rule: 'DOB_AGE_RANGE' };
const invalidDate = { ok: false, rule: 'DOB_INVALID_DATE' };

describe('validateDateOfBirth', () => {
  test('accepts a real date of someone of working age', () => {
    assert.deepEqual(validateDateOfBirth('1995-06-15', '2026-11-25'), ok('1995-06-15'));
  });

  test('29 February exists only in leap years', () => {
    assert.deepEqual(validateDateOfBirth('1996-02-29', '2026-11-25'), ok('1996-02-29'));
    assert.deepEqual(validateDateOfBirth('2000-02-29', '2026-11-25'), ok('2000-02-29'));
    assert.deepEqual(validateDateOfBirth('1995-02-29', '2026-11-25'), invalidDate);
    assert.deepEqual(validateDateOfBirth('1900-02-29', '2026-11-25'), invalidDate);
  });

  test('rejects what is not a real YYYY-MM-DD date', () => {
    for (const dob of ['1995-04-31', '1995-13-01', '1995-00-10', '15/06/1995', '1995-6-15', '19950615', 'unknown']) {
      assert.deepEqual(validateDateOfBirth(dob, '2026-11-25'), invalidDate, dob);
    }
  });

  test('16 on the birthday, not the day before', () => {
    assert.deepEqual(validateDateOfBirth('2010-03-01', '2026-03-01'), ok('2010-03-01'));
    assert.deepEqual(validateDateOfBirth('2010-03-01', '2026-02-28'), ageRange);
    assert.deepEqual(validateDateOfBirth('2010-02-28', '2026-02-28'), ok('2010-02-28'));
  });

  test('still 80 the day before the 81st birthday, not on it', () => {
    assert.deepEqual(validateDateOfBirth('1945-03-01', '2026-02-28'), ok('1945-03-01'));
    assert.deepEqual(validateDateOfBirth('1945-03-01', '2026-03-01'), ageRange);
    assert.deepEqual(validateDateOfBirth('1946-02-28', '2026-02-28'), ok('1946-02-28'));
    assert.deepEqual(validateDateOfBirth('1945-02-28', '2026-02-28'), ageRange);
  });

  test('someone born on 29 February turns 16 on 29 February (16 years on is always a leap year here)', () => {
    assert.deepEqual(validateDateOfBirth('2008-02-29', '2024-02-28'), ageRange);
    assert.deepEqual(validateDateOfBirth('2008-02-29', '2024-02-29'), ok('2008-02-29'));
    assert.deepEqual(validateDateOfBirth('2008-02-29', '2024-03-01'), ok('2008-02-29'));
  });

  test('in a non-leap year someone born on 29 February gains a year on 1 March, not 28 February', () => {
    assert.equal(ageOn('2008-02-29', '2023-02-28'), 14);
    assert.equal(ageOn('2008-02-29', '2023-03-01'), 15);
    assert.equal(ageOn('2008-02-29', '2024-02-29'), 16);
  });

  test('someone born on 29 February is 80 until 28 February of a non-leap year, 81 on 1 March', () => {
    assert.deepEqual(validateDateOfBirth('1944-02-29', '2025-02-28'), ok('1944-02-29'));
    assert.deepEqual(validateDateOfBirth('1944-02-29', '2025-03-01'), ageRange);
    assert.deepEqual(validateDateOfBirth('1948-02-29', '2029-02-28'), ok('1948-02-29'));
    assert.deepEqual(validateDateOfBirth('1948-02-29', '2029-03-01'), ageRange);
  });

  test('a date of birth after the extract date is out of range', () => {
    assert.deepEqual(validateDateOfBirth('2027-01-01', '2026-11-25'), ageRange);
  });

  test('an invalid extract date is a programming error, not a finding', () => {
    assert.throws(() => validateDateOfBirth('1995-06-15', '2026-02-30'), RangeError);
  });
});
