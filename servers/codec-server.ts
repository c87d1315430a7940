/**
 * The codec server the Temporal Web UI decodes payloads through: POST /decode and /encode with
 * `{ payloads: [...] }` (payloads in protobuf JSON, bytes as base64), as the UI sends them. It answers only
 * - the Web UI: a request from the UI's origin (CORS) with the UI's token, as the first path segment
 *   (`--ui-codec-endpoint http://127.0.0.1:8234/<token>`: the dev server's UI has no login to forward a header
 *   from) or as `Authorization: Bearer <token>`;
 * - a script or the `temporal` CLI: no Origin header and `Authorization: Bearer <cliToken>`. A request with no
 *   Origin and the UI's path token is refused: a web page's `<img src=…>` sends no Origin, and the UI's endpoint
 *   (token included) is readable by anyone who can reach the UI;
 * - for a namespace it serves (`X-Namespace`, which the UI and the CLI send), whose name is the payloads' AAD.
 * Tokens are compared as hashes in constant time. Every request, refused or not, is one access-log line: who
 * (web-ui, cli, or refused), the remote address, the namespace, the action and how many payloads, the status;
 * never a payload or a token. No input can end the process: every failure is an HTTP answer.
 */
import type { Payload } from '@temporalio/common';
import { timingSafeEqual, createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../src/logger';
import { EncryptionCodec } from '../src/codec/encryption-codec';
import type { PayloadKeyRing } from '../src/codec/payload-keys';

export interface CodecServerOptions {
  keys: PayloadKeyRing;
  /** The namespaces whose payloads it encodes and decodes (X-Namespace). */
  namespaces: string[];
  /** The Web UI's token (in its endpoint's path). */
  token: string;
  /** The token scripts and the `temporal` CLI send as a bearer header; unset: none is served. */
  cliToken?: string;
  /** The one browser origin allowed, e.g. http://localhost:8233. */
  allowedOrigin: string;
  /** Decoding an unencrypted payload is an error (the production image). */
  strict?: boolean;
  /** Where the access log goes. */
  logger: Logger;
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

/** Thrown for a request the server refuses: becomes its HTTP status. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function base64(value: unknown, what: string): Buffer {
  if (typeof value !== 'string' || !BASE64.test(value)) throw new Refusal(400, `${what} is not base64`);
  return Buffer.from(value, 'base64');
}

function fromJson(p: unknown, i: number): Payload {
  if (typeof p !== 'object' || p === null || Array.isArray(p)) throw new Refusal(400, `payload ${i} is not an object`);
  const { metadata, data } = p as JsonPayload;
  if (metadata != null && (typeof metadata !== 'object' || Array.isArray(metadata)))
    throw new Refusal(400, `payload ${i}: metadata is not an object`);
  return {
    metadata: Object.fromEntries(
      Object.entries(metadata ?? {}).map(([k, v]) => [k, base64(v, `payload ${i} metadata`)]),
    ),
    data: data ? base64(data, `payload ${i} data`) : undefined,
  };
}

const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')]),
  ),
  data: p.data ? Buffer.from(p.data).toString('base64') : undefined,
});

/** Compares hashes, so neither length nor content leaks through timing (and multi-byte text cannot throw). */
const sameSecret = (given: string, expected: string) =>
  timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());

/** A path segment decoded, or a 400 for malformed percent-encoding (`/%/decode`). */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new Refusal(400, 'malformed path');
  }
}

type Caller = 'web-ui' | 'cli';

export async function startCodecServer(opts: CodecServerOptions): Promise<RunningCodecServer> {
  const allowedOrigin = new URL(opts.allowedOrigin).origin;
  const maxBody = opts.maxBodyBytes ?? 4 * 1024 * 1024;
  const codecs = new Map(
    opts.namespaces.map((ns) => [ns, new EncryptionCodec(opts.keys, { namespace: ns, strict: opts.strict })]),
  );
  const log = opts.logger.child({ component: 'codec-server' });

  /** Who may call, or why not: the checks before the body is read. */
  function authorise(
    req: http.IncomingMessage,
    entry: Record<string, unknown>,
  ): { action: 'decode' | 'encode'; namespace: string } {
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== allowedOrigin) throw new Refusal(403, 'origin not allowed');
    const url = new URL(req.url ?? '/', 'http://codec');
    const segments = url.pathname.split('/').filter(Boolean);
    const action = segments.pop();
    if (segments.length > 1 || (action !== 'decode' && action !== 'encode')) throw new Refusal(404, 'not found');
    const pathToken = segments.length === 1 ? decodeSegment(segments[0]) : undefined;
    const header = req.headers.authorization ?? '';
    const bearer = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
    let caller: Caller | undefined;
    if (origin === allowedOrigin) {
      const given = pathToken ?? bearer;
      if (given !== undefined && sameSecret(given, opts.token)) caller = 'web-ui';
    } else if (pathToken === undefined && bearer !== undefined && opts.cliToken && sameSecret(bearer, opts.cliToken))
      caller = 'cli';
    if (!caller)
      throw new Refusal(
        401,
        origin === undefined
          ? 'without the Web UI origin, Authorization: Bearer <CODEC_CLI_TOKEN> is required'
          : 'token required',
      );
    Object.assign(entry, { caller, action });
    if (req.method !== 'POST') throw new Refusal(405, 'POST only');
    const namespace = req.headers['x-namespace'];
    if (typeof namespace !== 'string' || namespace === '') throw new Refusal(400, 'X-Namespace header required');
    if (!codecs.has(namespace)) throw new Refusal(403, 'namespace not served');
    return { action, namespace };
  }

  function readBody(req: http.IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBody) {
          req.removeAllListeners('data');
          req.resume();
          reject(new Refusal(413, 'body too large'));
          return;
        }
        chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = Date.now();
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
    const namespaceHeader = req.headers['x-namespace'];
    const entry: Record<string, unknown> = {
      caller: 'refused',
      remote: req.socket.remoteAddress,
      // Header text as sent (a refused request's too), cut short: it goes into a log line.
      origin: origin?.slice(0, 100) ?? null,
      namespace: typeof namespaceHeader === 'string' ? namespaceHeader.slice(0, 100) : null,
      method: req.method,
    };
    const answer = (status: number, body?: unknown) => {
      if (!res.headersSent) {
        res.writeHead(status, {
          ...cors,
          ...(body ? { 'Content-Type': 'application/json' } : {}),
          ...(status === 413 ? { Connection: 'close' } : {}),
        });
        res.end(body ? JSON.stringify(body) : undefined);
      }
      log.info({ ...entry, status, ms: Date.now() - started }, 'codec request');
    };
    try {
      if (req.method === 'OPTIONS') {
        if (origin !== allowedOrigin) throw new Refusal(403, 'origin not allowed');
        entry.caller = 'preflight';
        return answer(204);
      }
      const { action, namespace } = authorise(req, entry);
      const body = await readBody(req);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        throw new Refusal(400, 'expected { "payloads": [...] }');
      }
      const list = (parsed as { payloads?: unknown } | null)?.payloads;
      if (!Array.isArray(list)) throw new Refusal(400, 'expected { "payloads": [...] }');
      const payloads = list.map(fromJson);
      entry.payloads = payloads.length;
      const codec = codecs.get(namespace)!;
      let out: Payload[];
      try {
        out = action === 'decode' ? await codec.decode(payloads) : await codec.encode(payloads);
      } catch (err) {
        // The codec's own errors name a key id or a payload's index at most; a payload never reaches the answer.
        throw new Refusal(400, err instanceof Error ? err.message : 'cannot decode');
      }
      answer(200, { payloads: out.map(toJson) });
    } catch (err) {
      if (err instanceof Refusal) {
        entry.refused = err.message;
        answer(err.status, { error: err.message });
      } else {
        entry.error = err instanceof Error ? err.name : 'unknown';
        answer(500, { error: 'internal error' });
      }
    }
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  // A malformed request line or header is answered 400 by Node's parser; never an exception.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
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
