/**
 * Property tests of the streaming reader: thousands of generated and mangled files. The reader must never throw on
 * content, never lose a line silently, and reject every truncated or padded file.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import {
  readExtractFile,
  readExtractLines,
  type ExtractItem,
  type ExtractSummary,
} from '../../src/extract/read-extract';
import { LOCAL_OFFICES, PER_FIELDS, type PerField, type PerRow } from '../../src/extract/types';

const NAME = 'DE_EOE_RMC_20261125_00000001.DAT';
const HDR = 'HDR|ESR_RMC|1.0|EOE|20261125|00000001|2026-11-25T02:00:00+00:00';

// ---------------------------------------------------------------------------------------------------------------
// Generators

/** Free text as ESR may send it: any characters but `|` and line breaks, with spaces that are not significant. */
const textUnit = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(..."abcdefgHIJKLMN0123456789 -.'/@+()".split('')) },
  { weight: 1, arbitrary: fc.constantFrom('é', 'Ö', 'Ł', 'ß', 'ñ', '€', '😀', '中', '\u00A0', '"', ',', ';') },
);
const freeText = (maxLength: number) => fc.string({ unit: textUnit, maxLength });
const padding = fc.constantFrom('', '', '', ' ', '  ', '\t', ' \t ');

const upperAlnum = (min: number, max: number) =>
  fc.string({
    unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split('')),
    minLength: min,
    maxLength: max,
  });
const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: min, maxLength: max });

const DAY_MS = 86_400_000;
const isoDate = fc
  .integer({ min: 0, max: 365 * 60 })
  .map((d) => new Date(Date.UTC(1980, 0, 1) + d * DAY_MS).toISOString().slice(0, 10));
/** Before the HDR's generation time (2026-11-25): a later lastUpdated is a finding (src/rules/last-updated-skew.ts). */
const pastDate = fc
  .integer({ min: 0, max: 17_000 })
  .map((d) => new Date(Date.UTC(1980, 0, 1) + d * DAY_MS).toISOString().slice(0, 10));
const timestamp = fc
  .tuple(
    pastDate,
    fc.integer({ min: 0, max: DAY_MS / 1000 - 1 }),
    fc.boolean(),
    fc.constantFrom('Z', '+00:00', '+01:00', '-05:30'),
  )
  .map(([date, s, ms, offset]) => {
    const time = new Date(s * 1000).toISOString().slice(11, 19);
    return `${date}T${time}${ms ? '.123' : ''}${offset}`;
  });
const deaneryPostNumber = fc.oneof(
  fc.constant(''),
  fc
    .tuple(fc.constantFrom(...LOCAL_OFFICES), upperAlnum(1, 6), upperAlnum(1, 6), upperAlnum(1, 4), digits(3, 3))
    .map((parts) => parts.join('/')),
);

/** A row every structural rule accepts, values already as the reader will return them (trimmed). */
const validRow: fc.Arbitrary<PerRow> = fc
  .record({
    employingTrust: upperAlnum(3, 5),
    esrPersonId: digits(1, 10),
    assignmentNumber: fc.tuple(digits(1, 9), digits(1, 2)).map(([a, b]) => `${a}-${b}`),
    employerRole: fc.constantFrom('LEAD', 'HOST'),
    assignmentStatus: fc.constantFrom('ACTIVE', 'SUSPENDED', 'TERMINATED'),
    assignmentStart: isoDate,
    assignmentEnd: fc.oneof(fc.constant(''), isoDate),
    positionNumber: freeText(30),
    deaneryPostNumber,
    gmcNumber: freeText(8),
    gdcNumber: freeText(6),
    title: freeText(5),
    forenames: freeText(40),
    surname: freeText(40),
    knownAs: freeText(20),
    previousSurname: freeText(20),
    dateOfBirth: fc.oneof(isoDate, freeText(10)),
    gender: freeText(1),
    nino: freeText(12),
    homePhone: freeText(16),
    mobilePhone: freeText(16),
    email: freeText(30),
    ethnicOrigin: freeText(2),
    addressLine1: freeText(60),
    addressLine2: freeText(60),
    addressLine3: freeText(60),
    town: freeText(30),
    postcode: freeText(9),
    lastUpdated: timestamp,
  })
  .map((row) => {
    const trimmed = {} as PerRow;
    for (const f of PER_FIELDS) trimmed[f] = row[f].trim();
    return trimmed;
  });

/** Values that break each structural rule. */
const BAD_VALUES: Partial<Record<PerField, string[]>> = {
  employingTrust: ['', 'RG', 'RGT001', 'rgt', 'R-T'],
  esrPersonId: ['', '12345678901', '12a', '-1'],
  assignmentNumber: ['', '12345678', '1-123', 'A-1'],
  employerRole: ['', 'lead', 'GUEST'],
  assignmentStatus: ['', 'active', 'ENDED'],
  assignmentStart: ['', '2026-02-30', '2027-02-29', '2026-13-01', '20260101', '01/02/2026'],
  assignmentEnd: ['2026-04-31', 'never', '2026-1-1'],
  positionNumber: ['x'.repeat(31), '😀'.repeat(31)],
  deaneryPostNumber: [
    'XX/A/B/C/001',
    'EOE/A/B/C/01',
    'EOE/a/B/C/001',
    'EOE/A/B/001',
    'EOE/A/B/C/D/001',
    'EOE/A//C/001',
  ],
  lastUpdated: ['', '2026-11-24', '2026-11-24T10:00:00', '2026-02-30T10:00:00Z', 'now'],
};
const badField = fc
  .constantFrom(...(Object.keys(BAD_VALUES) as PerField[]))
  .chain((field) => fc.constantFrom(...BAD_VALUES[field]!).map((value) => ({ field, value })));

/** One body line, and what the reader must make of it. */
type BodyLine =
  | { kind: 'row'; text: string; row: PerRow }
  | { kind: 'invalidField'; text: string; field: PerField }
  | { kind: 'fieldCount'; text: string; found: number }
  | { kind: 'unknownType'; text: string }
  | { kind: 'garbage'; text: string }
  | { kind: 'blank'; text: string };

const perText = (values: string[], pads: string[]) =>
  ['PER', ...values].map((v, i) => `${pads[i % pads.length]}${v}${pads[(i + 1) % pads.length]}`).join('|');

const bodyLine: fc.Arbitrary<BodyLine> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.tuple(validRow, fc.array(padding, { minLength: 1, maxLength: 5 })).map(([row, pads]) => ({
      kind: 'row' as const,
      text: perText(
        PER_FIELDS.map((f) => row[f]),
        pads,
      ),
      row,
    })),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(validRow, badField).map(([row, { field, value }]) => ({
      kind: 'invalidField' as const,
      text: perText(
        PER_FIELDS.map((f) => (f === field ? value : row[f])),
        [''],
      ),
      field,
    })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        validRow,
        fc.integer({ min: 0, max: 40 }).filter((n) => n !== PER_FIELDS.length),
      )
      .map(([row, n]) => {
        const values = PER_FIELDS.map((f) => row[f]);
        while (values.length < n) values.push('extra');
        return { kind: 'fieldCount' as const, text: perText(values.slice(0, n), ['']), found: n };
      }),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('ADR', 'XYZ', 'per', 'PERS', 'TRLR', 'HDRX', '#', '1'), freeText(30))
      .map(([type, rest]) => ({ kind: 'unknownType' as const, text: `${type}|${rest}` })),
  },
  {
    weight: 1,
    arbitrary: fc
      .string({ unit: fc.oneof(textUnit, fc.constant('|')), minLength: 1, maxLength: 80 })
      .filter((s) => s.trim() !== '' && !['HDR', 'TRL'].includes(s.split('|')[0].trim()))
      .map((text) => ({ kind: 'garbage' as const, text })),
  },
  { weight: 2, arbitrary: fc.constantFrom('', ' ', '\t', '   \t').map((text) => ({ kind: 'blank' as const, text })) },
);

interface FileShape {
  body: BodyLine[];
  bom: boolean;
  /** Per line, whether it ends in CRLF (mixed endings are still LF or CRLF). */
  crlf: boolean[];
  finalNewline: boolean;
  leadingBlanks: number;
}

const fileShape: fc.Arbitrary<FileShape> = fc.record({
  body: fc.array(bodyLine, { maxLength: 40 }),
  bom: fc.boolean(),
  crlf: fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
  finalNewline: fc.boolean(),
  leadingBlanks: fc.integer({ min: 0, max: 2 }),
});

const perCount = (body: BodyLine[]) => body.filter((l) => l.text.split('|')[0].trim() === 'PER').length;

/** The file's physical lines (without terminators), HDR first, TRL last. */
function physicalLines(shape: FileShape, trailer = `TRL|${perCount(shape.body)}`): string[] {
  return [...Array<string>(shape.leadingBlanks).fill(''), HDR, ...shape.body.map((l) => l.text), trailer];
}

function render(shape: FileShape, lines: string[]): string {
  const text = lines
    .map((line, i) => {
      const last = i === lines.length - 1;
      const eol = shape.crlf[i % shape.crlf.length] ? '\r\n' : '\n';
      return last && !shape.finalNewline ? line : line + eol;
    })
    .join('');
  return (shape.bom ? '\uFEFF' : '') + text;
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

async function collect(items: AsyncIterable<ExtractItem>): Promise<ExtractItem[]> {
  const out: ExtractItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}
const readText = (text: string, name = NAME) => collect(readExtractLines(name, text.split('\n')));

/** What holds of every read, whatever the input: one `end`, last, and counts that match the items yielded. */
function checkShape(items: ExtractItem[]): ExtractSummary {
  const ends = items.filter((i) => i.kind === 'end');
  assert.equal(ends.length, 1);
  assert.equal(items[items.length - 1].kind, 'end');
  const { summary } = ends[0] as Extract<ExtractItem, { kind: 'end' }>;
  assert.equal(items.filter((i) => i.kind === 'row').length, summary.rowsRead);
  assert.equal(items.filter((i) => i.kind === 'rowError').length, summary.rowErrors);
  assert.ok(items.filter((i) => i.kind === 'header').length <= 1);
  if (summary.status === 'ACCEPTED') {
    assert.equal(summary.rowsRead + summary.rowErrors, summary.dataLines);
    assert.equal(summary.reason, undefined);
  } else {
    assert.ok(summary.reasonCode && summary.reason);
  }
  return summary;
}

// ---------------------------------------------------------------------------------------------------------------
// Properties

describe('readExtractLines properties', () => {
  test('never throws on any content, and always ends with one consistent summary', async () => {
    const token = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.constantFrom('HDR', 'PER', 'TRL', '|', 'ESR_RMC', '1.0', 'EOE', '20261125', '00000001', '\uFEFF', '\r', ' '),
      fc.constantFrom(HDR, 'TRL|0', 'TRL|1', 'TRL|x'),
    );
    const line = fc.array(token, { maxLength: 12 }).map((t) => t.join(''));
    const name = fc.oneof(fc.constant(NAME), fc.string({ unit: 'binary', maxLength: 40 }));
    await fc.assert(
      fc.asyncProperty(name, fc.array(line, { maxLength: 30 }), async (file, lines) => {
        checkShape(await collect(readExtractLines(file, lines)));
      }),
      { numRuns: 2000 },
    );
  });

  test('a well-formed file is accepted, and every body line comes out, in order, as a row or a row error', async () => {
    await fc.assert(
      fc.asyncProperty(fileShape, async (shape) => {
        const items = await readText(render(shape, physicalLines(shape)));
        const summary = checkShape(items);
        assert.equal(summary.status, 'ACCEPTED', summary.reason);
        const nonBlank = shape.body
          .map((l, i) => ({ l, line: shape.leadingBlanks + 2 + i }))
          .filter(({ l }) => l.kind !== 'blank');
        assert.equal(summary.dataLines, nonBlank.length);
        assert.equal(summary.trailerCount, perCount(shape.body));
        const out = items.filter((i) => i.kind === 'row' || i.kind === 'rowError');
        assert.equal(out.length, nonBlank.length);
        nonBlank.forEach(({ l, line }, i) => {
          const item = out[i];
          const got = item.kind === 'row' ? item.ref.line : item.kind === 'rowError' ? item.error.line : -1;
          assert.equal(got, line);
          switch (l.kind) {
            case 'row':
              assert.ok(item.kind === 'row', item.kind === 'rowError' ? item.error.reason : '');
              assert.deepEqual(item.row, l.row);
              break;
            case 'invalidField':
              assert.ok(item.kind === 'rowError' && item.error.code === 'INVALID_FIELD');
              assert.equal(item.error.field, l.field);
              break;
            case 'fieldCount':
              assert.ok(item.kind === 'rowError' && item.error.code === 'FIELD_COUNT');
              assert.equal(item.error.reason, `expected 29 fields after PER, found ${l.found}`);
              break;
            case 'unknownType':
              assert.ok(item.kind === 'rowError' && item.error.code === 'UNKNOWN_RECORD_TYPE');
              break;
            case 'garbage':
              break;
          }
        });
      }),
      { numRuns: 1000 },
    );
  });

  test('a file that lost lines from its end is rejected', async () => {
    await fc.assert(
      fc.asyncProperty(fileShape, fc.nat(), async (shape, k) => {
        const lines = physicalLines(shape);
        // Drop the TRL and any number of lines before it.
        const kept = lines.slice(0, k % lines.length);
        const summary = checkShape(await readText(render(shape, kept)));
        assert.equal(summary.status, 'REJECTED');
        assert.ok(['MISSING_TRAILER', 'MISSING_HEADER'].includes(summary.reasonCode!), summary.reasonCode);
      }),
      { numRuns: 500 },
    );
  });

  test('a file cut at any byte before its TRL is complete is rejected', async () => {
    await fc.assert(
      fc.asyncProperty(fileShape, fc.nat(), async (shape, at) => {
        const full = render({ ...shape, finalNewline: false }, physicalLines(shape));
        const cut = full.slice(0, at % full.length);
        const summary = checkShape(await readText(cut));
        assert.equal(summary.status, 'REJECTED');
      }),
      { numRuns: 1000 },
    );
  });

  test('a file missing any one PER line, or with its TRL count altered, is rejected', async () => {
    const withPer = fileShape.filter((s) => perCount(s.body) > 0);
    await fc.assert(
      fc.asyncProperty(withPer, fc.nat(), fc.integer({ min: -5, max: 5 }), async (shape, pick, delta) => {
        const count = perCount(shape.body);
        const perIndexes = shape.body.flatMap((l, i) => (l.text.split('|')[0].trim() === 'PER' ? [i] : []));
        const dropped = perIndexes[pick % perIndexes.length];
        const body = shape.body.filter((_, i) => i !== dropped);
        const missing = await readText(render(shape, physicalLines({ ...shape, body }, `TRL|${count}`)));
        const s1 = checkShape(missing);
        assert.equal(s1.status, 'REJECTED');
        assert.equal(s1.reasonCode, 'TRAILER_COUNT_MISMATCH');

        const altered = Math.max(0, count + (delta === 0 ? 1 : delta));
        fc.pre(altered !== count);
        const s2 = checkShape(await readText(render(shape, physicalLines(shape, `TRL|${altered}`))));
        assert.equal(s2.status, 'REJECTED');
        assert.equal(s2.reasonCode, 'TRAILER_COUNT_MISMATCH');
      }),
      { numRuns: 500 },
    );
  });

  describe('from disk', () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-extract-prop-'));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    test('reading a file gives exactly what reading its lines gives (BOM, CRLF, final newline)', async () => {
      const full = path.join(dir, NAME);
      await fc.assert(
        fc.asyncProperty(fileShape, async (shape) => {
          const text = render(shape, physicalLines(shape));
          fs.writeFileSync(full, text, 'utf8');
          const fromDisk = await collect(readExtractFile(full));
          assert.deepEqual(fromDisk, await readText(text));
        }),
        { numRuns: 150 },
      );
    });
  });
});
