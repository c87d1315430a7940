/** `esr run --date YYYY-MM-DD [--json]`: the daily run for one date, now, waiting for its result. */
import { Command } from 'commander';
import { runDaily, uiRunUrl } from '../run-daily';
import { withContext } from './context';
import { extractDate } from './dates';
import { print } from './output';
import { runSummary, runSummaryText } from './run-summary';

export const runCommand = () =>
  new Command('run')
    .summary("run one date's daily workflow now and wait")
    .description(
      "Run the daily workflow for one extract date now and wait for it. Joins that date's run if one is already " +
        'running; files already applied are never applied twice. Lists each file (APPLIED, REJECTED, MISSING for ' +
        'an expected office without one). A file held for approval makes the run wait: decide with "esr approve" ' +
        'or "esr reject" from another terminal. Exit 0 when the run completed (whatever its counts), 2 when it ' +
        'could not run.',
    )
    .requiredOption('--date <YYYY-MM-DD>', 'the extract date whose inbox files are applied', extractDate)
    .option('--json', 'print one JSON object: { workflowId, date, counts, files }')
    .action(async (opts: { date: string; json?: boolean }) =>
      withContext(async (ctx) => {
        const { config } = ctx;
        const { workflowId, result } = await runDaily(await ctx.temporal(), config, {
          extractDate: opts.date,
          concurrency: config.CHILD_CONCURRENCY,
        });
        const summary = runSummary(workflowId, result);
        const uiUrl = uiRunUrl(config.TEMPORAL_UI_URL, config.TEMPORAL_NAMESPACE, workflowId);
        print(opts.json, summary, () => runSummaryText(result, workflowId, { cancelled: result.cancelled, uiUrl }));
      }),
    );
