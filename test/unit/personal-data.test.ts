/** Redaction at any depth, errors by type only, and what the logger writes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { ApplicationFailure, ActivityFailure, RetryState } from '@temporalio/common';
import { createLogger } from '../../src/logger';
import { isPersonalPath, redactPersonal, safeError } from '../../src/personal-data';
import { failureDetail } from '../../workflows/failure-type';
import { FailureType } from '../../src/failure-types';

const VALUES = ['Zebedee', 'Quixote-Smyth', 'QQ123456C', '1987-06-05', 'White British', '7654321', 'zq@example.org'];

const deep = {
  esrPersonId: '4001',
  nested: {
    list: [{ legalSurname: 'Quixote-Smyth' }, { contactDetails: { legalForenames: 'Zebedee' } }],
    deeper: { a: { b: { c: { nationalInsuranceNumber: 'QQ123456C', dateOfBirth: '1987-06-05' } } } },
  },
  changes: [{ path: 'personalDetails.ethnicOrigin', before: 'White British', after: 'Other' }],
  gmcNumber: '7654321',
  text: 'PER|...|zq@example.org|...',
  gender: 'F',
  title: 'Dr',
};

test('every personal key is redacted, at any depth and in array items; identifiers and codes stay', () => {
  const out = JSON.stringify(redactPersonal(deep));
  for (const v of VALUES) assert.ok(!out.includes(v), `${v} survived`);
  assert.match(out, /"esrPersonId":"4001"/);
  assert.match(out, /"path":"personalDetails.ethnicOrigin"/);
  assert.ok(isPersonalPath('contactDetails.legalSurname'));
  assert.ok(isPersonalPath('personalDetails.gender'));
  assert.ok(!isPersonalPath('placements.siteCode'));
});

test('an error is its type and code only: a driver message quoting a value never survives', () => {
  const err = Object.assign(new Error('E11000 duplicate key error dup key: { nino: "QQ123456C" }'), {
    name: 'MongoServerError',
    code: 11000,
  });
  assert.deepEqual(safeError(err), { type: 'MongoServerError', code: 11000 });
  assert.ok(!JSON.stringify(redactPersonal({ cause: { inner: err } })).includes('QQ123456C'));
});

test('the logger writes no personal value, whatever it is handed', () => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  logger.info(deep, 'a row');
  logger.child({ row: { surname: 'Quixote-Smyth' } }).warn({ err: new Error('zq@example.org is bad') }, 'failed');
  logger.warn({ error: new Error('Zebedee') }, 'sdk style');
  const all = lines.join('');
  assert.equal(lines.length, 3);
  for (const v of VALUES) assert.ok(!all.includes(v), `${v} logged`);
});

test('failureDetail keeps our own messages, and replaces any other text by its type', () => {
  const ours = ApplicationFailure.create({
    type: FailureType.NotificationRefused,
    message: 'notification refused with HTTP 400',
  });
  assert.equal(failureDetail(ours), 'notification refused with HTTP 400');
  const driver = ApplicationFailure.create({
    type: 'MongoServerError',
    message: 'dup key: { email: "zq@example.org" }',
  });
  const wrapped = new ActivityFailure('failed', 'updatePerson', '1', RetryState.MAXIMUM_ATTEMPTS_REACHED, 'id', driver);
  const detail = failureDetail(wrapped);
  assert.ok(!detail.includes('zq@example.org'));
  assert.match(detail, /^MongoServerError: /);
  assert.match(failureDetail(new Error('Zebedee')), /^Error: /);
});
