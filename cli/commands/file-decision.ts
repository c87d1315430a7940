/**
 * `esr approve|reject --date D --file F [--reason …]`: an operator's decision on a file the mass-change check
 * held, sent to the date's running daily run as the `decideFile` Update. The run's validator refuses a file that
 * is not waiting (a wrong name, or one decided already) before anything is recorded; the answer comes once the
 * decision is audited: who (the identity the connection authenticates with: cli/commands/operator-identity.ts),
 * when, and why (an operator note, referred to by id).
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { Command } from 'commander';
import { dailyRunId } from '../../src/workflow-ids';
import { decideFileUpdate } from '../../workflows/esr-daily-run';
import { withContext } from './context';
import { keepOperatorNote } from '../../store/operator-notes';
import { operatorIdentity } from './operator-identity';
import { extractDate } from './dates';
import { CliError } from './errors';
import { print } from './output';

export const fileDecisionCommand = (decision: 'APPROVE' | 'REJECT') =>
  new Command(decision === 'APPROVE' ? 'approve' : 'reject')
    .summary(
      decision === 'APPROVE'
        ? 'approve a file held as a mass change: its trainees run'
        : 'reject a file held as a mass change: nothing in it is applied',
    )
    .description(
      (decision === 'APPROVE'
        ? 'Approve a file the daily run held for approval (it would change far more than usual): its trainees then run. '
        : 'Reject a file the daily run held for approval: nothing in it is applied, and it is listed as REJECTED. ') +
        'Only a file waiting for a decision can be decided, once; anything else is refused, naming the file. ' +
        'The decision, who made it and when are kept for audit. See docs/runbook.md section 3.6.',
    )
    .requiredOption('--date <YYYY-MM-DD>', 'the extract date whose run holds the file', extractDate)
    .requiredOption('--file <name>', 'the held file, e.g. DE_EOE_RMC_20261125_00000001.DAT')
    .option('--reason <text>', 'why (kept as an operator note; the run and the audit get a reference to it)')
    .option('--json', 'print one JSON object: { workflowId, file, decision, by, decidedAt }')
    .action(async (opts: { date: string; file: string; reason?: string; json?: boolean }) =>
      withContext(async (ctx) => {
        const workflowId = dailyRunId(opts.date);
        const handle = (await ctx.temporal()).workflow.getHandle(workflowId);
        const status = (await handle.describe()).status.name;
        if (status !== 'RUNNING')
          throw new CliError(
            `${opts.file}: the run ${workflowId} is not running (${status}); nothing waits for a decision`,
          );
        // Who decides is the identity this connection authenticates with, never a name typed here.
        const by = operatorIdentity(ctx.config);
        const reason = opts.reason
          ? await keepOperatorNote(await ctx.store(), opts.reason, { by, extractDate: opts.date, workflowId })
          : undefined;
        try {
          const result = await handle.executeUpdate(decideFileUpdate, {
            args: [{ file: opts.file, decision, by, ...(reason ? { reason } : {}) }],
          });
          print(
            opts.json,
            { workflowId, ...result },
            () => `${result.file}: ${result.decision} by ${result.by} at ${result.decidedAt} (${workflowId})`,
          );
        } catch (err) {
          if (err instanceof WorkflowUpdateFailedError) {
            const why = err.cause?.message ?? err.message;
            throw new CliError(why.includes(opts.file) ? why : `${opts.file}: ${why}`);
          }
          throw err;
        }
      }),
    );
