import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyDiff, diffPerson, fieldUpdatedAt, getPath } from '../../src/tis/diff-person';
import { mayApply } from '../../src/tis/empty-never-erases';
import { mapToTis, type TisFieldValue } from '../../src/tis/map-to-tis';
import { tisPerson } from '../support/tis-person';

const ESR_AT = '2026-11-24T10:00:00+00:00';
const BEFORE_ESR = '2026-11-23T08:00:00.000Z';
const AFTER_ESR = '2026-11-24T16:30:00.000Z';
const APPLIED_AT = '2026-11-25T03:00:00.000Z';

const mobile = (value: string): TisFieldValue => ({ path: 'contactDetails.mobileNumber', value });
const NEW_MOBILE = '+447700900999';

/** The ESR values test/support/tis-person.ts's person already holds in TIS. */
const sameAsTis = mapToTis({
  title: 'Dr',
  forenames: 'Alex',
  surname: 'Example',
  mobilePhone: '+447700900123',
  email: 'alex.example@nhs.example',
  addressLine1: '1 Test Street',
  town: 'Cambridge',
  postcode: 'CB2 0QQ',
  dateOfBirth: '1995-04-12',
  gender: 'F',
  ethnicOrigin: 'A',
  nino: 'AB123456C',
});

describe('getPath', () => {
  test('reads a string at a dotted path, and nothing else', () => {
    const doc = { a: { b: 'x', n: 3, o: { c: 'y' }, z: null } };
    assert.equal(getPath(doc, 'a.b'), 'x');
    assert.equal(getPath(doc, 'a.o.c'), 'y');
    assert.equal(getPath(doc, 'a.n'), undefined);
    assert.equal(getPath(doc, 'a.o'), undefined);
    assert.equal(getPath(doc, 'a.z.c'), undefined);
    assert.equal(getPath(doc, 'a.missing.c'), undefined);
  });
});

describe('diffPerson', () => {
  test('values TIS already holds give an empty diff', () => {
    const diff = diffPerson(tisPerson({ _id: 'P1' }), sameAsTis, ESR_AT);
    assert.deepEqual(diff.changes, []);
    assert.deepEqual(diff.conflicts, []);
    assert.equal(diff.unchanged.length, sameAsTis.length);
  });

  test('only the changed fields are changes, with the value before', () => {
    const incoming = sameAsTis.map((f) => (f.path === 'contactDetails.mobileNumber' ? mobile(NEW_MOBILE) : f));
    const diff = diffPerson(tisPerson({ _id: 'P1' }), incoming, ESR_AT);
    assert.deepEqual(diff.changes, [
      { path: 'contactDetails.mobileNumber', before: '+447700900123', after: NEW_MOBILE },
    ]);
    assert.equal(diff.unchanged.includes('contactDetails.mobileNumber'), false);
    assert.equal(diff.unchanged.length, sameAsTis.length - 1);
  });

  test('a field TIS does not hold yet is a change with no before', () => {
    const diff = diffPerson(tisPerson({ _id: 'P1' }), [{ path: 'contactDetails.knownAs', value: 'Lex' }], ESR_AT);
    assert.deepEqual(diff.changes, [{ path: 'contactDetails.knownAs', after: 'Lex' }]);
    assert.equal('before' in diff.changes[0], false);
  });
});

describe('empty never erases', () => {
  test('mayApply refuses an absent, empty or blank value', () => {
    assert.equal(mayApply(undefined), false);
    assert.equal(mayApply(''), false);
    assert.equal(mayApply('   '), false);
    assert.equal(mayApply('+447700900123'), true);
  });

  test('an empty or blank ESR value leaves the TIS value as it is', () => {
    const person = tisPerson({ _id: 'P1' });
    const incoming: TisFieldValue[] = [mobile(''), { path: 'contactDetails.address1', value: '  ' }];
    const diff = diffPerson(person, incoming, ESR_AT);
    assert.deepEqual(diff, { changes: [], conflicts: [], unchanged: [] });
    assert.equal(applyDiff(person, diff, ESR_AT, APPLIED_AT), person);
  });

  test('a field the ESR row lacks is kept when other fields change', () => {
    const person = tisPerson({ _id: 'P1' });
    const after = applyDiff(
      person,
      diffPerson(person, mapToTis({ knownAs: 'Lex', mobilePhone: '' }), ESR_AT),
      ESR_AT,
      APPLIED_AT,
    );
    assert.equal(after.contactDetails.knownAs, 'Lex');
    assert.equal(after.contactDetails.mobileNumber, '+447700900123');
    assert.equal(after.personalDetails.nationalInsuranceNumber, 'AB123456C');
  });
});

describe('newest wins', () => {
  const editedAt = (stamp: string) =>
    tisPerson({ _id: 'P1', fieldUpdatedAt: { contactDetails: { mobileNumber: stamp } } });

  test("a TIS field changed after the row's lastUpdated keeps its value and is a conflict", () => {
    const diff = diffPerson(editedAt(AFTER_ESR), [mobile(NEW_MOBILE)], ESR_AT);
    assert.deepEqual(diff.changes, []);
    assert.deepEqual(diff.conflicts, [{ path: 'contactDetails.mobileNumber', tisUpdatedAt: AFTER_ESR }]);
  });

  test("a TIS field changed before, or at, the row's lastUpdated takes the ESR value", () => {
    for (const stamp of [BEFORE_ESR, '2026-11-24T10:00:00.000Z']) {
      const diff = diffPerson(editedAt(stamp), [mobile(NEW_MOBILE)], ESR_AT);
      assert.deepEqual(diff.conflicts, [], stamp);
      assert.deepEqual(
        diff.changes.map((c) => c.after),
        [NEW_MOBILE],
        stamp,
      );
    }
  });

  test('times are compared as instants, not as text', () => {
    // 10:30+01:00 is 09:30Z, before the row's 10:00Z, though it sorts after it as text.
    assert.deepEqual(diffPerson(editedAt('2026-11-24T10:30:00+01:00'), [mobile(NEW_MOBILE)], ESR_AT).conflicts, []);
    // 09:30-01:00 is 10:30Z, after the row, though it sorts before it as text.
    assert.equal(diffPerson(editedAt('2026-11-24T09:30:00-01:00'), [mobile(NEW_MOBILE)], ESR_AT).conflicts.length, 1);
  });

  test('a conflict holds back only its own field', () => {
    const diff = diffPerson(
      editedAt(AFTER_ESR),
      [mobile(NEW_MOBILE), { path: 'contactDetails.knownAs', value: 'Lex' }],
      ESR_AT,
    );
    assert.deepEqual(
      diff.conflicts.map((c) => c.path),
      ['contactDetails.mobileNumber'],
    );
    assert.deepEqual(
      diff.changes.map((c) => c.path),
      ['contactDetails.knownAs'],
    );
  });

  test('a TIS value erased after the row is a conflict too', () => {
    const person = editedAt(AFTER_ESR);
    delete person.contactDetails.mobileNumber;
    assert.equal(diffPerson(person, [mobile(NEW_MOBILE)], ESR_AT).conflicts.length, 1);
  });

  test('a flat dotted fieldUpdatedAt key is read as well as the nested form', () => {
    const flat = tisPerson({ _id: 'P1', fieldUpdatedAt: { 'contactDetails.mobileNumber': AFTER_ESR } });
    assert.equal(fieldUpdatedAt(flat, 'contactDetails.mobileNumber'), AFTER_ESR);
    assert.deepEqual(
      diffPerson(flat, [mobile(NEW_MOBILE)], ESR_AT).conflicts.map((c) => c.path),
      ['contactDetails.mobileNumber'],
    );
  });

  test('an edit time stored as a date is compared like an ISO string', () => {
    const at = (d: Date) =>
      tisPerson({ _id: 'P1', fieldUpdatedAt: { contactDetails: { mobileNumber: d as unknown as string } } });
    assert.equal(diffPerson(at(new Date(AFTER_ESR)), [mobile(NEW_MOBILE)], ESR_AT).conflicts.length, 1);
    assert.equal(diffPerson(at(new Date(BEFORE_ESR)), [mobile(NEW_MOBILE)], ESR_AT).changes.length, 1);
  });

  test('an edit time that cannot be read is a conflict: it might be newer', () => {
    for (const stamp of ['2026-11-25T09:00:00', 'yesterday', '']) {
      const diff = diffPerson(editedAt(stamp), [mobile(NEW_MOBILE)], ESR_AT);
      assert.deepEqual(diff.changes, [], JSON.stringify(stamp));
      assert.equal(diff.conflicts.length, 1, JSON.stringify(stamp));
    }
  });

  test('when both forms are present the later one counts', () => {
    const both = (flat: string, nested: string) =>
      tisPerson({
        _id: 'P1',
        fieldUpdatedAt: { 'contactDetails.mobileNumber': flat, contactDetails: { mobileNumber: nested } },
      });
    for (const person of [both(AFTER_ESR, BEFORE_ESR), both(BEFORE_ESR, AFTER_ESR)]) {
      assert.equal(fieldUpdatedAt(person, 'contactDetails.mobileNumber'), AFTER_ESR);
      assert.equal(diffPerson(person, [mobile(NEW_MOBILE)], ESR_AT).conflicts.length, 1);
    }
    assert.equal(fieldUpdatedAt(both(BEFORE_ESR, BEFORE_ESR), 'contactDetails.knownAs'), undefined);
  });
});

describe('applyDiff', () => {
  test("sets the changed fields, stamps each with the row's lastUpdated and bumps the version once", () => {
    const person = tisPerson({ _id: 'P1', version: 4, fieldUpdatedAt: { contactDetails: { address1: BEFORE_ESR } } });
    const incoming: TisFieldValue[] = [mobile(NEW_MOBILE), { path: 'contactDetails.knownAs', value: 'Lex' }];
    const after = applyDiff(person, diffPerson(person, incoming, ESR_AT), ESR_AT, APPLIED_AT);
    assert.equal(after.contactDetails.mobileNumber, NEW_MOBILE);
    assert.equal(after.contactDetails.knownAs, 'Lex');
    assert.equal(after.contactDetails.surname, 'Example');
    assert.deepEqual(after.fieldUpdatedAt, {
      contactDetails: { address1: BEFORE_ESR, mobileNumber: ESR_AT, knownAs: ESR_AT },
    });
    assert.equal(after.version, 5);
    assert.equal(after.updatedAt, APPLIED_AT);
  });

  test('leaves the person it was given untouched', () => {
    const person = tisPerson({ _id: 'P1' });
    const copy = structuredClone(person);
    applyDiff(person, diffPerson(person, [mobile(NEW_MOBILE)], ESR_AT), ESR_AT, APPLIED_AT);
    assert.deepEqual(person, copy);
  });

  test('no changes: the same document, no version bump', () => {
    const person = tisPerson({ _id: 'P1', version: 3 });
    const after = applyDiff(person, diffPerson(person, sameAsTis, ESR_AT), ESR_AT, APPLIED_AT);
    assert.equal(after, person);
    assert.equal(after.version, 3);
  });

  test('applying the same row again changes nothing', () => {
    const person = tisPerson({ _id: 'P1' });
    const once = applyDiff(person, diffPerson(person, [mobile(NEW_MOBILE)], ESR_AT), ESR_AT, APPLIED_AT);
    const again = diffPerson(once, [mobile(NEW_MOBILE)], ESR_AT);
    assert.deepEqual(again.changes, []);
    assert.deepEqual(again.conflicts, []);
  });

  test('a later ESR change still applies, though it is older than the time the first was applied', () => {
    const person = tisPerson({ _id: 'P1' });
    const once = applyDiff(person, diffPerson(person, [mobile(NEW_MOBILE)], ESR_AT), ESR_AT, APPLIED_AT);
    const laterRow = '2026-11-24T20:00:00+00:00'; // after ESR_AT, before APPLIED_AT
    const diff = diffPerson(once, [mobile('+447700900555')], laterRow);
    assert.deepEqual(diff.conflicts, []);
    assert.deepEqual(diff.changes, [
      { path: 'contactDetails.mobileNumber', before: NEW_MOBILE, after: '+447700900555' },
    ]);
  });
});
