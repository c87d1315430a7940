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
  /**
   * Another run (a daily run or a resync) kept this trainee past the lease wait's cap: this one ends HELD with it
   * as its reason, to be resynced once that run ends.
   */
  TraineeBusy: 'TraineeBusy',
  /** An undo waits: a request for the change's event may still be in flight (retried until it is answered). */
  EventInFlight: 'EventInFlight',
  /**
   * MongoDB refused the write for good (a path through a non-object, a bad value): retrying cannot fix it. Usually a
   * TIS document of an older shape; the detail names the error code, never a value.
   */
  DatabaseRejected: 'DatabaseRejected',
  /** The TIS person's document is not of the shape this service writes (see src/tis/document-shape.ts). */
  UnexpectedTisDocument: 'UnexpectedTisDocument',
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
  FailureType.DatabaseRejected,
  FailureType.UnexpectedTisDocument,
];
