/**
 * `esr check --date D`: the monitoring hook. Exit 0 when the day needs nothing from an operator; 3 when it does,
 * saying what (a file missing, rejected or awaiting approval; a trainee held or failed; a day not run to the end).
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { Command } from 'commander';
import { dayNeeds } from '../../src/day-check';
import { eventIdFor } from '../../src/notify/event-id';
import { dailyRunId } from '../../src/workflow-ids';
import type { Collections } from '../../store/store';
import { withContext } from './context';
import { extractDate } from './dates';
import { ExitCode } from './errors';
import { print } from './output';
import { readRunStatus, type RunStatus } from './status';

export const checkCommand = () =>
  new Command('check')
    .summary('does the day need an operator? exit 0 no, 3 yes')
    .description(
      'For monitoring: whether an extract date needs anything from an operator, and what: an expected file ' +
        'missing, a file rejected (and not replaced by a later one) or awaiting approval, a trainee held or failed, ' +
        'or a run that did not happen or did not complete. Exit 0 when nothing is needed, 3 when something is, ' +
        '2 when it cannot tell (a server unreachable).',
    )
    .requiredOption('--date <YYYY-MM-DD>', 'the extract date', extractDate)
    .option(
      '--json',
      'print one JSON object: { date, workflowId, status, ok, needs: [ { kind, subject, detail, action } ] }',
    )
    .action(async (opts: { date: string; json?: boolean }) =>
      withContext(async (ctx) => {
        const workflowId = dailyRunId(opts.date);
        let run: RunStatus | undefined;
        try {
          run = await readRunStatus(await ctx.temporal(), workflowId);
        } catch (err) {
          if (!(err instanceof WorkflowNotFoundError)) throw err;
        }
        const store = await ctx.store();
        const settled = await store.outcomes
          .find({ extractDate: opts.date, outcome: { $in: ['HELD', 'FAILED'] } })
          .toArray();
        const byReason = run?.progress?.counts.byReason ?? {};
        const needs = dayNeeds({
          extractDate: opts.date,
          runStatus: run?.status,
          cancelled: run?.progress?.cancelled,
          files: run?.progress?.files ?? [],
          held: settled
            .filter((o) => o.outcome === 'HELD')
            .map((o) => ({ esrPersonId: o.esrPersonId, reason: o.reason })),
          failed: settled
            .filter((o) => o.outcome === 'FAILED')
            .map((o) => ({ esrPersonId: o.esrPersonId, reason: o.reason })),
          unrecordedFailures: (byReason['FAILED:CHILD_FAILED'] ?? 0) + (byReason['FAILED:ALREADY_RUNNING'] ?? 0),
          deliveryMismatches: await deliveryMismatches(store, opts.date),
        });
        const status = run?.status ?? 'NOT_RUN';
        print(opts.json, { date: opts.date, workflowId, status, ok: needs.length === 0, needs }, () =>
          needs.length
            ? [
                `${opts.date}: needs an operator (run ${status})`,
                ...needs.flatMap((n) => [`  ${n.kind} ${n.subject}: ${n.detail}`, `    → ${n.action}`]),
              ].join('\n')
            : `${opts.date}: nothing needs an operator (run ${status}${status === 'RUNNING' ? ', still going' : ''})`,
        );
        if (needs.length) process.exitCode = ExitCode.NEEDS_OPERATOR;
      }),
    );

/** Events of the date delivered after their change was undone, and refused changes whose undo was blocked. */
async function deliveryMismatches(store: Collections, extractDate: string): Promise<string[]> {
  const late = await store.outbox
    .find({ deliveredAfterCancel: { $exists: true } }, { projection: { changeSetId: 1 } })
    .toArray();
  const lateOfDate = late.length
    ? await store.changeSets
        .find({ _id: { $in: late.map((e) => e.changeSetId) }, extractDate }, { projection: { _id: 1 } })
        .toArray()
    : [];
  const blocked = await store.changeSets
    .find({ extractDate, status: 'COMPENSATION_FAILED' }, { projection: { _id: 1 } })
    .toArray();
  return [...lateOfDate, ...blocked].map((cs) => eventIdFor(cs._id));
}
