/**
 * A real local HTTP endpoint that receives change events the way a downstream TIS service would: it checks the
 * HMAC signature and the idempotency key and records each event once. `npm start` runs one for the demo; the
 * tests use it (with scripted answers) as the outside system it stands for.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

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
  requests: { eventId?: string; status: number; signatureValid: boolean; at: number }[];
  /** Status codes (or scripted answers) to answer next, one per request, before falling back to 200. */
  script: (number | ScriptedAnswer)[];
  /** Answer every request this way until the given time (ms since the epoch): an outage of the endpoint. */
  outage?: ScriptedAnswer & { until: number };
  close(): Promise<void>;
}

export async function startNotificationReceiver(opts: {
  secret: string;
  port?: number;
  onEvent?: (e: ReceivedEvent) => void;
}): Promise<NotificationReceiver> {
  const events: ReceivedEvent[] = [];
  const seen = new Set<string>();
  const requests: NotificationReceiver['requests'] = [];
  const script: NotificationReceiver['script'] = [];
  const receiver: NotificationReceiver = {
    url: '',
    events,
    requests,
    script,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const expected = `sha256=${createHmac('sha256', opts.secret).update(body).digest('hex')}`;
      const given = String(req.headers['x-signature'] ?? '');
      const signatureValid =
        given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
      let event: ReceivedEvent | undefined;
      try {
        event = JSON.parse(body) as ReceivedEvent;
      } catch {
        event = undefined;
      }
      const keyMatches = event !== undefined && req.headers['idempotency-key'] === event.eventId;
      const outage = receiver.outage && Date.now() < receiver.outage.until ? receiver.outage : undefined;
      const next = outage ?? (script.length ? script.shift()! : 200);
      const answer: ScriptedAnswer = typeof next === 'number' ? { status: next } : next;
      let status = answer.status;
      if (status < 300 && (!signatureValid || !keyMatches)) status = 401;
      requests.push({ eventId: event?.eventId, status, signatureValid, at: Date.now() });
      if (status < 300 && event && !seen.has(event.eventId)) {
        seen.add(event.eventId);
        events.push(event);
        opts.onEvent?.(event);
      }
      const headers = {
        'Content-Type': 'application/json',
        ...(answer.retryAfter ? { 'Retry-After': answer.retryAfter } : {}),
      };
      const reply = () => res.writeHead(status, headers).end(JSON.stringify({ status }));
      if (answer.delayMs) setTimeout(reply, answer.delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  receiver.url = `http://127.0.0.1:${port}/events`;
  return receiver;
}
