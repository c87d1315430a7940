/**
 * Temporal keeps a closed workflow's history for its namespace's retention period, payloads (encrypted) included.
 * RETENTION_DAYS promises nothing personal is kept longer, so the worker checks the namespace at start and warns
 * when its retention is longer; the embedded dev server is set to RETENTION_DAYS (servers/temporal-dev-server.ts).
 */
import type { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';

export interface NamespaceRetention {
  /** The namespace's workflow execution retention, in days (fractional); undefined when it has none set. */
  days?: number;
  /** Longer than RETENTION_DAYS. */
  exceeds: boolean;
}

export async function namespaceRetention(
  connection: Connection,
  namespace: string,
  retentionDays: number,
): Promise<NamespaceRetention> {
  const { config } = await connection.workflowService.describeNamespace({ namespace });
  const seconds = Number(config?.workflowExecutionRetentionTtl?.seconds ?? 0);
  if (!seconds) return { exceeds: false };
  const days = seconds / 86_400;
  return { days, exceeds: days > retentionDays };
}

/** Sets a namespace's workflow execution retention (the embedded dev server's, to RETENTION_DAYS). */
export async function setNamespaceRetention(connection: Connection, namespace: string, days: number): Promise<void> {
  await connection.workflowService.updateNamespace({
    namespace,
    config: { workflowExecutionRetentionTtl: msToTs(days * 86_400_000) },
  });
}
