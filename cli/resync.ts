/**
 * `npm run resync -- <TIS person id | ESR person id | GMC number> [--json] [--no-wait]`
 * Resyncs one trainee now from the latest ESR data the service holds, waits, and prints the outcome with the
 * field-level diff it applied (personal values masked; --reveal shows them, and is audited). Exit codes as `esr` (cli/commands/errors.ts): 1 on FAILED
 * or HELD, 2 when the id names no trainee or a server is unreachable, 3 when a resync of them is already running.
 */
import { Command } from 'commander';
import { withContext } from './commands/context';
import { describeError, ExitCode } from './commands/errors';
import { print } from './commands/output';
import { needsAttention, resyncOutcome, resyncOutcomeText } from './commands/resync-outcome';
import { recordReveal, REVEAL_HELP } from './commands/reveal';
import { startResync } from './resync-trainee';
import { uiRunUrl } from './run-daily';

// Every file and folder this process creates (reports, the archive, .data) is for this account only: 0600/0700.
process.umask(0o077);

const program = new Command()
  .name('resync')
  .description('Resync one trainee from the latest ESR data the service has received.')
  .argument('<id>', 'a TIS person id, an ESR person id or a GMC number')
  .option('--json', 'print one JSON object: { workflowId, personId, outcome, changedFields, changes, … }')
  .option('--no-wait', 'print the workflow ID and UI link instead of waiting')
  .option('--reveal', REVEAL_HELP)
  .action(async (id: string, opts: { json?: boolean; wait: boolean; reveal?: boolean }) =>
    withContext(async (ctx) => {
      const { config } = ctx;
      const store = await ctx.store();
      const started = await startResync(await ctx.temporal(), config, store, id.trim());
      const link = uiRunUrl(config.TEMPORAL_UI_URL, config.TEMPORAL_NAMESPACE, started.workflowId);
      if (!opts.wait) {
        print(
          opts.json,
          { workflowId: started.workflowId, uiUrl: link },
          () => `started ${started.workflowId}\n${link}`,
        );
        return;
      }
      // One run per trainee at a time: say plainly when this one will wait for another (a daily run, say).
      const holder = await store.traineeLeases.findOne({ _id: started.trainee.esrPersonId });
      if (holder && holder.workflowId !== started.workflowId) {
        console.error(
          `resync: waiting: ${holder.workflowId} is working on this trainee (one run per trainee at a time); ` +
            'it goes on once that ends. Ctrl-C stops waiting here, not the resync.',
        );
      }
      const outcome = await resyncOutcome(store, started, await started.result(), { reveal: opts.reveal });
      if (opts.reveal) {
        await recordReveal(store, config, {
          esrPersonId: outcome.esrPersonId,
          workflowId: outcome.workflowId,
          ...(outcome.personId ? { tisPersonId: outcome.personId } : {}),
        });
      }
      print(opts.json, outcome, () => resyncOutcomeText(outcome, link));
      if (needsAttention(outcome)) process.exitCode = ExitCode.NEEDS_ATTENTION;
    }),
  );

program.parseAsync().catch((err: unknown) => {
  const { message, exitCode } = describeError(err);
  console.error(`resync: ${message}`);
  process.exit(exitCode);
});
