/**
 * Workflow histories kept as JSON fixtures for the replay test. They are stored in protobufjs's object form
 * (`History.toObject` with string longs, enums and bytes), not the protojson form of `historyToJSON`: the SDK's
 * protojson helpers fail in this install ("type must be a Type", its nested protobufjs 8 against
 * @temporalio/proto's protobufjs 7). The object form round-trips exactly through `History.fromObject`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;
const { History } = temporal.api.history.v1;

export const HISTORY_FIXTURES = path.join(__dirname, '..', 'fixtures', 'histories');

export function historyToFixture(history: History): string {
  const message = History.fromObject(history);
  return JSON.stringify(History.toObject(message, { longs: String, enums: String, bytes: String }), null, 1) + '\n';
}

/** Every fixture under `dir`, by file name (without .json), ready for Worker.runReplayHistories. */
export function loadHistoryFixtures(dir = HISTORY_FIXTURES): { workflowId: string; history: History }[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({
      workflowId: f.replace(/\.json$/, ''),
      history: History.fromObject(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as object),
    }));
}
