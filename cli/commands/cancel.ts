/** `esr cancel --date D [--reason text]`: asks a running daily run to stop starting trainees. */
import { Command } from 'commander';
import { cancelRunSignal } from '../../workflows/esr-daily-run';
import { keepOperatorNote } from '../../store/operator-notes';
import { withContext } from './context';
import { operatorIdentity } from './operator-identity';
import { extractDate } from './dates';
import { CliError } from './errors';
import { print } from './output';
import { runWorkflowId } from './run-target';

export const cancelCommand = () =>
  new Command('cancel')
    .summary('ask a running daily run to stop')
    .description(
      'Signal a running daily run to stop: trainees already running finish, no new ones start, and the run ends ' +
        'with what it counted. Run the date again later to finish it; nothing is applied twice.',
    )
    .option('--date <YYYY-MM-DD>', "that extract date's run", extractDate)
    .option('--workflow-id <id>', 'any daily run by its workflow ID')
    .option('--reason <text>', 'why (kept in MongoDB; the run history gets a reference to it)')
    .option('--json', 'print one JSON object: { workflowId, signalled, reason? }')
    .action(async (opts: { date?: string; workflowId?: string; reason?: string; json?: boolean }) =>
      withContext(async (ctx) => {
        const workflowId = runWorkflowId(opts);
        const handle = (await ctx.temporal()).workflow.getHandle(workflowId);
        const status = (await handle.describe()).status.name;
        if (status !== 'RUNNING') throw new CliError(`${workflowId} is not running (${status}): nothing to cancel`);
        const reason = opts.reason
          ? await keepOperatorNote(await ctx.store(), opts.reason, { by: operatorIdentity(ctx.config), workflowId })
          : undefined;
        await handle.signal(cancelRunSignal, reason ? { reason } : {});
        print(
          opts.json,
          { workflowId, signalled: true, ...(reason ? { reason: opts.reason, reasonRef: reason } : {}) },
          () => `asked ${workflowId} to stop; follow it with: esr status --workflow-id ${workflowId}`,
        );
      }),
    );
