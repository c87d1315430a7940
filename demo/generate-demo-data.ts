/**
 * A seeded, deterministic demo data set: TIS people and posts, one day's ESR extracts, and the outcome each
 * trainee should end with. Entirely synthetic: names from short lists, NINOs with valid synthetic prefixes,
 * phone numbers from Ofcom's drama ranges, example domains. No real person's data.
 *
 * Scenarios cycle over the trainees, so every one appears at least once from 24 trainees up:
 * UPDATED (new mobile/address), NO_CHANGE, HOST-only (SKIPPED HOST_RECORD), SUSPENDED (NOT_ACTIVE), ended
 * (OUT_OF_DATE), no DPN (NO_DPN), unknown DPN (UNKNOWN_POST), inactive post (POST_NOT_CURRENT), temporary TN
 * NINO with a new mobile (UPDATED, the NINO not applied), bad postcode with a new mobile (UPDATED, a finding),
 * a LEAD row with a HOST honorary row (UPDATED by the lead row), a person in two offices' files (the later
 * lastUpdated wins), no TIS match (HELD NO_MATCH), two TIS people with one GMC number (HELD AMBIGUOUS_MATCH),
 * a newer TIS edit of the only differing field (HELD CONFLICT), no placement on the post (SKIPPED NO_PLACEMENT),
 * and matching by NINO, date of birth and surname when TIS has no GMC number. Each file also carries a 28-field
 * line and an unknown record type, which the reader quarantines.
 */
import { PER_FIELDS, type LocalOffice, type PerRow } from '../src/extract/types';
import type { PersonDocument, PostDocument } from '../src/tis/person-document';
import { TIS_ETHNIC_ORIGIN, TIS_GENDER } from '../src/tis/tis-codes';

export interface DemoData {
  people: PersonDocument[];
  posts: PostDocument[];
  extracts: { name: string; content: string }[];
  expected: { esrPersonId: string; outcome: 'UPDATED' | 'NO_CHANGE' | 'SKIPPED' | 'HELD'; reason?: string; tisPersonId?: string }[];
  expectedRowErrors: { file: string; line: number; code: string }[];
}

export interface DemoOptions {
  seed: number;
  /** YYYY-MM-DD */
  extractDate: string;
  trainees: number;
  offices?: LocalOffice[];
}

/** mulberry32: a tiny, well-known seeded PRNG; good enough for synthetic data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TRUSTS: Record<string, string[]> = {
  EOE: ['RGT', 'RGN', 'RQW'],
  KSS: ['RTP', 'RVV', 'RN7'],
  LDN: ['RJ1', 'R1H', 'RAL'],
  NE: ['RTD', 'RR7'],
  NW: ['RW3', 'RBL'],
  SW: ['RA7', 'REF'],
  TV: ['RTH', 'RXQ'],
  WX: ['RHM', 'RN3'],
  WM: ['RRK', 'RL4'],
  EM: ['RX1', 'RTG'],
  YH: ['RR8', 'RHQ'],
  WLS: ['7A1', '7A3'],
};
const FORENAMES = ['Alex', 'Sam', 'Priya', 'Tomasz', 'Aisha', 'Owen', 'Mei', 'Kwame', 'Siân', 'Zoë', 'Liam', 'Noor'];
const SURNAMES = ["O'Neill", 'Khan', 'Smith-Jones', 'Nowak', 'Okafor', 'Evans', 'Chen', 'Mensah', 'Price', 'Da Silva'];
const STREETS = ['Hill Road', 'Station Street', 'Mill Lane', 'Church Walk', 'Park Avenue'];
const TOWNS = ['Cambridge', 'Norwich', 'Leeds', 'Exeter', 'Cardiff', 'Reading'];
const POSTCODES = ['CB2 0QQ', 'NR4 7UY', 'LS1 3EX', 'EX2 5DW', 'CF14 4XW', 'RG1 5AN'];
const NINO_PREFIXES = ['AB', 'CE', 'JH', 'KL', 'MP', 'RS', 'WX', 'YZ'];
const SPECIALTIES = [
  ['IMT', 'CT1'],
  ['GIM', 'ST3'],
  ['PAED', 'ST1'],
  ['GPT', 'ST2'],
];
const SCENARIOS = [
  'UPDATED',
  'NO_CHANGE',
  'HOST_ONLY',
  'SUSPENDED',
  'ENDED',
  'NO_DPN',
  'UNKNOWN_POST',
  'INACTIVE_POST',
  'TEMP_NINO',
  'BAD_POSTCODE',
  'LEAD_AND_HOST',
  'TWO_OFFICES',
  'NO_MATCH',
  'AMBIGUOUS',
  'CONFLICT',
  'NO_PLACEMENT',
  'BY_NINO',
  'UPDATED',
  'NO_CHANGE',
  'UPDATED',
  'UPDATED',
  'NO_CHANGE',
  'UPDATED',
  'UPDATED',
] as const;

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const fileName = (office: string, date: string, seq: number) =>
  `DE_${office}_RMC_${date.replaceAll('-', '')}_${String(seq).padStart(8, '0')}.DAT`;

export function generateDemoData(opts: DemoOptions): DemoData {
  const rand = prng(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');
  const offices = opts.offices ?? ['EOE', 'KSS', 'LDN'];
  const date = opts.extractDate;
  const yesterday = addDays(date, -1);
  const out: DemoData = { people: [], posts: [], extracts: [], expected: [], expectedRowErrors: [] };
  const lines = new Map<string, string[]>(offices.map((o) => [o, []]));
  const posts = new Map<string, PostDocument>();

  for (let i = 0; i < opts.trainees; i++) {
    const scenario = SCENARIOS[i % SCENARIOS.length];
    const office = offices[i % offices.length];
    const trust = pick(TRUSTS[office]);
    const [specialty, grade] = pick(SPECIALTIES);
    // The site part keeps every post distinct however many trainees there are.
    const site = `${trust}${String(Math.floor(i / 900)).padStart(2, '0')}`;
    const npn = `${office}/${site}/${specialty}/${grade}/${String(100 + (i % 900)).padStart(3, '0')}`;
    posts.set(npn, { _id: npn, status: scenario === 'INACTIVE_POST' ? 'INACTIVE' : 'CURRENT', trust });
    const esrPersonId = String(5_000_000 + i);
    const tisPersonId = `tis-${100_000 + i}`;
    const gmcNumber = String(7_100_000 + i);
    const forenames = pick(FORENAMES);
    const surname = pick(SURNAMES);
    const gender = pick(['M', 'F'] as const);
    const ethnic = pick(['A', 'C', 'H', 'N', 'R', 'Z', '99']);
    const dob = `${1975 + Math.floor(rand() * 25)}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
    const nino = `${pick(NINO_PREFIXES)}${digits(6)}${pick(['A', 'B', 'C', 'D'])}`;
    const mobile = `900${digits(3)}`;
    const newMobile = `900${String((Number(mobile.slice(3)) + 1) % 1000).padStart(3, '0')}`;
    const house = 1 + Math.floor(rand() * 120);
    const street = pick(STREETS);
    const town = pick(TOWNS);
    const postcode = pick(POSTCODES);
    const lastUpdated = `${yesterday}T${String(8 + (i % 10)).padStart(2, '0')}:15:00+00:00`;

    const row: PerRow = {
      employingTrust: trust,
      esrPersonId,
      assignmentNumber: `${esrPersonId}0-1`,
      employerRole: 'LEAD',
      assignmentStatus: 'ACTIVE',
      assignmentStart: addDays(date, -110),
      assignmentEnd: addDays(date, 250),
      positionNumber: `POS-${trust}-${i}`,
      deaneryPostNumber: npn,
      gmcNumber,
      gdcNumber: '',
      title: 'Dr',
      forenames,
      surname,
      knownAs: '',
      previousSurname: '',
      dateOfBirth: dob,
      gender,
      nino,
      homePhone: '',
      mobilePhone: `07700 ${mobile}`,
      email: `${forenames.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}.${i}@NHS.example`,
      ethnicOrigin: ethnic,
      addressLine1: `${house} ${street}`,
      addressLine2: '',
      addressLine3: '',
      town,
      postcode: postcode.toLowerCase().replace(' ', ''),
      lastUpdated,
    };
    const person: PersonDocument = {
      _id: tisPersonId,
      version: 1,
      identifiers: { gmcNumber },
      contactDetails: {
        title: 'DR',
        forenames,
        surname,
        legalForenames: forenames,
        legalSurname: surname,
        mobileNumber: `+447700${mobile}`,
        workEmail: row.email.replace('@NHS.example', '@nhs.example'),
        address1: row.addressLine1,
        address4: town,
        postCode: postcode,
      },
      personalDetails: { dateOfBirth: dob, gender: TIS_GENDER[gender], ethnicOrigin: TIS_ETHNIC_ORIGIN[ethnic], nationalInsuranceNumber: nino },
      placements: [{ nationalPostNumber: npn, startDate: addDays(date, -110), endDate: addDays(date, 250) }],
      fieldUpdatedAt: { contactDetails: { mobileNumber: `${addDays(date, -200)}T09:00:00+00:00` } },
      updatedAt: `${addDays(date, -200)}T09:00:00.000Z`,
    };
    const rows: { office: string; row: PerRow }[] = [{ office, row }];
    let expected: DemoData['expected'][number] = { esrPersonId, outcome: 'UPDATED', tisPersonId };
    const changeMobile = () => (row.mobilePhone = `07700 ${newMobile}`);

    switch (scenario) {
      case 'UPDATED':
        changeMobile();
        row.addressLine1 = `${house + 1} ${street}`;
        break;
      case 'NO_CHANGE':
        expected = { esrPersonId, outcome: 'NO_CHANGE', tisPersonId };
        break;
      case 'HOST_ONLY':
        row.employerRole = 'HOST';
        expected = { esrPersonId, outcome: 'SKIPPED', reason: 'HOST_RECORD' };
        break;
      case 'SUSPENDED':
        row.assignmentStatus = 'SUSPENDED';
        expected = { esrPersonId, outcome: 'SKIPPED', reason: 'NOT_ACTIVE' };
        break;
      case 'ENDED':
        row.assignmentEnd = addDays(date, -3);
        expected = { esrPersonId, outcome: 'SKIPPED', reason: 'OUT_OF_DATE' };
        break;
      case 'NO_DPN':
        row.deaneryPostNumber = '';
        expected = { esrPersonId, outcome: 'SKIPPED', reason: 'NO_DPN' };
        break;
      case 'UNKNOWN_POST':
        row.deaneryPostNumber = `${office}/${site}/${specialty}/${grade}/000`; // NNN 000 is never generated
        expected = { esrPersonId, outcome: 'SKIPPED', reason: 'UNKNOWN_POST' };
        break;
      case 'INACTIVE_POST':
        expected = { esrPersonId, outcome: 'SKIPPED', reason: 'POST_NOT_CURRENT' };
        break;
      case 'TEMP_NINO':
        row.nino = `TN${digits(6)}A`;
        changeMobile();
        break;
      case 'BAD_POSTCODE':
        row.postcode = 'NOT A CODE';
        changeMobile();
        break;
      case 'LEAD_AND_HOST':
        changeMobile();
        rows.push({
          office,
          row: { ...row, employingTrust: pick(TRUSTS[office].filter((t) => t !== trust)), employerRole: 'HOST', assignmentNumber: `${esrPersonId}0-2`, mobilePhone: '07700 900000', lastUpdated: `${yesterday}T23:00:00+00:00` },
        });
        break;
      case 'TWO_OFFICES': {
        const other = offices[(i + 1) % offices.length];
        const otherTrust = pick(TRUSTS[other]);
        const otherNpn = `${other}/${otherTrust}${site.slice(-2)}/${specialty}/${grade}/${String(100 + (i % 900)).padStart(3, '0')}`;
        posts.set(otherNpn, { _id: otherNpn, status: 'CURRENT', trust: otherTrust });
        person.placements.push({ nationalPostNumber: otherNpn, startDate: addDays(date, -10), endDate: addDays(date, 300) });
        changeMobile();
        // The other office's row is later, so its mobile wins.
        rows.push({
          office: other,
          row: { ...row, employingTrust: otherTrust, deaneryPostNumber: otherNpn, assignmentNumber: `${esrPersonId}0-3`, mobilePhone: '07700 900999', lastUpdated: `${yesterday}T22:00:00+01:00` },
        });
        break;
      }
      case 'NO_MATCH':
        person._id = '';
        expected = { esrPersonId, outcome: 'HELD', reason: 'NO_MATCH' };
        break;
      case 'AMBIGUOUS':
        out.people.push({ ...structuredClone(person), _id: `${tisPersonId}-dup` });
        changeMobile();
        expected = { esrPersonId, outcome: 'HELD', reason: 'AMBIGUOUS_MATCH' };
        break;
      case 'CONFLICT':
        changeMobile();
        person.fieldUpdatedAt = { contactDetails: { mobileNumber: `${date}T07:00:00+00:00` } };
        expected = { esrPersonId, outcome: 'HELD', reason: 'CONFLICT', tisPersonId };
        break;
      case 'NO_PLACEMENT':
        person.placements = [];
        expected = { esrPersonId, outcome: 'SKIPPED', reason: 'NO_PLACEMENT', tisPersonId };
        break;
      case 'BY_NINO':
        person.identifiers = {};
        row.gmcNumber = '';
        changeMobile();
        break;
    }
    if (person._id) out.people.push(person);
    out.expected.push(expected);
    for (const r of rows) lines.get(r.office)!.push(['PER', ...PER_FIELDS.map((f) => r.row[f])].join('|'));
  }

  for (const office of offices) {
    const name = fileName(office, date, 1);
    const body = lines.get(office)!;
    const perCount = body.length + 1; // the 28-field line below is a PER line too
    const text = [
      `HDR|ESR_RMC|1.0|${office}|${date.replaceAll('-', '')}|00000001|${date}T01:30:00+00:00`,
      ...body,
      `PER|${TRUSTS[office][0]}|9${office.length}00000|too|few|fields|${Array(23).fill('').join('|')}`,
      'NOTE|this line has an unknown record type',
      `TRL|${perCount}`,
    ];
    out.expectedRowErrors.push({ file: name, line: body.length + 2, code: 'FIELD_COUNT' }, { file: name, line: body.length + 3, code: 'UNKNOWN_RECORD_TYPE' });
    out.extracts.push({ name, content: `${text.join('\r\n')}\r\n` });
  }
  out.posts = [...posts.values()].sort((a, b) => a._id.localeCompare(b._id));
  return out;
}
