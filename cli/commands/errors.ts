/**
 * The CLI's exit codes and how any error becomes one line for the operator. Messages name ids, dates and codes
 * only: never a person's details, as terminal output ends up in tickets and chat.
 */
import { ScheduleNotFoundError, WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { ConfigError } from '../../src/config';
import { TraineeNotFoundError } from '../find-trainee';
import { ResyncAlreadyRunningError } from '../resync-trainee';

export const ExitCode = {
  /** Done; for a run, it completed whatever its counts. */
  OK: 0,
  /** Done, but a trainee needs a person: HELD or FAILED, or some dates of a backfill did not run. */
  NEEDS_ATTENTION: 1,
  /** Could not do it: bad input, nothing found, a server unreachable, the run failed. */
  ERROR: 2,
  /** The same work is already running; try again when it ends. */
  ALREADY_RUNNING: 3,
  /** `esr check`: the day needs an operator (the spec's operating contract fixes 3). */
  NEEDS_OPERATOR: 3,
} as const;

/** Thrown for an operator mistake or a refusal: the message is shown as it is. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.ERROR,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function describeError(err: unknown): { message: string; exitCode: number } {
  if (err instanceof CliError) return { message: err.message, exitCode: err.exitCode };
  if (err instanceof ResyncAlreadyRunningError) return { message: err.message, exitCode: ExitCode.ALREADY_RUNNING };
  if (err instanceof ConfigError || err instanceof TraineeNotFoundError)
    return { message: err.message, exitCode: ExitCode.ERROR };
  if (err instanceof WorkflowNotFoundError)
    return { message: `no workflow ${err.workflowId} in this namespace`, exitCode: ExitCode.ERROR };
  if (err instanceof ScheduleNotFoundError)
    return { message: `no schedule ${err.scheduleId}: create it with "esr schedule ensure"`, exitCode: ExitCode.ERROR };
  if (err instanceof WorkflowFailedError) {
    // The failure's type is a stable code; its message may come from anywhere, so it is not echoed.
    const cause = err.cause as { type?: string; name?: string } | undefined;
    return {
      message: `the workflow failed (${cause?.type ?? cause?.name ?? 'unknown cause'})`,
      exitCode: ExitCode.ERROR,
    };
  }
  const name = (err as { name?: string } | undefined)?.name ?? '';
  if (/^MongoServerSelectionError$|^MongoNetworkError$/.test(name))
    return { message: 'cannot reach MongoDB (check MONGODB_URI)', exitCode: ExitCode.ERROR };
  // A driver's own message can quote a value (a duplicate key, a failed document): its type and code only.
  if (/^Mongo/.test(name)) {
    const code = (err as { code?: unknown }).code;
    return {
      message: `MongoDB refused the operation (${name}${code ? ` ${String(code)}` : ''})`,
      exitCode: ExitCode.ERROR,
    };
  }
  if (err instanceof Error && /connect|UNAVAILABLE|transport/i.test(err.message))
    return { message: `cannot reach Temporal (check TEMPORAL_ADDRESS): ${err.message}`, exitCode: ExitCode.ERROR };
  return { message: err instanceof Error ? `${err.name}: ${err.message}` : String(err), exitCode: ExitCode.ERROR };
}
