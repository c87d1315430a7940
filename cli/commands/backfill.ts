/** `esr backfill --from D --to D [--concurrency N]`: each date its own daily run, a few at a time. */
import { SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { runDaily } from '../run-daily';
import { withContext } from './context';
import { dateRange, extractDate, positiveInt } from './dates';
import { CliError, describeError, ExitCode } from './errors';
import { columns, print } from './output';
import { runSummary, type RunSummary } from './run-summary';

type DateResult = RunSummary | { date: string; error: string };

export const backfillCommand = () =>
  new Command('backfill')
    .summary('run a range of dates, a few at a time')
    .description(
      'Run the daily workflow for each date from --from to --to (both included), each date its own run, at most ' +
        '--concurrency at once. A date whose run is already going is joined, not doubled. Exit 1 if any date ' +
        'could not run.',
    )
    .requiredOption('--from <YYYY-MM-DD>', 'first extract date', extractDate)
    .requiredOption('--to <YYYY-MM-DD>', 'last extract date', extractDate)
    .option(
      '--concurrency <n>',
      'dates running at once; above 1, a trainee in two dates may be worked on by both, and the older date may ' +
        'then be held as a conflict',
      positiveInt,
      1,
    )
    .option(
      '--json',
      'print one JSON object: { from, to, runs: [ { workflowId, date, counts, files } | { date, error } ] }',
    )
    .action(async (opts: { from: string; to: string; concurrency: number; json?: boolean }) =>
      withContext(async (ctx) => {
        if (opts.concurrency > 10) throw new CliError('--concurrency is at most 10: each date is a fan-out already');
        const dates = dateRange(opts.from, opts.to);
        const client = await ctx.temporal();
        const bar = opts.json
          ? undefined
          : new SingleBar({ stream: process.stderr, format: '{bar} {value}/{total} dates | {last}' });
        bar?.start(dates.length, 0, { last: '' });
        const results = new Map<string, DateResult>();
        const pending = [...dates];
        const worker = async () => {
          for (let date = pending.shift(); date; date = pending.shift()) {
            try {
              const { workflowId, result } = await runDaily(client, ctx.config, {
                extractDate: date,
                concurrency: ctx.config.CHILD_CONCURRENCY,
              });
              results.set(date, runSummary(workflowId, result));
            } catch (err) {
              results.set(date, { date, error: describeError(err).message });
            }
            bar?.increment(1, { last: date });
          }
        };
        await Promise.all(Array.from({ length: Math.min(opts.concurrency, dates.length) }, worker));
        bar?.stop();
        const runs = dates.map((d) => results.get(d)!);
        print(opts.json, { from: opts.from, to: opts.to, runs }, () =>
          columns([
            ['date', 'UPDATED', 'NO_CHANGE', 'SKIPPED', 'HELD', 'COMPENSATED', 'FAILED', 'files'],
            ...runs.map((r) =>
              'error' in r
                ? [r.date, `could not run: ${r.error}`]
                : [
                    r.date,
                    ...Object.values(r.counts),
                    r.files.map((f) => `${f.status === 'APPLIED' ? '' : `${f.status} `}${f.name}`).join(', ') || 'none',
                  ],
            ),
          ]),
        );
        if (runs.some((r) => 'error' in r)) process.exitCode = ExitCode.NEEDS_ATTENTION;
      }),
    );
