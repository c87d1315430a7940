/**
 * The change event's delivery as a receiver sees it, on the harness's real MongoDB and real local HTTP servers: the
 * timestamped signature verifies, a redirect is never followed (the signed body never reaches the second host), and
 * a plain-http URL to another host is refused before anything is sent.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { notifyChange } from '../../activities/notify-change';
import type { ActivityDeps } from '../../activities/dependencies';
import { startNotificationReceiver, type NotificationReceiver } from '../../servers/notification-receiver';
import { createLogger } from '../../src/logger';
import { FailureType } from '../../src/failure-types';
import { openStore, type Store } from '../../store/store';
import { tisPerson } from '../support/tis-person';

const SECRET = 'redirect-test-secret-0123';

describe('change event delivery: signature, redirects, https', () => {
  let store: Store;
  let receiver: NotificationReceiver;
  let redirector: http.Server;
  let redirectUrl: string;
  let seenByRedirector = 0;
  before(async () => {
    store = await openStore(process.env.MONGODB_URI!, `t_notify_${randomUUID().slice(0, 8)}`);
    receiver = await startNotificationReceiver({ secret: SECRET });
    redirector = http.createServer((req, res) => {
      seenByRedirector += 1;
      req.resume();
      res.writeHead(307, { Location: receiver.url }).end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    redirectUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/events`;
  });
  after(async () => {
    await store?.db.dropDatabase();
    await store?.close();
    await receiver?.close();
    redirector?.closeAllConnections();
    await new Promise<void>((resolve) => redirector?.close(() => resolve()));
  });

  const deps = (url: string): ActivityDeps =>
    ({
      store,
      notify: { url, secret: SECRET, secondarySecret: 'the-other-secret-456', timeoutMs: 2000 },
      logger: createLogger({ level: 'silent' }),
      now: () => new Date(),
    }) as unknown as ActivityDeps;

  async function changeSet(id: string) {
    const person = tisPerson({ _id: `tis-${id}` });
    await store.changeSets.insertOne({
      _id: id,
      personId: person._id,
      esrPersonId: '1',
      extractDate: '2026-11-25',
      rowRef: { file: 'f', line: 2 },
      esrLastUpdated: '2026-11-24T10:00:00Z',
      baseVersion: 1,
      changes: [{ path: 'contactDetails.mobileNumber', after: '+447700900999' }],
      status: 'APPLIED',
      workflowId: 'w',
      preparedAt: new Date().toISOString(),
      appliedAt: new Date().toISOString(),
    });
  }

  test('delivered with a t=,v1=,v1= signature the reference receiver verifies', async () => {
    await changeSet('cs-direct');
    const result = await notifyChange(deps(receiver.url))({ changeSetId: 'cs-direct' });
    assert.equal(result.delivered, true);
    assert.deepEqual(receiver.requests.at(-1)?.signatureValid, true);
  });

  test('a 307 is not followed: the signed body never reaches the redirect target, and the attempt fails', async () => {
    await changeSet('cs-redirect');
    const before = receiver.requests.length;
    await assert.rejects(notifyChange(deps(redirectUrl))({ changeSetId: 'cs-redirect' }), (err: unknown) => {
      assert.ok(err instanceof ApplicationFailure);
      assert.equal(err.type, FailureType.NotificationUnavailable);
      return true;
    });
    assert.equal(seenByRedirector, 1);
    assert.equal(receiver.requests.length, before, 'nothing reached the target');
  });

  test('plain http to another host is refused before anything is sent', async () => {
    await changeSet('cs-http');
    await assert.rejects(notifyChange(deps('http://192.0.2.1/events'))({ changeSetId: 'cs-http' }), (err: unknown) => {
      assert.ok(err instanceof ApplicationFailure);
      assert.equal(err.type, FailureType.NotificationRefused);
      assert.equal(err.nonRetryable, true);
      return true;
    });
  });
});
