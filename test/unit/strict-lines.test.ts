import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readExtractLines, type ExtractItem, type ExtractSummary } from '../../src/extract/read-extract';
import { strictLines } from '../../src/extract/strict-lines';
import type { RowError } from '../../src/extract/types';
import { baseRow, extractText, perLine } from '../support/per-line';

const NAME = 'DE_EOE_RMC_20261125_00000001.DAT';
const DATE = '2026-11-25';

/** Feeds the bytes in chunks of `size`, so lines and multi-byte characters straddle chunk boundaries. */
async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function read(bytes: Buffer, chunk = 7, cap?: number): Promise<ExtractItem[]> {
  const out: ExtractItem[] = [];
  for await (const item of readExtractLines(NAME, strictLines(NAME, chunked(bytes, chunk), cap))) out.push(item);
  return out;
}
const summaryOf = (items: ExtractItem[]): ExtractSummary =>
  (items.at(-1) as Extract<ExtractItem, { kind: 'end' }>).summary;
const errorsOf = (items: ExtractItem[]): RowError[] => items.flatMap((i) => (i.kind === 'rowError' ? [i.error] : []));

describe('strict lines', () => {
  test('lines and multi-byte characters split across chunks come out whole', async () => {
    const text = extractText({
      office: 'EOE',
      date: DATE,
      lines: [perLine(baseRow({ surname: 'Łódź-Ñúñez' })), perLine(baseRow({ forenames: '中文 😀' }))],
    });
    for (const size of [1, 3, 64, 100_000]) {
      const items = await read(Buffer.from(text, 'utf8'), size);
      assert.equal(summaryOf(items).status, 'ACCEPTED', `chunks of ${size}`);
      const rows = items.flatMap((i) => (i.kind === 'row' ? [i.row] : []));
      assert.deepEqual(
        rows.map((r) => [r.surname, r.forenames]),
        [
          ['Łódź-Ñúñez', 'Alex'],
          ['Example', '中文 😀'],
        ],
      );
    }
  });

  test('bytes that are not UTF-8 reject the whole file as BAD_ENCODING, naming the line', async () => {
    const text = extractText({ office: 'EOE', date: DATE, lines: [perLine(baseRow()), perLine(baseRow())] });
    const bytes = Buffer.from(text, 'utf8');
    const at = bytes.indexOf('Example', bytes.indexOf('\nPER|') + 1);
    bytes[at] = 0xe9; // Latin-1 é where UTF-8 was due
    const summary = summaryOf(await read(bytes));
    assert.deepEqual([summary.status, summary.reasonCode, summary.rejectedAtLine], ['REJECTED', 'BAD_ENCODING', 2]);
    assert.doesNotMatch(summary.reason ?? '', /Example/);
  });

  test('a line over the cap is a row error, never held in memory, and still counts towards the TRL', async () => {
    const huge = `PER|${'x'.repeat(300_000)}`;
    const text = extractText({ office: 'EOE', date: DATE, lines: [perLine(baseRow()), huge, perLine(baseRow())] });
    const items = await read(Buffer.from(text, 'utf8'), 4096, 1024);
    const summary = summaryOf(items);
    assert.equal(summary.status, 'ACCEPTED', summary.reason);
    assert.deepEqual(
      errorsOf(items).map((e) => [e.line, e.code]),
      [[3, 'LINE_TOO_LONG']],
    );
    assert.equal(summary.rowsRead, 2);
    const tooLong = items.find((i) => i.kind === 'rowError');
    assert.equal(tooLong?.kind === 'rowError' ? tooLong.text : undefined, '', 'nothing of the line is kept');
  });

  test('control and bidirectional characters are refused in every field, naming the field', async () => {
    const lines = [
      perLine(baseRow({ surname: 'Exa\u202Emple' })),
      perLine(baseRow({ email: 'a\u0000b@nhs.example' })),
      perLine(baseRow({ addressLine1: '1 Test\u2066 Street' })),
      perLine(baseRow({ town: 'Cam\u0085bridge' })),
      perLine(baseRow({ forenames: ' Alex\t' })), // padding, trimmed as ever: allowed
    ];
    const items = await read(Buffer.from(extractText({ office: 'EOE', date: DATE, lines }), 'utf8'));
    assert.equal(summaryOf(items).status, 'ACCEPTED');
    assert.deepEqual(
      errorsOf(items).map((e) => [e.line, e.code, e.field]),
      [
        [2, 'FORBIDDEN_CHARACTER', 'surname'],
        [3, 'FORBIDDEN_CHARACTER', 'email'],
        [4, 'FORBIDDEN_CHARACTER', 'addressLine1'],
        [5, 'FORBIDDEN_CHARACTER', 'town'],
      ],
    );
    for (const e of errorsOf(items)) assert.doesNotMatch(e.reason, /Exa|nhs|Street|bridge/);
    assert.equal(summaryOf(items).rowsRead, 1);
  });
});
