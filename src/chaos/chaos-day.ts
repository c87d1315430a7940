/**
 * The day a fault campaign's seed applies: which trainees' ESR rows change which TIS fields (and to what), which
 * people the receiver refuses for good, which TIS documents are of an older shape, and which trainees are in a file
 * held for approval. Pure and seeded: the same seed is the same day. It carries its own expectations, so the clean
 * run is checked against what the data says should happen, not only against another run of the same code.
 */
import { seededRandom } from './seeded-random';

export type PlannedKind =
  /** Their row changes the mobile number: UPDATED, delivered once. */
  | 'CHANGES_MOBILE'
  /** Their row matches TIS: NO_CHANGE, nothing sent. */
  | 'UNCHANGED'
  /** Their row changes the mobile number and the receiver refuses their event for good: COMPENSATED, TIS as before. */
  | 'REFUSED'
  /** Their TIS document is of an older shape: HELD or FAILED with a reason, TIS as before, nothing sent. */
  | 'OLDER_SHAPE'
  /** In the file held for approval (a legal surname change), approved mid-way: UPDATED, delivered once. */
  | 'IN_HELD_FILE';

/** How an older-shaped TIS document differs from today's: records imported from paper, or from before `version`. */
export type OlderShape = 'CONTACT_DETAILS_STRING' | 'NO_VERSION' | 'PLACEMENTS_NULL';

export interface PlannedTrainee {
  esrPersonId: string;
  tisPersonId: string;
  gmcNumber: string;
  kind: PlannedKind;
  /** The office whose file has their row. */
  office: 'EOE' | 'LDN';
  /** The ESR row's mobile number when it differs from TIS's. */
  mobilePhone?: string;
  /** The ESR row's surname when it differs from TIS's (the held file). */
  surname?: string;
  olderShape?: OlderShape;
  /** The outcome the spec gives this trainee; `HELD_OR_FAILED` for an older-shaped document. */
  expectedOutcome: 'UPDATED' | 'NO_CHANGE' | 'COMPENSATED' | 'HELD_OR_FAILED';
  /** TIS paths and the values they hold after the day (empty: the document's business fields stay as they were). */
  expectedFields: Record<string, string>;
}

export interface ChaosDay {
  seed: number;
  extractDate: string;
  trainees: PlannedTrainee[];
}

/** The day every seed applies (within the test people's placements), on servers of its own. */
export const CHAOS_EXTRACT_DATE = '2026-11-16';

/** The TIS form of an ESR mobile number `07700 9xxxxx`: E.164, as the mapping normalises it. */
export const tisMobile = (esr: string): string => `+44${esr.replace(/\s/g, '').slice(1)}`;

export function drawChaosDay(seed: number, trainees: number): ChaosDay {
  if (trainees < 6) throw new Error('a chaos day needs at least 6 trainees');
  const rng = seededRandom(seed ^ 0x5eed_da7);
  // A held file of two or three rows (MASS_CHANGE_MIN_ROWS 2: most of its rows change a legal name, so it waits).
  const heldCount = rng.int(2, 3);
  const free = trainees - heldCount;
  const refused = Math.max(1, Math.round(free * 0.05));
  const older = rng.int(1, Math.min(3, Math.floor(free / 10) + 1));
  const kinds: PlannedKind[] = Array.from({ length: free }, (_, i) =>
    i < refused ? 'REFUSED' : i < refused + older ? 'OLDER_SHAPE' : rng.chance(0.55) ? 'CHANGES_MOBILE' : 'UNCHANGED',
  );
  const shuffled = [...rng.shuffle(kinds), ...Array<PlannedKind>(heldCount).fill('IN_HELD_FILE')];
  const shapes: OlderShape[] = ['CONTACT_DETAILS_STRING', 'NO_VERSION', 'PLACEMENTS_NULL'];
  return {
    seed,
    extractDate: CHAOS_EXTRACT_DATE,
    trainees: shuffled.map((kind, i): PlannedTrainee => {
      const esrPersonId = String(9000 + i);
      const base = { esrPersonId, tisPersonId: `tis-${esrPersonId}`, gmcNumber: `700${esrPersonId}`, kind };
      const mobile = `07700 9${String(10000 + i).padStart(5, '0')}`;
      switch (kind) {
        case 'CHANGES_MOBILE':
          return {
            ...base,
            office: 'EOE',
            mobilePhone: mobile,
            expectedOutcome: 'UPDATED',
            expectedFields: { 'contactDetails.mobileNumber': tisMobile(mobile) },
          };
        case 'REFUSED':
          return { ...base, office: 'EOE', mobilePhone: mobile, expectedOutcome: 'COMPENSATED', expectedFields: {} };
        case 'OLDER_SHAPE':
          return {
            ...base,
            office: 'EOE',
            mobilePhone: mobile,
            olderShape: rng.pick(shapes),
            expectedOutcome: 'HELD_OR_FAILED',
            expectedFields: {},
          };
        case 'IN_HELD_FILE':
          return {
            ...base,
            office: 'LDN',
            surname: 'Changed',
            expectedOutcome: 'UPDATED',
            expectedFields: { 'contactDetails.legalSurname': 'Changed' },
          };
        case 'UNCHANGED':
          return { ...base, office: 'EOE', expectedOutcome: 'NO_CHANGE', expectedFields: {} };
      }
    }),
  };
}
