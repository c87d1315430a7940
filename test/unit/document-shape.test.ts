import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { documentShapeProblems } from '../../src/tis/document-shape';

const good = {
  _id: 'tis-1',
  version: 3,
  identifiers: { gmcNumber: '7000001' },
  contactDetails: { surname: 'Smith', mobileNumber: '07700 900001' },
  personalDetails: { nationalInsuranceNumber: 'QQ123456C' },
  placements: [{ nationalPostNumber: 'EOE/RGT00/IMT/CT1/001', startDate: '2026-01-01', endDate: '2027-01-01' }],
  fieldUpdatedAt: {},
};

describe('documentShapeProblems', () => {
  test('the shape this service writes has no problem', () => {
    assert.deepEqual(documentShapeProblems(good), []);
  });
  test('older shapes are named field by field, never with their values', () => {
    const problems = documentShapeProblems({
      ...good,
      version: undefined,
      contactDetails: '07700 900001, 1 High Street',
      placements: null,
    });
    assert.deepEqual(problems, [
      'version is missing',
      'contactDetails is a string, not an object',
      'placements is null, not a list',
    ]);
    assert.ok(!problems.join(' ').includes('07700'));
  });
  test('a version that cannot guard an update is a problem', () => {
    for (const version of [Number.NaN, '3', 1.5, -1])
      assert.equal(documentShapeProblems({ ...good, version }).length, 1, String(version));
  });
  test('no placements list, or an entry that is not an object', () => {
    const { placements: _omit, ...noPlacements } = good;
    void _omit;
    assert.deepEqual(documentShapeProblems(noPlacements), ['placements is missing']);
    assert.deepEqual(documentShapeProblems({ ...good, placements: ['x'] }), [
      'placements holds an entry that is not an object',
    ]);
  });
});
