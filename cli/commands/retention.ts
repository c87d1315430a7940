/**
 * `esr retention --dry-run`: what the next nightly purge would remove, as counts (files, documents per collection,
 * change sets), without removing anything. It runs the same retention workflow the Schedule starts, told to count
 * only, so it counts on the worker's view of the inbox, archive and reports. Without --dry-run: purge now.
 */
import { Command } from 'commander';
import type { ApplyRetentionResult } from '../../activities/apply-retention';
import { withContext } from './context';
import { columns, print } from './output';

export const retentionCommand = () =>
  new Command('retention')
    .summary('what the retention purge removes (--dry-run), or purge now')
    .description(
      'Run the retention purge (RETENTION_DAYS) now, or with --dry-run only count what it would remove: files, ' +
        'documents per collection, values removed from documents kept, and change sets stuck unfinished. Counts ' +
        'only, never a value.',
    )
    .option('--dry-run', 'count, change nothing')
    .option('--json', 'print the result as one JSON object')
    .action(async (opts: { dryRun?: boolean; json?: boolean }) =>
      withContext(async (ctx) => {
        const client = await ctx.temporal();
        const result: ApplyRetentionResult = await client.workflow.execute('esrRetention', {
          workflowId: `esr-retention-${opts.dryRun ? 'dry-run' : 'now'}-${Date.now()}`,
          taskQueue: ctx.config.TEMPORAL_TASK_QUEUE,
          args: [{ dryRun: opts.dryRun ?? false }],
        });
        print(opts.json, result, () => retentionText(result));
      }),
    );

function retentionText(r: ApplyRetentionResult): string {
  const verb = r.dryRun ? 'would remove' : 'removed';
  const rows: (string | number)[][] = [
    ['what', r.dryRun ? 'would go' : 'went'],
    ['inbox and archive files', r.deletedFiles],
    ['inbox files archived', r.archivedFiles],
    ['reports', r.deletedReports],
    ['log files', r.deletedLogs],
    ...Object.entries(r.purged).map(([c, n]) => [`${c} documents`, n]),
    ...Object.entries(r.valuesRemoved).map(([c, n]) => [`${c} values (documents kept)`, n]),
    ['change sets trimmed to their changes', r.changeSetsTrimmed],
  ];
  const notes = [
    ...(r.leftInInboxPastRetention
      ? [`${r.leftInInboxPastRetention} inbox file(s) past retention are in a read-only inbox: remove them there.`]
      : []),
    ...(r.stuckChangeSets.length
      ? [
          `${r.stuckChangeSets.length} change set(s) unfinished after a day (runbook 8.1): ${r.stuckChangeSets.join(', ')}`,
        ]
      : []),
  ];
  return [`Retention ${verb} everything before ${r.purgeBefore}:`, columns(rows), ...notes].join('\n');
}
