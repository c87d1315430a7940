/**
 * What a chaos seed checks: the clean run against the day's own expectations, then the run under faults against
 * the clean one (issue 16, item 7). Each check returns the problems it found, one line each, named by invariant, so
 * that a failing seed says what broke. Ids and counts only: the people are made up, but no value is printed.
 */
import type { ChaosDay, PlannedTrainee } from '../../src/chaos/chaos-day';
import type { RunCounts } from '../../src/run-counts';

/** The end state of one run of the day, read after the outbox relay has run once with the receiver healthy. */
export interface DayState {
  /** TIS people by _id, without `updatedAt` (a wall-clock stamp). */
  people: Record<string, Record<string, unknown>>;
  /** Recorded outcome per ESR person id. */
  outcomes: Record<string, { outcome: string; reason?: string }>;
  changeSets: { _id: string; personId: string; status: string; workflowId: string; baseVersion: number }[];
  outbox: { _id: string; changeSetId: string; personId: string; status: string }[];
  /** Event ids the receiver answered with a 2xx, by TIS person id (distinct, in order). */
  deliveredByPerson: Record<string, string[]>;
  /** Every event id answered with a 2xx. */
  delivered: Set<string>;
  /** Leases left in the store (every workflow has closed by now, so each one is held by a closed workflow). */
  leases: string[];
  /** Workflows still running on the seed's Temporal server. */
  running: string[];
  /** The final daily run's counts (`esr run --json`'s), when it ended. */
  counts?: RunCounts['total'];
}

export type Invariant =
  | 'clean-run'
  | 'people'
  | 'exactly-once'
  | 'none-undone-after-2xx'
  | 'bounded'
  | 'leases'
  | 'outcomes'
  | 'counts'
  | 'faults-landed'
  /** The campaign's own driver failed: the seed could not be checked. */
  | 'campaign';

export interface Problem {
  invariant: Invariant;
  detail: string;
}

/** What a person's record says of them; `identifiers` gains the ESR link (esrPersonId) whenever a row matches. */
const BUSINESS = ['contactDetails', 'personalDetails', 'placements'] as const;
const business = (doc: Record<string, unknown> | undefined) =>
  JSON.stringify(Object.fromEntries(BUSINESS.map((k) => [k, doc?.[k]])));
const get = (doc: Record<string, unknown> | undefined, dotted: string): unknown =>
  dotted
    .split('.')
    .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), doc);

function outcomeMatches(t: PlannedTrainee, got: { outcome: string; reason?: string } | undefined): boolean {
  if (!got) return false;
  if (t.expectedOutcome === 'HELD_OR_FAILED')
    return (got.outcome === 'HELD' || got.outcome === 'FAILED') && !!got.reason;
  return got.outcome === t.expectedOutcome;
}

/** Deliveries as the spec wants them for this trainee: one eventId for an applied change, none otherwise. */
function deliveryProblems(day: ChaosDay, state: DayState, invariant: Invariant): Problem[] {
  const problems: Problem[] = [];
  for (const t of day.trainees) {
    const ids = state.deliveredByPerson[t.tisPersonId] ?? [];
    const want = t.expectedOutcome === 'UPDATED' ? 1 : 0;
    if (ids.length !== want) {
      const by = ids.map((id) => {
        const cs = state.changeSets.find((c) => c._id === state.outbox.find((e) => e._id === id)?.changeSetId);
        return `${cs?.workflowId ?? '?'} ${cs?.status ?? ''} from v${cs?.baseVersion ?? '?'}`;
      });
      problems.push({
        invariant,
        detail: `${t.esrPersonId} (${t.kind}): ${ids.length} event(s) delivered, expected ${want}${by.length ? ` (change sets of ${by.join('; ')})` : ''}`,
      });
    }
  }
  return problems;
}

/** The clean run against what the generated day says: outcomes, the fields changed, and one delivery per change. */
export function checkCleanRun(
  day: ChaosDay,
  original: Record<string, Record<string, unknown>>,
  clean: DayState,
): Problem[] {
  const problems: Problem[] = [];
  const p = (detail: string) => problems.push({ invariant: 'clean-run', detail });
  for (const t of day.trainees) {
    const got = clean.outcomes[t.esrPersonId];
    if (!outcomeMatches(t, got))
      p(
        `${t.esrPersonId} (${t.kind}): outcome ${got ? `${got.outcome} ${got.reason ?? ''}`.trim() : 'none'}, expected ${t.expectedOutcome}`,
      );
    const doc = clean.people[t.tisPersonId];
    const fields = Object.entries(t.expectedFields);
    for (const [path, value] of fields)
      if (get(doc, path) !== value) p(`${t.esrPersonId} (${t.kind}): ${path} not as the ESR row says`);
    if (!fields.length && business(doc) !== business(original[t.tisPersonId]))
      p(`${t.esrPersonId} (${t.kind}): TIS changed, expected as before the day`);
  }
  problems.push(...deliveryProblems(day, clean, 'clean-run'));
  if (clean.running.length)
    p(`${clean.running.length} workflow(s) still running: ${clean.running.slice(0, 3).join(', ')}`);
  return problems;
}

/** The run under faults against the clean run of the same day. */
export function checkAgainstClean(
  day: ChaosDay,
  original: Record<string, Record<string, unknown>>,
  clean: DayState,
  got: DayState,
): Problem[] {
  const problems: Problem[] = [];
  for (const t of day.trainees) {
    const id = t.tisPersonId;
    if (t.kind === 'REFUSED') {
      if (business(got.people[id]) !== business(original[id]))
        problems.push({
          invariant: 'people',
          detail: `${t.esrPersonId} (refused): TIS not back to its original document`,
        });
    } else if (JSON.stringify(got.people[id]) !== JSON.stringify(clean.people[id])) {
      problems.push({ invariant: 'people', detail: `${t.esrPersonId} (${t.kind}): TIS differs from the clean run` });
    }
    const want = clean.outcomes[t.esrPersonId];
    const have = got.outcomes[t.esrPersonId];
    if (want?.outcome !== have?.outcome || want?.reason !== have?.reason)
      problems.push({
        invariant: 'outcomes',
        detail: `${t.esrPersonId} (${t.kind}): ${have ? `${have.outcome} ${have.reason ?? ''}`.trim() : 'none'}, clean run ${want ? `${want.outcome} ${want.reason ?? ''}`.trim() : 'none'}`,
      });
  }
  problems.push(...deliveryProblems(day, got, 'exactly-once'));
  const eventOf = new Map(got.outbox.map((e) => [e.changeSetId, e._id]));
  for (const cs of got.changeSets) {
    const eventId = eventOf.get(cs._id);
    if (cs.status === 'COMPENSATED' && eventId && got.delivered.has(eventId))
      problems.push({
        invariant: 'none-undone-after-2xx',
        detail: `change set ${cs._id}: undone, yet its event was answered 2xx`,
      });
    if (cs.status === 'APPLIED')
      problems.push({ invariant: 'exactly-once', detail: `change set ${cs._id}: applied, never notified` });
    if (cs.status === 'NOTIFIED' && !(eventId && got.delivered.has(eventId)))
      problems.push({
        invariant: 'exactly-once',
        detail: `change set ${cs._id}: NOTIFIED, its event never answered 2xx`,
      });
  }
  for (const e of got.outbox.filter((o) => o.status === 'PENDING'))
    problems.push({ invariant: 'exactly-once', detail: `event ${e._id} still PENDING after the relay` });
  if (got.running.length)
    problems.push({
      invariant: 'bounded',
      detail: `${got.running.length} workflow(s) still running: ${got.running.slice(0, 3).join(', ')}`,
    });
  if (got.leases.length)
    problems.push({
      invariant: 'leases',
      detail: `lease(s) held by closed workflows: ${got.leases.slice(0, 5).join(', ')}`,
    });
  if (JSON.stringify(got.counts) !== JSON.stringify(clean.counts))
    problems.push({
      invariant: 'counts',
      detail: `esr run counts ${JSON.stringify(got.counts)}, clean run ${JSON.stringify(clean.counts)}`,
    });
  return problems;
}
