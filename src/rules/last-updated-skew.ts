/**
 * The spec's guard on `lastUpdated`: ESR cannot have changed a person after it wrote the file, so a lastUpdated
 * later than the file's generation time (plus a few minutes of clock skew) is a finding for the trust, never a
 * winner: a year-2099 stamp would otherwise win every later comparison and turn real corrections into conflicts.
 */
import type { RowError, RowRef } from '../extract/types';
import { instantOf } from './precedence';

/** How far ahead of the file's generation time a lastUpdated may be, for the clocks of ESR's servers. */
export const LAST_UPDATED_SKEW_MS = 5 * 60_000;

/** A row error when `lastUpdated` is later than `generatedAt` plus the skew; undefined when it is not. */
export function lastUpdatedAfterFile(
  ref: RowRef,
  row: { lastUpdated: string; employingTrust: string; esrPersonId: string },
  generatedAt: string,
): RowError | undefined {
  const limit = instantOf(generatedAt) + LAST_UPDATED_SKEW_MS;
  if (!(instantOf(row.lastUpdated) > limit)) return undefined;
  return {
    ...ref,
    code: 'LAST_UPDATED_AFTER_FILE',
    field: 'lastUpdated',
    reason: `lastUpdated must not be later than the file's generation time (plus ${LAST_UPDATED_SKEW_MS / 60_000} minutes)`,
    trust: row.employingTrust,
    esrPersonId: row.esrPersonId,
  };
}
