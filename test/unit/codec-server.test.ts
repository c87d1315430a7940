/**
 * The codec server as the Web UI, the CLI and a stranger meet it: its own process (`cli/codec.ts`, as `npm start`
 * runs it) over real HTTP on 127.0.0.1. Decodes for the UI's origin with the UI's token and for the CLI's bearer
 * token without an origin; refuses everything else with a 4xx; logs one line per request without a value; binds
 * payloads to the namespace; in strict mode refuses plaintext. Every hostile request is raced against the
 * process's exit, and the process must still be serving afterwards: a crash fails the test.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { startCodecProcess, type RunningCodecProcess } from '../../servers/codec-process';
import { freePort, waitUntil } from '../../servers/ports';
import { EncryptionCodec } from '../../src/codec/encryption-codec';
import { formatPayloadKey, parsePayloadKeys } from '../../src/codec/payload-keys';

const UI = 'http://localhost:8233';
const TOKEN = randomBytes(24).toString('base64url');
const CLI_TOKEN = randomBytes(24).toString('base64url');
const KEYS = formatPayloadKey({ id: 'k1', key: randomBytes(32) });
const SECRET = { esrPersonId: '4001', nino: 'QQ123456C' };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esr-codec-test-'));
let server: RunningCodecProcess;
let strictServer: RunningCodecProcess;

before(async () => {
  const common = { token: TOKEN, cliToken: CLI_TOKEN, allowedOrigin: UI, payloadKeys: KEYS };
  [server, strictServer] = await Promise.all([
    startCodecProcess({
      ...common,
      port: await freePort(),
      namespaces: ['default', 'other'],
      logFile: path.join(dir, 'codec.log'),
    }),
    startCodecProcess({
      ...common,
      port: await freePort(),
      namespaces: ['default'],
      strict: true,
      logFile: path.join(dir, 'strict.log'),
    }),
  ]);
});
after(async () => {
  await Promise.all([server?.process.stop(), strictServer?.process.stop()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

const asJson = (p: Payload) => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v!).toString('base64')]),
  ),
  data: Buffer.from(p.data!).toString('base64'),
});

async function bodyFor(namespace: string | undefined, value: unknown = SECRET) {
  const plain = defaultPayloadConverter.toPayload(value);
  const [encoded] = await new EncryptionCodec(parsePayloadKeys(KEYS), { namespace }).encode([plain]);
  return JSON.stringify({ payloads: [asJson(encoded)] });
}
const plainBody = () => JSON.stringify({ payloads: [asJson(defaultPayloadConverter.toPayload(SECRET))] });

/** A request raced against the server process's exit: a crash rejects instead of passing as a refused fetch. */
async function send(target: RunningCodecProcess, url: string, init: RequestInit = {}): Promise<Response> {
  return Promise.race([fetch(url, init), target.process.exited]);
}
const ui = (extra: Record<string, string> = {}) => ({
  Origin: UI,
  'Content-Type': 'application/json',
  'X-Namespace': 'default',
  ...extra,
});
const cli = (extra: Record<string, string> = {}) => ({
  Authorization: `Bearer ${CLI_TOKEN}`,
  'X-Namespace': 'default',
  ...extra,
});

function decodedValue(json: { payloads: { data: string }[] }) {
  return JSON.parse(Buffer.from(json.payloads[0].data, 'base64').toString()) as unknown;
}

async function stillServing(target: RunningCodecProcess) {
  assert.equal(target.process.child.exitCode, null, 'the codec server process exited');
  const res = await send(target, `${target.url}/decode`, {
    method: 'POST',
    headers: cli(),
    body: await bodyFor('default'),
  });
  assert.equal(res.status, 200);
}

test('the UI origin with its token in the endpoint path gets the payload decoded', async () => {
  const res = await send(server, `${server.uiEndpoint}/decode`, {
    method: 'POST',
    headers: ui(),
    body: await bodyFor('default'),
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('access-control-allow-origin'), UI);
  const json = (await res.json()) as { payloads: { data: string; metadata: Record<string, string> }[] };
  assert.deepEqual(decodedValue(json), SECRET);
  assert.equal(Buffer.from(json.payloads[0].metadata.encoding, 'base64').toString(), 'json/plain');
});

test('without an origin only the CLI token as a bearer header is served; the UI path token is refused', async () => {
  const body = await bodyFor('default');
  const post = (url: string, headers: Record<string, string>) =>
    send(server, url, { method: 'POST', headers: { 'X-Namespace': 'default', ...headers }, body });
  assert.equal((await post(`${server.url}/decode`, { Authorization: `Bearer ${CLI_TOKEN}` })).status, 200);
  // An <img> or a script given the UI's endpoint sends no Origin: the UI's token alone is not enough.
  assert.equal((await post(`${server.uiEndpoint}/decode`, {})).status, 401);
  assert.equal((await post(`${server.url}/decode`, { Authorization: `Bearer ${TOKEN}` })).status, 401);
  assert.equal((await post(`${server.url}/decode`, {})).status, 401);
  assert.equal((await post(`${server.url}/decode`, { Authorization: 'Bearer wrong' })).status, 401);
  assert.equal((await post(`${server.url}/wrong/decode`, {})).status, 401);
  // The UI's origin with a wrong token, or the CLI's token in the path, is refused too.
  assert.equal((await post(`${server.url}/wrong/decode`, { Origin: UI })).status, 401);
  assert.equal((await post(`${server.url}/${CLI_TOKEN}/decode`, { Origin: UI })).status, 401);
  // A token of other length or of multi-byte characters is refused, not a crash.
  assert.equal((await post(`${server.url}/${encodeURIComponent('é'.repeat(40))}/decode`, { Origin: UI })).status, 401);
  await stillServing(server);
});

test('malformed paths, bodies and requests are a 4xx each, and the process keeps serving', async () => {
  const cases: [string, RequestInit, number][] = [
    ['/%/decode', { method: 'GET' }, 400],
    ['/%E0%A4%A/decode', { method: 'POST', headers: ui() }, 400],
    ['/%/decode', { method: 'POST', headers: cli() }, 400],
    ['/a/b/decode', { method: 'POST', headers: cli() }, 404],
    [`/${TOKEN}/decode`, { method: 'GET', headers: ui() }, 405],
    ['/decode', { method: 'POST', headers: cli(), body: 'not json' }, 400],
    ['/decode', { method: 'POST', headers: cli(), body: 'null' }, 400],
    ['/decode', { method: 'POST', headers: cli(), body: '{"payloads":[null]}' }, 400],
    ['/decode', { method: 'POST', headers: cli(), body: '{"payloads":[{"metadata":[1]}]}' }, 400],
    ['/decode', { method: 'POST', headers: cli(), body: '{"payloads":[{"metadata":{"a":7},"data":"AA=="}]}' }, 400],
    ['/decode', { method: 'POST', headers: cli(), body: '{"payloads":[{"data":"%%%"}]}' }, 400],
    [
      '/decode',
      {
        method: 'POST',
        headers: cli(),
        body: '{"payloads":[{"metadata":{"encoding":"YmluYXJ5L2VuY3J5cHRlZA=="},"data":"AA=="}]}',
      },
      400,
    ],
    [
      '/decode',
      { method: 'POST', headers: cli(), body: JSON.stringify({ payloads: [{ data: 'A'.repeat(5 * 1024 * 1024) }] }) },
      413,
    ],
  ];
  for (const [p, init, status] of cases) {
    const res = await send(server, `${server.url}${p}`, init);
    assert.equal(res.status, status, `${init.method} ${p}`);
    await res.body?.cancel();
  }
  // Below HTTP: a request line Node's parser refuses.
  const raw = await Promise.race([
    new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(new URL(server.url).port), '127.0.0.1', () =>
        socket.write('BREW /%%% HTCPCP\r\n\r\n'),
      );
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    }),
    server.process.exited,
  ]);
  assert.match(raw, /^HTTP\/1\.1 400/);
  await stillServing(server);
});

test('X-Namespace is required and checked; a payload bound to one namespace does not decode as another', async () => {
  const body = await bodyFor('default');
  const post = (headers: Record<string, string>) =>
    send(server, `${server.url}/decode`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${CLI_TOKEN}`, ...headers },
      body,
    });
  assert.equal((await post({})).status, 400);
  assert.equal((await post({ 'X-Namespace': 'elsewhere' })).status, 403);
  const moved = await post({ 'X-Namespace': 'other' });
  assert.equal(moved.status, 400);
  assert.match(((await moved.json()) as { error: string }).error, /authentication failed/);
  // A payload written before namespaces were bound (no AAD) still decodes in any namespace served.
  const old = await send(server, `${server.url}/decode`, {
    method: 'POST',
    headers: cli({ 'X-Namespace': 'other' }),
    body: await bodyFor(undefined),
  });
  assert.equal(old.status, 200);
  assert.deepEqual(decodedValue((await old.json()) as { payloads: { data: string }[] }), SECRET);
});

test('strict mode refuses to decode an unencrypted payload; the default passes it through', async () => {
  const lax = await send(server, `${server.url}/decode`, { method: 'POST', headers: cli(), body: plainBody() });
  assert.equal(lax.status, 200);
  const strict = await send(strictServer, `${strictServer.url}/decode`, {
    method: 'POST',
    headers: cli(),
    body: plainBody(),
  });
  assert.equal(strict.status, 400);
  const { error } = (await strict.json()) as { error: string };
  assert.match(error, /not encrypted/);
  assert.ok(!error.includes(SECRET.nino));
  await stillServing(strictServer);
});

test('another origin gets no CORS grant and is refused; the preflight is answered for the UI only', async () => {
  const preflight = (origin: string) =>
    send(server, `${server.uiEndpoint}/decode`, {
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
  const post = await send(server, `${server.uiEndpoint}/decode`, {
    method: 'POST',
    headers: ui({ Origin: 'https://evil.example' }),
    body: await bodyFor('default'),
  });
  assert.equal(post.status, 403);
});

test('every request is one access-log line: who, namespace, how many payloads, status; never a value or token', async () => {
  const logFile = path.join(dir, 'codec.log');
  const marker = `ns-${randomBytes(4).toString('hex')}`;
  const res = await send(server, `${server.url}/decode`, {
    method: 'POST',
    headers: cli({ 'X-Namespace': marker }),
    body: await bodyFor('default'),
  });
  assert.equal(res.status, 403);
  await send(server, `${server.uiEndpoint}/decode`, { method: 'POST', headers: ui(), body: await bodyFor('default') });
  type Line = {
    msg?: string;
    caller?: string;
    namespace?: string;
    payloads?: number;
    status?: number;
    action?: string;
  };
  const lines = () =>
    fs
      .readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Line)
      .filter((l) => l.msg === 'codec request');
  await waitUntil('the access log lines', async () => lines().some((l) => l.namespace === marker), 10_000);
  const all = lines();
  assert.ok(
    all.some(
      (l) =>
        l.caller === 'web-ui' &&
        l.namespace === 'default' &&
        l.payloads === 1 &&
        l.status === 200 &&
        l.action === 'decode',
    ),
  );
  assert.ok(all.some((l) => l.caller === 'cli' && l.namespace === marker && l.status === 403));
  assert.ok(
    all.some((l) => l.status === 401),
    'refused requests are logged too',
  );
  const text = fs.readFileSync(logFile, 'utf8');
  for (const secret of [SECRET.nino, TOKEN, CLI_TOKEN, KEYS.split(':')[1]]) assert.ok(!text.includes(secret));
});
