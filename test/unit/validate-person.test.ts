import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validatePersonFields } from '../../src/validation/validate-person';
import { perRow } from './support/per-row';

const ctx = { file: 'DE_EOE_RMC_20261125_00000001.DAT', line: 7, extractDate: '2026-11-25' };

describe('validatePersonFields', () => {
  test('a valid row gives every non-empty field, normalised, and no findings', () => {
    const result = validatePersonFields(perRow(), ctx);
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.values, {
      title: 'Dr',
      forenames: 'Anna Maria',
      surname: "O'Neil-Smith",
      knownAs: 'Annie',
      previousSurname: 'Zoë',
      dateOfBirth: '1995-06-15',
      gender: 'F',
      nino: 'AB123456C',
      homePhone: '+442079460958',
      mobilePhone: '+447700900123',
      email: 'Anna.ONeil@nhs.net',
      ethnicOrigin: 'A',
      addressLine1: '1 High Street',
      addressLine2: 'Flat 2',
      town: 'Cambridge',
      postcode: 'CB2 0QQ',
    });
    assert.deepEqual(result.identifiers, { esrPersonId: '1234567', gmcNumber: '7654321' });
  });

  test('an empty optional field is absent, with no finding', () => {
    const result = validatePersonFields(perRow({ nino: '', email: '', title: '', gmcNumber: '', gdcNumber: '' }), ctx);
    assert.deepEqual(result.findings, []);
    for (const field of ['nino', 'email', 'title', 'addressLine3'] as const)
      assert.equal(field in result.values, false);
    assert.deepEqual(result.identifiers, { esrPersonId: '1234567' });
  });

  test('an empty surname or date of birth is a REQUIRED finding', () => {
    const result = validatePersonFields(perRow({ surname: '', dateOfBirth: '' }), ctx);
    assert.deepEqual(
      result.findings.map((f) => [f.field, f.rule]),
      [
        ['surname', 'REQUIRED'],
        ['dateOfBirth', 'REQUIRED'],
      ],
    );
    assert.equal('surname' in result.values, false);
    assert.equal('dateOfBirth' in result.values, false);
  });

  test('each failing field is one finding, left out of the values, while the rest still apply', () => {
    const row = perRow({
      gmcNumber: '12345',
      gdcNumber: 'x',
      title: 'Sir',
      forenames: 'Anna2',
      knownAs: 'a'.repeat(101),
      dateOfBirth: '2015-01-01',
      gender: 'Q',
      nino: 'TN010180M',
      homePhone: '123',
      email: 'not-an-email',
      ethnicOrigin: 'T',
      addressLine1: 'x'.repeat(61),
      postcode: 'NOPE',
    });
    const result = validatePersonFields(row, ctx);
    assert.deepEqual(
      result.findings.map((f) => [f.field, f.rule]),
      [
        ['gmcNumber', 'GMC_FORMAT'],
        ['gdcNumber', 'GDC_FORMAT'],
        ['title', 'TITLE_UNKNOWN'],
        ['forenames', 'NAME_INVALID_CHARACTERS'],
        ['knownAs', 'NAME_TOO_LONG'],
        ['dateOfBirth', 'DOB_AGE_RANGE'],
        ['gender', 'GENDER_UNKNOWN'],
        ['nino', 'NINO_TEMPORARY'],
        ['homePhone', 'PHONE_NOT_POSSIBLE'],
        ['email', 'EMAIL_INVALID'],
        ['ethnicOrigin', 'ETHNIC_ORIGIN_UNKNOWN'],
        ['addressLine1', 'ADDRESS_TOO_LONG'],
        ['postcode', 'POSTCODE_INVALID'],
      ],
    );
    assert.deepEqual(result.values, {
      surname: "O'Neil-Smith",
      previousSurname: 'Zoë',
      mobilePhone: '+447700900123',
      addressLine2: 'Flat 2',
      town: 'Cambridge',
    });
    assert.deepEqual(result.identifiers, { esrPersonId: '1234567' });
  });

  test('a finding carries where and which rule, never the value', () => {
    const row = perRow({ nino: 'QQ123456C', mobilePhone: '0770', dateOfBirth: '1900-01-01', email: 'x@y' });
    const { findings } = validatePersonFields(row, ctx);
    assert.equal(findings.length, 4);
    for (const finding of findings) {
      assert.deepEqual(Object.keys(finding).sort(), ['esrPersonId', 'field', 'file', 'line', 'rule', 'trust']);
      assert.equal(finding.file, ctx.file);
      assert.equal(finding.line, 7);
      assert.equal(finding.trust, 'RGT');
      assert.equal(finding.esrPersonId, '1234567');
    }
    const serialised = JSON.stringify(findings);
    for (const value of ['QQ123456C', '0770', '1900-01-01', 'x@y'])
      assert.equal(serialised.includes(value), false, value);
  });

  test('the extract date is the reference for age', () => {
    const row = perRow({ dateOfBirth: '2010-11-26' });
    assert.deepEqual(
      validatePersonFields(row, ctx).findings.map((f) => f.rule),
      ['DOB_AGE_RANGE'],
    );
    assert.deepEqual(validatePersonFields(row, { ...ctx, extractDate: '2026-11-26' }).findings, []);
  });
});
