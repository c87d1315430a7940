/**
 * The codec server as the Web UI and a stranger meet it, over real HTTP on 127.0.0.1: decodes with the token,
 * refuses without it, answers CORS for the UI's origin only, caps the body.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { startCodecServer, type RunningCodecServer } from '../../servers/codec-server';
import { EncryptionCodec } from '../../src/codec/encryption-codec';
import { formatPayloadKey, parsePayloadKeys } from '../../src/codec/payload-keys';

const UI = 'http://localhost:8233';
const TOKEN = randomBytes(24).toString('base64url');
const codec = new EncryptionCodec(parsePayloadKeys(formatPayloadKey({ id: 'k1', key: randomBytes(32) })));
let server: RunningCodecServer;

before(async () => {
  server = await startCodecServer({ codec, token: TOKEN, allowedOrigin: UI, maxBodyBytes: 64 * 1024 });
});
after(() => server.close());

const asJson = (p: { metadata?: Record<string, Uint8Array | null> | null; data?: Uint8Array | null }) => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v!).toString('base64')]),
  ),
  data: Buffer.from(p.data!).toString('base64'),
});

async function encryptedBody() {
  const [encoded] = await codec.encode([defaultPayloadConverter.toPayload({ esrPersonId: '4001' })]);
  return JSON.stringify({ payloads: [asJson(encoded)] });
}

test('the UI origin with the token in the endpoint path gets the payload decoded', async () => {
  const res = await fetch(`${server.uiEndpoint}/decode`, {
    method: 'POST',
    headers: { Origin: UI, 'Content-Type': 'application/json', 'X-Namespace': 'default' },
    body: await encryptedBody(),
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('access-control-allow-origin'), UI);
  const { payloads } = (await res.json()) as { payloads: { data: string; metadata: Record<string, string> }[] };
  assert.equal(Buffer.from(payloads[0].data, 'base64').toString(), '{"esrPersonId":"4001"}');
  assert.equal(Buffer.from(payloads[0].metadata.encoding, 'base64').toString(), 'json/plain');
});

test('a script with the bearer header is served; without a token, or a wrong one, refused', async () => {
  const body = await encryptedBody();
  const post = (url: string, headers: Record<string, string> = {}) => fetch(url, { method: 'POST', headers, body });
  assert.equal((await post(`${server.url}/decode`, { Authorization: `Bearer ${TOKEN}` })).status, 200);
  assert.equal((await post(`${server.url}/decode`)).status, 401);
  assert.equal((await post(`${server.url}/decode`, { Authorization: 'Bearer wrong' })).status, 401);
  assert.equal((await post(`${server.url}/wrong/decode`)).status, 401);
  // A token of other length or of multi-byte characters is refused, not a crash.
  assert.equal((await post(`${server.url}/${encodeURIComponent('é'.repeat(40))}/decode`)).status, 401);
});

test('another origin gets no CORS grant and is refused; the preflight is answered for the UI only', async () => {
  const preflight = (origin: string) =>
    fetch(`${server.uiEndpoint}/decode`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,x-namespace',
      },
    });
  const ok = await preflight(UI);
  assert.equal(ok.status, 204);
  assert.equal(ok.headers.get('access-control-allow-origin'), UI);
  assert.match(ok.headers.get('access-control-allow-headers') ?? '', /X-Namespace/);
  const evil = await preflight('https://evil.example');
  assert.equal(evil.status, 403);
  assert.equal(evil.headers.get('access-control-allow-origin'), null);
  const post = await fetch(`${server.uiEndpoint}/decode`, {
    method: 'POST',
    headers: { Origin: 'https://evil.example' },
    body: await encryptedBody(),
  });
  assert.equal(post.status, 403);
});

test('a body over the cap is refused with 413', async () => {
  const res = await fetch(`${server.uiEndpoint}/decode`, {
    method: 'POST',
    body: JSON.stringify({ payloads: [{ data: 'A'.repeat(100 * 1024) }] }),
  }).catch((err: unknown) => err as Error);
  // The server answers 413 and closes; fetch may see the answer or the closed socket, never a 200.
  if (res instanceof Response) assert.equal(res.status, 413);
});
