import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  ChildWorkflowFailure,
  TerminatedFailure,
  TimeoutFailure,
} from '@temporalio/workflow';
import { FailureType } from '../src/failure-types';

/** The ApplicationFailure type behind an activity or child failure: workflows branch on it, never on text. */
export function failureType(err: unknown): string | undefined {
  const cause = err instanceof ActivityFailure || err instanceof ChildWorkflowFailure ? err.cause : err;
  return cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
}

/**
 * A short, PII-free description for outcomes and logs: the message of a failure our own code raised (its type is
 * one of ours, and we write those messages without values), otherwise the failure's type and a sentence of ours.
 * Never a driver's or a library's own text, which can quote a value (a duplicate key, a validation error).
 */
export function failureDetail(err: unknown): string {
  const cause = err instanceof ActivityFailure || err instanceof ChildWorkflowFailure ? (err.cause ?? err) : err;
  if (cause instanceof ApplicationFailure && cause.type && OUR_FAILURE_TYPES.has(cause.type)) return cause.message;
  if (cause instanceof TimeoutFailure) return `timed out (${cause.timeoutType ?? 'unknown'})`;
  if (cause instanceof CancelledFailure) return 'cancelled';
  if (cause instanceof TerminatedFailure) return 'terminated';
  const type = cause instanceof ApplicationFailure ? cause.type : cause instanceof Error ? cause.name : typeof cause;
  return `${type || 'Error'}: unexpected failure (its message is kept out of outcomes and logs)`;
}

const OUR_FAILURE_TYPES: ReadonlySet<string> = new Set(Object.values(FailureType));
