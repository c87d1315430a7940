import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessFromClaim, seesOffices, visibleOffices, visibleTrusts } from '../../portal/access';

const known = {
  trustsOf: new Map([
    ['EOE', new Set(['RGT', 'RGN'])],
    ['KSS', new Set(['RTP'])],
  ]),
  allTrusts: ['RGN', 'RGT', 'RTP'],
};

test('a role claim as a list or a string; anything unknown grants nothing', () => {
  assert.deepEqual(accessFromClaim(['trust:rgt', 'office:eoe', 'admin', 'trust:', 'office:E1/../']), {
    tis: false,
    offices: ['EOE'],
    trusts: ['RGT'],
  });
  assert.deepEqual(accessFromClaim('tis trust:RGN,trust:RGN'), { tis: true, offices: [], trusts: ['RGN'] });
  assert.deepEqual(accessFromClaim(undefined), { tis: false, offices: [], trusts: [] });
  assert.deepEqual(accessFromClaim({ trust: 'RGT' }), { tis: false, offices: [], trusts: [] });
});

test("a trust sees its own (even before its first report); an office its files' trusts; TIS all", () => {
  assert.deepEqual(visibleTrusts(accessFromClaim(['trust:RGT']), known), ['RGT']);
  assert.deepEqual(visibleTrusts(accessFromClaim(['trust:RXX']), known), ['RXX']);
  assert.deepEqual(visibleTrusts(accessFromClaim(['office:EOE']), known), ['RGN', 'RGT']);
  assert.deepEqual(visibleTrusts(accessFromClaim(['office:NW']), known), []);
  assert.deepEqual(visibleTrusts(accessFromClaim(['tis']), known), ['RGN', 'RGT', 'RTP']);
});

test('the ranking and unattributed lines are for offices and TIS only', () => {
  assert.equal(seesOffices(accessFromClaim(['trust:RGT'])), false);
  assert.equal(seesOffices(accessFromClaim(['office:EOE'])), true);
  assert.deepEqual(visibleOffices(accessFromClaim(['office:EOE'])), ['EOE']);
  assert.equal(visibleOffices(accessFromClaim(['tis'])), undefined);
});
