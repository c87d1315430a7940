/**
 * The `type` of every ApplicationFailure the activities raise. Workflows branch on these, never on message text.
 * Safe to import from workflow code.
 */
export const FailureType = {
  /** The person's document changed between diff and update: re-read and re-diff, never overwrite. */
  VersionConflict: 'VersionConflict',
  /**
   * The notification endpoint refused for good (a 4xx other than 408, 425, 429): the only answer that lets the
   * update be compensated.
   */
  NotificationRefused: 'NotificationRefused',
  /** The endpoint answered 408, 425, 429 or 5xx, or not at all: retried with backoff for hours, never undone. */
  NotificationUnavailable: 'NotificationUnavailable',
  /** The person changed after our update, so undoing it would clobber someone else's change. */
  CompensationBlocked: 'CompensationBlocked',
  /** The change set's event was delivered: downstream has the change, so it is never undone. */
  CompensationRefused: 'CompensationRefused',
  /** Another run (a daily run or a resync) is working on this trainee: this one waits for it. */
  TraineeBusy: 'TraineeBusy',
  /** Input that no retry can fix (a bad date, a change set that does not exist). */
  InvalidInput: 'InvalidInput',
} as const;

export type FailureTypeName = (typeof FailureType)[keyof typeof FailureType];

/** Failures a retry cannot fix: listed as non-retryable in the workflows' retry policies too. */
export const NON_RETRYABLE_FAILURES: string[] = [
  FailureType.VersionConflict,
  FailureType.NotificationRefused,
  FailureType.CompensationBlocked,
  FailureType.CompensationRefused,
  FailureType.InvalidInput,
];
