import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { distinctShapes, filterKey, filterMatches, personKeys } from '../../src/tis/match-candidates';
import { matchQueries } from '../../src/tis/match-person';

const person = {
  _id: 'P1',
  identifiers: { gmcNumber: '6000001', esrPersonId: '10000001' },
  personalDetails: { nationalInsuranceNumber: 'AB123456C', dateOfBirth: '1990-01-02' },
};

describe('match candidates', () => {
  const q = matchQueries(
    { nino: 'AB123456C', dateOfBirth: '1990-01-02', surname: 'Smith' },
    { esrPersonId: '10000001', gmcNumber: '6000001' },
  );
  const filters = [q.linked, q.registration!, q.ninoDobSurname!];
  const shapes = distinctShapes(filters);

  test('a person yields the key of every filter it satisfies, whatever the order of paths in the filter', () => {
    const keys = personKeys(person, shapes);
    for (const f of filters) assert.ok(keys.includes(filterKey(f)), JSON.stringify(f));
    const reordered = Object.fromEntries(Object.entries(q.ninoDobSurname!).reverse());
    assert.equal(filterKey(reordered), filterKey(q.ninoDobSurname!));
  });

  test('a person differing in one path of a filter does not yield its key', () => {
    const other = { ...person, personalDetails: { ...person.personalDetails, dateOfBirth: '1990-01-03' } };
    assert.ok(!personKeys(other, shapes).includes(filterKey(q.ninoDobSurname!)));
    assert.ok(!filterMatches(q.ninoDobSurname!, other));
  });

  test('a missing or non-scalar field never matches, as a string filter would not', () => {
    const bare = { _id: 'P2', identifiers: {}, personalDetails: { nationalInsuranceNumber: ['AB123456C'] } };
    assert.deepEqual(personKeys(bare, shapes), []);
    assert.ok(!filterMatches(q.registration!, bare));
  });

  test('equality is exact: a number is not the string of its digits', () => {
    const numeric = { _id: 'P3', identifiers: { gmcNumber: 6000001 } };
    assert.ok(!personKeys(numeric, shapes).includes(filterKey(q.registration!)));
    assert.ok(!filterMatches(q.registration!, numeric));
    assert.ok(filterMatches(q.registration!, person));
  });
});
