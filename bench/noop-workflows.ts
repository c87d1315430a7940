/**
 * Workflow code for the benchmark's no-op ceiling (bench/daily-run.bench.ts): the daily run's shape with nothing
 * inside. A parent pages through child ids (one activity per page, as listTrainees), runs one child per id in a
 * sliding window, and continues as new before its history grows large; each child awaits eight no-op activities
 * one after another, as many as an UPDATED trainee's saga runs. What this reaches on a given Temporal server and
 * worker is the most the pipeline could reach there. Workflow code: only @temporalio/workflow imports.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  executeChild,
  proxyActivities,
  workflowInfo,
} from '@temporalio/workflow';

export interface NoopActivities {
  /** Does nothing; stands for one of the trainee saga's steps. */
  noopStep(): Promise<void>;
  /** A page of child numbers, as listTrainees returns a page of ESR person ids. */
  noopPage(args: { page: number; pageSize: number; children: number }): Promise<number[]>;
}

/** The same timeouts and retries as the pipeline's store activities. */
const { noopStep, noopPage } = proxyActivities<NoopActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 10 },
});

/** Steps of an UPDATED trainee: validate, employment, match, placement, diff, update, notify, record outcome. */
export const NOOP_STEPS = 8;

export async function noopTrainee(): Promise<void> {
  for (let i = 0; i < NOOP_STEPS; i++) await noopStep();
}

export interface NoopRunInput {
  /** Child workflow ids are `<idPrefix>/child/<n>`. */
  idPrefix: string;
  children: number;
  concurrency: number;
  pageSize?: number;
  continueAsNewAfterEvents?: number;
  /** Carried across continue-as-new. */
  nextPage?: number;
  completed?: number;
  failed?: number;
  continuedAsNew?: number;
}

export interface NoopRunResult {
  completed: number;
  failed: number;
  continuedAsNew: number;
}

export async function noopDailyRun(input: NoopRunInput): Promise<NoopRunResult> {
  const pageSize = input.pageSize ?? 200;
  const continueAfter = input.continueAsNewAfterEvents ?? 10_000;
  const pages = Math.ceil(input.children / pageSize);
  let nextPage = input.nextPage ?? 0;
  let completed = input.completed ?? 0;
  let failed = input.failed ?? 0;
  const continuedAsNew = input.continuedAsNew ?? 0;
  const inFlight = new Set<Promise<void>>();

  const runChild = async (n: number): Promise<void> => {
    try {
      await executeChild(noopTrainee, { workflowId: `${input.idPrefix}/child/${n}` });
      completed += 1;
    } catch {
      failed += 1;
    }
  };

  let queue: number[] = [];
  for (;;) {
    if (queue.length === 0 && nextPage < pages) {
      const info = workflowInfo();
      if (info.continueAsNewSuggested || info.historyLength > continueAfter) {
        await Promise.all(inFlight);
        await condition(allHandlersFinished);
        await continueAsNew<typeof noopDailyRun>({
          ...input,
          nextPage,
          completed,
          failed,
          continuedAsNew: continuedAsNew + 1,
        });
      }
      queue = await noopPage({ page: nextPage, pageSize, children: input.children });
      nextPage += 1;
      continue;
    }
    if (queue.length === 0) break;
    if (inFlight.size >= input.concurrency) {
      await Promise.race(inFlight);
      continue;
    }
    const n = queue.shift()!;
    const p: Promise<void> = runChild(n).finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  return { completed, failed, continuedAsNew };
}
