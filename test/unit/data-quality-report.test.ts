import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PerRow } from '../../src/extract/types';
import { dataQualityProblems, toCsv, toHtml, type DataQualityReportInput } from '../../src/reports/data-quality-report';
import { FIELD_RULE_EXPLANATIONS } from '../../src/reports/report-explanations';
import { FIELD_RULES } from '../../src/validation/field-result';
import { validatePersonFields } from '../../src/validation/validate-person';
import { perRow } from './support/per-row';

const FILE_1 = 'DE_EOE_RMC_20261125_00000001.DAT';
const FILE_2 = 'DE_EOE_RMC_20261125_00000002.DAT';

/** A row whose every personal field is distinctive and broken, so a leak of any value is detectable. */
const badRow: PerRow = perRow({
  esrPersonId: '5550001',
  nino: 'QQ123456C',
  dateOfBirth: '1901-02-03',
  homePhone: '0207 12',
  mobilePhone: '+1 415 555 2671 99999',
  email: 'anna.oneil at nhs.net',
  addressLine1: `${'Marigold Cottage '.repeat(4)}`,
  postcode: 'ZZ99 ZZZ9',
  title: 'Sir',
});
/** A row with valid values, so they would be stored; they must not reach the report either. */
const goodRow: PerRow = perRow({ esrPersonId: '5550002', nino: 'CE 98 76 54 D', mobilePhone: '07700 900987' });

function input(): DataQualityReportInput {
  const bad = validatePersonFields(badRow, { file: FILE_2, line: 4, extractDate: '2026-11-25' });
  const good = validatePersonFields(goodRow, { file: FILE_1, line: 9, extractDate: '2026-11-25' });
  return {
    trust: 'RGT',
    extractDate: '2026-11-25',
    files: [FILE_1, FILE_2],
    rowsRead: 12,
    eligible: 7,
    skipped: { HOST_RECORD: 2, NO_DPN: 1, OUT_OF_DATE: 0 },
    rowErrors: [
      {
        file: FILE_1,
        line: 3,
        code: 'FIELD_COUNT',
        reason: 'expected 30 fields, found 28',
        trust: 'RGT',
        esrPersonId: '5550003',
      },
      { file: FILE_2, line: 4, code: 'UNKNOWN_RECORD_TYPE', reason: 'record type XYZ is not HDR, PER or TRL' },
    ],
    findings: [...bad.findings, ...good.findings],
    held: [{ esrPersonId: '5550004', reason: 'AMBIGUOUS_MATCH' }],
  };
}

describe('data-quality report', () => {
  test('the input row really did produce findings on PII fields', () => {
    const fields = input().findings.map((f) => f.field);
    for (const field of ['nino', 'dateOfBirth', 'homePhone', 'mobilePhone', 'email', 'addressLine1', 'postcode']) {
      assert.ok(fields.includes(field as never), field);
    }
  });

  test('CSV: a header, then one line per row error and finding, in file and line order', () => {
    const lines = toCsv(input()).trimEnd().split('\n');
    assert.equal(lines[0], 'file,line,esrPersonId,field,rule');
    assert.deepEqual(lines.slice(1), [
      `${FILE_1},3,5550003,,FIELD_COUNT`,
      `${FILE_2},4,,,UNKNOWN_RECORD_TYPE`,
      `${FILE_2},4,5550001,title,TITLE_UNKNOWN`,
      `${FILE_2},4,5550001,dateOfBirth,DOB_AGE_RANGE`,
      `${FILE_2},4,5550001,nino,NINO_PREFIX`,
      `${FILE_2},4,5550001,homePhone,PHONE_NOT_POSSIBLE`,
      `${FILE_2},4,5550001,mobilePhone,PHONE_NOT_POSSIBLE`,
      `${FILE_2},4,5550001,email,EMAIL_INVALID`,
      `${FILE_2},4,5550001,addressLine1,ADDRESS_TOO_LONG`,
      `${FILE_2},4,5550001,postcode,POSTCODE_INVALID`,
    ]);
  });

  test('neither CSV nor HTML contains any personal value from the rows', () => {
    const csv = toCsv(input());
    const html = toHtml(input());
    const values = [badRow, goodRow].flatMap((r) => [
      r.nino,
      r.nino.replace(/\s/g, ''),
      r.dateOfBirth,
      r.homePhone,
      r.mobilePhone,
      r.email,
      r.addressLine1.trim(),
      r.postcode,
    ]);
    values.push('+447700900987', 'CE987654D', '+14155552671', 'Marigold');
    for (const value of values) {
      assert.equal(csv.includes(value), false, `CSV contains ${value}`);
      assert.equal(html.includes(value), false, `HTML contains ${value}`);
    }
  });

  test('HTML: summary counts, skips by reason, problems by rule, held trainees, one row per problem', () => {
    const html = toHtml(input());
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /<td>Rows read for the trust<\/td><td class="n">12<\/td>/);
    assert.match(html, /<td>Rows that passed the employment and post checks<\/td><td class="n">7<\/td>/);
    assert.match(html, /<td>Rows skipped<\/td><td class="n">3<\/td>/);
    assert.match(html, /<td>HOST_RECORD<\/td><td class="n">2<\/td>/);
    assert.doesNotMatch(html, /<td>OUT_OF_DATE<\/td>/);
    assert.match(html, /<td>PHONE_NOT_POSSIBLE<\/td><td class="n">2<\/td>/);
    assert.match(html, /<td>5550004<\/td><td>AMBIGUOUS_MATCH: /);
    assert.ok(html.includes(FIELD_RULE_EXPLANATIONS.NINO_PREFIX.fix.replace(/'/g, '&#x27;')));
    assert.match(html, /<td>National Insurance number<\/td><td>NINO_PREFIX<\/td>/);
    const detailRows = html.split('<h2>Each problem</h2>')[1].match(/<tr><td>/g) ?? [];
    assert.equal(detailRows.length, dataQualityProblems(input()).length);
    assert.equal(detailRows.length, 10);
  });

  test('values kept because TIS was newer are reported, in CSV and HTML, by field and never by value', () => {
    const withConflicts = {
      ...input(),
      conflicts: [
        {
          file: FILE_2,
          line: 7,
          esrPersonId: '5550007',
          fields: ['contactDetails.mobileNumber', 'contactDetails.email'],
        },
      ],
    };
    const lines = toCsv(withConflicts).trimEnd().split('\n');
    assert.deepEqual(lines.slice(-2), [
      `${FILE_2},7,5550007,contactDetails.mobileNumber,CONFLICT`,
      `${FILE_2},7,5550007,contactDetails.email,CONFLICT`,
    ]);
    const html = toHtml(withConflicts);
    assert.match(html, /<td>Records with a value not applied because TIS was newer<\/td><td class="n">1<\/td>/);
    assert.match(html, /<td>5550007<\/td><td>contactDetails.mobileNumber, contactDetails.email<\/td>/);
    assert.match(
      toHtml(input()),
      /<td>Records with a value not applied because TIS was newer<\/td><td class="n">0<\/td>/,
    );
  });

  test('HTML escapes everything that comes from the input', () => {
    const hostile = {
      ...input(),
      trust: '<script>alert(1)</script>',
      files: ['a&b<i>.DAT'],
      held: [{ esrPersonId: '"><img src=x>', reason: 'NO_MATCH' }],
    };
    const html = toHtml(hostile);
    assert.equal(html.includes('<script>alert'), false);
    assert.equal(html.includes('<img'), false);
    assert.equal(html.includes('<i>'), false);
    assert.ok(html.includes('&lt;script&gt;'));
  });

  test('CSV escapes anything a spreadsheet would run as a formula', () => {
    const csv = toCsv({ ...input(), findings: [{ ...input().findings[0], esrPersonId: '=HYPERLINK("x")' }] });
    assert.equal(csv.includes(',=HYPERLINK'), false);
  });

  test('an empty day still gives a header and a readable page', () => {
    const empty: DataQualityReportInput = {
      trust: 'RGT',
      extractDate: '2026-11-25',
      files: [],
      rowsRead: 0,
      eligible: 0,
      skipped: {},
      rowErrors: [],
      findings: [],
    };
    assert.equal(toCsv(empty), 'file,line,esrPersonId,field,rule\n');
    assert.match(toHtml(empty), /None\./);
  });

  test('every field rule has plain-English wording', () => {
    for (const rule of FIELD_RULES) {
      assert.ok(FIELD_RULE_EXPLANATIONS[rule].meaning.length > 10, rule);
      assert.ok(FIELD_RULE_EXPLANATIONS[rule].fix.length > 5, rule);
    }
  });
});
