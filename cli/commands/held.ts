/** `esr held [--date D] [--trust T]`: trainees held for review, with the reason each is waiting for a person. */
import { Command } from 'commander';
import type { Filter } from 'mongodb';
import type { EsrOutcomeDoc } from '../../store/documents';
import type { Store } from '../../store/store';
import { withContext } from './context';
import { extractDate } from './dates';
import { columns, print } from './output';

export interface HeldTrainee {
  extractDate: string;
  esrPersonId: string;
  trust: string;
  reason: string;
  detail?: string;
  tisPersonId?: string;
  conflictFields: string[];
  workflowId: string;
}

/**
 * That date's HELD outcomes; without a date, each trainee's latest outcome where it is HELD (a trainee held on
 * Monday and updated on Tuesday is no longer waiting).
 */
export async function listHeld(store: Store, opts: { date?: string; trust?: string }): Promise<HeldTrainee[]> {
  const filter: Filter<EsrOutcomeDoc> = { outcome: 'HELD' };
  if (opts.date) filter.extractDate = opts.date;
  if (opts.trust) filter.trust = opts.trust;
  let held = await store.outcomes.find(filter).toArray();
  if (!opts.date && held.length) {
    const ids = [...new Set(held.map((h) => h.esrPersonId))];
    const latest = new Map<string, EsrOutcomeDoc>();
    for (const o of await store.outcomes.find({ esrPersonId: { $in: ids } }).toArray()) {
      const seen = latest.get(o.esrPersonId);
      if (!seen || `${o.extractDate}${o.recordedAt}` > `${seen.extractDate}${seen.recordedAt}`)
        latest.set(o.esrPersonId, o);
    }
    held = held.filter((h) => latest.get(h.esrPersonId)?._id === h._id);
  }
  return held
    .map((h) => ({
      extractDate: h.extractDate,
      esrPersonId: h.esrPersonId,
      trust: h.trust,
      reason: h.reason ?? 'UNKNOWN',
      ...(h.detail ? { detail: h.detail } : {}),
      ...(h.tisPersonId ? { tisPersonId: h.tisPersonId } : {}),
      conflictFields: h.conflictFields ?? [],
      workflowId: h.workflowId,
    }))
    .sort(
      (a, b) =>
        a.extractDate.localeCompare(b.extractDate) ||
        a.trust.localeCompare(b.trust) ||
        a.esrPersonId.localeCompare(b.esrPersonId),
    );
}

export const heldCommand = () =>
  new Command('held')
    .summary('list trainees held for review')
    .description(
      'List trainees held for review, with the reason: no match, or more than one match (and CONFLICT for ' +
        'outcomes recorded before conflicts ended NO_CHANGE). See docs/runbook.md for what to do with each; ' +
        '"esr link" resolves a match by hand, "esr unlink" removes a wrong link first.',
    )
    .option(
      '--date <YYYY-MM-DD>',
      'that extract date only (default: each trainee whose latest outcome is HELD)',
      extractDate,
    )
    .option('--trust <ODS code>', 'one trust only, e.g. RGT')
    .option('--json', 'print one JSON object: { held: [ { extractDate, esrPersonId, trust, reason, detail?, … } ] }')
    .action(async (opts: { date?: string; trust?: string; json?: boolean }) =>
      withContext(async (ctx) => {
        const held = await listHeld(await ctx.store(), { date: opts.date, trust: opts.trust?.toUpperCase() });
        print(opts.json, { held }, () =>
          held.length
            ? columns([
                ['date', 'trust', 'ESR person', 'reason', 'TIS person', 'detail'],
                ...held.map((h) => [
                  h.extractDate,
                  h.trust,
                  h.esrPersonId,
                  h.reason,
                  h.tisPersonId ?? '',
                  [h.detail, h.conflictFields.length ? `newer in TIS: ${h.conflictFields.join(', ')}` : '']
                    .filter(Boolean)
                    .join('; '),
                ]),
              ])
            : 'no trainees held for review',
        );
      }),
    );
