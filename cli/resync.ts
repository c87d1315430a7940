/**
 * `npm run resync -- <TIS person id | ESR person id | GMC number> [--json] [--no-wait]`
 * Resyncs one trainee now from the latest ESR data the service holds, waits, and prints the outcome with the
 * field-level diff it applied (personal values masked). Exits non-zero on FAILED or HELD.
 */
import { Client, Connection } from '@temporalio/client';
import { Command } from 'commander';
import { ConfigError, loadConfig } from '../src/config';
import { maskTisValue } from '../src/tis/map-to-tis';
import { openStore } from '../store/store';
import { TraineeNotFoundError } from './find-trainee';
import { ResyncAlreadyRunningError, startResync } from './resync-trainee';
import { uiRunUrl } from './run-daily';

const program = new Command()
  .name('resync')
  .description('Resync one trainee from the latest ESR data the service has received.')
  .argument('<id>', 'a TIS person id, an ESR person id or a GMC number')
  .option('--json', 'print one JSON object instead of text')
  .option('--no-wait', 'print the workflow ID and UI link instead of waiting')
  .action(async (id: string, opts: { json?: boolean; wait: boolean }) => {
    const config = loadConfig();
    const store = await openStore(config.MONGODB_URI, config.TIS_DB);
    const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    try {
      const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
      const started = await startResync(client, config, store, id);
      const link = uiRunUrl(config.TEMPORAL_UI_URL, config.TEMPORAL_NAMESPACE, started.workflowId);
      if (!opts.wait) {
        print(opts.json, { workflowId: started.workflowId, uiUrl: link }, `started ${started.workflowId}\n${link}`);
        return;
      }
      const result = await started.result();
      const changeSet = result.changeSetId ? await store.changeSets.findOne({ _id: result.changeSetId }) : null;
      const changes = (changeSet?.changes ?? []).map((c) => ({
        field: c.path,
        before: c.before === undefined ? null : maskTisValue(c.path, c.before),
        after: maskTisValue(c.path, c.after),
      }));
      const personId = result.tisPersonId ?? started.trainee.tisPersonId ?? null;
      const text = [
        `ESR person ${result.esrPersonId}${personId ? ` (TIS ${personId})` : ''}, extract ${started.trainee.extractDate}: ${result.outcome}${result.reason ? ` (${result.reason})` : ''}`,
        ...changes.map((c) => `  ${c.field}: ${c.before ?? '(empty)'} → ${c.after}`),
        ...(result.conflictFields.length ? [`  newer in TIS, not applied: ${result.conflictFields.join(', ')}`] : []),
        `  ${link}`,
      ].join('\n');
      print(
        opts.json,
        {
          workflowId: started.workflowId,
          personId,
          esrPersonId: result.esrPersonId,
          extractDate: started.trainee.extractDate,
          outcome: result.outcome,
          ...(result.reason ? { reason: result.reason } : {}),
          changedFields: result.changedFields,
          changes,
          conflictFields: result.conflictFields,
        },
        text,
      );
      if (result.outcome === 'FAILED' || result.outcome === 'HELD') process.exitCode = 1;
    } finally {
      await connection.close();
      await store.close();
    }
  });

function print(json: boolean | undefined, value: object, text: string): void {
  console.log(json ? JSON.stringify(value) : text);
}

program.parseAsync().catch((err: unknown) => {
  const known =
    err instanceof ConfigError || err instanceof TraineeNotFoundError || err instanceof ResyncAlreadyRunningError;
  console.error(known ? (err as Error).message : `resync failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(known && err instanceof ResyncAlreadyRunningError ? 3 : 2);
});
