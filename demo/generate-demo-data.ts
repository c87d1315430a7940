/**
 * A seeded, deterministic demo data set: TIS `people` and `posts`, one day's ESR extracts (one file per local
 * office), and the outcome each ESR person should end with. Same options, same bytes.
 *
 * Entirely synthetic: names from short built-in lists, random NINOs (valid prefixes, random digits, tied to no
 * one), phone numbers from Ofcom's drama ranges (07700 900xxx, 020 7946 0xxx, 0113 496 0xxx…), emails at
 * nhs.example and example.org, and postcodes that are structurally valid (a real outward district, a random
 * inward code). Trust ODS codes and local office codes are real, because the service checks them.
 *
 * Scenarios (trainee i's scenario is {@link demoScenarioAt}(i); all appear from {@link DEMO_MIN_TRAINEES} up):
 * - UPDATED: one to three of new mobile, new address, new home phone, a known-as name, a married surname → UPDATED.
 * - NO_CHANGE: every ESR value equals TIS's after normalisation (E.164 phones, `DR`, postcode case and spacing,
 *   gender and ethnic-origin labels, email domain case); TIS's own forenames/surname/email differ, and are never
 *   written → NO_CHANGE.
 * - LEAD_AND_HOST: a LEAD row with a new mobile, and a later HOST honorary row at another trust with other values
 *   → UPDATED, the lead row decides.
 * - HOST_ONLY → SKIPPED HOST_RECORD. SUSPENDED → SKIPPED NOT_ACTIVE. ENDED (assignment ended 3 days before the
 *   extract date) → SKIPPED OUT_OF_DATE. NO_DPN → SKIPPED NO_DPN. UNKNOWN_POST (a DPN TIS does not hold) →
 *   SKIPPED UNKNOWN_POST. INACTIVE_POST → SKIPPED POST_NOT_CURRENT.
 * - TEMPORARY_NINO: a TN number as ESR issues them (TN + date of birth + M/F) and a new mobile → UPDATED, the NINO
 *   not applied (a NINO_TEMPORARY finding).
 * - BAD_POSTCODE: a letter O where the inward code's digit belongs (`CB2 OQQ`) and a new mobile → UPDATED, the
 *   postcode not applied (a POSTCODE_INVALID finding).
 * - TWO_OFFICES: rows in two offices' files, both eligible; the other office's is later → UPDATED with its mobile.
 * - NO_MATCH: no TIS person by GMC number or NINO → HELD NO_MATCH.
 * - AMBIGUOUS_MATCH: two TIS records (a duplicate) share the GMC number → HELD AMBIGUOUS_MATCH.
 * - CONFLICT: only the mobile differs, and the trainee changed it in TIS after the row's lastUpdated → NO_CHANGE,
 *   the conflict reported (reason CONFLICT).
 * - NO_PLACEMENT: matched, but the TIS placement on the post ended a month before → SKIPPED NO_PLACEMENT.
 * - MATCH_BY_NINO: no GMC number on either side; matched by NINO, date of birth and legal surname → UPDATED.
 * - MATCH_BY_GDC: a dental trainee matched by GDC number → UPDATED.
 * Each file also carries a 28-field PER line and an unknown record type (ADR), which the reader quarantines as row
 * errors (`expectedRowErrors`; those lines' ESR ids are no one's). Files differ in line endings, BOM and final
 * newline, all of which the spec allows.
 */
import { PER_FIELDS, type LocalOffice, type PerRow } from '../src/extract/types';
import type { PersonDocument, PostDocument } from '../src/tis/person-document';
import { TIS_ETHNIC_ORIGIN, TIS_GENDER } from '../src/tis/tis-codes';

export const DEMO_SCENARIOS = [
  'UPDATED',
  'NO_CHANGE',
  'LEAD_AND_HOST',
  'HOST_ONLY',
  'SUSPENDED',
  'ENDED',
  'NO_DPN',
  'UNKNOWN_POST',
  'INACTIVE_POST',
  'TEMPORARY_NINO',
  'BAD_POSTCODE',
  'TWO_OFFICES',
  'NO_MATCH',
  'AMBIGUOUS_MATCH',
  'CONFLICT',
  'NO_PLACEMENT',
  'MATCH_BY_NINO',
  'MATCH_BY_GDC',
] as const;
export type DemoScenario = (typeof DEMO_SCENARIOS)[number];

/** The scenarios other than plain UPDATED and NO_CHANGE. */
const AWKWARD: readonly DemoScenario[] = DEMO_SCENARIOS.slice(2);

/** From this many trainees, every scenario is present. */
export const DEMO_MIN_TRAINEES = 2 * AWKWARD.length;

/** What the pipeline should end with for one ESR person. */
export interface ExpectedOutcome {
  esrPersonId: string;
  outcome: 'UPDATED' | 'NO_CHANGE' | 'SKIPPED' | 'HELD';
  reason?: string;
  /** Present when the row gets as far as matching, and matches. */
  tisPersonId?: string;
  /** Which case this person was built for (not part of any pipeline output). */
  scenario: DemoScenario;
}

/** A line the reader must quarantine: 1-based, the HDR being line 1. */
export interface ExpectedRowError {
  file: string;
  line: number;
  code: 'FIELD_COUNT' | 'UNKNOWN_RECORD_TYPE';
}

export interface DemoExtract {
  name: string;
  content: string;
}

export interface DemoData {
  people: PersonDocument[];
  posts: PostDocument[];
  extracts: DemoExtract[];
  expected: ExpectedOutcome[];
  expectedRowErrors: ExpectedRowError[];
}

export interface DemoOptions {
  seed: number;
  /** YYYY-MM-DD */
  extractDate: string;
  trainees: number;
  /** At least two (a person appears in two offices' files); default EOE, KSS, LDN. */
  offices?: LocalOffice[];
  /**
   * The date the people were generated for (their years of birth), when a later day's extracts are generated for
   * the same people (generateDemoHistory); default extractDate.
   */
  identityDate?: string;
  /**
   * The share (0 to 1) of the trainees with a mistake ESR can put right (a bad postcode, a temporary NINO, a missing
   * or unknown DPN, a suspended assignment) whose trust has put it right in this day's extract; default 0. The
   * expected outcomes do not follow these corrections.
   */
  correctedShare?: number;
}

/** Trainee i's scenario: the awkward cases at odd positions first, then one trainee in ten. */
export function demoScenarioAt(i: number): DemoScenario {
  if (i < DEMO_MIN_TRAINEES) return i % 2 === 1 ? AWKWARD[(i - 1) / 2] : i % 4 === 0 ? 'UPDATED' : 'NO_CHANGE';
  if (i % 10 === 9) return AWKWARD[Math.floor((i - DEMO_MIN_TRAINEES) / 10) % AWKWARD.length];
  return i % 3 === 0 ? 'NO_CHANGE' : 'UPDATED';
}

/** mulberry32: a tiny, well-known seeded PRNG, so the data needs no dependency and is the same everywhere. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Place {
  town: string;
  outward: string;
}

/** Several trusts per office (real ODS codes) and towns with real outward postcode districts. */
const OFFICES: Record<LocalOffice, { trusts: string[]; places: Place[] }> = {
  EOE: { trusts: ['RGT', 'RGN', 'RQW', 'RWH', 'RM1'], places: p('Cambridge CB2', 'Norwich NR4', 'Stevenage SG1') },
  KSS: { trusts: ['RTP', 'RVV', 'RN7', 'RYR', 'RWF'], places: p('Brighton BN2', 'Canterbury CT1', 'Redhill RH1') },
  LDN: { trusts: ['R1H', 'RJ1', 'RAL', 'RYJ', 'RJZ'], places: p('London E1', 'London SE1', 'London NW3') },
  NE: { trusts: ['RTD', 'RR7', 'RTR'], places: p('Newcastle upon Tyne NE1', 'Gateshead NE9', 'Middlesbrough TS4') },
  NW: { trusts: ['R0A', 'RBL', 'RXN'], places: p('Manchester M13', 'Liverpool L7', 'Preston PR2') },
  SW: { trusts: ['RA7', 'REF', 'RK9'], places: p('Bristol BS2', 'Truro TR1', 'Plymouth PL6') },
  TV: { trusts: ['RTH', 'RXQ', 'RHW'], places: p('Oxford OX3', 'Reading RG1', 'Aylesbury HP21') },
  WX: { trusts: ['RHM', 'RN3', 'RHU'], places: p('Southampton SO16', 'Swindon SN3', 'Portsmouth PO6') },
  WM: { trusts: ['RRK', 'RL4', 'RKB'], places: p('Birmingham B15', 'Wolverhampton WV10', 'Coventry CV2') },
  EM: { trusts: ['RX1', 'RTG', 'RWE'], places: p('Nottingham NG7', 'Derby DE22', 'Leicester LE1') },
  YH: { trusts: ['RR8', 'RHQ', 'RCB'], places: p('Leeds LS9', 'Sheffield S10', 'York YO31') },
  WLS: { trusts: ['7A1', '7A3', '7A4'], places: p('Bangor LL57', 'Swansea SA6', 'Cardiff CF14') },
};

/** The trusts (ODS codes) whose rows an office's demo files carry. */
export const demoTrustsOf = (office: LocalOffice): readonly string[] => OFFICES[office].trusts;

function p(...places: string[]): Place[] {
  return places.map((s) => {
    const at = s.lastIndexOf(' ');
    return { town: s.slice(0, at), outward: s.slice(at + 1) };
  });
}

/** [forename, the name they go by when it is not their first forename]. */
const FEMALE_NAMES: [string, string?][] = [
  ['Priya'],
  ['Aisha'],
  ['Mei'],
  ['Siân'],
  ['Zoë'],
  ['Noor'],
  ['Katherine', 'Kate'],
  ['Oluwadamilola', 'Dami'],
  ['Chloe'],
  ['Fatima'],
];
const MALE_NAMES: [string, string?][] = [
  ['Tomasz'],
  ['Owen'],
  ['Kwame'],
  ['Ciarán'],
  ['Arjun'],
  ['Oluwaseun', 'Seun'],
  ['Thomas', 'Tom'],
  ['Rhys'],
  ['Mohammed'],
  ['Jamie'],
];
const MIDDLE_NAMES = ['Anne', 'James', 'Marie', 'Lee', 'Grace', 'Rose'];
const SURNAMES = ["O'Neill", 'Khan', 'Smith-Jones', 'Nowak', 'Okafor', 'Evans', 'Chen', 'Mensah', 'Da Silva', 'Patel'];
const STREETS = ['Hill Road', 'Station Street', 'Mill Lane', 'Church Walk', 'Park Avenue', 'Orchard Close'];
/** Drama prefixes Ofcom reserves for fiction; the last three digits are ours. */
const HOME_PREFIXES = ['020 7946 0', '0113 496 0', '0117 496 0', '0121 496 0', '0161 496 0', '029 2018 0'];
/** Valid NINO prefixes (no D F I Q U V, second letter not O, none of BG GB KN NK NT TN ZZ). */
const NINO_PREFIXES = ['AB', 'CE', 'JH', 'KL', 'MP', 'RS', 'WX', 'YZ', 'HJ', 'SN'];
/** Letters the inward part of a postcode may use. */
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
const ETHNIC_CODES = Object.keys(TIS_ETHNIC_ORIGIN);
export const MEDICAL_POSTS: [specialty: string, grade: string][] = [
  ['IMT', 'CT1'],
  ['IMT', 'CT2'],
  ['GIM', 'ST3'],
  ['PAED', 'ST1'],
  ['GPT', 'ST2'],
  ['ANAES', 'CT1'],
  ['FOUND', 'F1'],
];
export const DENTAL_POST: [string, string] = ['DENT', 'DCT1'];

/** The kinds of change an UPDATED trainee carries: TIS still holds the old value. */
type Change = 'mobile' | 'address' | 'homePhone' | 'knownAs' | 'marriage';
const CHANGES: Change[] = ['mobile', 'address', 'homePhone', 'knownAs', 'marriage'];

const FIRST_TIS_ID = 300_000;
/** TIS ids of duplicate records (AMBIGUOUS_MATCH) start here, clear of the trainees' ids. */
const FIRST_DUPLICATE_TIS_ID = 800_000;
const MAX_TRAINEES = FIRST_DUPLICATE_TIS_ID - FIRST_TIS_ID;

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** The UK offset at an instant: ESR writes local times, +01:00 in summer. */
function londonOffset(instant: Date): string {
  const name = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'shortOffset' })
    .formatToParts(instant)
    .find((part) => part.type === 'timeZoneName')?.value;
  return name === 'GMT+1' ? '+01:00' : '+00:00';
}

/** A London wall-clock time on `date` as ESR writes it: `2026-07-01T09:05:00+01:00`. */
function londonTimestamp(date: string, hour: number, minute: number): string {
  const local = `${date}T${pad(hour, 2)}:${pad(minute, 2)}:00`;
  return `${local}${londonOffset(new Date(`${local}Z`))}`;
}

const extractFileName = (office: string, date: string, seq: number) =>
  `DE_${office}_RMC_${date.replaceAll('-', '')}_${pad(seq, 8)}.DAT`;

const perLine = (row: PerRow) => ['PER', ...PER_FIELDS.map((f) => row[f])].join('|');

/** `Siân O'Neill` → `sian.oneill`: email local parts stay ASCII. */
const asciiLower = (s: string) =>
  s
    .normalize('NFD')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

const e164 = (ukNumber: string) => `+44${ukNumber.replace(/\D/g, '').slice(1)}`;

export function generateDemoData(opts: DemoOptions): DemoData {
  const { seed, extractDate: date, trainees } = opts;
  const offices = [...new Set(opts.offices ?? (['EOE', 'KSS', 'LDN'] as LocalOffice[]))];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || addDays(date, 0) !== date) {
    throw new RangeError(`extractDate must be a real YYYY-MM-DD date`);
  }
  if (!Number.isInteger(trainees) || trainees < 0 || trainees > MAX_TRAINEES) {
    throw new RangeError(`trainees must be an integer from 0 to ${MAX_TRAINEES}`);
  }
  if (offices.length < 2) throw new RangeError('at least two local offices are needed (one person is in two files)');

  const rand = mulberry32(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const chance = (p: number) => rand() < p;
  const yesterday = addDays(date, -1);
  // Offsets drawn from the seed, so two seeds give different ids; the arithmetic below keeps them unique.
  const esrIdBase = 10_000_000 + int(1_000_000);
  const registrationOffset = int(900_000);

  const out: DemoData = { people: [], posts: [], extracts: [], expected: [], expectedRowErrors: [] };
  const rowsByOffice = new Map<LocalOffice, string[]>(offices.map((o) => [o, []]));
  const posts = new Map<string, PostDocument>();
  const postsPerPrefix = new Map<string, number>();

  /** A new post at the trust: NNN counts up per site/specialty/grade; a full prefix moves to the next site. */
  const allocatePost = (office: LocalOffice, trust: string, [specialty, grade]: [string, string]): string => {
    for (let site = 1 + int(3); ; site++) {
      const prefix = `${office}/${trust}${pad(site, 2)}/${specialty}/${grade}`;
      const used = postsPerPrefix.get(prefix) ?? 0;
      if (used === 999) continue;
      postsPerPrefix.set(prefix, used + 1);
      const npn = `${prefix}/${pad(used + 1, 3)}`;
      posts.set(npn, { _id: npn, status: 'CURRENT', trust });
      return npn;
    }
  };
  const postcodeIn = (place: Place) =>
    `${place.outward} ${int(10)}${pick([...INWARD_LETTERS])}${pick([...INWARD_LETTERS])}`;
  const dramaMobile = (last3: number) => `07700 900${pad(((last3 % 1000) + 1000) % 1000, 3)}`;

  for (let i = 0; i < trainees; i++) {
    const scenario = demoScenarioAt(i);
    const office = offices[i % offices.length];
    const { trusts, places } = OFFICES[office];
    const trust = pick(trusts);
    const dental = scenario === 'MATCH_BY_GDC';
    const npn = allocatePost(office, trust, dental ? DENTAL_POST : pick(MEDICAL_POSTS));
    const esrPersonId = String(esrIdBase + i);
    const tisPersonId = String(FIRST_TIS_ID + i);
    // Bijections of i (7919 is prime to 900,000), so no two trainees share a registration number by accident.
    const gmcNumber = String(6_000_000 + ((i * 7919 + registrationOffset) % 900_000));
    const gdcNumber = String(100_000 + ((i * 7919 + registrationOffset) % 900_000));

    const gender = chance(0.04) ? 'X' : chance(0.5) ? 'F' : 'M';
    const [firstName, goesBy] = pick(gender === 'F' ? FEMALE_NAMES : MALE_NAMES);
    const forenames = chance(0.3) ? `${firstName} ${pick(MIDDLE_NAMES)}` : firstName;
    const surname = pick(SURNAMES);
    const title = chance(0.9) ? 'Dr' : gender === 'F' ? 'Ms' : gender === 'M' ? 'Mr' : 'Mx';
    const birthYear = Number((opts.identityDate ?? date).slice(0, 4)) - 24 - int(30);
    const dateOfBirth = `${birthYear}-${pad(1 + int(12), 2)}-${pad(1 + int(28), 2)}`;
    const nino = `${pick(NINO_PREFIXES)}${pad((i * 7919 + registrationOffset) % 1_000_000, 6)}${pick(['A', 'B', 'C', 'D'])}`;
    const mobileLast3 = int(1000);
    const homePhone = chance(0.5) ? `${pick(HOME_PREFIXES)}${pad(int(1000), 3)}` : '';
    const ethnicOrigin = pick(ETHNIC_CODES);
    const place = pick(places);
    const flat = chance(0.25) ? `Flat ${1 + int(12)}` : '';
    const street = `${1 + int(150)} ${pick(STREETS)}`;
    const postcode = postcodeIn(place);
    const workEmail = `${asciiLower(firstName)}.${asciiLower(surname)}${i}@nhs.example`;
    const start = addDays(date, -(30 + int(270)));
    const end = addDays(start, 364);
    const lastUpdated = londonTimestamp(yesterday, 8 + int(11), int(60));

    // ESR's spelling of the same facts: the punctuation and case vary, which normalisation must absorb.
    const row: PerRow = {
      employingTrust: trust,
      esrPersonId,
      assignmentNumber: `${esrPersonId}-1`,
      employerRole: 'LEAD',
      assignmentStatus: 'ACTIVE',
      assignmentStart: start,
      assignmentEnd: chance(0.1) ? '' : end,
      positionNumber: `${trust}-${npn.split('/')[2]}-${pad(int(100_000), 5)}`,
      deaneryPostNumber: npn,
      gmcNumber: dental ? '' : gmcNumber,
      gdcNumber: dental ? gdcNumber : '',
      title: i % 5 === 0 ? title.toUpperCase() : title,
      forenames,
      surname,
      knownAs: '',
      previousSurname: '',
      dateOfBirth,
      gender,
      nino: i % 6 === 0 ? nino.replace(/^(..)(..)(..)(..)(.)$/, '$1 $2 $3 $4 $5') : nino,
      homePhone,
      mobilePhone: i % 3 === 0 ? dramaMobile(mobileLast3).replace(' ', '') : dramaMobile(mobileLast3),
      email: i % 4 === 0 ? workEmail.replace('@nhs.example', '@NHS.Example') : workEmail,
      ethnicOrigin,
      addressLine1: flat || street,
      addressLine2: flat ? street : '',
      addressLine3: '',
      town: i % 7 === 3 ? ` ${place.town} ` : place.town,
      postcode: i % 2 === 0 ? postcode.toLowerCase().replace(' ', '') : postcode,
      lastUpdated,
    };

    const createdAt = `${addDays(date, -(200 + int(400)))}T10:00:00.000Z`;
    const stamped = (fields: string[]) => Object.fromEntries(fields.map((f) => [f, createdAt]));
    // TIS as it stands: the same facts, normalised, all written well before the row's lastUpdated. The trainee's
    // own forenames, surname and email differ from ESR's legal ones; the interface never writes them.
    const person: PersonDocument = {
      _id: tisPersonId,
      version: 1,
      identifiers: dental ? { gdcNumber } : { gmcNumber },
      contactDetails: {
        title: title.toUpperCase(),
        forenames: goesBy ?? firstName,
        surname,
        legalForenames: forenames,
        legalSurname: surname,
        ...(homePhone ? { telephoneNumber: e164(homePhone) } : {}),
        mobileNumber: e164(dramaMobile(mobileLast3)),
        email: `${asciiLower(goesBy ?? firstName)}${i}@example.org`,
        workEmail,
        address1: flat || street,
        ...(flat ? { address2: street } : {}),
        address4: place.town,
        postCode: postcode,
      },
      personalDetails: {
        dateOfBirth,
        gender: TIS_GENDER[gender],
        ethnicOrigin: TIS_ETHNIC_ORIGIN[ethnicOrigin],
        nationalInsuranceNumber: nino,
      },
      placements: [{ nationalPostNumber: npn, startDate: start, endDate: end }],
      fieldUpdatedAt: {
        contactDetails: stamped(['title', 'legalForenames', 'legalSurname', 'mobileNumber', 'address1', 'postCode']),
        personalDetails: stamped(['dateOfBirth', 'gender', 'ethnicOrigin', 'nationalInsuranceNumber']),
      },
      updatedAt: createdAt,
    };
    const tis = person.contactDetails;
    const extraRows: { office: LocalOffice; row: PerRow }[] = [];
    let expected: ExpectedOutcome = { esrPersonId, outcome: 'UPDATED', tisPersonId, scenario };
    const skipped = (reason: string, matched = false): ExpectedOutcome => ({
      esrPersonId,
      outcome: 'SKIPPED',
      reason,
      ...(matched ? { tisPersonId } : {}),
      scenario,
    });
    const held = (reason: string, matched = false): ExpectedOutcome => ({
      esrPersonId,
      outcome: 'HELD',
      reason,
      ...(matched ? { tisPersonId } : {}),
      scenario,
    });
    /** TIS keeps the value from before ESR's change. */
    const applyChange = (change: Change) => {
      switch (change) {
        case 'mobile':
          tis.mobileNumber = e164(dramaMobile(mobileLast3 + 1 + int(500)));
          break;
        case 'address': {
          const old = pick(places);
          // House numbers from 200 are never drawn for the new address, so the old one always differs.
          tis.address1 = `${200 + int(100)} ${pick(STREETS)}`;
          delete tis.address2;
          tis.address4 = old.town;
          tis.postCode = `${old.outward} ${(Number(postcode.split(' ')[1][0]) + 1) % 10}${postcode.slice(-2)}`;
          break;
        }
        case 'homePhone':
          row.homePhone = `${pick(HOME_PREFIXES)}${pad(int(1000), 3)}`;
          tis.telephoneNumber = e164(`${row.homePhone.slice(0, -1)}${(Number(row.homePhone.slice(-1)) + 1) % 10}`);
          break;
        case 'knownAs':
          row.knownAs = goesBy ?? pick(MIDDLE_NAMES);
          delete tis.knownAs;
          break;
        case 'marriage':
          row.previousSurname = surname;
          row.surname = SURNAMES[(SURNAMES.indexOf(surname) + 1) % SURNAMES.length];
          break;
      }
    };

    switch (scenario) {
      case 'UPDATED': {
        const first = int(CHANGES.length);
        const count = 1 + int(3);
        for (let k = 0; k < count; k++) applyChange(CHANGES[(first + k) % CHANGES.length]);
        break;
      }
      case 'NO_CHANGE':
        if (goesBy) {
          row.knownAs = goesBy;
          tis.knownAs = goesBy;
        }
        expected = { esrPersonId, outcome: 'NO_CHANGE', tisPersonId, scenario };
        break;
      case 'LEAD_AND_HOST': {
        applyChange('mobile');
        const host = pick(trusts.filter((t) => t !== trust));
        // Later than the lead row and different: it would win if HOST rows were not set aside.
        extraRows.push({
          office,
          row: {
            ...row,
            employingTrust: host,
            assignmentNumber: `${esrPersonId}-2`,
            employerRole: 'HOST',
            positionNumber: `${host}-HON-${pad(int(100_000), 5)}`,
            mobilePhone: dramaMobile(mobileLast3 + 600),
            addressLine1: `${1 + int(150)} ${pick(STREETS)}`,
            lastUpdated: londonTimestamp(yesterday, 20, 10),
          },
        });
        break;
      }
      case 'HOST_ONLY':
        row.employerRole = 'HOST';
        applyChange('mobile');
        expected = skipped('HOST_RECORD');
        break;
      case 'SUSPENDED':
        row.assignmentStatus = 'SUSPENDED';
        expected = skipped('NOT_ACTIVE');
        break;
      case 'ENDED':
        row.assignmentEnd = addDays(date, -3);
        person.placements[0].endDate = addDays(date, -3);
        expected = skipped('OUT_OF_DATE');
        break;
      case 'NO_DPN':
        row.deaneryPostNumber = '';
        expected = skipped('NO_DPN');
        break;
      case 'UNKNOWN_POST': {
        // Site 99 is never allocated: sites start at 01 and one fills only at 999 posts.
        const [, , specialty, grade] = npn.split('/');
        row.deaneryPostNumber = `${office}/${trust}99/${specialty}/${grade}/001`;
        expected = skipped('UNKNOWN_POST');
        break;
      }
      case 'INACTIVE_POST':
        posts.set(npn, { _id: npn, status: 'INACTIVE', trust });
        expected = skipped('POST_NOT_CURRENT');
        break;
      case 'TEMPORARY_NINO':
        // ESR's temporary form: TN, the date of birth as DDMMYY, then M or F.
        row.nino = `TN${dateOfBirth.slice(8, 10)}${dateOfBirth.slice(5, 7)}${dateOfBirth.slice(2, 4)}${gender === 'M' ? 'M' : 'F'}`;
        applyChange('mobile');
        break;
      case 'BAD_POSTCODE':
        row.postcode = postcode.replace(/ \d/, ' O');
        applyChange('mobile');
        break;
      case 'TWO_OFFICES': {
        const other = offices[(i + 1) % offices.length];
        const otherTrust = pick(OFFICES[other].trusts);
        const otherNpn = allocatePost(other, otherTrust, pick(MEDICAL_POSTS));
        person.placements.push({
          nationalPostNumber: otherNpn,
          startDate: addDays(date, -14),
          endDate: addDays(date, 350),
        });
        row.lastUpdated = londonTimestamp(yesterday, 9, 5);
        // Three distinct mobiles (TIS, this row, the other office's row): the outcome shows which row won.
        tis.mobileNumber = e164(dramaMobile(mobileLast3 + 500));
        extraRows.push({
          office: other,
          row: {
            ...row,
            employingTrust: otherTrust,
            assignmentNumber: `${esrPersonId}-3`,
            assignmentStart: addDays(date, -14),
            assignmentEnd: addDays(date, 350),
            positionNumber: `${otherTrust}-${otherNpn.split('/')[2]}-${pad(int(100_000), 5)}`,
            deaneryPostNumber: otherNpn,
            mobilePhone: dramaMobile(mobileLast3 + 250),
            lastUpdated: londonTimestamp(yesterday, 17, 40),
          },
        });
        break;
      }
      case 'NO_MATCH':
        applyChange('mobile');
        expected = held('NO_MATCH');
        break;
      case 'AMBIGUOUS_MATCH':
        applyChange('address');
        expected = held('AMBIGUOUS_MATCH');
        break;
      case 'CONFLICT': {
        applyChange('mobile');
        // The trainee changed their mobile in TIS that evening, after ESR's change.
        const editedAt = new Date(Date.parse(row.lastUpdated) + 3 * 3600_000).toISOString();
        (person.fieldUpdatedAt.contactDetails as Record<string, string>).mobileNumber = editedAt;
        person.updatedAt = editedAt;
        expected = { esrPersonId, outcome: 'NO_CHANGE', reason: 'CONFLICT', tisPersonId, scenario };
        break;
      }
      case 'NO_PLACEMENT':
        // TIS has the previous rotation on this post, ended a month ago; ESR still has the assignment open.
        person.placements = [{ nationalPostNumber: npn, startDate: addDays(start, -365), endDate: addDays(date, -30) }];
        applyChange('mobile');
        expected = skipped('NO_PLACEMENT', true);
        break;
      case 'MATCH_BY_NINO':
        row.gmcNumber = '';
        person.identifiers = {};
        applyChange('mobile');
        break;
      case 'MATCH_BY_GDC':
        applyChange('address');
        break;
    }

    // A trust putting its records right over the days: no random draw here, so every day has the same people.
    if (((i * 7919) % 97) / 97 < (opts.correctedShare ?? 0)) {
      if (scenario === 'BAD_POSTCODE') row.postcode = postcode;
      if (scenario === 'TEMPORARY_NINO') row.nino = nino;
      if (scenario === 'NO_DPN' || scenario === 'UNKNOWN_POST') row.deaneryPostNumber = npn;
      if (scenario === 'SUSPENDED') row.assignmentStatus = 'ACTIVE';
    }

    if (scenario !== 'NO_MATCH') out.people.push(person);
    if (scenario === 'AMBIGUOUS_MATCH') {
      // A duplicate record, as a second registration in TIS leaves: the same person under another id.
      out.people.push({ ...structuredClone(person), _id: String(FIRST_DUPLICATE_TIS_ID + i) });
    }
    out.expected.push(expected);
    rowsByOffice.get(office)!.push(perLine(row));
    for (const extra of extraRows) rowsByOffice.get(extra.office)!.push(perLine(extra.row));
  }

  offices.forEach((office, k) => {
    const name = extractFileName(office, date, 1);
    const body = [...rowsByOffice.get(office)!];
    // Quarantined lines at fixed places; their ESR ids (9xxxxxxx) belong to no trainee.
    const strayId = String(90_000_000 + k);
    const stray = [OFFICES[office].trusts[0], strayId, `${strayId}-1`, 'LEAD', 'ACTIVE', addDays(date, -60)];
    const shortFields = [...stray, ...Array<string>(PER_FIELDS.length - 1 - stray.length).fill('')];
    const fieldCountAt = Math.min(1, body.length);
    body.splice(fieldCountAt, 0, ['PER', ...shortFields].join('|'));
    const unknownAt = Math.min(3, body.length);
    body.splice(unknownAt, 0, `ADR|${strayId}|1 Example Street|${OFFICES[office].places[0].outward} 1AA`);
    out.expectedRowErrors.push(
      { file: name, line: fieldCountAt + 2, code: 'FIELD_COUNT' },
      { file: name, line: unknownAt + 2, code: 'UNKNOWN_RECORD_TYPE' },
    );
    const perCount = body.filter((line) => line.startsWith('PER|')).length;
    const lines = [
      `HDR|ESR_RMC|1.0|${office}|${date.replaceAll('-', '')}|${pad(1, 8)}|${londonTimestamp(date, 2, 30 + k)}`,
      ...body,
      `TRL|${perCount}`,
    ];
    // The spec allows LF or CRLF, a BOM, and no newline after the last line: one file of each.
    const eol = k % 2 === 1 ? '\r\n' : '\n';
    const bom = k % 3 === 1 ? '\uFEFF' : '';
    const finalEol = k % 3 === 2 ? '' : eol;
    out.extracts.push({ name, content: `${bom}${lines.join(eol)}${finalEol}` });
  });

  out.posts = [...posts.values()].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
  return out;
}

/** Several consecutive days of the same people's extracts, for a history the portal's trends can show. */
export interface DemoHistory {
  people: PersonDocument[];
  posts: PostDocument[];
  days: { extractDate: string; extracts: DemoExtract[] }[];
}

/**
 * `days` consecutive extract dates ending on `extractDate`: TIS's people and posts as on the first day, and each
 * day's extracts for the same ESR people (same ids, numbers and posts), later days carrying more of the trusts'
 * corrections (up to four in five by the last day). Only the files are made here: the history itself is what the
 * real pipeline makes of them, day by day.
 */
export function generateDemoHistory(opts: DemoOptions & { days: number }): DemoHistory {
  if (!Number.isInteger(opts.days) || opts.days < 1) throw new RangeError('days must be a whole number from 1');
  const first = addDays(opts.extractDate, -(opts.days - 1));
  const base = generateDemoData({ ...opts, extractDate: first });
  const days = Array.from({ length: opts.days }, (_, k) => {
    const extractDate = addDays(first, k);
    const day =
      k === 0
        ? base
        : generateDemoData({
            ...opts,
            extractDate,
            identityDate: first,
            correctedShare: (0.8 * k) / Math.max(1, opts.days - 1),
          });
    return { extractDate, extracts: day.extracts };
  });
  return { people: base.people, posts: base.posts, days };
}
