/**
 * Runs chaos seeds one after another and reports each on a line, then a summary: the campaign behind
 * `npm run chaos` (test/chaos/campaign.test.ts) and its short version in `npm test`
 * (test/integration/chaos-short.test.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeWorkflowBundle } from '../../workers/bundle';
import { runSeed, seedLine, type SeedReport } from './seed-run';

export interface CampaignOptions {
  seeds: number[];
  trainees: number;
  boundMs: number;
  print?: (line: string) => void;
}

export async function runCampaign(opts: CampaignOptions): Promise<SeedReport[]> {
  const print = opts.print ?? console.log;
  const postgresUrl = process.env.ESR_TEST_POSTGRES_URL;
  const mongodbUri = process.env.MONGODB_URI;
  if (!postgresUrl || !mongodbUri)
    throw new Error(
      'the chaos campaign needs the harness PostgreSQL (ESR_TEST_POSTGRES_URL): run it through test/run.ts',
    );
  const dataDir = fs.mkdtempSync(path.join(process.env.ESR_TEST_DATA_DIR ?? os.tmpdir(), 'chaos-'));
  const bundlePath = path.join(dataDir, 'workflow-bundle.js');
  await writeWorkflowBundle(bundlePath);
  const started = Date.now();
  const reports: SeedReport[] = [];
  for (const seed of opts.seeds) {
    const report = await runSeed({
      seed,
      trainees: opts.trainees,
      boundMs: opts.boundMs,
      bundlePath,
      dataDir,
      postgresUrl,
      mongodbUri,
    });
    reports.push(report);
    print(seedLine(report));
    for (const p of report.problems) print(`    [${p.invariant}] ${p.detail}`);
  }
  const failed = reports.filter((r) => r.problems.length);
  print(
    `chaos: ${reports.length} seed(s) of ${opts.trainees} trainees, ${reports.length - failed.length} passed, ` +
      `${failed.length} failed${failed.length ? ` (seeds ${failed.map((r) => r.seed).join(', ')})` : ''}, ` +
      `${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  for (const r of failed) print(`reproduce: npm run chaos -- --seed ${r.seed} --trainees ${r.trainees}`);
  return reports;
}
