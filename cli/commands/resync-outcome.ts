/**
 * What an operator sees after a resync (`npm run resync`, `esr link`): the outcome and the field-level diff it
 * applied, personal values masked. The JSON carries the operating contract's keys
 * `{ workflowId, personId, outcome, changedFields }` and more.
 */
import { maskTisValue } from '../../src/tis/map-to-tis';
import type { Collections } from '../../store/store';
import type { TraineeResult } from '../../workflows/esr-trainee';
import type { ResyncStarted } from '../resync-trainee';

export interface ResyncOutcome {
  workflowId: string;
  personId: string | null;
  esrPersonId: string;
  extractDate: string;
  outcome: TraineeResult['outcome'];
  reason?: string;
  changedFields: string[];
  changes: { field: string; before: string | null; after: string }[];
  conflictFields: string[];
}

/** Every personal value masked, unless `reveal` (the caller records that it was used: cli/commands/reveal.ts). */
export async function resyncOutcome(
  store: Collections,
  started: ResyncStarted,
  result: TraineeResult,
  opts: { reveal?: boolean } = {},
): Promise<ResyncOutcome> {
  const shown = (path: string, value: string) => (opts.reveal ? value : maskTisValue(path, value));
  const changeSet = result.changeSetId ? await store.changeSets.findOne({ _id: result.changeSetId }) : null;
  return {
    workflowId: started.workflowId,
    personId: result.tisPersonId ?? started.trainee.tisPersonId ?? null,
    esrPersonId: result.esrPersonId,
    extractDate: started.trainee.extractDate,
    outcome: result.outcome,
    ...(result.reason ? { reason: result.reason } : {}),
    changedFields: result.changedFields,
    changes: (changeSet?.changes ?? []).map((c) => ({
      field: c.path,
      before: c.before === undefined ? null : shown(c.path, c.before),
      after: shown(c.path, c.after),
    })),
    conflictFields: result.conflictFields,
  };
}

export function resyncOutcomeText(o: ResyncOutcome, uiUrl: string): string {
  return [
    `ESR person ${o.esrPersonId}${o.personId ? ` (TIS ${o.personId})` : ''}, extract ${o.extractDate}: ${o.outcome}${o.reason ? ` (${o.reason})` : ''}`,
    ...o.changes.map((c) => `  ${c.field}: ${c.before ?? '(empty)'} → ${c.after}`),
    ...(o.conflictFields.length ? [`  newer in TIS, not applied: ${o.conflictFields.join(', ')}`] : []),
    `  ${uiUrl}`,
  ].join('\n');
}

/** HELD and FAILED need a person; the others are done. */
export const needsAttention = (o: { outcome: string }): boolean => o.outcome === 'HELD' || o.outcome === 'FAILED';
