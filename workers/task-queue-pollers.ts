import type { Connection } from '@temporalio/client';

/** Whether any worker polls the task queue for workflow tasks, as Temporal sees it: the health check's rule. */
export async function taskQueueHasPollers(
  connection: Connection,
  namespace: string,
  taskQueue: string,
): Promise<boolean> {
  const answer = await connection.workflowService.describeTaskQueue({
    namespace,
    taskQueue: { name: taskQueue },
    taskQueueType: 1, // workflow
  });
  return answer.pollers.length > 0;
}
