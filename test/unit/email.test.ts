import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateEmail } from '../../src/validation/email';

describe('validateEmail', () => {
  test('lower-cases the domain and keeps the local part as is', () => {
    assert.deepEqual(validateEmail('Anna.ONeil@NHS.NET'), { ok: true, value: 'Anna.ONeil@nhs.net' });
    assert.deepEqual(validateEmail(' a.b@Example.Org '), { ok: true, value: 'a.b@example.org' });
  });

  test('rejects what is not an address', () => {
    for (const email of [
      'anna.oneil',
      'anna oneil@nhs.net',
      'anna@nhs',
      '@nhs.net',
      'anna@@nhs.net',
      'anna@nhs.net.',
    ]) {
      assert.deepEqual(validateEmail(email), { ok: false, rule: 'EMAIL_INVALID' }, email);
    }
  });
});
