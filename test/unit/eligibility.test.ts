import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assignmentSkipReason, placementSkipReason, postSkipReason } from '../../src/rules/eligibility';
import { perRow } from './support/per-row';

const extractDate = '2026-11-25';

describe('assignmentSkipReason', () => {
  test('a lead, active, in-date row with a DPN goes further', () => {
    assert.equal(assignmentSkipReason(perRow(), extractDate), undefined);
  });

  test('a HOST row is never applied, whatever else is true of it', () => {
    assert.equal(assignmentSkipReason(perRow({ employerRole: 'HOST' }), extractDate), 'HOST_RECORD');
    const alsoSuspended = perRow({ employerRole: 'HOST', assignmentStatus: 'SUSPENDED', deaneryPostNumber: '' });
    assert.equal(assignmentSkipReason(alsoSuspended, extractDate), 'HOST_RECORD');
  });

  test('a suspended or terminated assignment is NOT_ACTIVE, before the dates are looked at', () => {
    assert.equal(assignmentSkipReason(perRow({ assignmentStatus: 'SUSPENDED' }), extractDate), 'NOT_ACTIVE');
    const terminated = perRow({ assignmentStatus: 'TERMINATED', assignmentEnd: '2026-01-01' });
    assert.equal(assignmentSkipReason(terminated, extractDate), 'NOT_ACTIVE');
  });

  test('an assignment starting after the extract date is OUT_OF_DATE; one starting on it is in date', () => {
    assert.equal(assignmentSkipReason(perRow({ assignmentStart: '2026-11-26' }), extractDate), 'OUT_OF_DATE');
    assert.equal(assignmentSkipReason(perRow({ assignmentStart: '2026-11-25' }), extractDate), undefined);
  });

  test('an assignment ending on the extract date is in date; one ending the day before is not', () => {
    assert.equal(assignmentSkipReason(perRow({ assignmentEnd: '2026-11-25' }), extractDate), undefined);
    assert.equal(assignmentSkipReason(perRow({ assignmentEnd: '2026-11-24' }), extractDate), 'OUT_OF_DATE');
    assert.equal(assignmentSkipReason(perRow({ assignmentEnd: '' }), extractDate), undefined);
  });

  test('unreadable assignment dates cannot show the assignment is in date', () => {
    assert.equal(assignmentSkipReason(perRow({ assignmentStart: '' }), extractDate), 'OUT_OF_DATE');
    assert.equal(assignmentSkipReason(perRow({ assignmentEnd: '2026-02-30' }), extractDate), 'OUT_OF_DATE');
  });

  test('a row without a DPN is NO_DPN, after the other checks', () => {
    assert.equal(assignmentSkipReason(perRow({ deaneryPostNumber: '' }), extractDate), 'NO_DPN');
    const outOfDate = perRow({ deaneryPostNumber: '', assignmentEnd: '2026-01-01' });
    assert.equal(assignmentSkipReason(outOfDate, extractDate), 'OUT_OF_DATE');
  });
});

describe('postSkipReason', () => {
  test('the DPN must name a CURRENT post TIS knows', () => {
    assert.equal(postSkipReason(undefined), 'UNKNOWN_POST');
    assert.equal(postSkipReason(null), 'UNKNOWN_POST');
    assert.equal(postSkipReason({ status: 'INACTIVE' }), 'POST_NOT_CURRENT');
    assert.equal(postSkipReason({ status: 'CURRENT' }), undefined);
  });
});

describe('placementSkipReason', () => {
  const dpn = 'EOE/RGT00/IMT/CT1/001';
  const placement = { nationalPostNumber: dpn, startDate: '2026-08-06', endDate: '2026-11-25' };

  test('a placement on the post covering the extract date, both ends inclusive', () => {
    assert.equal(placementSkipReason([placement], dpn, '2026-11-25'), undefined);
    assert.equal(placementSkipReason([placement], dpn, '2026-08-06'), undefined);
    assert.equal(placementSkipReason([placement], dpn, '2026-11-26'), 'NO_PLACEMENT');
    assert.equal(placementSkipReason([placement], dpn, '2026-08-05'), 'NO_PLACEMENT');
  });

  test('a placement on another post does not count', () => {
    const elsewhere = { ...placement, nationalPostNumber: 'EOE/RGT00/IMT/CT1/002' };
    assert.equal(placementSkipReason([elsewhere], dpn, '2026-10-01'), 'NO_PLACEMENT');
    assert.equal(placementSkipReason([elsewhere, placement], dpn, '2026-10-01'), undefined);
  });

  test('no placements at all', () => {
    assert.equal(placementSkipReason(undefined, dpn, '2026-10-01'), 'NO_PLACEMENT');
    assert.equal(placementSkipReason([], dpn, '2026-10-01'), 'NO_PLACEMENT');
  });
});
