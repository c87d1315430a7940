/**
 * Workflow histories kept as JSON fixtures for the replay test, one folder per release they were recorded from
 * (test/fixtures/histories/<commit>/). They are stored in protobufjs's object form (`History.toObject` with string
 * longs, enums and bytes), not the protojson form of `historyToJSON`: the SDK's protojson helpers fail in this
 * install ("type must be a Type", its nested protobufjs 8 against @temporalio/proto's protobufjs 7). The object
 * form round-trips exactly through `History.fromObject`.
 *
 * Payloads in them are encrypted with a fixed, test-only key kept beside them (REPLAY_PAYLOAD_KEY): the people are
 * the tests' made-up ones, and a fixture must decode for as long as it is kept. Histories from before payload
 * encryption carry plain payloads, which the codec passes through.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { EncryptionCodec } from '../../src/codec/encryption-codec';
import { parsePayloadKeys } from '../../src/codec/payload-keys';

type History = temporal.api.history.v1.IHistory;
const { History } = temporal.api.history.v1;

export const HISTORY_FIXTURES = path.join(__dirname, '..', 'fixtures', 'histories');

/** TEMPORAL_PAYLOAD_KEYS for recording and replaying the fixtures: committed on purpose, never used elsewhere. */
export const REPLAY_PAYLOAD_KEY = fs.readFileSync(path.join(HISTORY_FIXTURES, 'payload-key.txt'), 'utf8').trim();

/** The data converter the fixtures were recorded with: the worker's, on the test-only key. */
export function replayDataConverter(): DataConverter {
  return {
    payloadCodecs: [new EncryptionCodec(parsePayloadKeys(REPLAY_PAYLOAD_KEY))],
    failureConverterPath: require.resolve('../../src/codec/failure-converter'),
  };
}

export function historyToFixture(history: History): string {
  const message = History.fromObject(history);
  return JSON.stringify(History.toObject(message, { longs: String, enums: String, bytes: String }), null, 1) + '\n';
}

export function readHistoryFixture(file: string): History {
  return History.fromObject(JSON.parse(fs.readFileSync(file, 'utf8')) as object);
}

/**
 * Every fixture under `dir` and its release folders, named `<release>/<file name without .json>`, ready for
 * Worker.runReplayHistories.
 */
export function loadHistoryFixtures(dir = HISTORY_FIXTURES): { workflowId: string; history: History }[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ workflowId: f.replace(/\.json$/, ''), history: readHistoryFixture(path.join(dir, f)) }));
}
