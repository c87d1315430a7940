import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parsePerLine } from '../../src/extract/parse-per-line';
import {
  readExtractFile,
  readExtractLines,
  type ExtractItem,
  type ExtractSummary,
} from '../../src/extract/read-extract';
import { PER_FIELDS, type PerField, type PerRow, type RowError } from '../../src/extract/types';
import { baseRow, perLine } from '../support/per-line';

const NAME = 'DE_EOE_RMC_20261125_00000001.DAT';
const HDR = 'HDR|ESR_RMC|1.0|EOE|20261125|00000001|2026-11-25T02:00:00+00:00';
const row = (i: number, over: Partial<PerRow> = {}) =>
  baseRow({ esrPersonId: String(1000000 + i), assignmentNumber: `${10000000 + i}-1`, ...over });

async function collect(items: AsyncIterable<ExtractItem>): Promise<ExtractItem[]> {
  const out: ExtractItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Reads `text` as the reader would receive it from readline-less input: split on LF only, CRs left in place. */
const readText = (text: string, name = NAME) => collect(readExtractLines(name, text.split('\n')));
const readLines = (lines: string[], name = NAME) => collect(readExtractLines(name, lines));

function summaryOf(items: ExtractItem[]): ExtractSummary {
  const last = items[items.length - 1];
  assert.equal(last.kind, 'end', 'end is the last item');
  assert.equal(items.filter((i) => i.kind === 'end').length, 1, 'exactly one end');
  return (last as Extract<ExtractItem, { kind: 'end' }>).summary;
}
const rowsOf = (items: ExtractItem[]) =>
  items.flatMap((i) => (i.kind === 'row' ? [{ line: i.ref.line, row: i.row }] : []));
const errorsOf = (items: ExtractItem[]): RowError[] => items.flatMap((i) => (i.kind === 'rowError' ? [i.error] : []));

function assertAccepted(s: ExtractSummary) {
  assert.equal(s.status, 'ACCEPTED', s.reason);
  assert.equal(s.rowsRead + s.rowErrors, s.dataLines);
}
function assertRejected(s: ExtractSummary, code: string) {
  assert.equal(s.status, 'REJECTED');
  assert.equal(s.reasonCode, code, s.reason);
  assert.ok(s.reason && s.reason.length > 0);
}

describe('readExtractLines: a well-formed file', () => {
  test('yields the header, each row in order with its line, then an accepted summary', async () => {
    const items = await readLines([HDR, perLine(row(1)), perLine(row(2)), 'TRL|2']);
    assert.deepEqual(items[0], {
      kind: 'header',
      header: { localOffice: 'EOE', extractDate: '2026-11-25', seq: 1, generatedAt: '2026-11-25T02:00:00+00:00' },
    });
    assert.deepEqual(rowsOf(items), [
      { line: 2, row: row(1) },
      { line: 3, row: row(2) },
    ]);
    const s = summaryOf(items);
    assertAccepted(s);
    assert.deepEqual(s, {
      file: NAME,
      status: 'ACCEPTED',
      header: { localOffice: 'EOE', extractDate: '2026-11-25', seq: 1, generatedAt: '2026-11-25T02:00:00+00:00' },
      dataLines: 2,
      rowsRead: 2,
      rowErrors: 0,
      trailerCount: 2,
    });
  });

  test('an empty extract (HDR and TRL|0) is accepted', async () => {
    const s = summaryOf(await readLines([HDR, 'TRL|0']));
    assertAccepted(s);
    assert.equal(s.dataLines, 0);
  });

  test('strips a byte-order mark, CRs of CRLF, and accepts a last line without newline', async () => {
    const text = `\uFEFF${HDR}\r\n${perLine(row(1))}\r\n${perLine(row(2))}\r\nTRL|2`;
    const items = await readText(text);
    assertAccepted(summaryOf(items));
    assert.deepEqual(
      rowsOf(items).map((r) => r.row),
      [row(1), row(2)],
    );
    assert.equal(rowsOf(items)[1].row.lastUpdated, '2026-11-24T10:00:00+00:00', 'no CR left on the last field');
  });

  test('ignores blank and whitespace-only lines anywhere, without counting them; lines stay physical', async () => {
    const text = ['', '  ', HDR, '', perLine(row(1)), ' \t ', '\r', perLine(row(2)), 'TRL|2', '', '   ', ''].join('\n');
    const items = await readText(text);
    const s = summaryOf(items);
    assertAccepted(s);
    assert.equal(s.dataLines, 2);
    assert.deepEqual(
      rowsOf(items).map((r) => r.line),
      [5, 8],
    );
  });

  test('trims spaces around every field, in HDR, PER and TRL', async () => {
    const spaced = ['PER', ...PER_FIELDS.map((f) => `  ${row(1)[f]} `)].join('|');
    const hdr = ' HDR | ESR_RMC | 1.0 | EOE | 20261125 | 00000001 | 2026-11-25T02:00:00+00:00 ';
    const items = await readLines([hdr, `  ${spaced}`, ' TRL |  1 ']);
    assertAccepted(summaryOf(items));
    assert.deepEqual(rowsOf(items)[0].row, row(1));
  });

  test('keeps empty fields as empty strings', async () => {
    const empty = row(1, { assignmentEnd: '', deaneryPostNumber: '', gmcNumber: '', email: '', postcode: '' });
    const items = await readLines([HDR, perLine(empty), 'TRL|1']);
    assertAccepted(summaryOf(items));
    assert.deepEqual(rowsOf(items)[0].row, empty);
  });

  test('does not validate personal fields (that is src/validation’s job)', async () => {
    const odd = row(1, { nino: 'not a nino', postcode: '???', dateOfBirth: '1995-02-30', gender: 'Q', email: 'x' });
    const items = await readLines([HDR, perLine(odd), 'TRL|1']);
    assertAccepted(summaryOf(items));
    assert.deepEqual(rowsOf(items)[0].row, odd);
  });
});

describe('readExtractLines: row errors', () => {
  test('a PER line with 28 or 30 fields is a FIELD_COUNT error, counted by the TRL, the file still accepted', async () => {
    const fields = PER_FIELDS.map((f) => row(1)[f]);
    const short = ['PER', ...fields.slice(0, 28)].join('|');
    const long = ['PER', ...fields, 'extra'].join('|');
    const items = await readLines([HDR, short, perLine(row(2)), long, 'TRL|3']);
    const s = summaryOf(items);
    assertAccepted(s);
    assert.equal(s.rowsRead, 1);
    assert.equal(s.rowErrors, 2);
    const errors = errorsOf(items);
    assert.deepEqual(
      errors.map((e) => [e.line, e.code, e.reason]),
      [
        [2, 'FIELD_COUNT', 'expected 29 fields after PER, found 28'],
        [4, 'FIELD_COUNT', 'expected 29 fields after PER, found 30'],
      ],
    );
    assert.equal(errors[0].trust, 'RGT');
    assert.equal(errors[0].esrPersonId, '1000001');
    assert.equal(errors[0].file, NAME);
  });

  test('a bare PER is a FIELD_COUNT error with no trust or person', async () => {
    const items = await readLines([HDR, 'PER', 'TRL|1']);
    assertAccepted(summaryOf(items));
    const [error] = errorsOf(items);
    assert.equal(error.reason, 'expected 29 fields after PER, found 0');
    assert.equal(error.trust, undefined);
    assert.equal(error.esrPersonId, undefined);
  });

  test('an unknown record type is an UNKNOWN_RECORD_TYPE error, not counted by the TRL', async () => {
    const items = await readLines([HDR, perLine(row(1)), 'XYZ|a|b', 'per|lower-case', perLine(row(2)), 'TRL|2']);
    const s = summaryOf(items);
    assertAccepted(s);
    assert.equal(s.dataLines, 4);
    assert.deepEqual(
      errorsOf(items).map((e) => [e.line, e.code]),
      [
        [3, 'UNKNOWN_RECORD_TYPE'],
        [4, 'UNKNOWN_RECORD_TYPE'],
      ],
    );
  });

  test('a row error carries the line as received, for quarantine', async () => {
    const bad = perLine(row(1, { employerRole: 'GUEST' }));
    const items = await readText(`${HDR}\r\n${bad}\r\nTRL|1\r\n`);
    const item = items.find((i) => i.kind === 'rowError');
    assert.ok(item && item.kind === 'rowError');
    assert.equal(item.text, bad);
  });

  test('an INVALID_FIELD row is counted by the TRL, the rest of the file read', async () => {
    const items = await readLines([HDR, perLine(row(1, { esrPersonId: 'ABC' })), perLine(row(2)), 'TRL|2']);
    const s = summaryOf(items);
    assertAccepted(s);
    assert.equal(s.rowsRead, 1);
    assert.equal(s.rowErrors, 1);
    const [error] = errorsOf(items);
    assert.equal(error.code, 'INVALID_FIELD');
    assert.equal(error.field, 'esrPersonId');
    assert.equal(error.trust, 'RGT');
    assert.equal(error.esrPersonId, undefined);
  });
});

describe('readExtractLines: rejected files', () => {
  const reject = async (lines: string[], code: string, name = NAME) => {
    const s = summaryOf(await readLines(lines, name));
    assertRejected(s, code);
    return s;
  };

  test('a TRL count below the PER lines read (padded) or above them (truncated) rejects the file', async () => {
    const s = await reject([HDR, perLine(row(1)), perLine(row(2)), 'TRL|3'], 'TRAILER_COUNT_MISMATCH');
    assert.equal(s.trailerCount, 3);
    assert.equal(s.rejectedAtLine, 4);
    assert.match(s.reason!, /TRL says 3 PER lines, the file has 2/);
    await reject([HDR, perLine(row(1)), perLine(row(2)), 'TRL|1'], 'TRAILER_COUNT_MISMATCH');
  });

  test('rows are still yielded before the rejection is found (consumers stage them)', async () => {
    const items = await readLines([HDR, perLine(row(1)), 'TRL|5']);
    assert.equal(rowsOf(items).length, 1);
    assertRejected(summaryOf(items), 'TRAILER_COUNT_MISMATCH');
  });

  test('a file cut off before its TRL is MISSING_TRAILER', async () => {
    await reject([HDR, perLine(row(1))], 'MISSING_TRAILER');
    await reject([HDR], 'MISSING_TRAILER');
    // Cut mid-line: the last PER is short, then nothing.
    await reject([HDR, perLine(row(1)), perLine(row(2)).slice(0, 40)], 'MISSING_TRAILER');
  });

  test('a record after the TRL is DATA_AFTER_TRAILER', async () => {
    await reject([HDR, perLine(row(1)), 'TRL|1', perLine(row(2))], 'DATA_AFTER_TRAILER');
    await reject([HDR, 'TRL|0', 'TRL|0'], 'DATA_AFTER_TRAILER');
  });

  test('a second HDR is DUPLICATE_HEADER', async () => {
    await reject([HDR, perLine(row(1)), HDR, 'TRL|1'], 'DUPLICATE_HEADER');
  });

  test('a TRL that is not TRL|<count> is BAD_TRAILER', async () => {
    for (const trl of ['TRL', 'TRL|', 'TRL|one', 'TRL|1|2', 'TRL|-1', 'TRL|1.0']) {
      await reject([HDR, perLine(row(1)), trl], 'BAD_TRAILER');
    }
  });

  test('no HDR, or HDR not first, is MISSING_HEADER', async () => {
    await reject([], 'MISSING_HEADER');
    await reject(['', '  '], 'MISSING_HEADER');
    await reject([perLine(row(1)), HDR, 'TRL|1'], 'MISSING_HEADER');
    await reject(['TRL|0'], 'MISSING_HEADER');
  });

  test('an HDR that is not format 1.0 is BAD_HEADER, naming what is wrong', async () => {
    const cases: [string, RegExp][] = [
      ['HDR|ESR_RMC|1.0|EOE|20261125|00000001', /6/],
      ['HDR|ESR_RMC|1.0|EOE|20261125|00000001|2026-11-25T02:00:00+00:00|x', /6/],
      ['HDR|ESR_XXX|1.0|EOE|20261125|00000001|2026-11-25T02:00:00+00:00', /interface/],
      ['HDR|ESR_RMC|2.0|EOE|20261125|00000001|2026-11-25T02:00:00+00:00', /version/],
      ['HDR|ESR_RMC|1.0|ZZZ|20261125|00000001|2026-11-25T02:00:00+00:00', /office/],
      ['HDR|ESR_RMC|1.0|EOE|2026-11-25|00000001|2026-11-25T02:00:00+00:00', /date/],
      ['HDR|ESR_RMC|1.0|EOE|20260230|00000001|2026-02-30T02:00:00+00:00', /date/],
      ['HDR|ESR_RMC|1.0|EOE|20261125|1|2026-11-25T02:00:00+00:00', /sequence/],
      ['HDR|ESR_RMC|1.0|EOE|20261125|00000001|2026-11-25T02:00:00', /generated-at/],
      ['HDR|ESR_RMC|1.0|EOE|20261125|00000001|yesterday', /generated-at/],
    ];
    for (const [hdr, why] of cases) {
      const s = await reject([hdr, 'TRL|0'], 'BAD_HEADER');
      assert.match(s.reason!, why, hdr);
      assert.equal(s.rejectedAtLine, 1);
    }
  });

  test('an HDR whose office, date or sequence differs from the file name is HEADER_MISMATCH', async () => {
    for (const hdr of [
      'HDR|ESR_RMC|1.0|KSS|20261125|00000001|2026-11-25T02:00:00+00:00',
      'HDR|ESR_RMC|1.0|EOE|20261124|00000001|2026-11-25T02:00:00+00:00',
      'HDR|ESR_RMC|1.0|EOE|20261125|00000002|2026-11-25T02:00:00+00:00',
    ]) {
      const s = await reject([hdr, 'TRL|0'], 'HEADER_MISMATCH');
      // The HDR as read is kept, so an operator can see what the file claims to be.
      assert.equal(s.header?.generatedAt, '2026-11-25T02:00:00+00:00');
      assert.equal(s.rejectedAtLine, 1);
    }
  });

  test('a file name that is not ESR’s is BAD_FILE_NAME, before reading any line', async () => {
    for (const name of ['DE_EOE_RMC_20260230_00000001.DAT', 'DE_XX_RMC_20261125_00000001.DAT', 'extract.csv']) {
      const items = await readLines([HDR, 'TRL|0'], name);
      assert.equal(items.length, 1);
      const s = summaryOf(items);
      assertRejected(s, 'BAD_FILE_NAME');
      assert.equal(s.file, name);
      assert.equal(s.dataLines, 0);
    }
  });

  test('a rejection reason never quotes a field value', async () => {
    const secret = 'QQ123456C';
    const s = summaryOf(await readLines([HDR, perLine(row(1, { nino: secret })), `TRL|${secret}`]));
    assertRejected(s, 'BAD_TRAILER');
    assert.ok(!JSON.stringify(s).includes(secret));
  });
});

describe('parsePerLine: structural fields', () => {
  const ref = { file: NAME, line: 7 };
  const parse = (over: Partial<PerRow>) =>
    parsePerLine(
      ref,
      PER_FIELDS.map((f) => row(1, over)[f]),
    );

  const good: [PerField, string][] = [
    ['employingTrust', 'R1H'],
    ['employingTrust', 'RGT01'],
    ['esrPersonId', '1'],
    ['esrPersonId', '1234567890'],
    ['assignmentNumber', '12345678-2'],
    ['assignmentNumber', '1-12'],
    ['employerRole', 'HOST'],
    ['assignmentStatus', 'SUSPENDED'],
    ['assignmentStatus', 'TERMINATED'],
    ['assignmentStart', '2028-02-29'],
    ['assignmentEnd', ''],
    ['assignmentEnd', '2027-12-31'],
    ['positionNumber', ''],
    ['positionNumber', 'x'.repeat(30)],
    ['positionNumber', 'é'.repeat(30)],
    ['deaneryPostNumber', ''],
    ['deaneryPostNumber', 'EOE/RGT00/IMT/CT1/001'],
    ['deaneryPostNumber', 'WLS/7A1/GPVTS/ST3/999'],
    ['deaneryPostNumber', 'NE/RTD/ANAES/ST4/010'],
    ['lastUpdated', '2026-11-24T10:00:00Z'],
    ['lastUpdated', '2026-11-24T10:00:00.123+01:00'],
    ['lastUpdated', '2026-11-24T10:00:00-05:00'],
  ];
  for (const [field, value] of good) {
    test(`${field} ${JSON.stringify(value)} passes`, () => {
      const parsed = parse({ [field]: value });
      assert.ok(parsed.ok, !parsed.ok ? parsed.error.reason : '');
      assert.equal(parsed.row[field], value);
      assert.deepEqual(parsed.ref, ref);
    });
  }

  const bad: [PerField, string][] = [
    ['employingTrust', ''],
    ['employingTrust', 'RG'],
    ['employingTrust', 'RGT001'],
    ['employingTrust', 'rgt'],
    ['employingTrust', 'R-T'],
    ['esrPersonId', ''],
    ['esrPersonId', '12345678901'],
    ['esrPersonId', '12a'],
    ['esrPersonId', '-1'],
    ['assignmentNumber', '12345678'],
    ['assignmentNumber', '12345678-123'],
    ['assignmentNumber', '-1'],
    ['assignmentNumber', '1234A-1'],
    ['employerRole', 'lead'],
    ['employerRole', ''],
    ['assignmentStatus', 'ACTIVE_PROCESS'],
    ['assignmentStatus', ''],
    ['assignmentStart', ''],
    ['assignmentStart', '2026-02-30'],
    ['assignmentStart', '2027-02-29'],
    ['assignmentStart', '2026-13-01'],
    ['assignmentStart', '26-08-05'],
    ['assignmentStart', '2026/08/05'],
    ['assignmentStart', '20260805'],
    ['assignmentEnd', '2026-04-31'],
    ['assignmentEnd', 'never'],
    ['positionNumber', 'x'.repeat(31)],
    ['deaneryPostNumber', 'XX/RGT00/IMT/CT1/001'],
    ['deaneryPostNumber', 'eoe/RGT00/IMT/CT1/001'],
    ['deaneryPostNumber', 'EOE/rgt00/IMT/CT1/001'],
    ['deaneryPostNumber', 'EOE/RGT00/IMT/CT1'],
    ['deaneryPostNumber', 'EOE/RGT00/IMT/CT1/01'],
    ['deaneryPostNumber', 'EOE/RGT00/IMT/CT1/0001'],
    ['deaneryPostNumber', 'EOE/RGT00/IMT/CT1/001/2'],
    ['deaneryPostNumber', 'EOE/RGT00//CT1/001'],
    ['deaneryPostNumber', 'EOE/RGT 00/IMT/CT1/001'],
    ['deaneryPostNumber', 'EOE-RGT00-IMT-CT1-001'],
    ['lastUpdated', ''],
    ['lastUpdated', '2026-11-24'],
    ['lastUpdated', '2026-11-24T10:00:00'],
    ['lastUpdated', '2026-11-24 10:00:00+00:00'],
    ['lastUpdated', '2026-02-30T10:00:00Z'],
    ['lastUpdated', '2026-11-24T25:00:00Z'],
    ['lastUpdated', 'Tue, 24 Nov 2026 10:00:00 GMT'],
  ];
  for (const [field, value] of bad) {
    test(`${field} ${JSON.stringify(value)} is INVALID_FIELD naming the field and rule, not the value`, () => {
      const parsed = parse({ [field]: value });
      assert.ok(!parsed.ok);
      const { error } = parsed;
      assert.equal(error.code, 'INVALID_FIELD');
      assert.equal(error.field, field);
      assert.equal(error.file, NAME);
      assert.equal(error.line, 7);
      assert.match(error.reason, new RegExp(`^${field} must be `));
      if (value.length >= 2) assert.ok(!error.reason.includes(value), error.reason);
    });
  }

  test('reports the leftmost failing field', () => {
    const parsed = parse({ employerRole: 'X', lastUpdated: 'X' });
    assert.ok(!parsed.ok && parsed.error.field === 'employerRole');
  });

  test('trims every field', () => {
    const parsed = parsePerLine(
      ref,
      PER_FIELDS.map((f) => ` \t${row(1)[f]}  `),
    );
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.row, row(1));
  });
});

describe('readExtractFile', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-extract-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: string | Buffer) => {
    const full = path.join(dir, name);
    fs.writeFileSync(full, content);
    return full;
  };

  test('reads a UTF-8 file with BOM, CRLF and no final newline; the summary names the base name', async () => {
    const surname = 'Ó Súilleabháin-Zoë';
    const text = `\uFEFF${HDR}\r\n${perLine(row(1, { surname }))}\r\n\r\n${perLine(row(2))}\r\nTRL|2`;
    const items = await collect(readExtractFile(write(NAME, Buffer.from(text, 'utf8'))));
    const s = summaryOf(items);
    assertAccepted(s);
    assert.equal(s.file, NAME);
    assert.deepEqual(
      rowsOf(items).map((r) => [r.line, r.row]),
      [
        [2, row(1, { surname })],
        [4, row(2)],
      ],
    );
  });

  test('reads LF files with a final newline', async () => {
    const name = 'DE_KSS_RMC_20261125_00000002.DAT';
    const hdr = 'HDR|ESR_RMC|1.0|KSS|20261125|00000002|2026-11-25T02:00:00Z';
    const lines = Array.from({ length: 50 }, (_, i) => perLine(row(i)));
    const items = await collect(readExtractFile(write(name, [hdr, ...lines, 'TRL|50', ''].join('\n'))));
    const s = summaryOf(items);
    assertAccepted(s);
    assert.equal(s.rowsRead, 50);
  });

  test('rejects a truncated file on disk', async () => {
    const name = 'DE_EOE_RMC_20261125_00000003.DAT';
    const hdr = 'HDR|ESR_RMC|1.0|EOE|20261125|00000003|2026-11-25T02:00:00Z';
    const whole = [hdr, perLine(row(1)), perLine(row(2)), 'TRL|2', ''].join('\n');
    const items = await collect(readExtractFile(write(name, whole.slice(0, whole.indexOf('TRL') - 20))));
    assertRejected(summaryOf(items), 'MISSING_TRAILER');
  });

  test('a bad file name is rejected without opening the file', async () => {
    const items = await collect(readExtractFile(path.join(dir, 'no-such-dir', 'extract.csv')));
    assertRejected(summaryOf(items), 'BAD_FILE_NAME');
  });

  test('a missing file is an I/O error, thrown', async () => {
    await assert.rejects(collect(readExtractFile(path.join(dir, 'DE_EOE_RMC_20261125_00000009.DAT'))), {
      code: 'ENOENT',
    });
  });

  test('a consumer may stop early', async () => {
    const name = 'DE_EOE_RMC_20261125_00000004.DAT';
    const hdr = 'HDR|ESR_RMC|1.0|EOE|20261125|00000004|2026-11-25T02:00:00Z';
    const full = write(name, [hdr, perLine(row(1)), perLine(row(2)), 'TRL|2'].join('\n'));
    for await (const item of readExtractFile(full)) {
      if (item.kind === 'row') break;
    }
    // The file can be removed afterwards (on every OS, only if it was closed).
    fs.rmSync(full);
  });
});
