import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { executeChild, workflowInfo, ParentClosePolicy } from '@temporalio/workflow';
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

/**
 * What the Schedule starts: works out today's UK date and runs that date's daily workflow under its own
 * meaningful ID, so a scheduled run and an operator's run of the same date can never run side by side.
 */
export async function esrScheduledRun(input: ScheduledRunInput = {}): Promise<ScheduledRunResult> {
  const extractDate = calendarDate(workflowInfo().startTime, input.timeZone ?? 'Europe/London');
  const workflowId = dailyRunId(extractDate);
  try {
    await executeChild(esrDailyRun, {
      workflowId,
      args: [{ extractDate }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
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
