/**
 * `npm start`: the whole system on this machine. Starts the codec server (CODEC_PORT, for the Web UI to decode
 * encrypted payloads; a process of its own), the embedded Temporal dev server (Web UI on :8233, told the codec endpoint) and
 * FerretDB on a durable PostgreSQL cluster, persisted under .data/ (the cluster in /var/tmp/esr-person-update-pg/…
 * when the postgres user cannot reach .data/), a local notification endpoint, and the worker; registers the daily
 * Schedule; loads the demo data set on first start (seven days of extracts, cli/demo-history.ts) and runs those
 * days through the pipeline, or on later starts the demo day once; starts the data-quality portal (PORTAL_PORT,
 * default 8235) with the project's own OpenID provider and its demo accounts; and says where to look.
 * Ctrl-C stops all of it; a second start keeps the data. TEMPORAL_ADDRESS / MONGODB_URI use servers of your own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { startCodecProcess } from '../servers/codec-process';
import { startStack } from '../servers/embedded-stack';
import { startNotificationReceiver } from '../servers/notification-receiver';
import { freePort } from '../servers/ports';
import { ConfigError, loadConfig } from '../src/config';
import { calendarDate } from '../src/london-date';
import { maskedUri } from '../src/masked-uri';
import { terminalSafe } from '../src/terminal-text';
import { createLogger } from '../src/logger';
import { createWorker } from '../workers/create-worker';
import { serveWorkerMetrics } from '../workers/metrics-server';
import { installTemporalLogger } from '../workers/temporal-logger';
import { connectTemporalClient, payloadKeyRing } from '../workers/temporal-connection';
import { ensureDailySchedule } from './daily-schedule';
import { ensureRetentionSchedule } from './retention-schedule';
import { ensureOutboxRelaySchedule } from './outbox-relay-schedule';
import { fileLine } from './commands/run-summary';
import { runDaily, uiRunUrl } from './run-daily';
import { loadDemoHistory, runDemoHistory } from './demo-history';
import { startPortal } from '../portal/start-portal';

const DATA_DIR = path.resolve(__dirname, '..', '.data');
const DEMO_STATE = path.join(DATA_DIR, 'demo.json');
const DEMO_OFFICES = ['EOE', 'KSS', 'LDN'] as const;

const portOf = (address: string): number => Number(address.split(':').pop());

async function main(): Promise<void> {
  // .data, the archive, the extracts, the reports and every key file: this account's only (0700/0600).
  process.umask(0o077);
  const base = loadConfig();
  fs.mkdirSync(DATA_DIR, { recursive: true });
  // A .data from before keeps its old mode; as root it stays reachable for the postgres user's cluster inside it.
  if (process.getuid?.() !== 0) fs.chmodSync(DATA_DIR, 0o700);
  payloadKeyRing(base); // creates the development key before two processes race to
  // The codec server first, in a process of its own: the dev server's Web UI is told its endpoint at start.
  const codec = await startCodecProcess({
    port: base.CODEC_PORT,
    token: base.CODEC_TOKEN ?? randomBytes(24).toString('base64url'),
    cliToken: base.CODEC_CLI_TOKEN,
    allowedOrigin: base.CODEC_CORS_ORIGIN ?? 'http://localhost:8233',
    namespaces: [base.TEMPORAL_NAMESPACE],
    payloadKeys: base.TEMPORAL_PAYLOAD_KEYS,
    strict: base.CODEC_STRICT,
    logFile: path.join(DATA_DIR, 'codec.log'),
  });
  codec.process.exited.catch((err: unknown) => console.error(err instanceof Error ? err.message : String(err)));
  const stack = await startStack({
    dataDir: DATA_DIR,
    temporalPort: portOf(base.TEMPORAL_ADDRESS),
    uiPort: 8233,
    codecEndpoint: codec.uiEndpoint,
    retentionDays: base.RETENTION_DAYS,
    mongoPort: Number(new URL(base.MONGODB_URI).port) || 27017,
    temporalAddress: process.env.TEMPORAL_ADDRESS,
    mongodbUri: process.env.MONGODB_URI,
    durable: true,
  });
  const stops: (() => Promise<void>)[] = [() => codec.process.stop(), () => stack.stop()];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    let notifyUrl = process.env.NOTIFY_URL;
    let notifySecret = process.env.NOTIFY_SECRET;
    if (!notifyUrl) {
      notifySecret = 'demo-secret-not-for-production';
      const log = path.join(DATA_DIR, 'notifications.jsonl');
      const receiver = await startNotificationReceiver({
        secret: notifySecret,
        onEvent: (e) => fs.appendFileSync(log, `${JSON.stringify(e)}\n`),
      });
      stops.push(() => receiver.close());
      notifyUrl = receiver.url;
    }
    const config = loadConfig({
      ...process.env,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      MONGODB_URI: stack.mongodbUri,
      ESR_INBOX_DIR: process.env.ESR_INBOX_DIR ?? path.join(DATA_DIR, 'inbox'),
      // The servers' logs (temporal.log, ferretdb.log, …) expire with everything else.
      ESR_LOG_DIR: process.env.ESR_LOG_DIR ?? DATA_DIR,
      // The demo day has files from these offices only; the others would be listed as MISSING.
      ESR_EXPECTED_OFFICES: process.env.ESR_EXPECTED_OFFICES ?? DEMO_OFFICES.join(','),
      NOTIFY_URL: notifyUrl,
      // The demo writes its day and runs it at once.
      ESR_FILE_MIN_AGE_MS: process.env.ESR_FILE_MIN_AGE_MS ?? '0',
      NOTIFY_SECRET: notifySecret,
      LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    });
    const logger = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT });
    const sdkMetricsPort = await freePort();
    installTemporalLogger(logger, { sdkMetricsAddress: `127.0.0.1:${sdkMetricsPort}` });
    const worker = await createWorker(config, logger);
    stops.push(() => worker.shutdown());
    const metrics = await serveWorkerMetrics(worker, {
      host: config.METRICS_HOST,
      port: config.METRICS_PORT,
      sdkMetricsPort,
      logger,
    });
    stops.push(() => metrics.close());

    const demo = await loadDemo(worker.store, config.ESR_INBOX_DIR);
    const client = await connectTemporalClient(config);
    stops.push(() => client.connection.close());
    const schedule = await ensureDailySchedule(client, config);
    await ensureRetentionSchedule(client, config);
    const relaySchedule = await ensureOutboxRelaySchedule(client, config);

    const ui = stack.uiUrl ?? 'http://localhost:8233';
    console.log(`\nesr-person-update is running.`);
    console.log(
      `  Temporal Web UI   ${ui} (payloads decoded through the codec server on ${codec.url}, its access log .data/codec.log)`,
    );
    console.log(
      `  Temporal          ${config.TEMPORAL_ADDRESS} (namespace ${config.TEMPORAL_NAMESPACE}, task queue ${config.TEMPORAL_TASK_QUEUE})`,
    );
    console.log(`  MongoDB           ${maskedUri(config.MONGODB_URI)} (database ${config.TIS_DB})`);
    if (stack.postgresUrl)
      console.log(`  under FerretDB    ${stack.postgresUrl} (PostgreSQL cluster in ${stack.postgresClusterDir})`);
    console.log(`  ESR inbox         ${config.ESR_INBOX_DIR}`);
    console.log(`  Metrics           ${metrics.url} (Prometheus; /healthz and /readyz beside it)`);
    console.log(
      `  Daily schedule    ${schedule}: ${config.DAILY_RUN_TIME} ${config.SCHEDULE_TIMEZONE} (temporal schedule list --address ${config.TEMPORAL_ADDRESS})`,
    );
    console.log(
      `  Retention         purge after ${config.RETENTION_DAYS} days, nightly at ${config.RETENTION_RUN_TIME} ${config.SCHEDULE_TIMEZONE}`,
    );
    console.log(
      `  Outbox relay      ${relaySchedule}: every ${config.OUTBOX_RELAY_EVERY / 1000} s sends change events still PENDING`,
    );
    if (demo.historyToRun?.length) {
      console.log(`\nPutting the demo's ${demo.historyToRun.length} days through the pipeline, oldest first…`);
      await runDemoHistory(client, config, demo.historyToRun.slice(0, -1), (date, r) =>
        console.log(
          `  ${date}: ${r.trainees} trainees, ${r.counts.total.UPDATED} updated, ${r.counts.total.HELD} held`,
        ),
      );
      fs.writeFileSync(DEMO_STATE, JSON.stringify({ extractDate: demo.extractDate }));
    }
    console.log(`\nRunning the demo day ${demo.extractDate}…`);
    const { workflowId, result } = await runDaily(client, config, { extractDate: demo.extractDate });
    const t = result.counts.total;
    console.log(
      `Demo day ${demo.extractDate}: ${result.trainees} trainees — ${t.UPDATED} updated, ${t.NO_CHANGE} unchanged, ` +
        `${t.SKIPPED} skipped, ${t.HELD} held for review, ${t.COMPENSATED} compensated, ${t.FAILED} failed.`,
    );
    for (const f of result.files) console.log(`  ${terminalSafe(fileLine(f))}`);
    if (result.reportsIndex) console.log(`  Trusts' reports: ${result.reportsIndex}`);
    console.log(`  See the run: ${uiRunUrl(ui, config.TEMPORAL_NAMESPACE, workflowId)}`);
    const portal = await startPortal({ config, store: worker.store, dataDir: DATA_DIR, logger });
    stops.push(() => portal.close());
    console.log(`\nData-quality portal: ${portal.url}`);
    if (portal.local)
      console.log(
        `  Sign in (local OpenID provider ${portal.issuer}) as tis-admin, ${DEMO_OFFICES.map((o) => `${o.toLowerCase()}-office`).join(', ')} ` +
          `or <trust>-esr (e.g. rgt-esr), password ${portal.local.passwordFile ? `in ${portal.local.passwordFile}` : 'PORTAL_DEMO_PASSWORD'}`,
      );
    console.log(`\nThe worker keeps polling. Ctrl-C stops everything.`);
    // process.on, not once, and left in place: tsx relays a Ctrl-C a second time, which would otherwise kill this
    // process while it stops the servers.
    await new Promise<void>((resolve) => {
      process.on('SIGINT', () => resolve());
      process.on('SIGTERM', () => resolve());
    });
    console.log('stopping…');
  } finally {
    await stopAll();
  }
}

/**
 * Loads the seeded demo data once: TIS people and posts into MongoDB, seven days' extracts (ending today) into the
 * inbox, and says which days are still to run (all of them, the first time: until they have run, demo.json says
 * so, and an interrupted first start runs them again). Loads it again when the store is empty (a .data/ from
 * before FerretDB moved to PostgreSQL).
 */
async function loadDemo(
  store: Awaited<ReturnType<typeof createWorker>>['store'],
  inboxDir: string,
): Promise<{ extractDate: string; historyToRun?: string[] }> {
  const loaded = fs.existsSync(DEMO_STATE)
    ? (JSON.parse(fs.readFileSync(DEMO_STATE, 'utf8')) as { extractDate: string; historyToRun?: string[] })
    : undefined;
  if (loaded && (await store.people.countDocuments({}, { limit: 1 })) > 0) return loaded;
  const extractDate = loaded?.extractDate ?? calendarDate(new Date());
  const historyToRun = await loadDemoHistory(store, inboxDir, {
    seed: 20261125,
    extractDate,
    trainees: 120,
    offices: [...DEMO_OFFICES],
  });
  fs.writeFileSync(DEMO_STATE, JSON.stringify({ extractDate, historyToRun }));
  return { extractDate, historyToRun };
}

main().catch((err: unknown) => {
  console.error(
    err instanceof ConfigError ? err.message : `start failed: ${err instanceof Error ? err.message : String(err)}`,
  );
  process.exit(1);
});
