/**
 * The demo's history: seven days of the same synthetic people's extracts (demo/generate-demo-data.ts), put through
 * the real pipeline one day after the other, so that the portal's trends have days to show. Nothing is written
 * to MongoDB here but TIS's demo people and posts: every figure the portal shows is what the runs recorded.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { generateDemoHistory, type DemoOptions } from '../demo/generate-demo-data';
import type { Config } from '../src/config';
import type { Store } from '../store/store';
import type { DailyRunResult } from '../workflows/esr-daily-run';
import { runDaily } from './run-daily';

/** How many days `npm start` puts through the pipeline on first start. */
export const DEMO_HISTORY_DAYS = 7;

/** TIS's demo people and posts into the store, and every day's extracts into the inbox; returns the dates in order. */
export async function loadDemoHistory(
  store: Pick<Store, 'people' | 'posts'>,
  inboxDir: string,
  opts: DemoOptions & { days?: number },
): Promise<string[]> {
  const history = generateDemoHistory({ ...opts, days: opts.days ?? DEMO_HISTORY_DAYS });
  if (history.people.length) await store.people.insertMany(history.people);
  if (history.posts.length) await store.posts.insertMany(history.posts);
  fs.mkdirSync(inboxDir, { recursive: true });
  for (const day of history.days)
    for (const file of day.extracts) fs.writeFileSync(path.join(inboxDir, file.name), file.content);
  return history.days.map((d) => d.extractDate);
}

/** Runs each date's daily workflow in turn, oldest first (each run waits for the one before). */
export async function runDemoHistory(
  client: Client,
  config: Config,
  dates: string[],
  onDay: (date: string, result: DailyRunResult, workflowId: string) => void = () => undefined,
): Promise<void> {
  for (const extractDate of dates) {
    const { result, workflowId } = await runDaily(client, config, { extractDate });
    onDay(extractDate, result, workflowId);
  }
}
