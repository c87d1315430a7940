import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyRunCounts, tally } from '../../src/run-counts';
import { dailyRunDetails, traineeOutcomeDetails, traineeStaticDetails, traineeSummary } from '../../src/ui-metadata';

const who = { esrPersonId: '10273871', trusts: 'RGT', extractDate: '2026-11-25', kind: 'DAILY' as const };

test("a trainee's summary and details: ids, trust, date and kind", () => {
  assert.equal(traineeSummary(who), 'ESR 10273871 · RGT · 2026-11-25 · DAILY');
  assert.equal(traineeSummary({ ...who, trusts: '' }), 'ESR 10273871 · 2026-11-25 · DAILY');
  assert.match(traineeStaticDetails(who, 'daily run esr-daily/2026-11-25'), /^- ESR person 10273871, trust RGT\n/);
});

test('how a trainee ended, with field names only', () => {
  assert.equal(
    traineeOutcomeDetails({
      outcome: 'UPDATED',
      changedFields: ['contactDetails.workEmail', 'contactDetails.mobileNumber'],
      conflictFields: [],
    }),
    'UPDATED: contactDetails.workEmail, contactDetails.mobileNumber',
  );
  assert.equal(
    traineeOutcomeDetails({ outcome: 'HELD', reason: 'AMBIGUOUS_MATCH', changedFields: [], conflictFields: [] }),
    'HELD: AMBIGUOUS_MATCH',
  );
  assert.equal(
    traineeOutcomeDetails({
      outcome: 'NO_CHANGE',
      reason: 'CONFLICT',
      tisPersonId: '300001',
      changedFields: [],
      conflictFields: ['contactDetails.mobileNumber'],
      skippedRows: [{ reason: 'HOST_RECORD' }, { reason: 'SUPERSEDED' }, { reason: 'HOST_RECORD' }],
    }),
    'NO_CHANGE: CONFLICT\n\n- newer in TIS, kept: contactDetails.mobileNumber\n- TIS person 300001\n' +
      '- rows skipped: HOST_RECORD 2, SUPERSEDED 1',
  );
});

test("the daily run's live counts, and each file that is not simply applied", () => {
  const counts = emptyRunCounts();
  tally(counts, 'RGT', 'UPDATED');
  tally(counts, 'RGT', 'SKIPPED', 'HOST_RECORD', [{ trust: 'RGT', reason: 'HOST_RECORD' }]);
  assert.deepEqual(counts.skippedRows, { RGT: { HOST_RECORD: 1 } });
  const text = dailyRunDetails({
    extractDate: '2026-11-25',
    counts,
    trainees: 2,
    inFlight: 3,
    done: false,
    cancelled: false,
    files: [
      { name: 'DE_EOE_RMC_20261125_00000001.DAT', status: 'APPLIED' },
      {
        name: 'DE_LDN_RMC_20261125_00000001.DAT',
        status: 'AWAITING_APPROVAL',
        hold: { reasons: ['IDENTITY_CHANGES: 30 of 40 rows'], deadline: '2026-11-26T06:00:00.000Z' },
      },
      { name: 'NW', status: 'MISSING' },
    ],
  });
  assert.equal(
    text,
    '2026-11-25: running, 2 trainees done, 3 in flight\n\n' +
      '- UPDATED 1 · NO_CHANGE 0 · SKIPPED 1 · HELD 0 · COMPENSATED 0 · FAILED 0\n' +
      '- DE_LDN_RMC_20261125_00000001.DAT: AWAITING_APPROVAL until 2026-11-26T06:00:00.000Z: IDENTITY_CHANGES: 30 of 40 rows\n' +
      '- NW: MISSING',
  );
});
