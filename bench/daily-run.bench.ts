/**
 * `npm run bench:daily -- [trainees=500] [concurrency=50]`: the whole pipeline on the embedded servers (or on
 * TEMPORAL_ADDRESS / MONGODB_URI): generates a demo day of N trainees, runs the daily workflow, and prints the
 * throughput, the history sizes that bound a national run, and the worker's peak memory. Figures, not assertions.
 */
import { Client, Connection } from '@temporalio/client';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runDaily } from '../cli/run-daily';
import { generateDemoData } from '../demo/generate-demo-data';
import { startStack } from '../servers/embedded-stack';
import { startNotificationReceiver } from '../servers/notification-receiver';
import { freePort } from '../servers/ports';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { dailyRunId, traineeRunId } from '../src/workflow-ids';
import { createWorker } from '../workers/create-worker';

async function main(): Promise<void> {
  const trainees = Number(process.argv[2] ?? 500);
  const concurrency = Number(process.argv[3] ?? 50);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esr-bench-'));
  const stack = await startStack({
    dataDir,
    temporalPort: await freePort(),
    mongoPort: await freePort(),
    temporalAddress: process.env.TEMPORAL_ADDRESS,
    mongodbUri: process.env.MONGODB_URI,
  });
  const secret = 'bench-secret-0123456789';
  const receiver = await startNotificationReceiver({ secret });
  const config = loadConfig({
    ...process.env,
    TEMPORAL_ADDRESS: stack.temporalAddress,
    MONGODB_URI: stack.mongodbUri,
    TIS_DB: `bench_${Date.now()}`,
    TEMPORAL_TASK_QUEUE: `bench-${Date.now()}`,
    ESR_INBOX_DIR: path.join(dataDir, 'inbox'),
    NOTIFY_URL: receiver.url,
    NOTIFY_SECRET: secret,
    LOG_LEVEL: 'warn',
  });
  const worker = await createWorker(config, createLogger({ level: 'warn' }), { monitorCommands: true });
  const byCommand = new Map<string, { count: number; ms: number }>();
  const pending = new Map<number, string>();
  worker.store.client.on('commandStarted', (e) => {
    const collection = String((e.command as Record<string, unknown>)[e.commandName] ?? '');
    pending.set(e.requestId, `${e.commandName} ${collection}`);
  });
  worker.store.client.on('commandSucceeded', (e) => {
    const key = pending.get(e.requestId) ?? e.commandName;
    pending.delete(e.requestId);
    const entry = byCommand.get(key) ?? { count: 0, ms: 0 };
    entry.count += 1;
    entry.ms += e.duration;
    byCommand.set(key, entry);
  });
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection });
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  try {
    const date = '2026-11-25';
    const demo = generateDemoData({ seed: 1, extractDate: date, trainees });
    await worker.store.people.insertMany(demo.people);
    await worker.store.posts.insertMany(demo.posts);
    fs.mkdirSync(config.ESR_INBOX_DIR, { recursive: true });
    for (const f of demo.extracts) fs.writeFileSync(path.join(config.ESR_INBOX_DIR, f.name), f.content);

    const started = Date.now();
    const { result } = await runDaily(client, config, { extractDate: date, concurrency });
    const seconds = (Date.now() - started) / 1000;
    const parent = await client.workflow.getHandle(dailyRunId(date)).describe();
    const child = await client.workflow.getHandle(traineeRunId(date, demo.expected[0].esrPersonId)).fetchHistory();
    console.log(`trainees:                 ${result.trainees} (${JSON.stringify(result.counts.total)})`);
    console.log(`concurrency:              ${concurrency}`);
    console.log(`wall time:                ${seconds.toFixed(1)} s`);
    console.log(`throughput:               ${(result.trainees / seconds).toFixed(1)} trainees/s`);
    console.log(`continue-as-new:          ${result.continuedAsNew} times`);
    console.log(`parent history, last run: ${parent.historyLength} events`);
    console.log(`one UPDATED child:        ${child.events?.length ?? 0} events`);
    console.log(`worker peak RSS:          ${(peakRss / 1024 / 1024).toFixed(0)} MiB`);
    console.log('MongoDB time by command (top 10):');
    for (const [key, { count, ms }] of [...byCommand.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 10)) {
      console.log(
        `  ${key.padEnd(36)} ${String(count).padStart(6)} calls ${(ms / 1000).toFixed(1).padStart(7)} s  ${(ms / count).toFixed(1).padStart(6)} ms/call`,
      );
    }
  } finally {
    clearInterval(sampler);
    await worker.shutdown();
    await connection.close();
    await receiver.close();
    await stack.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
