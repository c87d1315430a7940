/** Builds ESR extract lines for tests: a valid PER row by default, any field overridable. */
import { PER_FIELDS, type PerRow } from '../../src/extract/types';

export const baseRow = (over: Partial<PerRow> = {}): PerRow => ({
  employingTrust: 'RGT',
  esrPersonId: '1000001',
  assignmentNumber: '10000001-1',
  employerRole: 'LEAD',
  assignmentStatus: 'ACTIVE',
  assignmentStart: '2026-08-05',
  assignmentEnd: '2027-08-04',
  positionNumber: 'POS-0001',
  deaneryPostNumber: 'EOE/RGT00/IMT/CT1/001',
  gmcNumber: '7000001',
  gdcNumber: '',
  title: 'Dr',
  forenames: 'Alex',
  surname: 'Example',
  knownAs: '',
  previousSurname: '',
  dateOfBirth: '1995-04-12',
  gender: 'F',
  nino: 'AB123456C',
  homePhone: '',
  mobilePhone: '07700 900123',
  email: 'alex.example@nhs.example',
  ethnicOrigin: 'A',
  addressLine1: '1 Test Street',
  addressLine2: '',
  addressLine3: '',
  town: 'Cambridge',
  postcode: 'cb2 0qq',
  lastUpdated: '2026-11-24T10:00:00+00:00',
  ...over,
});

export const perLine = (row: PerRow): string => ['PER', ...PER_FIELDS.map((f) => row[f])].join('|');

/** A whole extract file's text: HDR, the given lines, and a TRL counting the PER lines (or `trailerCount`). */
/**
 * The default generation time of a test's file: after every fixture row's lastUpdated (baseRow's is 2026-11-24), or
 * the rows would be findings (a lastUpdated later than the file's generation time). One constant for every file,
 * so files of one date keep ordering by SEQ and name.
 */
const LATE_GENERATED_AT = '2026-12-31T02:00:00+00:00';

export function extractText(opts: {
  office: string;
  date: string;
  seq?: number;
  lines: string[];
  trailerCount?: number;
  generatedAt?: string;
}): string {
  const seq = String(opts.seq ?? 1).padStart(8, '0');
  const per = opts.lines.filter((l) => l.startsWith('PER|')).length;
  return (
    [
      `HDR|ESR_RMC|1.0|${opts.office}|${opts.date.replaceAll('-', '')}|${seq}|${opts.generatedAt ?? LATE_GENERATED_AT}`,
      ...opts.lines,
      `TRL|${opts.trailerCount ?? per}`,
    ].join('\n') + '\n'
  );
}

export const extractName = (office: string, date: string, seq = 1): string =>
  `DE_${office}_RMC_${date.replaceAll('-', '')}_${String(seq).padStart(8, '0')}.DAT`;
