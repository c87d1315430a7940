import {
  defineSearchAttributeKey,
  SearchAttributeType,
  WorkflowExecutionAlreadyStartedError,
} from '@temporalio/common';
import { ParentClosePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import { calendarDate } from '../src/london-date';
import { EsrExtractDate, EsrRunKind } from '../src/search-attributes';
import { dailyRunId } from '../src/workflow-ids';
import { esrDailyRun } from './esr-daily-run';

export interface ScheduledRunInput {
  timeZone?: string;
}

export interface ScheduledRunResult {
  extractDate: string;
  dailyRunWorkflowId: string;
  /** False when an operator had already started that date's run: it is not started twice. */
  started: boolean;
}

/** Set by Temporal on each workflow a Schedule starts: the time it was due, also for a catch-up or backfill. */
const TemporalScheduledStartTime = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

/**
 * What the Schedule starts: works out the UK date the firing was due on (not the date it happens to run, so a
 * day caught up after midnight is still that day) and starts that date's daily workflow under its own meaningful
 * ID, so a scheduled run and an operator's run of the same date never run side by side. It does not wait for the
 * run: the Schedule's next firing is never held up by a long day.
 */
export async function esrScheduledRun(input: ScheduledRunInput = {}): Promise<ScheduledRunResult> {
  const info = workflowInfo();
  const dueAt = info.typedSearchAttributes.get(TemporalScheduledStartTime) ?? info.startTime;
  const extractDate = calendarDate(dueAt, input.timeZone ?? 'Europe/London');
  const workflowId = dailyRunId(extractDate);
  try {
    await startChild(esrDailyRun, {
      workflowId,
      args: [{ extractDate }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      staticSummary: `ESR daily run · ${extractDate}`,
      staticDetails: `The day's ESR person update\n\n- Extract date: ${extractDate}\n- Started by: the daily Schedule (${info.workflowId})`,
      typedSearchAttributes: [
        { key: EsrExtractDate, value: extractDate },
        { key: EsrRunKind, value: 'DAILY' },
      ],
    });
    return { extractDate, dailyRunWorkflowId: workflowId, started: true };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError)
      return { extractDate, dailyRunWorkflowId: workflowId, started: false };
    throw err;
  }
}
