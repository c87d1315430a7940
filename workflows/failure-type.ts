import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure } from '@temporalio/workflow';

/** The ApplicationFailure type behind an activity or child failure: workflows branch on it, never on text. */
export function failureType(err: unknown): string | undefined {
  const cause = err instanceof ActivityFailure || err instanceof ChildWorkflowFailure ? err.cause : err;
  return cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
}

/** A short, PII-free description for outcomes: our failure messages never carry field values. */
export function failureDetail(err: unknown): string {
  const cause = err instanceof ActivityFailure || err instanceof ChildWorkflowFailure ? (err.cause ?? err) : err;
  return cause instanceof Error ? cause.message : String(cause);
}
