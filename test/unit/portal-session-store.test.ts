import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Session } from 'fastify';
import { ExpiringSessionStore } from '../../portal/session-store';

const session = (expires?: number) => ({ cookie: expires ? { expires: new Date(expires) } : {} }) as unknown as Session;
const get = (store: ExpiringSessionStore, id: string) =>
  new Promise<Session | null | undefined>((resolve) => store.get(id, (_err, s) => resolve(s)));
const set = (store: ExpiringSessionStore, id: string, s: Session) =>
  new Promise<void>((resolve) => store.set(id, s, () => resolve()));

test('a session is forgotten when its cookie expires, and expired ones are swept as new ones are saved', async () => {
  let now = 0;
  const store = new ExpiringSessionStore(10_000, 10_000, () => now);
  await set(store, 'a', session(5_000));
  await set(store, 'b', session());
  assert.ok(await get(store, 'a'));
  now = 5_000;
  assert.equal(await get(store, 'a'), null, 'its cookie expired');
  assert.ok(await get(store, 'b'), 'no cookie expiry: maxAge from when it was saved');
  for (let i = 0; i < 50; i++) await set(store, `s${i}`, session());
  assert.equal(store.size, 51);
  now = 16_000;
  await set(store, 'new', session());
  assert.equal(store.size, 1, 'every expired one swept');
  assert.ok(await get(store, 'new'));
});

test('at most `capacity` sessions: the oldest saved go first', async () => {
  const store = new ExpiringSessionStore(60_000, 3);
  for (const id of ['a', 'b', 'c', 'd']) await set(store, id, session());
  assert.equal(store.size, 3);
  assert.equal(await get(store, 'a'), null);
  assert.ok(await get(store, 'd'));
  await new Promise<void>((resolve) => store.destroy('d', () => resolve()));
  assert.equal(await get(store, 'd'), null);
});
