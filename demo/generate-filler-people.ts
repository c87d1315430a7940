/**
 * Filler TIS people: the rest of a national `people` collection, who are in TIS but not in the day's ESR files.
 * Pure and deterministic (same seed and index, same person), and random-access by index, so a benchmark can
 * build hundreds of thousands of them batch by batch without ever holding them all.
 *
 * Their keys never collide with generateDemoData's, whatever its seed:
 * - TIS ids: generateDemoData uses 300,000 + i and 800,000 + i (i < 500,000, so below 1,300,000); filler ids
 *   are FIRST_FILLER_TIS_ID (2,000,000) + k.
 * - GMC numbers: generateDemoData draws from 6,000,000–6,899,999; filler GMC numbers are 7,000,000 + k.
 * - GDC numbers: generateDemoData draws from 100,000–999,999; filler GDC numbers are 1,000,000 + k.
 * - NINOs: generateDemoData uses the prefixes AB CE JH KL MP RS WX YZ HJ SN (and TN for temporary numbers);
 *   filler NINOs use other valid prefixes, k's digits after them.
 * - ESR person ids (for filler people linked on earlier days): generateDemoData uses 10,000,000–11,999,999 and
 *   its quarantined lines 90,000,000 + office; filler ids are FIRST_FILLER_ESR_ID (50,000,000) + k, which no
 *   demo file sends.
 * - Posts: generateDemoData's DPNs use sites 01 upwards (a site fills only at 999 posts, so they stay in single
 *   digits up to hundreds of thousands of trainees) and 99 for its unknown post; filler DPNs use sites 50–89.
 *
 * Entirely synthetic, in the demo generator's manner: names from short lists, Ofcom drama phone numbers,
 * example.org emails, structurally valid postcodes, real trust ODS codes and local office codes.
 */
import { LOCAL_OFFICES } from '../src/extract/types';
import { DENTAL_POST, MEDICAL_POSTS, mulberry32 } from './generate-demo-data';
import type { PersonDocument, PostDocument } from '../src/tis/person-document';
import { TIS_ETHNIC_ORIGIN, TIS_GENDER } from '../src/tis/tis-codes';

export const FIRST_FILLER_TIS_ID = 2_000_000;
export const FIRST_FILLER_GMC = 7_000_000;
export const FIRST_FILLER_GDC = 1_000_000;
export const FIRST_FILLER_ESR_ID = 50_000_000;

/** Valid NINO prefixes that generateDemoData never uses: 18 × 1,000,000 filler people before any repeat. */
const FILLER_NINO_PREFIXES = [
  'AA',
  'AE',
  'BA',
  'CB',
  'EA',
  'GY',
  'HE',
  'JA',
  'LA',
  'MA',
  'NA',
  'OB',
  'PA',
  'RA',
  'SA',
  'TA',
  'WA',
  'YA',
];

/** Filler GMC numbers stay 7 digits and filler NINOs unique up to this many people. */
export const MAX_FILLER_PEOPLE = 2_999_999;

/** A few real trusts per office (ODS codes), enough for plausible DPNs. */
const TRUSTS: Record<(typeof LOCAL_OFFICES)[number], string[]> = {
  EOE: ['RGT', 'RGN', 'RQW'],
  KSS: ['RTP', 'RVV', 'RN7'],
  LDN: ['R1H', 'RJ1', 'RAL'],
  NE: ['RTD', 'RR7', 'RTR'],
  NW: ['R0A', 'RBL', 'RXN'],
  SW: ['RA7', 'REF', 'RK9'],
  TV: ['RTH', 'RXQ', 'RHW'],
  WX: ['RHM', 'RN3', 'RHU'],
  WM: ['RRK', 'RL4', 'RKB'],
  EM: ['RX1', 'RTG', 'RWE'],
  YH: ['RR8', 'RHQ', 'RCB'],
  WLS: ['7A1', '7A3', '7A4'],
};
/** The demo's own specialties and grades, so filler posts look like the trainees'. */
const POSTS = MEDICAL_POSTS;
const FIRST_SITE = 50;
const SITES = 40;
const POSTS_PER_PREFIX = 999;

const FORENAMES = ['Hannah', 'Yusuf', 'Ewa', 'Daniel', 'Amara', 'Liam', 'Sofia', 'Ravi', 'Niamh', 'Ibrahim'];
const SURNAMES = ['Walker', 'Ahmed', 'Kowalski', 'Hughes', 'Adeyemi', 'Murphy', 'Singh', 'Wright', 'Lewis', 'Ng'];
const STREETS = ['Elm Grove', 'Victoria Road', 'Queens Drive', 'Castle Street', 'Meadow Way'];
const PLACES: [town: string, outward: string][] = [
  ['Leeds', 'LS6'],
  ['Bristol', 'BS6'],
  ['Manchester', 'M14'],
  ['London', 'N7'],
  ['Cardiff', 'CF24'],
  ['Norwich', 'NR2'],
  ['Exeter', 'EX4'],
  ['Nottingham', 'NG5'],
];
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
const GENDERS = Object.values(TIS_GENDER);
const ETHNIC_ORIGINS = Object.values(TIS_ETHNIC_ORIGIN);

export interface FillerOptions {
  seed: number;
  /** YYYY-MM-DD: the day placements are reckoned around (current ones cover it). */
  extractDate: string;
  /** Set `identifiers.esrPersonId` to {@link fillerEsrPersonId}(k), as an earlier run's match would have. */
  linked: boolean;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** mulberry32 seeded by the seed and the index, so person k is the same whichever batch builds it. */
function randFor(seed: number, k: number): () => number {
  return mulberry32(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(k + 1, 0xc2b2ae35));
}

function checkIndex(k: number): void {
  if (!Number.isInteger(k) || k < 0 || k >= MAX_FILLER_PEOPLE) {
    throw new RangeError(`filler index must be an integer from 0 to ${MAX_FILLER_PEOPLE - 1}`);
  }
}

export const fillerEsrPersonId = (k: number): string => String(FIRST_FILLER_ESR_ID + k);
export const fillerTisId = (k: number): string => String(FIRST_FILLER_TIS_ID + k);

/** Filler people share posts, two to a post on average (this year's trainee and last year's). */
export const fillerPostCount = (people: number): number => Math.ceil(people / 2);

/**
 * The p-th filler post's DPN: a mixed-radix reading of p (office, number, site, specialty, trust), so distinct p
 * give distinct DPNs up to 12 × 999 × 40 × 7 × 3 ≈ 10 million posts.
 */
export function fillerPostDpn(p: number, dental = false): string {
  const office = LOCAL_OFFICES[p % LOCAL_OFFICES.length];
  let rest = Math.floor(p / LOCAL_OFFICES.length);
  const number = 1 + (rest % POSTS_PER_PREFIX);
  rest = Math.floor(rest / POSTS_PER_PREFIX);
  const site = FIRST_SITE + (rest % SITES);
  rest = Math.floor(rest / SITES);
  const [specialty, grade] = dental ? DENTAL_POST : POSTS[rest % POSTS.length];
  const trusts = TRUSTS[office];
  const trust = trusts[Math.floor(rest / POSTS.length) % trusts.length];
  return `${office}/${trust}${pad(site, 2)}/${specialty}/${grade}/${pad(number, 3)}`;
}

/** One post in ten is a dental post, and both people on it are dentists (GDC number): one filler person in ten. */
const isDentalPost = (p: number) => p % 10 === 9;

/** The posts filler people hold: p from 0 to fillerPostCount(people) − 1. */
export function fillerPost(p: number): PostDocument {
  const dpn = fillerPostDpn(p, isDentalPost(p));
  return { _id: dpn, status: p % 50 === 49 ? 'INACTIVE' : 'CURRENT', trust: dpn.split('/')[1].slice(0, 3) };
}

/** Filler person k (0-based) of a collection with `people` filler people in all. */
export function fillerPerson(k: number, people: number, opts: FillerOptions): PersonDocument {
  checkIndex(k);
  const rand = randFor(opts.seed, k);
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const date = opts.extractDate;
  const posts = fillerPostCount(people);
  // Person k sits on post ⌊k/2⌋ (below the post count for every k < people).
  const postIndex = Math.floor(k / 2) % posts;
  const dental = isDentalPost(postIndex);
  const post = fillerPost(postIndex);
  const forename = pick(FORENAMES);
  const surname = pick(SURNAMES);
  const [town, outward] = pick(PLACES);
  const birthYear = Number(date.slice(0, 4)) - 24 - int(30);
  const createdAt = `${addDays(date, -(200 + int(2000)))}T10:00:00.000Z`;
  const start = addDays(date, -(30 + int(300)));
  // Most hold a placement covering the day; one in five finished theirs before it (left training, or between posts).
  const current = k % 5 !== 4;
  const placements = current
    ? [{ nationalPostNumber: post._id, startDate: start, endDate: addDays(start, 364) }]
    : [{ nationalPostNumber: post._id, startDate: addDays(start, -365), endDate: addDays(start, -1) }];
  if (k % 3 === 0) {
    // An earlier rotation on another post.
    placements.unshift({
      nationalPostNumber: fillerPost((postIndex + 10) % posts)._id,
      startDate: addDays(placements[0].startDate, -365),
      endDate: addDays(placements[0].startDate, -1),
    });
  }
  const identifiers: PersonDocument['identifiers'] = dental
    ? { gdcNumber: String(FIRST_FILLER_GDC + k) }
    : { gmcNumber: String(FIRST_FILLER_GMC + k) };
  if (opts.linked) identifiers.esrPersonId = fillerEsrPersonId(k);
  const ninoPrefix = FILLER_NINO_PREFIXES[Math.floor(k / 1_000_000) % FILLER_NINO_PREFIXES.length];
  const stamped = (fields: string[]) => Object.fromEntries(fields.map((f) => [f, createdAt]));
  return {
    _id: fillerTisId(k),
    version: 1 + int(6),
    identifiers,
    contactDetails: {
      title: 'DR',
      forenames: forename,
      surname,
      legalForenames: forename,
      legalSurname: surname,
      mobileNumber: `+447700900${pad(int(1000), 3)}`,
      ...(rand() < 0.4 ? { telephoneNumber: `+44113496${pad(int(10000), 4)}` } : {}),
      email: `${forename.toLowerCase()}.${surname.toLowerCase()}${k}@example.org`,
      address1: `${1 + int(150)} ${pick(STREETS)}`,
      address4: town,
      postCode: `${outward} ${int(10)}${pick([...INWARD_LETTERS])}${pick([...INWARD_LETTERS])}`,
    },
    personalDetails: {
      dateOfBirth: `${birthYear}-${pad(1 + int(12), 2)}-${pad(1 + int(28), 2)}`,
      gender: pick(GENDERS),
      ethnicOrigin: pick(ETHNIC_ORIGINS),
      nationalInsuranceNumber: `${ninoPrefix}${pad(k % 1_000_000, 6)}${pick(['A', 'B', 'C', 'D'])}`,
    },
    placements,
    fieldUpdatedAt: {
      contactDetails: stamped(['title', 'legalForenames', 'legalSurname', 'mobileNumber', 'address1', 'postCode']),
      personalDetails: stamped(['dateOfBirth', 'gender', 'ethnicOrigin', 'nationalInsuranceNumber']),
    },
    updatedAt: createdAt,
  };
}

/** Filler people `from` to `to` − 1 (of `people` in all), for one insertMany batch. */
export function fillerPeopleBatch(from: number, to: number, people: number, opts: FillerOptions): PersonDocument[] {
  const out: PersonDocument[] = [];
  for (let k = from; k < Math.min(to, people); k++) out.push(fillerPerson(k, people, opts));
  return out;
}

/** Filler posts `from` to `to` − 1 (of fillerPostCount(people) in all). */
export function fillerPostsBatch(from: number, to: number, people: number): PostDocument[] {
  const out: PostDocument[] = [];
  for (let p = from; p < Math.min(to, fillerPostCount(people)); p++) out.push(fillerPost(p));
  return out;
}
