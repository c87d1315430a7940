/**
 * The demo data generator: deterministic per seed, files in the spec's format, and every scenario present with
 * the outcome it promises. (Whether the pipeline really ends that way is test/integration/demo-day.test.ts.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEMO_MIN_TRAINEES,
  DEMO_SCENARIOS,
  demoScenarioAt,
  generateDemoData,
  generateDemoHistory,
  type DemoData,
  type DemoScenario,
} from '../../demo/generate-demo-data';
import { readExtractLines } from '../../src/extract/read-extract';
import { LOCAL_OFFICES, PER_FIELDS } from '../../src/extract/types';

const DATE = '2026-11-25';
const demo = generateDemoData({ seed: 42, extractDate: DATE, trainees: 80 });

const linesOf = (content: string) =>
  content
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter(Boolean);
const perLines = (data: DemoData) =>
  data.extracts.flatMap((f) =>
    linesOf(f.content)
      .filter((l) => l.startsWith('PER|'))
      .map((l) => l.split('|')),
  );
const DPN = new RegExp(`^(${LOCAL_OFFICES.join('|')})/([A-Z0-9]+)/[A-Z0-9]+/[A-Z0-9]+/\\d{3}$`);

test('the same options give identical output', () => {
  assert.deepEqual(generateDemoData({ seed: 42, extractDate: DATE, trainees: 80 }), demo);
});

test('a different seed gives different data', () => {
  const other = generateDemoData({ seed: 43, extractDate: DATE, trainees: 80 });
  assert.notDeepEqual(other.people, demo.people);
  assert.notDeepEqual(
    other.extracts.map((f) => f.content),
    demo.extracts.map((f) => f.content),
  );
});

test('one file per office, named as the spec says, its HDR matching the name', () => {
  assert.deepEqual(
    demo.extracts.map((f) => f.name),
    ['DE_EOE_RMC_20261125_00000001.DAT', 'DE_KSS_RMC_20261125_00000001.DAT', 'DE_LDN_RMC_20261125_00000001.DAT'],
  );
  for (const f of demo.extracts) {
    const [, office, date, seq] = /^DE_(\w+)_RMC_(\d{8})_(\d{8})\.DAT$/.exec(f.name)!;
    const hdr = linesOf(f.content)[0].split('|');
    assert.deepEqual(hdr.slice(0, 6), ['HDR', 'ESR_RMC', '1.0', office, date, seq]);
    assert.match(hdr[6], /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/, 'November is GMT');
  }
});

test("every file's TRL count equals its PER lines", () => {
  for (const f of demo.extracts) {
    const lines = linesOf(f.content);
    const trailer = lines[lines.length - 1].split('|');
    assert.equal(trailer[0], 'TRL', f.name);
    assert.equal(Number(trailer[1]), lines.filter((l) => l.startsWith('PER|')).length, f.name);
  }
});

test('PER lines have 29 fields and timestamps with an offset, except the planted 28-field lines', () => {
  const fieldCountErrors = demo.expectedRowErrors.filter((e) => e.code === 'FIELD_COUNT').length;
  const rows = perLines(demo);
  assert.equal(rows.filter((r) => r.length !== PER_FIELDS.length + 1).length, fieldCountErrors);
  for (const r of rows.filter((row) => row.length === PER_FIELDS.length + 1)) {
    assert.match(r[PER_FIELDS.length], /T\d{2}:\d{2}:\d{2}\+0[01]:00$/);
  }
});

test('summer timestamps carry +01:00', () => {
  const summer = generateDemoData({ seed: 1, extractDate: '2026-07-01', trainees: 10 });
  for (const f of summer.extracts) assert.match(linesOf(f.content)[0], /\+01:00$/);
  for (const r of perLines(summer).filter((row) => row.length === PER_FIELDS.length + 1)) {
    assert.match(r[PER_FIELDS.length], /\+01:00$/);
  }
});

test("the reader accepts every file and quarantines exactly the generator's malformed lines", async () => {
  const quarantined: string[] = [];
  for (const f of demo.extracts) {
    for await (const item of readExtractLines(f.name, f.content.split('\n'))) {
      if (item.kind === 'rowError') quarantined.push(`${item.error.file}:${item.error.line}:${item.error.code}`);
      if (item.kind === 'end') assert.equal(item.summary.status, 'ACCEPTED', `${f.name}: ${item.summary.reason}`);
    }
  }
  const expected = demo.expectedRowErrors.map((e) => `${e.file}:${e.line}:${e.code}`);
  assert.deepEqual(quarantined.sort(), expected.sort());
  assert.ok(demo.expectedRowErrors.some((e) => e.code === 'UNKNOWN_RECORD_TYPE'));
});

test('every post has a well-formed DPN naming its trust, and every DPN in the files is well-formed', () => {
  for (const post of demo.posts) {
    const m = DPN.exec(post._id);
    assert.ok(m, post._id);
    assert.ok(m[2].startsWith(post.trust), `${post._id} is a post of ${post.trust}`);
  }
  assert.equal(new Set(demo.posts.map((p) => p._id)).size, demo.posts.length);
  assert.ok(demo.posts.filter((p) => p.status === 'CURRENT').length > demo.posts.length * 0.9, 'mostly CURRENT');
  const dpnField = PER_FIELDS.indexOf('deaneryPostNumber') + 1;
  for (const r of perLines(demo).filter((row) => row[dpnField])) assert.match(r[dpnField], DPN);
});

test('no two TIS people share an _id, and each holds a placement', () => {
  assert.equal(new Set(demo.people.map((p) => p._id)).size, demo.people.length);
  for (const p of demo.people) assert.ok(p.placements.length > 0, p._id);
});

test('each ESR person in the files has exactly one expected outcome', () => {
  const ids = new Set(
    perLines(demo)
      .filter((row) => row.length === PER_FIELDS.length + 1)
      .map((row) => row[2]),
  );
  assert.deepEqual([...ids].sort(), demo.expected.map((e) => e.esrPersonId).sort());
  assert.equal(new Set(demo.expected.map((e) => e.esrPersonId)).size, demo.expected.length);
});

test('every scenario is present with the outcome the spec gives it', () => {
  const promised: Record<DemoScenario, [outcome: string, reason?: string]> = {
    UPDATED: ['UPDATED'],
    NO_CHANGE: ['NO_CHANGE'],
    LEAD_AND_HOST: ['UPDATED'],
    HOST_ONLY: ['SKIPPED', 'HOST_RECORD'],
    SUSPENDED: ['SKIPPED', 'NOT_ACTIVE'],
    ENDED: ['SKIPPED', 'OUT_OF_DATE'],
    NO_DPN: ['SKIPPED', 'NO_DPN'],
    UNKNOWN_POST: ['SKIPPED', 'UNKNOWN_POST'],
    INACTIVE_POST: ['SKIPPED', 'POST_NOT_CURRENT'],
    TEMPORARY_NINO: ['UPDATED'],
    BAD_POSTCODE: ['UPDATED'],
    TWO_OFFICES: ['UPDATED'],
    NO_MATCH: ['HELD', 'NO_MATCH'],
    AMBIGUOUS_MATCH: ['HELD', 'AMBIGUOUS_MATCH'],
    CONFLICT: ['NO_CHANGE', 'CONFLICT'],
    NO_PLACEMENT: ['SKIPPED', 'NO_PLACEMENT'],
    MATCH_BY_NINO: ['UPDATED'],
    MATCH_BY_GDC: ['UPDATED'],
  };
  const small = generateDemoData({ seed: 5, extractDate: DATE, trainees: DEMO_MIN_TRAINEES });
  for (const data of [demo, small]) {
    for (const scenario of DEMO_SCENARIOS) {
      const cases = data.expected.filter((e) => e.scenario === scenario);
      assert.ok(cases.length > 0, `${scenario} present`);
      for (const e of cases) assert.deepEqual([e.outcome, e.reason].filter(Boolean), promised[scenario], scenario);
    }
  }
});

test('the awkward cases sit at stable positions, then one trainee in ten', () => {
  assert.equal(demoScenarioAt(1), 'LEAD_AND_HOST');
  assert.equal(demoScenarioAt(DEMO_MIN_TRAINEES - 1), DEMO_SCENARIOS[DEMO_SCENARIOS.length - 1]);
  const later = Array.from({ length: 100 }, (_, k) => demoScenarioAt(DEMO_MIN_TRAINEES + k));
  assert.equal(later.filter((s) => s !== 'UPDATED' && s !== 'NO_CHANGE').length, 10);
});

test('the special rows are where the scenarios say', () => {
  const rows = perLines(demo).filter((row) => row.length === PER_FIELDS.length + 1);
  const field = (row: string[], name: (typeof PER_FIELDS)[number]) => row[PER_FIELDS.indexOf(name) + 1];
  const rowsOf = (scenario: DemoScenario) => {
    const id = demo.expected.find((e) => e.scenario === scenario)!.esrPersonId;
    return rows.filter((row) => field(row, 'esrPersonId') === id);
  };
  assert.deepEqual(
    rowsOf('LEAD_AND_HOST')
      .map((r) => field(r, 'employerRole'))
      .sort(),
    ['HOST', 'LEAD'],
  );
  assert.match(field(rowsOf('TEMPORARY_NINO')[0], 'nino'), /^TN\d{6}[MF]$/);
  const twoOffices = rowsOf('TWO_OFFICES');
  assert.equal(new Set(twoOffices.map((r) => field(r, 'deaneryPostNumber').split('/')[0])).size, 2);
  // Only TIS people whose GMC number is shared are the ambiguous pair.
  const gmcCounts = new Map<string, number>();
  for (const p of demo.people) {
    const gmc = p.identifiers.gmcNumber;
    if (gmc) gmcCounts.set(gmc, (gmcCounts.get(gmc) ?? 0) + 1);
  }
  const ambiguous = demo.expected.filter((e) => e.scenario === 'AMBIGUOUS_MATCH').length;
  assert.equal([...gmcCounts.values()].filter((n) => n > 1).length, ambiguous);
});

test('contact details are synthetic: drama phone numbers, example domains', () => {
  const mobile = PER_FIELDS.indexOf('mobilePhone') + 1;
  const home = PER_FIELDS.indexOf('homePhone') + 1;
  const email = PER_FIELDS.indexOf('email') + 1;
  for (const r of perLines(demo).filter((row) => row.length === PER_FIELDS.length + 1)) {
    assert.match(r[mobile], /^07700 ?900\d{3}$/);
    if (r[home]) assert.match(r[home], /^(020 7946 0|0113 496 0|0117 496 0|0121 496 0|0161 496 0|029 2018 0)\d{3}$/);
    assert.match(r[email], /@nhs\.example$/i);
  }
  for (const p of demo.people) {
    assert.match(p.contactDetails.mobileNumber ?? '', /^\+447700900\d{3}$/);
    assert.match(p.contactDetails.email ?? '', /@example\.org$/);
  }
});

test('options it cannot honour are refused', () => {
  assert.throws(() => generateDemoData({ seed: 1, extractDate: '2026-02-30', trainees: 5 }), RangeError);
  assert.throws(() => generateDemoData({ seed: 1, extractDate: DATE, trainees: -1 }), RangeError);
  assert.throws(() => generateDemoData({ seed: 1, extractDate: DATE, trainees: 5, offices: ['EOE'] }), RangeError);
});

test('a history: consecutive days of the same ESR people and posts, with fewer correctable mistakes later', () => {
  const history = generateDemoHistory({ seed: 42, extractDate: DATE, trainees: 80, days: 7 });
  assert.deepEqual(
    history.days.map((d) => d.extractDate),
    ['2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25'],
  );
  const first = generateDemoData({ seed: 42, extractDate: '2026-11-19', trainees: 80 });
  assert.deepEqual(history.people, first.people);
  const per = (k: number) => perLines({ ...first, extracts: history.days[k].extracts });
  const idsAndDob = (k: number) =>
    per(k)
      .map((f) => `${f[2]} ${f[10]} ${f[17]}`)
      .sort();
  assert.deepEqual(idsAndDob(6), idsAndDob(0), 'the same people (ESR id, GMC, date of birth) every day');
  const mistakes = (k: number) =>
    per(k).filter((f) => f[5] === 'SUSPENDED' || f[9] === '' || f[9].includes('99/') || f[19].startsWith('TN')).length;
  assert.ok(mistakes(6) < mistakes(0), `${mistakes(0)} mistakes on the first day, ${mistakes(6)} on the last`);
  assert.deepEqual(generateDemoHistory({ seed: 42, extractDate: DATE, trainees: 80, days: 7 }), history);
});
