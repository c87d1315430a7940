import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RowError } from '../../src/extract/types';
import { toDayIndexHtml } from '../../src/reports/day-report-index';
import { isUnattributed, unattributedCsv } from '../../src/reports/unattributed-lines';

const FILE = 'DE_EOE_RMC_20261125_00000001.DAT';
const errors: RowError[] = [
  { file: FILE, line: 4, code: 'UNKNOWN_RECORD_TYPE', reason: 'the record type is not HDR, PER or TRL' },
  { file: FILE, line: 7, code: 'INVALID_FIELD', field: 'employingTrust', reason: 'employingTrust must be an ODS code' },
  { file: FILE, line: 9, code: 'FIELD_COUNT', reason: 'expected 29 fields after PER, found 3', trust: 'RGT' },
  { file: FILE, line: 11, code: 'UNKNOWN_RECORD_TYPE', reason: 'the record type is not HDR, PER or TRL', trust: 'RGT' },
];

test('lines without a readable trust, and every unknown record type, are unattributed', () => {
  assert.deepEqual(
    errors.filter(isUnattributed).map((e) => e.line),
    [4, 7, 11],
  );
  assert.deepEqual(unattributedCsv(errors.filter(isUnattributed)).trim().split('\n'), [
    'file,line,code,field,reason',
    `${FILE},4,UNKNOWN_RECORD_TYPE,,"the record type is not HDR, PER or TRL"`,
    `${FILE},7,INVALID_FIELD,employingTrust,employingTrust must be an ODS code`,
    `${FILE},11,UNKNOWN_RECORD_TYPE,,"the record type is not HDR, PER or TRL"`,
  ]);
});

test("the day's index links every trust's report and lists the unattributed lines", () => {
  const html = toDayIndexHtml({
    extractDate: '2026-11-25',
    files: [
      { name: FILE, status: 'APPLIED' },
      { name: 'NW', status: 'MISSING' },
    ],
    trusts: [
      { trust: 'RGT', rowsRead: 10, skipped: 2, findings: 1, rowErrors: 1, held: 1, conflicts: 0 },
      { trust: 'R1H', rowsRead: 3, skipped: 0, findings: 0, rowErrors: 0, held: 0, conflicts: 0 },
    ],
    unattributed: errors.filter(isUnattributed),
  });
  for (const href of [
    'RGT/2026-11-25.html',
    'RGT/2026-11-25.csv',
    'R1H/2026-11-25.html',
    'unattributed/2026-11-25.csv',
  ])
    assert.ok(html.includes(`href="${href}"`), href);
  assert.ok(html.indexOf('R1H/') < html.indexOf('RGT/'), 'trusts in order');
  assert.match(html, /<h2>Unattributed lines<\/h2>/);
  assert.match(html, /<td>INVALID_FIELD<\/td>/);
  assert.match(html, /<td>NW<\/td><td>MISSING<\/td>/);
});
