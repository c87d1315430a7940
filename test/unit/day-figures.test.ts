import { test } from 'node:test';
import assert from 'node:assert/strict';
import { barChart } from '../../portal/bar-chart';
import type { DataQualityReportInput } from '../../src/reports/data-quality-report';
import { dayFigures, rankTrusts, trendOf } from '../../src/reports/day-figures';

const input = (over: Partial<DataQualityReportInput>): DataQualityReportInput => ({
  trust: 'RGT',
  extractDate: '2026-11-02',
  files: ['f'],
  rowsRead: 10,
  eligible: 8,
  skipped: { NOT_ACTIVE: 2 },
  rowErrors: [],
  findings: [],
  held: [],
  conflicts: [],
  ...over,
});

test('applied cleanly: eligible rows less those with a finding or conflict (each row once) and the held', () => {
  const f = dayFigures(
    input({
      findings: [
        { file: 'f', line: 2, esrPersonId: '1', trust: 'RGT', field: 'postcode', rule: 'POSTCODE_INVALID' },
        { file: 'f', line: 2, esrPersonId: '1', trust: 'RGT', field: 'email', rule: 'EMAIL_INVALID' },
      ] as DataQualityReportInput['findings'],
      conflicts: [{ file: 'f', line: 3, esrPersonId: '2', fields: ['contactDetails.mobileNumber'] }],
      held: [{ esrPersonId: '3', reason: 'NO_MATCH' }],
      rowErrors: [{ file: 'f', line: 9, trust: 'RGT', code: 'FIELD_COUNT', reason: 'short' }],
    }),
  );
  assert.equal(f.appliedCleanly, 8 - 2 - 1);
  assert.deepEqual(f.problemsByRule, { POSTCODE_INVALID: 1, EMAIL_INVALID: 1, FIELD_COUNT: 1 });
  assert.equal(f.problems, 3);
  assert.equal(f.skipped, 2);
  assert.equal(f.unreadableLines, 1);
});

test('trend by share applied cleanly; ranking lowest share first, ties by code, silent trusts left out', () => {
  const a = dayFigures(input({ trust: 'RGT', eligible: 8 }));
  const b = dayFigures(input({ trust: 'RGT', extractDate: '2026-11-03', eligible: 6 }));
  assert.equal(trendOf(b, a), 'WORSE');
  assert.equal(trendOf(a, b), 'BETTER');
  assert.equal(trendOf(a, a), 'SAME');
  assert.equal(trendOf(a), 'FIRST');
  const ranked = rankTrusts([
    a,
    b,
    dayFigures(input({ trust: 'RGN', eligible: 5 })),
    dayFigures(input({ trust: 'RAA', eligible: 7 })),
    dayFigures(input({ trust: 'RZZ', rowsRead: 0, eligible: 0, skipped: {} })),
  ]);
  assert.deepEqual(
    ranked.map((r) => [r.rank, r.trust, r.share]),
    [
      [1, 'RGN', 0.5],
      [2, 'RAA', 0.7],
      [3, 'RGT', 0.7],
    ],
  );
});

test('a chart is one image named by its title and described by every figure; text escaped', () => {
  const svg = barChart({
    id: 'x',
    title: 'Rows <read>',
    labels: ['2026-11-02', '2026-11-03'],
    series: [
      { name: 'A&B', values: [1, 2] },
      { name: 'C', values: [0, 3] },
    ],
  });
  assert.match(svg, /^<svg class="portal-chart" role="img" aria-labelledby="x-title x-desc"/);
  assert.match(svg, /<title id="x-title">Rows &lt;read&gt;<\/title>/);
  assert.match(svg, /<desc id="x-desc">2026-11-02: 1 \(A&amp;B 1\); 2026-11-03: 5 \(A&amp;B 2, C 3\)<\/desc>/);
  assert.equal(svg.match(/<rect x=/g)?.length, 3, 'a zero stacks no bar');
  assert.ok(!svg.includes('<script'));
});
