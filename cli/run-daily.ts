import type { Client } from '@temporalio/client';
import type { Config } from '../src/config';
import { EsrExtractDate, EsrRunKind } from '../src/search-attributes';
import { dailyRunId } from '../src/workflow-ids';
import type { DailyRunInput, DailyRunResult } from '../workflows/esr-daily-run';

/**
 * Starts the daily run for a date, or joins the one already running for it (never a second run side by side),
 * and waits for its result.
 */
export async function runDaily(
  client: Client,
  config: Config,
  input: DailyRunInput,
): Promise<{ workflowId: string; result: DailyRunResult }> {
  const workflowId = dailyRunId(input.extractDate);
  const handle = await client.workflow.start('esrDailyRun', {
    workflowId,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: [
      { key: EsrExtractDate, value: input.extractDate },
      { key: EsrRunKind, value: 'DAILY' },
    ],
    staticSummary: `ESR daily run · ${input.extractDate}`,
    staticDetails: `The day's ESR person update\n\n- Extract date: ${input.extractDate}\n- Started by: an operator (esr run, backfill or npm start)`,
  });
  return { workflowId, result: (await handle.result()) as DailyRunResult };
}

export const uiRunUrl = (uiBase: string, namespace: string, workflowId: string): string =>
  `${uiBase}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
