/**
 * The faults a campaign's seed injects into its day, each at a known point: once a number of trainees' outcomes
 * are recorded, or, for the receiver's faults, once it has had a number of delivery requests (a condition, never a
 * clock), so a slow machine meets the same faults in the same order. Pure and seeded: `--seed S` replays the same
 * schedule.
 */
import type { ChaosDay } from './chaos-day';
import { seededRandom } from './seeded-random';

export type Fault =
  /** SIGKILL the worker process, start a new one. */
  | { kind: 'KILL_WORKER'; atOutcomes: number }
  /** SIGKILL FerretDB; down `downMs` (by the clock: the length of an outage), restarted on its data. */
  | { kind: 'KILL_DATABASE'; atOutcomes: number; downMs: number }
  /** SIGKILL the Temporal dev server; down `downMs`, restarted on its SQLite file. */
  | { kind: 'KILL_TEMPORAL'; atOutcomes: number; downMs: number }
  /** The next `requests` answers come after `delayMs`, past NOTIFY_TIMEOUT_MS; a repeat meanwhile gets 409. */
  | { kind: 'SLOW_RECEIVER'; atRequests: number; requests: number; delayMs: number }
  /** The next `requests` answers are this 5xx. */
  | { kind: 'BURST_5XX'; atRequests: number; requests: number; status: 500 | 502 | 503 }
  /** The next `requests` answers are 429 with Retry-After. */
  | { kind: 'THROTTLE_429'; atRequests: number; requests: number; retryAfterSeconds: number }
  /** Cancel the daily run as the Web UI does, and run the date again the moment it closes. */
  | { kind: 'CANCEL_AND_RERUN'; atOutcomes: number }
  /** Resync these trainees while the run works. */
  | { kind: 'RESYNC_RACE'; atOutcomes: number; esrPersonIds: string[] }
  /** Approve the held file through the run's Update. */
  | { kind: 'APPROVE_HELD'; atOutcomes: number };

export type FaultKind = Fault['kind'];
/** The faults of the notification receiver: triggered by its requests, the others by outcomes. */
export type ReceiverFault = Extract<Fault, { atRequests: number }>;
export const isReceiverFault = (f: Fault): f is ReceiverFault => 'atRequests' in f;

export const FAULT_KINDS: readonly FaultKind[] = [
  'KILL_WORKER',
  'KILL_DATABASE',
  'KILL_TEMPORAL',
  'SLOW_RECEIVER',
  'BURST_5XX',
  'THROTTLE_429',
  'CANCEL_AND_RERUN',
  'RESYNC_RACE',
];

export interface FaultScheduleOptions {
  /** Faults besides the approval, drawn without repeats (default 3 to 5). */
  faults?: number;
  /** The SLOW_RECEIVER delay: above the configured NOTIFY_TIMEOUT_MS. */
  notifyTimeoutMs: number;
}

/**
 * Draws the seed's faults. Every outcome trigger is below the day's trainee count, and the approval's at most the
 * count of trainees not held, so each one is reached: the run cannot finish (nor the held trainees start) before
 * it. A receiver fault comes after fewer requests than the changes of trainees not held, so requests follow it.
 */
export function drawFaultSchedule(seed: number, day: ChaosDay, opts: FaultScheduleOptions): Fault[] {
  const rng = seededRandom(seed ^ 0xfa017);
  const total = day.trainees.length;
  const free = day.trainees.filter((t) => t.kind !== 'IN_HELD_FILE').length;
  // Early enough that work remains when the fault lands (the campaign checks it did).
  const at = (upTo = total) => rng.int(1, Math.max(1, Math.floor(upTo * 0.6)));
  const changing = day.trainees.filter((t) => t.kind === 'CHANGES_MOBILE').map((t) => t.esrPersonId);
  const atRequest = () => rng.int(0, Math.max(0, Math.floor((changing.length - 1) * 0.6)));
  const needChanges: readonly FaultKind[] = ['SLOW_RECEIVER', 'BURST_5XX', 'THROTTLE_429', 'RESYNC_RACE'];
  const possible = FAULT_KINDS.filter((k) => changing.length >= 2 || !needChanges.includes(k));
  const count = Math.min(opts.faults ?? rng.int(3, 5), possible.length);
  const kinds = rng.shuffle(possible).slice(0, count);
  const faults: Fault[] = kinds.map((kind): Fault => {
    switch (kind) {
      case 'KILL_WORKER':
      case 'CANCEL_AND_RERUN':
        return { kind, atOutcomes: at() };
      case 'KILL_DATABASE':
        return { kind, atOutcomes: at(), downMs: rng.int(1_000, 4_000) };
      case 'KILL_TEMPORAL':
        return { kind, atOutcomes: at(), downMs: rng.int(1_000, 3_000) };
      case 'SLOW_RECEIVER':
        return {
          kind,
          atRequests: atRequest(),
          requests: rng.int(2, 6),
          delayMs: opts.notifyTimeoutMs + rng.int(500, 2_000),
        };
      case 'BURST_5XX':
        return { kind, atRequests: atRequest(), requests: rng.int(3, 10), status: rng.pick([500, 502, 503] as const) };
      case 'THROTTLE_429':
        return { kind, atRequests: atRequest(), requests: rng.int(2, 6), retryAfterSeconds: rng.int(1, 3) };
      case 'RESYNC_RACE':
        return {
          kind,
          atOutcomes: at(),
          esrPersonIds: rng.shuffle(changing.slice(Math.floor(changing.length / 2))).slice(0, rng.int(1, 3)),
        };
      case 'APPROVE_HELD':
        throw new Error('drawn separately');
    }
  });
  faults.push({ kind: 'APPROVE_HELD', atOutcomes: rng.int(1, free) });
  // Stable order: by trigger (receiver faults last: they are watched for on their own), then as drawn.
  const order = (f: Fault) => (isReceiverFault(f) ? 1e9 + f.atRequests : f.atOutcomes);
  return faults
    .map((f, i) => ({ f, i }))
    .sort((a, b) => order(a.f) - order(b.f) || a.i - b.i)
    .map((x) => x.f);
}

/** One line per fault, for the seed's report. */
export function describeFault(f: Fault): string {
  const at = isReceiverFault(f) ? `@request ${f.atRequests}` : `@${f.atOutcomes}`;
  switch (f.kind) {
    case 'KILL_DATABASE':
    case 'KILL_TEMPORAL':
      return `${f.kind}${at} down ${f.downMs} ms`;
    case 'SLOW_RECEIVER':
      return `${f.kind}${at} ${f.requests}×${f.delayMs} ms`;
    case 'BURST_5XX':
      return `${f.kind}${at} ${f.requests}×${f.status}`;
    case 'THROTTLE_429':
      return `${f.kind}${at} ${f.requests}×Retry-After ${f.retryAfterSeconds}`;
    case 'RESYNC_RACE':
      return `${f.kind}${at} ${f.esrPersonIds.length} trainee(s)`;
    default:
      return `${f.kind}${at}`;
  }
}
