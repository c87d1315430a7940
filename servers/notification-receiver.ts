/**
 * A real local HTTP endpoint that receives change events the way a downstream TIS service would: it checks the
 * timestamped signature (src/notify/signature.ts: the raw body's bytes, constant-time, a stale `t` refused), the
 * idempotency key and the body size, and records each event once. `npm start` runs one for the demo; the tests use
 * it (with scripted answers) as the outside system it stands for.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature, type SignatureCheck } from '../src/notify/signature';

export interface ReceivedEvent {
  eventId: string;
  personId: string;
  changedFields: string[];
  occurredAt: string;
}

/** A scripted answer beyond a bare status: a Retry-After header, or a delay before answering (a slow receiver). */
export interface ScriptedAnswer {
  status: number;
  retryAfter?: string;
  delayMs?: number;
}

export interface NotificationReceiver {
  url: string;
  /** Distinct events accepted, in arrival order. */
  events: ReceivedEvent[];
  /** Every POST seen, including refused and repeated ones. */
  requests: { eventId?: string; status: number; signatureValid: boolean; refusal?: string; at: number }[];
  /** Status codes (or scripted answers) to answer next, one per request, before falling back to 200. */
  script: (number | ScriptedAnswer)[];
  /** Answer every request this way until the given time (ms since the epoch): an outage of the endpoint. */
  outage?: ScriptedAnswer & { until: number };
  close(): Promise<void>;
}

/** A change event is a few hundred bytes; anything far larger is not one of ours. */
export const MAX_EVENT_BYTES = 64 * 1024;

export async function startNotificationReceiver(opts: {
  /** The secret events are signed with; `secrets` lists more during a rotation (any one matching is enough). */
  secret: string;
  secrets?: string[];
  port?: number;
  onEvent?: (e: ReceivedEvent) => void;
  /** The receiver's clock, in unix seconds; injectable so a test can age a request. */
  nowSeconds?: () => number;
}): Promise<NotificationReceiver> {
  const events: ReceivedEvent[] = [];
  const seen = new Set<string>();
  const requests: NotificationReceiver['requests'] = [];
  const script: NotificationReceiver['script'] = [];
  const secrets = [opts.secret, ...(opts.secrets ?? [])];
  const now = opts.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  const receiver: NotificationReceiver = {
    url: '',
    events,
    requests,
    script,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    const answer = (status: number, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify({ status }));
    if (Number(req.headers['content-length'] ?? 0) > MAX_EVENT_BYTES) {
      requests.push({ status: 413, signatureValid: false, refusal: 'too large', at: Date.now() });
      answer(413);
      req.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_EVENT_BYTES && !tooLarge) {
        tooLarge = true;
        requests.push({ status: 413, signatureValid: false, refusal: 'too large', at: Date.now() });
        answer(413);
        req.destroy();
      } else if (!tooLarge) chunks.push(c);
    });
    req.on('end', () => {
      if (tooLarge) return;
      const raw = Buffer.concat(chunks);
      const header = req.headers['x-signature'];
      const check: SignatureCheck = verifySignature(
        typeof header === 'string' ? header : undefined,
        raw,
        secrets,
        now(),
      );
      let event: ReceivedEvent | undefined;
      try {
        event = JSON.parse(raw.toString('utf8')) as ReceivedEvent;
      } catch {
        event = undefined;
      }
      const keyMatches = event !== undefined && req.headers['idempotency-key'] === event.eventId;
      const outage = receiver.outage && Date.now() < receiver.outage.until ? receiver.outage : undefined;
      const next = outage ?? (script.length ? script.shift()! : 200);
      const scripted: ScriptedAnswer = typeof next === 'number' ? { status: next } : next;
      let status = scripted.status;
      if (status < 300 && (!check.valid || !keyMatches)) status = 401;
      requests.push({
        eventId: event?.eventId,
        status,
        signatureValid: check.valid,
        ...(check.valid ? {} : { refusal: check.reason }),
        at: Date.now(),
      });
      if (status < 300 && event && !seen.has(event.eventId)) {
        seen.add(event.eventId);
        events.push(event);
        opts.onEvent?.(event);
      }
      const reply = () => answer(status, scripted.retryAfter ? { 'Retry-After': scripted.retryAfter } : {});
      if (scripted.delayMs) setTimeout(reply, scripted.delayMs);
      else reply();
    });
  });
  // A bad request (a header Node cannot parse, say) ends that connection, never the process.
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  receiver.url = `http://127.0.0.1:${port}/events`;
  return receiver;
}
