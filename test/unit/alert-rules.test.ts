/**
 * The alert rules and the dashboard under deploy/: promtool (built by `npm run setup`) checks the rules and runs
 * their unit tests (deploy/prometheus/esr-alerts.test.yml: each alert fires on the series that should fire it, and
 * not before); every alert links to a runbook section that exists; the dashboard queries only metrics the worker
 * serves.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { promtoolBinary } from '../../servers/tools';

const root = path.resolve(__dirname, '..', '..');
const rulesDir = path.join(root, 'deploy', 'prometheus');

function promtool(...args: string[]): { status: number | null; output: string } {
  const binary = promtoolBinary();
  assert.ok(fs.existsSync(binary), `no promtool at ${binary}: npm run setup builds it (or set PROMTOOL_PATH)`);
  const run = spawnSync(binary, args, { cwd: rulesDir, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

interface Rule {
  alert: string;
  expr: string;
  annotations: { runbook_url: string };
}
const rules = (): Rule[] =>
  (
    parse(fs.readFileSync(path.join(rulesDir, 'esr-alerts.yml'), 'utf8')) as { groups: { rules: Rule[] }[] }
  ).groups.flatMap((g) => g.rules);

test('promtool accepts the alert rules', () => {
  const { status, output } = promtool('check', 'rules', 'esr-alerts.yml');
  assert.equal(status, 0, output);
  assert.match(output, /SUCCESS: 6 rules found/);
});

test("the rules' unit tests pass under promtool: each alert fires when it should, not before", () => {
  const { status, output } = promtool('test', 'rules', 'esr-alerts.test.yml');
  assert.equal(status, 0, output);
  assert.match(output, /SUCCESS/);
});

test('every alert links to a runbook section that exists', () => {
  const runbook = fs.readFileSync(path.join(root, 'docs', 'runbook.md'), 'utf8');
  // GitHub's anchors: lower case, punctuation dropped, spaces to hyphens.
  const anchors = new Set(
    [...runbook.matchAll(/^#+ (.+)$/gm)].map((m) =>
      m[1]
        .toLowerCase()
        .replace(/[^\w\s-]/g, '')
        .replace(/\s/g, '-'),
    ),
  );
  const all = rules();
  assert.deepEqual(
    all.map((r) => r.alert),
    [
      'EsrWorkerDown',
      'EsrDailyRunNotCompleted',
      'EsrExpectedOfficeFileMissing',
      'EsrOutboxEventStuck',
      'EsrFileAwaitingApproval',
      'EsrTraineesFailed',
    ],
  );
  for (const rule of all) {
    const [file, anchor] = rule.annotations.runbook_url.split('#');
    assert.equal(file, 'docs/runbook.md', rule.alert);
    assert.ok(anchors.has(anchor), `${rule.alert}: no runbook section #${anchor}`);
  }
});

test('the dashboard queries only metrics the worker serves', () => {
  const served = new Set([
    'esr_trainee_outcomes_total',
    'esr_files_total',
    'esr_rows_skipped_total',
    'esr_outbox_pending',
    'esr_outbox_oldest_pending_seconds',
    'esr_files_awaiting_approval',
    'esr_files_awaiting_approval_oldest_seconds',
    'esr_office_last_file_timestamp_seconds',
    'esr_daily_run_duration_seconds',
    'esr_daily_run_last_success_timestamp_seconds',
  ]);
  const dashboard = JSON.parse(fs.readFileSync(path.join(root, 'deploy', 'grafana', 'esr-daily-run.json'), 'utf8')) as {
    panels: { title: string; targets?: { expr: string }[] }[];
  };
  const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
  assert.ok(exprs.length >= 8, `${exprs.length} queries`);
  const used = new Set(exprs.flatMap((e) => e.match(/\besr_\w+/g) ?? []));
  assert.deepEqual(
    [...used].filter((m) => !served.has(m)),
    [],
  );
  for (const expr of exprs.filter((e) => !/\besr_\w+/.test(e)))
    assert.match(expr, /\b(temporal_\w+|process_\w+|up)\b/, expr);
});
