import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config';
import { LOCAL_OFFICES } from '../../src/extract/types';

test('every local office is expected by default; a list or none can be set', () => {
  assert.deepEqual(loadConfig({}).ESR_EXPECTED_OFFICES, [...LOCAL_OFFICES]);
  assert.deepEqual(loadConfig({ ESR_EXPECTED_OFFICES: '' }).ESR_EXPECTED_OFFICES, [...LOCAL_OFFICES]);
  assert.deepEqual(loadConfig({ ESR_EXPECTED_OFFICES: 'wls, EOE,EOE' }).ESR_EXPECTED_OFFICES, ['EOE', 'WLS']);
  assert.deepEqual(loadConfig({ ESR_EXPECTED_OFFICES: 'none' }).ESR_EXPECTED_OFFICES, []);
  assert.throws(
    () => loadConfig({ ESR_EXPECTED_OFFICES: 'EOE,XYZ' }),
    (err: unknown) => err instanceof ConfigError && /ESR_EXPECTED_OFFICES: .*unknown: XYZ/.test(err.message),
  );
});

test('the mass-change thresholds and the approval timeout, with the spec defaults', () => {
  const c = loadConfig({});
  assert.deepEqual(
    [c.MASS_CHANGE_MIN_ROWS, c.MASS_CHANGE_IDENTITY_SHARE, c.MASS_CHANGE_TRUST_SHARE, c.MASS_CHANGE_VOLUME_FACTOR],
    [20, 0.5, 0.5, 10],
  );
  assert.equal(c.APPROVAL_TIMEOUT, 24 * 3_600_000);
  assert.equal(loadConfig({ APPROVAL_TIMEOUT: '90s' }).APPROVAL_TIMEOUT, 90_000);
  assert.equal(loadConfig({ APPROVAL_TIMEOUT: '2d' }).APPROVAL_TIMEOUT, 2 * 86_400_000);
  for (const [variable, value] of [
    ['APPROVAL_TIMEOUT', '24'],
    ['MASS_CHANGE_IDENTITY_SHARE', '1.5'],
    ['MASS_CHANGE_VOLUME_FACTOR', '0.5'],
  ])
    assert.throws(() => loadConfig({ [variable]: value }), new RegExp(variable));
});
