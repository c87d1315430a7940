import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PII_FIELDS, type EsrPersonValues } from '../../src/extract/types';
import { maskTisValue, mapToTis, PII_TIS_PATHS, TIS_FIELD_PATHS, type TisFieldValue } from '../../src/tis/map-to-tis';
import { TIS_TITLES } from '../../src/tis/tis-codes';
import { TITLES } from '../../src/validation/codes';

/** Every field present, each with a value that names it, so a field sent to the wrong path shows. */
const allValues: Required<EsrPersonValues> = {
  title: 'Dr',
  forenames: 'Anna Maria',
  surname: "O'Neil-Smith",
  knownAs: 'Annie',
  previousSurname: 'Jones',
  dateOfBirth: '1995-06-15',
  gender: 'F',
  nino: 'AB123456C',
  homePhone: '+442079460958',
  mobilePhone: '+447700900123',
  email: 'anna.oneil@nhs.net',
  ethnicOrigin: 'A',
  addressLine1: '1 High Street',
  addressLine2: 'Flat 2',
  addressLine3: 'Newnham',
  town: 'Cambridge',
  postcode: 'CB2 0QQ',
};

const asRecord = (out: TisFieldValue[]) => Object.fromEntries(out.map((f) => [f.path, f.value]));

describe('mapToTis', () => {
  test("sends each ESR field to the spec's TIS path", () => {
    assert.deepEqual(asRecord(mapToTis(allValues)), {
      'contactDetails.title': 'DR',
      'contactDetails.legalForenames': 'Anna Maria',
      'contactDetails.legalSurname': "O'Neil-Smith",
      'contactDetails.knownAs': 'Annie',
      'contactDetails.maidenName': 'Jones',
      'contactDetails.telephoneNumber': '+442079460958',
      'contactDetails.mobileNumber': '+447700900123',
      'contactDetails.workEmail': 'anna.oneil@nhs.net',
      'contactDetails.address1': '1 High Street',
      'contactDetails.address2': 'Flat 2',
      'contactDetails.address3': 'Newnham',
      'contactDetails.address4': 'Cambridge',
      'contactDetails.postCode': 'CB2 0QQ',
      'personalDetails.dateOfBirth': '1995-06-15',
      'personalDetails.nationalInsuranceNumber': 'AB123456C',
      'personalDetails.gender': 'Female',
      'personalDetails.ethnicOrigin': 'White - British',
    });
  });

  test("never writes the trainee's own forenames, surname or email", () => {
    const paths: readonly string[] = TIS_FIELD_PATHS;
    for (const own of ['contactDetails.forenames', 'contactDetails.surname', 'contactDetails.email']) {
      assert.equal(paths.includes(own), false, own);
      assert.equal(
        mapToTis(allValues).some((f) => f.path === own),
        false,
        own,
      );
    }
  });

  test("upper-cases every ESR title into TIS's title list", () => {
    for (const title of TITLES) {
      const [mapped] = mapToTis({ title });
      assert.equal(mapped.value, title.toUpperCase());
      assert.ok((TIS_TITLES as readonly string[]).includes(mapped.value), title);
    }
  });

  test("maps gender codes to the spec's labels", () => {
    const labels = { M: 'Male', F: 'Female', I: 'Indeterminate', X: 'I prefer not to specify', U: 'Not known' };
    for (const [code, label] of Object.entries(labels)) {
      assert.deepEqual(mapToTis({ gender: code }), [{ path: 'personalDetails.gender', value: label }]);
    }
  });

  test("maps ethnic origin codes to the spec's labels, 99 included", () => {
    const labels = {
      A: 'White - British',
      D: 'Mixed White and Black Caribbean',
      J: 'Asian or Asian British - Pakistani',
      R: 'Chinese',
      Z: 'Not stated',
      '99': 'Not known',
    };
    for (const [code, label] of Object.entries(labels)) {
      assert.deepEqual(mapToTis({ ethnicOrigin: code }), [{ path: 'personalDetails.ethnicOrigin', value: label }]);
    }
  });

  test('an absent or empty ESR value, or an unknown code, yields no TIS value', () => {
    assert.deepEqual(mapToTis({}), []);
    assert.deepEqual(mapToTis({ nino: '', mobilePhone: '', town: '' }), []);
    assert.deepEqual(mapToTis({ gender: 'Q', ethnicOrigin: 'T' }), []);
    assert.deepEqual(mapToTis({ knownAs: 'Annie' }), [{ path: 'contactDetails.knownAs', value: 'Annie' }]);
  });
});

describe('PII_TIS_PATHS and maskTisValue', () => {
  test('cover every field ESR writes: names, title, gender and ethnic origin as much as NINO and address', () => {
    assert.deepEqual([...PII_TIS_PATHS].sort(), [...TIS_FIELD_PATHS].sort());
    for (const path of ['contactDetails.legalSurname', 'personalDetails.ethnicOrigin', 'personalDetails.gender'])
      assert.ok(PII_TIS_PATHS.has(path), path);
  });

  test('every personal ESR field lands on a PII TIS path', () => {
    for (const field of PII_FIELDS) {
      const mapped = mapToTis({ [field]: allValues[field as keyof EsrPersonValues] });
      assert.equal(mapped.length, 1, field);
      assert.ok(PII_TIS_PATHS.has(mapped[0].path), `${field} → ${mapped[0].path}`);
    }
  });

  test('masks a personal value whole and shows any other value as it is', () => {
    for (const { path, value } of mapToTis(allValues)) {
      const shown = maskTisValue(path, value);
      if (PII_TIS_PATHS.has(path)) {
        assert.notEqual(shown, value, path);
        for (const part of [value.slice(0, 3), value.slice(-3)]) assert.equal(shown.includes(part), false, path);
      } else {
        assert.equal(shown, value, path);
      }
    }
    assert.equal(maskTisValue('personalDetails.nationalInsuranceNumber', 'AB123456C'), '•••');
    assert.equal(maskTisValue('contactDetails.legalSurname', 'Example'), '•••');
    assert.equal(maskTisValue('placements.0.siteCode', 'RGT00'), 'RGT00');
  });
});
