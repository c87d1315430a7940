import { CliError } from './errors';
import { dailyRunId } from '../../src/workflow-ids';

/** The daily run an operator means: `--date D` names that date's run; `--workflow-id` any run, e.g. a scheduled one. */
export function runWorkflowId(opts: { date?: string; workflowId?: string }): string {
  if (opts.date && opts.workflowId) throw new CliError('give --date or --workflow-id, not both');
  if (opts.workflowId) return opts.workflowId;
  if (opts.date) return dailyRunId(opts.date);
  throw new CliError('give --date YYYY-MM-DD or --workflow-id ID');
}
