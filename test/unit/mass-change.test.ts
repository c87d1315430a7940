import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FileChangeProfiles, rowChanges } from '../../src/rules/file-change-profile';
import {
  describeMassChange,
  massChangeReasons,
  median,
  MIN_HISTORY_DAYS,
  type FileChangeProfile,
  type MassChangeThresholds,
} from '../../src/rules/mass-change';
import type { PersonDocument } from '../../src/tis/person-document';
import { validatePersonFields } from '../../src/validation/validate-person';
import { perRow } from './support/per-row';

/** The spec's defaults. */
const DEFAULTS: MassChangeThresholds = {
  minRows: 20,
  identityShare: 0.5,
  trustShare: 0.5,
  volumeFactor: 10,
  historyDays: 14,
};

const profile = (over: Partial<FileChangeProfile> = {}): FileChangeProfile => ({
  file: 'DE_EOE_RMC_20261125_00000001.DAT',
  rows: 20,
  identityRows: 0,
  byTrust: { RGT: { rows: 20, linkedChanged: 0 } },
  ...over,
});

describe('massChangeReasons', () => {
  test('a file of 20 rows or more in which more than half would change a legal name, DOB or NINO waits', () => {
    const reasons = massChangeReasons(profile({ identityRows: 11 }), {}, DEFAULTS);
    assert.deepEqual(
      reasons.map((r) => r.code),
      ['IDENTITY_CHANGES'],
    );
    assert.equal(
      describeMassChange(reasons[0]),
      'IDENTITY_CHANGES: 11 of 20 rows (55%) would change a legal name, date of birth or NINO; threshold 50%',
    );
  });

  test('exactly half, or fewer than 20 rows, does not wait', () => {
    assert.deepEqual(massChangeReasons(profile({ identityRows: 10 }), {}, DEFAULTS), []);
    assert.deepEqual(massChangeReasons(profile({ rows: 19, identityRows: 19 }), {}, DEFAULTS), []);
    assert.deepEqual(massChangeReasons(profile({ identityRows: 20 }), {}, { ...DEFAULTS, identityShare: 1 }), []);
  });

  test("a file changing more than the share of a trust's linked trainees waits, naming the trust", () => {
    const p = profile({ byTrust: { RGT: { rows: 40, linkedChanged: 30 }, RGN: { rows: 5, linkedChanged: 5 } } });
    const reasons = massChangeReasons(
      p,
      { RGT: { linkedTrainees: 50, recentDailyRows: [] }, RGN: { linkedTrainees: 6, recentDailyRows: [] } },
      DEFAULTS,
    );
    // RGN: 5 of 6, but fewer than 20 rows: small numbers swing.
    assert.deepEqual(
      reasons.map((r) => [r.code, r.trust]),
      [['TRUST_SHARE', 'RGT']],
    );
    assert.match(reasons[0].detail, /would change 30 of the trust's 50 linked trainees \(60%\)/);
    assert.deepEqual(massChangeReasons(p, { RGT: { linkedTrainees: 61, recentDailyRows: [] } }, DEFAULTS), []);
  });

  test("a trust's rows far above its recent days wait, once there are enough recent days to judge", () => {
    const p = profile({ rows: 120, byTrust: { RGT: { rows: 120, linkedChanged: 0 } } });
    const days = (n: number, rows: number) => Array.from({ length: n }, () => rows);
    const at = (history: number[]) =>
      massChangeReasons(p, { RGT: { linkedTrainees: 0, recentDailyRows: history } }, DEFAULTS).map((r) => r.code);
    assert.deepEqual(at(days(MIN_HISTORY_DAYS, 11)), ['TRUST_VOLUME']);
    assert.deepEqual(at(days(MIN_HISTORY_DAYS, 12)), [], '120 is not above 10 × 12');
    assert.deepEqual(at(days(MIN_HISTORY_DAYS - 1, 1)), [], 'too few days to know what is usual');
    assert.deepEqual(at([0, 0, 0, 0, 0, 500]), ['TRUST_VOLUME'], 'the median, so one big day is not "usual"');
  });

  test('median', () => {
    assert.equal(median([]), 0);
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });
});

describe('what a file would change', () => {
  const EXTRACT_DATE = '2026-11-25';
  const person = (over: Partial<PersonDocument> = {}): PersonDocument => ({
    _id: 'tis-1',
    version: 1,
    identifiers: { gmcNumber: '7654321', esrPersonId: '1234567' },
    contactDetails: { legalForenames: 'Anna Maria', legalSurname: "O'Neil-Smith" },
    personalDetails: {},
    placements: [{ nationalPostNumber: 'EOE/RGT00/IMT/CT1/001', startDate: '2026-08-01', endDate: '2027-08-31' }],
    fieldUpdatedAt: {},
    updatedAt: '2026-01-01T00:00:00Z',
    ...over,
  });
  const profiled = (over: Parameters<typeof perRow>[0] = {}) => {
    const row = perRow(over);
    const { values } = validatePersonFields(row, { file: 'F', line: 2, extractDate: EXTRACT_DATE });
    return { row, extractDate: EXTRACT_DATE, values };
  };
  const CURRENT = { status: 'CURRENT' as const };

  test('the fields a row would change, by the trainees own rules', () => {
    const changes = rowChanges(profiled({ surname: 'Jones' }), person(), CURRENT);
    assert.ok(changes.includes('contactDetails.legalSurname'));
    assert.ok(!changes.includes('contactDetails.legalForenames'), 'equal values are no change');
  });

  test('nothing, for a row that would go no further or matches no one', () => {
    assert.deepEqual(rowChanges(profiled({ employerRole: 'HOST' }), person(), CURRENT), []);
    assert.deepEqual(rowChanges(profiled(), person(), { status: 'INACTIVE' }), []);
    assert.deepEqual(rowChanges(profiled(), person({ placements: [] }), CURRENT), []);
    assert.deepEqual(rowChanges(profiled(), undefined, CURRENT), []);
  });

  test('a field TIS changed later is no change (newest wins)', () => {
    const newer = person({
      fieldUpdatedAt: { contactDetails: { legalSurname: '2026-11-25T09:00:00Z' } } as never,
    });
    const changes = rowChanges(profiled({ surname: 'Jones' }), newer, CURRENT);
    assert.ok(!changes.includes('contactDetails.legalSurname'));
  });

  test('profiles count rows, identity changes, and linked trainees changed, per file and trust', () => {
    const profiles = new FileChangeProfiles(['A', 'B']);
    profiles.add('A', 'RGT', ['contactDetails.legalSurname'], true);
    profiles.add('A', 'RGT', ['contactDetails.mobileNumber'], false);
    profiles.add('A', 'RGN', [], true);
    profiles.add('C', 'RGT', ['personalDetails.dateOfBirth'], true); // not a file being profiled
    assert.deepEqual(profiles.profiles(), [
      {
        file: 'A',
        rows: 3,
        identityRows: 1,
        byTrust: { RGT: { rows: 2, linkedChanged: 1 }, RGN: { rows: 1, linkedChanged: 0 } },
      },
      { file: 'B', rows: 0, identityRows: 0, byTrust: {} },
    ]);
  });
});
