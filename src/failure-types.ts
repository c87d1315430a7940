/**
 * The `type` of every ApplicationFailure the activities raise. Workflows branch on these, never on message text.
 * Safe to import from workflow code.
 */
export const FailureType = {
  /** The person's document changed between diff and update: re-read and re-diff, never overwrite. */
  VersionConflict: 'VersionConflict',
  /** The notification endpoint answered 4xx: retrying will not help, so the update is compensated. */
  NotificationRefused: 'NotificationRefused',
  /** The notification endpoint failed (5xx, timeout, unreachable): retried with backoff. */
  NotificationUnavailable: 'NotificationUnavailable',
  /** The person changed after our update, so undoing it would clobber someone else's change. */
  CompensationBlocked: 'CompensationBlocked',
  /** Input that no retry can fix (a bad date, a change set that does not exist). */
  InvalidInput: 'InvalidInput',
} as const;

export type FailureTypeName = (typeof FailureType)[keyof typeof FailureType];

/** Failures a retry cannot fix: listed as non-retryable in the workflows' retry policies too. */
export const NON_RETRYABLE_FAILURES: string[] = [
  FailureType.VersionConflict,
  FailureType.NotificationRefused,
  FailureType.CompensationBlocked,
  FailureType.InvalidInput,
];
