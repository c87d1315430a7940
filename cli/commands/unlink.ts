/**
 * `esr unlink <esrPersonId> [--reason …]`: removes a wrong link from an ESR person to a TIS person, so that the
 * next run or a resync matches them afresh (and `esr link` can record the right one). Refused while a workflow of
 * that trainee runs; audited (who, when, why, which TIS person).
 */
import type { Client } from '@temporalio/client';
import { Command } from 'commander';
import { keepOperatorNote } from '../../store/operator-notes';
import { operatorIdentity } from './operator-identity';
import { resyncRunId } from '../../src/workflow-ids';
import { removeEsrLink } from '../../store/esr-links';
import { recordOperatorAction } from '../../store/operator-actions';
import { withContext } from './context';
import { CliError, ExitCode } from './errors';
import { print } from './output';

/** A running workflow of this trainee (a daily run's child or a resync), if any. */
async function runningWorkflowOf(client: Client, esrPersonId: string): Promise<string | undefined> {
  const resync = await client.workflow
    .getHandle(resyncRunId(esrPersonId))
    .describe()
    .catch(() => undefined);
  if (resync?.status.name === 'RUNNING') return resync.workflowId;
  for await (const wf of client.workflow.list({
    query: `EsrPersonId = "${esrPersonId}" AND ExecutionStatus = "Running"`,
  }))
    return wf.workflowId;
  return undefined;
}

export const unlinkCommand = () =>
  new Command('unlink')
    .summary('remove a wrong link from an ESR person to a TIS person')
    .description(
      'Remove the link from an ESR person to the TIS person they were matched or linked to (identifiers.esrPersonId ' +
        'and its esr_links mirror; no version bump, no event), so that the next run or a resync matches them afresh, ' +
        'or "esr link" records the right person. Refused (exit 3) while a workflow of that trainee runs. Who, when ' +
        'and why are kept in esr_operator_actions.',
    )
    .argument('<esrPersonId>', "ESR's person number")
    .option('--reason <text>', 'why, for the audit (no personal details: ticket numbers, ids)')
    .option('--json', 'print one JSON object: { esrPersonId, unlinkedFrom: [ TIS person ids ], by, at }')
    .action(async (esrPersonId: string, opts: { reason?: string; json?: boolean }) =>
      withContext(async (ctx) => {
        if (!/^\d{1,10}$/.test(esrPersonId)) throw new CliError(`"${esrPersonId}" is not an ESR person number`);
        const store = await ctx.store();
        const linked =
          (await store.links.findOne({ _id: esrPersonId })) ??
          (await store.people.findOne({ 'identifiers.esrPersonId': esrPersonId }, { projection: { _id: 1 } }));
        if (!linked) throw new CliError(`ESR person ${esrPersonId} is not linked to any TIS person`);
        const running = await runningWorkflowOf(await ctx.temporal(), esrPersonId);
        if (running)
          throw new CliError(
            `ESR person ${esrPersonId} has a workflow running (${running}); unlink once it has finished`,
            ExitCode.ALREADY_RUNNING,
          );
        const unlinkedFrom = await removeEsrLink(store, esrPersonId);
        const at = new Date().toISOString();
        const by = operatorIdentity(ctx.config);
        const reason = opts.reason ? await keepOperatorNote(store, opts.reason, { by }) : undefined;
        await recordOperatorAction(store, {
          _id: `UNLINK#${esrPersonId}#${at}`,
          action: 'UNLINK',
          by,
          at,
          ...(reason ? { reason } : {}),
          esrPersonId,
          tisPersonId: unlinkedFrom.join(','),
        });
        print(
          opts.json,
          { esrPersonId, unlinkedFrom, by, at },
          () =>
            `unlinked ESR ${esrPersonId} from TIS ${unlinkedFrom.join(', ')}; the next run or ` +
            `"npm run resync -- ${esrPersonId}" matches afresh, or "esr link ${esrPersonId} <TIS person id>" links by hand`,
        );
      }),
    );
