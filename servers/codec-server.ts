/**
 * The codec server the Temporal Web UI decodes payloads through: POST /decode and /encode with
 * `{ payloads: [...] }` (payloads in protobuf JSON, bytes as base64), as the UI sends them. It answers only
 * - with the bearer token: an `Authorization: Bearer <token>` header, or the token as the first path segment
 *   (`--ui-codec-endpoint http://127.0.0.1:8234/<token>`: the dev server's UI has no login to forward a header
 *   from), compared as bytes in constant time;
 * - to no browser origin but the UI's (CORS), a request without an Origin header being a script's;
 * - on 127.0.0.1 unless told otherwise, with bodies capped.
 */
import type { Payload, PayloadCodec } from '@temporalio/common';
import { timingSafeEqual, createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CodecServerOptions {
  codec: PayloadCodec;
  token: string;
  /** The one browser origin allowed, e.g. http://localhost:8233. */
  allowedOrigin: string;
  port?: number;
  host?: string;
  /** The UI sends one event's payloads at a time; 4 MiB is Temporal's own payload limit with room to spare. */
  maxBodyBytes?: number;
}

export interface RunningCodecServer {
  /** The base URL, without the token. */
  url: string;
  /** The endpoint to give the Web UI (`--ui-codec-endpoint`), the token as its first path segment. */
  uiEndpoint: string;
  close(): Promise<void>;
}

interface JsonPayload {
  metadata?: Record<string, string> | null;
  data?: string | null;
}

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: p.data ? Buffer.from(p.data, 'base64') : undefined,
});

const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')]),
  ),
  data: p.data ? Buffer.from(p.data).toString('base64') : undefined,
});

/** Compares hashes, so neither length nor content leaks through timing (and multi-byte text cannot throw). */
const sameSecret = (given: string, expected: string) =>
  timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());

export async function startCodecServer(opts: CodecServerOptions): Promise<RunningCodecServer> {
  const allowedOrigin = new URL(opts.allowedOrigin).origin;
  const maxBody = opts.maxBodyBytes ?? 4 * 1024 * 1024;
  const server = http.createServer((req, res) => {
    const origin = req.headers.origin;
    const cors: Record<string, string> =
      origin === allowedOrigin
        ? {
            'Access-Control-Allow-Origin': allowedOrigin,
            'Access-Control-Allow-Methods': 'POST, OPTIONS',
            'Access-Control-Allow-Headers': 'Content-Type, X-Namespace, Authorization',
            'Access-Control-Max-Age': '600',
            Vary: 'Origin',
          }
        : { Vary: 'Origin' };
    const answer = (status: number, body?: unknown) => {
      res.writeHead(status, { ...cors, ...(body ? { 'Content-Type': 'application/json' } : {}) });
      res.end(body ? JSON.stringify(body) : undefined);
    };
    if (origin !== undefined && origin !== allowedOrigin) return answer(403, { error: 'origin not allowed' });
    if (req.method === 'OPTIONS') return answer(204);
    const url = new URL(req.url ?? '/', 'http://codec');
    const segments = url.pathname.split('/').filter(Boolean);
    const action = segments.pop();
    const header = req.headers.authorization ?? '';
    const bearer = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
    const pathToken = segments.length === 1 ? decodeURIComponent(segments[0]) : undefined;
    const authorised =
      (bearer !== undefined && sameSecret(bearer, opts.token)) ||
      (pathToken !== undefined && sameSecret(pathToken, opts.token));
    if (segments.length > 1 || (action !== 'decode' && action !== 'encode')) return answer(404, { error: 'not found' });
    if (!authorised) return answer(401, { error: 'bearer token required' });
    if (req.method !== 'POST') return answer(405, { error: 'POST only' });
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBody) {
        if (!refused) answer(413, { error: 'body too large' });
        refused = true;
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (refused) return;
      let payloads: Payload[];
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { payloads?: JsonPayload[] };
        if (!Array.isArray(body.payloads)) throw new Error('no payloads');
        payloads = body.payloads.map(fromJson);
      } catch {
        return answer(400, { error: 'expected { "payloads": [...] }' });
      }
      const work = action === 'decode' ? opts.codec.decode(payloads) : opts.codec.encode(payloads);
      work.then(
        (out) => answer(200, { payloads: out.map(toJson) }),
        // The codec's own errors name a key id at most; the payload never reaches the answer.
        (err: unknown) => answer(400, { error: err instanceof Error ? err.message : 'cannot decode' }),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1';
  const url = `http://${host}:${port}`;
  return {
    url,
    uiEndpoint: `${url}/${encodeURIComponent(opts.token)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
