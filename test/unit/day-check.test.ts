import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dayNeeds, type DayCheckInput } from '../../src/day-check';

const DATE = '2026-11-25';
const name = (office: string, seq = 1) => `DE_${office}_RMC_20261125_${String(seq).padStart(8, '0')}.DAT`;
const day = (over: Partial<DayCheckInput> = {}): DayCheckInput => ({
  extractDate: DATE,
  runStatus: 'COMPLETED',
  files: [{ name: name('EOE'), status: 'APPLIED' }],
  held: [],
  failed: [],
  unrecordedFailures: 0,
  ...over,
});
const kinds = (input: DayCheckInput) => dayNeeds(input).map((n) => `${n.kind} ${n.subject}`);

test('a completed day with its files applied and nobody held needs nothing', () => {
  assert.deepEqual(dayNeeds(day()), []);
  assert.deepEqual(dayNeeds(day({ runStatus: 'RUNNING' })), [], 'running is not, by itself, a need');
});

test('a day that did not run, or not to the end, needs an operator', () => {
  assert.deepEqual(kinds(day({ runStatus: undefined })), [`NO_RUN ${DATE}`]);
  assert.deepEqual(kinds(day({ runStatus: 'TERMINATED' })), [`RUN_NOT_COMPLETED ${DATE}`]);
  assert.deepEqual(kinds(day({ cancelled: true })), [`RUN_CANCELLED ${DATE}`]);
});

test('files missing, rejected or awaiting approval, saying what to do', () => {
  const needs = dayNeeds(
    day({
      files: [
        { name: name('EOE'), status: 'APPLIED' },
        { name: name('KSS'), status: 'REJECTED', reason: 'TRL says 3 PER lines, the file has 2: truncated' },
        { name: name('LDN'), status: 'AWAITING_APPROVAL', hold: { reasons: ['IDENTITY_CHANGES: …'], deadline: 'T' } },
        { name: 'NW', status: 'MISSING' },
      ],
    }),
  );
  assert.deepEqual(
    needs.map((n) => n.kind),
    ['FILE_REJECTED', 'FILE_AWAITING_APPROVAL', 'FILE_MISSING'],
  );
  assert.match(needs[1].action, new RegExp(`approve\\|reject --date ${DATE} --file ${name('LDN')}`));
  assert.match(needs[2].action, /runbook 3\.5/);
});

test('a rejected file replaced by a later SEQ of its office is dealt with; one of another office is not', () => {
  const files = [
    { name: name('KSS', 1), status: 'REJECTED' },
    { name: name('KSS', 2), status: 'APPLIED' },
    { name: name('EOE', 1), status: 'REJECTED' },
    { name: name('LDN', 3), status: 'APPLIED' },
  ];
  assert.deepEqual(kinds(day({ files })), [`FILE_REJECTED ${name('EOE', 1)}`]);
});

test('held and failed trainees, listed by ESR person number', () => {
  const held = Array.from({ length: 12 }, (_, i) => ({ esrPersonId: String(100 + i), reason: 'NO_MATCH' }));
  const needs = dayNeeds(day({ held, failed: [{ esrPersonId: '9' }], unrecordedFailures: 2 }));
  assert.deepEqual(
    needs.map((n) => n.kind),
    ['TRAINEES_HELD', 'TRAINEES_FAILED'],
  );
  assert.match(needs[0].subject, /^100, 101, .*, 109 and 2 more$/);
  assert.equal(needs[1].detail, '3 trainee(s) failed (2 with no outcome recorded)');
});

test('a change event delivered after its undo, or an undo blocked, needs an operator', () => {
  const needs = dayNeeds(day({ deliveryMismatches: ['evt-1', 'evt-2'] }));
  assert.deepEqual(
    needs.map((n) => [n.kind, n.subject]),
    [['DELIVERY_MISMATCH', 'evt-1, evt-2']],
  );
  assert.match(needs[0].action, /runbook 6\.1/);
});
