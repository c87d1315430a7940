/**
 * A real local HTTP endpoint that receives change events the way a downstream TIS service would: it checks the
 * timestamped signature (src/notify/signature.ts: the raw body's bytes, constant-time, a stale `t` refused), the
 * idempotency key and the body size, and records each event once. `npm start` runs one for the demo; the tests use
 * it (with scripted answers) as the outside system it stands for. Tests can also make it: follow the
 * Idempotency-Key convention (a repeat of a key whose first request is still being answered gets 409), refuse
 * chosen people's events for good (422), and hold requests until the test releases them.
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
  requests: {
    eventId?: string;
    status: number;
    signatureValid: boolean;
    refusal?: string;
    at: number;
    /** How long the answer was held back (a slow receiver). */
    delayMs?: number;
  }[];
  /** Status codes (or scripted answers) to answer next, one per request, before falling back to 200. */
  script: (number | ScriptedAnswer)[];
  /** Answer every request this way until the given time (ms since the epoch): an outage of the endpoint. */
  outage?: ScriptedAnswer & { until: number };
  /**
   * The Idempotency-Key convention: while a request with a key is still being answered (a slow answer), a request
   * with the same key gets 409 at once and is not taken as the event again.
   */
  conflictWhileInProgress: boolean;
  /** People (TIS person ids) whose events are refused for good: 422, whatever the script says. */
  refusePeople: Set<string>;
  /**
   * Holds every request whose event matches (once its body is read) until `release()`; `arrived` resolves with the
   * first one held. A test races something against a delivery known to be in flight.
   */
  hold(match: (e: ReceivedEvent) => boolean): { arrived: Promise<ReceivedEvent>; release(): void };
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
  /** Requests per Idempotency-Key whose answer has not gone yet. */
  const inProgress = new Map<string, number>();
  const holds: {
    match: (e: ReceivedEvent) => boolean;
    released: Promise<void>;
    arrived: (e: ReceivedEvent) => void;
  }[] = [];
  const receiver: NotificationReceiver = {
    url: '',
    events,
    requests,
    script,
    conflictWhileInProgress: false,
    refusePeople: new Set(),
    hold(match) {
      let release!: () => void;
      let arrived!: (e: ReceivedEvent) => void;
      const released = new Promise<void>((r) => (release = r));
      const first = new Promise<ReceivedEvent>((r) => (arrived = r));
      const entry = { match, released, arrived };
      holds.push(entry);
      return {
        arrived: first,
        release: () => {
          holds.splice(holds.indexOf(entry), 1);
          release();
        },
      };
    },
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
    req.on('end', () => void answerEvent());
    const answerEvent = async () => {
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
      const key = keyMatches ? event!.eventId : undefined;
      if (key && receiver.conflictWhileInProgress && inProgress.get(key)) {
        requests.push({
          eventId: key,
          status: 409,
          signatureValid: check.valid,
          refusal: 'in progress',
          at: Date.now(),
        });
        answer(409);
        return;
      }
      const outage = receiver.outage && Date.now() < receiver.outage.until ? receiver.outage : undefined;
      // A person refused for good is refused without using up the script.
      const refused = event !== undefined && receiver.refusePeople.has(event.personId);
      const next = refused ? 422 : (outage ?? (script.length ? script.shift()! : 200));
      const scripted: ScriptedAnswer = typeof next === 'number' ? { status: next } : next;
      let status = scripted.status;
      if (status < 300 && (!check.valid || !keyMatches)) status = 401;
      requests.push({
        eventId: event?.eventId,
        status,
        signatureValid: check.valid,
        ...(check.valid ? {} : { refusal: check.reason }),
        at: Date.now(),
        ...(scripted.delayMs ? { delayMs: scripted.delayMs } : {}),
      });
      if (status < 300 && event && !seen.has(event.eventId)) {
        seen.add(event.eventId);
        events.push(event);
        opts.onEvent?.(event);
      }
      const reply = () => {
        if (key) inProgress.set(key, (inProgress.get(key) ?? 1) - 1);
        answer(status, scripted.retryAfter ? { 'Retry-After': scripted.retryAfter } : {});
      };
      if (key) inProgress.set(key, (inProgress.get(key) ?? 0) + 1);
      // Held by the test: in progress (a repeat of its key meanwhile gets 409) until it is released.
      const held = event ? holds.find((h) => h.match(event)) : undefined;
      if (held && event) {
        held.arrived(event);
        await held.released;
      }
      if (scripted.delayMs) setTimeout(reply, scripted.delayMs);
      else reply();
    };
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
