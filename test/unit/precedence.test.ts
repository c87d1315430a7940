import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  orderExtractFiles,
  compareRowPrecedence,
  instantOf,
  pickWinningRow,
  type RowProvenance,
} from '../../src/rules/precedence';

const row = (overrides: Partial<RowProvenance> & { id?: string }) => ({
  id: '',
  file: 'DE_EOE_RMC_20261125_00000001.DAT',
  fileOrder: 0,
  line: 2,
  lastUpdated: '2026-11-24T12:00:00Z',
  ...overrides,
});

describe('pickWinningRow', () => {
  test('the latest lastUpdated wins, compared as instants across offsets', () => {
    // As text 10:30+01:00 sorts after 09:45Z, but it is 09:30Z: fifteen minutes earlier.
    const bst = row({ id: 'bst', lastUpdated: '2026-06-24T10:30:00+01:00', fileOrder: 1, line: 9 });
    const utc = row({ id: 'utc', lastUpdated: '2026-06-24T09:45:00Z' });
    assert.equal(pickWinningRow([bst, utc])?.id, 'utc');
    assert.equal(pickWinningRow([utc, bst])?.id, 'utc');
    const plus = row({ id: 'plus', lastUpdated: '2026-06-24T11:00:00+02:00' });
    const minus = row({ id: 'minus', lastUpdated: '2026-06-24T04:00:01-05:00' });
    assert.equal(pickWinningRow([minus, plus])?.id, 'minus');
  });

  test('equal instants written with different offsets tie, and the later file wins', () => {
    const first = row({ id: 'first', lastUpdated: '2026-06-24T10:00:00+01:00', fileOrder: 0, line: 50 });
    const second = row({ id: 'second', lastUpdated: '2026-06-24T09:00:00Z', fileOrder: 1, line: 2 });
    assert.equal(pickWinningRow([second, first])?.id, 'second');
    assert.equal(pickWinningRow([first, second])?.id, 'second');
  });

  test('a tie in the same file goes to the later line', () => {
    const early = row({ id: 'early', line: 3 });
    const late = row({ id: 'late', line: 4 });
    assert.equal(pickWinningRow([late, early])?.id, 'late');
    assert.equal(pickWinningRow([early, late])?.id, 'late');
  });

  test('a later lastUpdated beats a later file and line', () => {
    const newer = row({ id: 'newer', lastUpdated: '2026-11-24T12:00:01Z', fileOrder: 0, line: 2 });
    const later = row({ id: 'later', lastUpdated: '2026-11-24T12:00:00Z', fileOrder: 3, line: 99 });
    assert.equal(pickWinningRow([later, newer])?.id, 'newer');
  });

  test('a timestamp that is not ISO with an offset never wins', () => {
    const garbled = row({ id: 'garbled', lastUpdated: 'yesterday', fileOrder: 5 });
    const local = row({ id: 'local', lastUpdated: '2026-11-24T23:00:00', fileOrder: 4 });
    const good = row({ id: 'good', lastUpdated: '2020-01-01T00:00:00Z' });
    assert.equal(pickWinningRow([garbled, local, good])?.id, 'good');
    assert.equal(instantOf('yesterday'), Number.NEGATIVE_INFINITY);
  });

  test('no rows, no winner', () => {
    assert.equal(pickWinningRow([]), undefined);
  });
});

describe('compareRowPrecedence', () => {
  test('sorting ascending puts the winner last', () => {
    const rows = [
      row({ id: 'c', lastUpdated: '2026-11-24T13:00:00+01:00', fileOrder: 1, line: 1 }),
      row({ id: 'd', lastUpdated: '2026-11-24T13:00:00Z' }),
      row({ id: 'a', lastUpdated: '2026-11-24T12:00:00Z', line: 5 }),
      row({ id: 'b', lastUpdated: '2026-11-24T12:00:00Z', fileOrder: 1, line: 2 }),
    ];
    assert.deepEqual(
      [...rows].sort(compareRowPrecedence).map((r) => r.id),
      ['a', 'c', 'b', 'd'],
    );
    assert.equal(compareRowPrecedence(rows[0], rows[0]), 0);
  });
});

describe('orderExtractFiles', () => {
  const file = (name: string, extractDate: string, seq: number, generatedAt: string) => ({
    file: name,
    extractDate,
    seq,
    generatedAt,
  });
  const order = (files: ReturnType<typeof file>[]) => orderExtractFiles(files).map((f) => f.file);

  test('orders by extract date, then generation instant, then SEQ, then name', () => {
    const files = [
      file('DE_KSS_RMC_20261125_00000001.DAT', '2026-11-25', 1, '2026-11-25T06:00:00+00:00'),
      file('DE_EOE_RMC_20261125_00000002.DAT', '2026-11-25', 2, '2026-11-25T07:30:00+01:00'),
      file('DE_EOE_RMC_20261124_00000009.DAT', '2026-11-24', 9, '2026-11-25T23:00:00Z'),
      file('DE_EOE_RMC_20261125_00000001.DAT', '2026-11-25', 1, '2026-11-25T05:00:00Z'),
      file('DE_NW_RMC_20261125_00000001.DAT', '2026-11-25', 1, '2026-11-25T06:00:00Z'),
    ];
    assert.deepEqual(order(files), [
      'DE_EOE_RMC_20261124_00000009.DAT',
      'DE_EOE_RMC_20261125_00000001.DAT',
      // 07:30+01:00 is 06:30Z, after the two files generated at 06:00Z.
      'DE_KSS_RMC_20261125_00000001.DAT',
      'DE_NW_RMC_20261125_00000001.DAT',
      'DE_EOE_RMC_20261125_00000002.DAT',
    ]);
  });

  test('SEQ settles files generated in the same instant', () => {
    const a = file('DE_EOE_RMC_20261125_00000002.DAT', '2026-11-25', 2, '2026-11-25T06:00:00Z');
    const b = file('DE_EOE_RMC_20261125_00000001.DAT', '2026-11-25', 1, '2026-11-25T07:00:00+01:00');
    assert.deepEqual(order([a, b]), [b.file, a.file]);
  });

  test('a higher SEQ of one office and date comes after a lower one, whatever the generation times', () => {
    const seq1 = file('DE_EOE_RMC_20261125_00000001.DAT', '2026-11-25', 1, '2026-11-25T07:00:00Z');
    const seq2 = file('DE_EOE_RMC_20261125_00000002.DAT', '2026-11-25', 2, '2026-11-25T05:00:00Z');
    const kss = file('DE_KSS_RMC_20261125_00000001.DAT', '2026-11-25', 1, '2026-11-25T06:00:00Z');
    assert.deepEqual(order([seq2, kss, seq1]), [kss.file, seq1.file, seq2.file]);
    assert.deepEqual(order([seq1, seq2]), [seq1.file, seq2.file]);
    // So a tie on lastUpdated between their rows goes to SEQ 2's.
    const fileOrder = new Map(order([seq2, seq1]).map((f, i) => [f, i]));
    const row = (f: typeof seq1, line: number) => ({
      file: f.file,
      fileOrder: fileOrder.get(f.file)!,
      line,
      lastUpdated: '2026-11-24T10:00:00+00:00',
    });
    assert.equal(pickWinningRow([row(seq2, 2), row(seq1, 5)])?.file, seq2.file);
  });

  test('the order does not depend on the order given', () => {
    const files = [
      file('DE_EOE_RMC_20261125_00000003.DAT', '2026-11-25', 3, '2026-11-25T04:00:00Z'),
      file('DE_EOE_RMC_20261125_00000001.DAT', '2026-11-25', 1, '2026-11-25T08:00:00Z'),
      file('DE_KSS_RMC_20261125_00000001.DAT', '2026-11-25', 1, '2026-11-25T07:00:00Z'),
      file('DE_EOE_RMC_20261125_00000002.DAT', '2026-11-25', 2, '2026-11-25T06:00:00Z'),
      file('DE_NW_RMC_20261125_00000002.DAT', '2026-11-25', 2, '2026-11-25T09:00:00Z'),
    ];
    const expected = order(files);
    for (let i = 1; i < files.length; i++) {
      const rotated = [...files.slice(i), ...files.slice(0, i)];
      assert.deepEqual(order(rotated), expected);
      assert.deepEqual(order(rotated.reverse()), expected);
    }
    assert.deepEqual(
      expected.filter((f) => f.startsWith('DE_EOE')),
      ['DE_EOE_RMC_20261125_00000001.DAT', 'DE_EOE_RMC_20261125_00000002.DAT', 'DE_EOE_RMC_20261125_00000003.DAT'],
    );
  });
});
