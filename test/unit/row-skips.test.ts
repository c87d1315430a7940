import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eligibleRowSkips } from '../../src/rules/row-skips';

const rows = ['a', 'b', 'c'].map((file, i) => ({ file, line: i + 2, trust: 'RGT', deaneryPostNumber: `P${i}` }));
const reasons = (skips: ReturnType<typeof eligibleRowSkips>) => skips.map((s) => `${s.file}:${s.reason}`);

test('rows tried before the one applied had no placement; those after it lost on precedence', () => {
  assert.deepEqual(reasons(eligibleRowSkips(rows, 1, true)), ['a:NO_PLACEMENT', 'c:SUPERSEDED']);
  assert.deepEqual(reasons(eligibleRowSkips(rows, 0, true)), ['b:SUPERSEDED', 'c:SUPERSEDED']);
});

test('no row with a placement: every one is NO_PLACEMENT', () => {
  assert.deepEqual(reasons(eligibleRowSkips(rows, undefined, true)), [
    'a:NO_PLACEMENT',
    'b:NO_PLACEMENT',
    'c:NO_PLACEMENT',
  ]);
});

test('stopped before the placement check (held at matching): the winner is not a skip, the rest are superseded', () => {
  assert.deepEqual(reasons(eligibleRowSkips(rows, undefined, false)), ['b:SUPERSEDED', 'c:SUPERSEDED']);
  assert.deepEqual(Object.keys(eligibleRowSkips(rows, undefined, false)[0]).sort(), [
    'file',
    'line',
    'reason',
    'trust',
  ]);
});
