/** A lastUpdated later than the file's generation time (plus five minutes) is a finding for the trust, never a winner. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readExtractLines, type ExtractItem } from '../../src/extract/read-extract';
import { lastUpdatedAfterFile } from '../../src/rules/last-updated-skew';
import { baseRow, perLine } from '../support/per-line';

const NAME = 'DE_EOE_RMC_20261125_00000001.DAT';
const GENERATED = '2026-11-25T02:00:00+00:00';
const ref = { file: NAME, line: 2 };
const row = (lastUpdated: string, id = '1001') => ({ lastUpdated, employingTrust: 'RGT', esrPersonId: id });

test('up to five minutes after generation is clock skew; later, and 2099, is a finding naming the field only', () => {
  assert.equal(lastUpdatedAfterFile(ref, row('2026-11-25T02:04:59+00:00'), GENERATED), undefined);
  assert.equal(lastUpdatedAfterFile(ref, row('2026-11-25T03:04:00+01:00'), GENERATED), undefined, 'offsets count');
  assert.equal(lastUpdatedAfterFile(ref, row('2026-11-24T10:00:00+00:00'), GENERATED), undefined);
  for (const late of ['2026-11-25T02:05:01+00:00', '2099-01-01T00:00:00Z']) {
    const finding = lastUpdatedAfterFile(ref, row(late), GENERATED);
    assert.deepEqual(
      { ...finding, reason: undefined },
      {
        ...ref,
        code: 'LAST_UPDATED_AFTER_FILE',
        field: 'lastUpdated',
        trust: 'RGT',
        esrPersonId: '1001',
        reason: undefined,
      },
    );
    assert.ok(!finding?.reason.includes(late.slice(0, 4)), 'the value is not in the reason');
  }
});

test('the reader reports such a row as a row error, so it never reaches precedence', async () => {
  const items: ExtractItem[] = [];
  const lines = [
    `HDR|ESR_RMC|1.0|EOE|20261125|00000001|${GENERATED}`,
    perLine(baseRow({ esrPersonId: '1001', lastUpdated: '2099-06-01T00:00:00+00:00' })),
    perLine(baseRow({ esrPersonId: '1002', assignmentNumber: '10000002-1' })),
    'TRL|2',
  ];
  for await (const item of readExtractLines(NAME, lines)) items.push(item);
  const errors = items.flatMap((i) => (i.kind === 'rowError' ? [i.error] : []));
  const rows = items.flatMap((i) => (i.kind === 'row' ? [i.row.esrPersonId] : []));
  assert.deepEqual(
    errors.map((e) => [e.esrPersonId, e.code, e.line]),
    [['1001', 'LAST_UPDATED_AFTER_FILE', 2]],
  );
  assert.deepEqual(rows, ['1002']);
  const end = items.at(-1);
  assert.ok(end?.kind === 'end');
  assert.deepEqual([end.summary.rowsRead, end.summary.rowErrors], [1, 1]);
});
