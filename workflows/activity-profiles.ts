/**
 * Activity proxies grouped by timeout and retry profile. Workflows import activity types only.
 */
import { ActivityCancellationType, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { NON_RETRYABLE_FAILURES } from '../src/failure-types';

/** Reads and writes of MongoDB: short, retried with backoff while the database is unreachable. */
export const store = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    maximumAttempts: 10,
    nonRetryableErrorTypes: NON_RETRYABLE_FAILURES,
  },
});

/**
 * The per-trainee steps that read and decide (validate, employment and DPN, match, placement, diff): local
 * activities, run inside the trainee's workflow task and recorded as one marker each, so they show in the Web UI's
 * history at a fraction of the cost. What they write is idempotent (findings, the link, a PREPARED change set).
 * Retries past the threshold wait on a durable timer rather than inside the task.
 */
export const reads = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    maximumAttempts: 10,
    nonRetryableErrorTypes: NON_RETRYABLE_FAILURES,
  },
});

/** Reading a day's extracts: long, heartbeating per batch so a dead worker is noticed within a minute. */
export const ingest = proxyActivities<Activities>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '1 minute',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '2 minutes',
    maximumAttempts: 5,
    nonRetryableErrorTypes: NON_RETRYABLE_FAILURES,
  },
});

/**
 * FROZEN for runs of the release before durable delivery (workflows/esr-trainee-before-durable-delivery.ts): a few
 * retries, then the update was compensated. New runs deliver through `deliver`.
 */
export const notify = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    maximumAttempts: 5,
    nonRetryableErrorTypes: NON_RETRYABLE_FAILURES,
  },
});

/**
 * Writes of TIS and the outbox (the update, its undo, outcomes, leases): retried while the database is away, for up
 * to 15 minutes; past that the trainee ends FAILED for an operator to see (each write is idempotent, so a resync or
 * re-run finishes a change left half-done). What no retry can fix (a path conflict, a bad document) fails at once.
 * A cancelled workflow waits until the writing activity has really stopped (WAIT_CANCELLATION_COMPLETED), so it
 * never reports on a write still in flight.
 */
export const write = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '15 minutes',
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: NON_RETRYABLE_FAILURES,
  },
});

/**
 * Delivering a change event from the trainee's workflow: 408, 425, 429, 5xx and timeouts are retried with backoff
 * (the receiver's Retry-After wins) for up to an hour; after that the outbox relay keeps trying for as long as it
 * takes. Only a permanent refusal fails at once.
 */
export const deliver = proxyActivities<Activities>({
  // One POST (NOTIFY_TIMEOUT_MS, 5 s by default) and a few small writes: a worker lost mid-attempt is noticed soon.
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '1 hour',
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    nonRetryableErrorTypes: NON_RETRYABLE_FAILURES,
  },
});

/** The outbox relay's pass: many posts in one activity, heartbeating per event. */
export const relay = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 5,
    nonRetryableErrorTypes: NON_RETRYABLE_FAILURES,
  },
});
