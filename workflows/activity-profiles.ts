/**
 * Activity proxies grouped by timeout and retry profile. Workflows import activity types only.
 */
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
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
 * Delivering a change event: a few retries with backoff for a 5xx or a timeout, then the update is compensated
 * rather than left un-notified. A 4xx is not retried at all.
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
