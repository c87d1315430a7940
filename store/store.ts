/**
 * One MongoDB client per process and the typed collections, with every index matching and idempotency need
 * declared here. Only features that both MongoDB and FerretDB support (no transactions, no change streams).
 */
import { MongoClient, type Collection, type Db } from 'mongodb';
import type { PersonDocument, PostDocument } from '../src/tis/person-document';
import type {
  AuditDoc,
  ChangeSetDoc,
  EsrFileDoc,
  EsrFindingDoc,
  EsrLinkDoc,
  EsrMatchCandidatesDoc,
  EsrPersonRowsDoc,
  EsrTraineePageDoc,
  EsrOutcomeDoc,
  EsrRowDoc,
  EsrRowErrorDoc,
  OperatorActionDoc,
  OperatorNoteDoc,
  OutboxDoc,
  AppliedChangeDoc,
  TraineeLeaseDoc,
  DailyRunDoc,
  OutboxClaimDoc,
} from './documents';

export interface Collections {
  people: Collection<PersonDocument>;
  posts: Collection<PostDocument>;
  files: Collection<EsrFileDoc>;
  rows: Collection<EsrRowDoc>;
  personRows: Collection<EsrPersonRowsDoc>;
  traineePages: Collection<EsrTraineePageDoc>;
  links: Collection<EsrLinkDoc>;
  matchCandidates: Collection<EsrMatchCandidatesDoc>;
  rowErrors: Collection<EsrRowErrorDoc>;
  findings: Collection<EsrFindingDoc>;
  outcomes: Collection<EsrOutcomeDoc>;
  changeSets: Collection<ChangeSetDoc>;
  audit: Collection<AuditDoc>;
  outbox: Collection<OutboxDoc>;
  operatorActions: Collection<OperatorActionDoc>;
  operatorNotes: Collection<OperatorNoteDoc>;
  appliedChanges: Collection<AppliedChangeDoc>;
  traineeLeases: Collection<TraineeLeaseDoc>;
  dailyRuns: Collection<DailyRunDoc>;
  outboxClaims: Collection<OutboxClaimDoc>;
}

export interface Store extends Collections {
  client: MongoClient;
  db: Db;
  close(): Promise<void>;
}

export function collections(db: Db): Collections {
  return {
    people: db.collection<PersonDocument>('people'),
    posts: db.collection<PostDocument>('posts'),
    files: db.collection<EsrFileDoc>('esr_files'),
    rows: db.collection<EsrRowDoc>('esr_rows'),
    personRows: db.collection<EsrPersonRowsDoc>('esr_person_rows'),
    traineePages: db.collection<EsrTraineePageDoc>('esr_trainee_pages'),
    links: db.collection<EsrLinkDoc>('esr_links'),
    matchCandidates: db.collection<EsrMatchCandidatesDoc>('esr_match_candidates'),
    rowErrors: db.collection<EsrRowErrorDoc>('esr_row_errors'),
    findings: db.collection<EsrFindingDoc>('esr_findings'),
    outcomes: db.collection<EsrOutcomeDoc>('esr_outcomes'),
    changeSets: db.collection<ChangeSetDoc>('esr_change_sets'),
    audit: db.collection<AuditDoc>('esr_audit'),
    outbox: db.collection<OutboxDoc>('esr_outbox'),
    operatorActions: db.collection<OperatorActionDoc>('esr_operator_actions'),
    operatorNotes: db.collection<OperatorNoteDoc>('esr_operator_notes'),
    appliedChanges: db.collection<AppliedChangeDoc>('esr_applied_changes'),
    traineeLeases: db.collection<TraineeLeaseDoc>('esr_trainee_leases'),
    dailyRuns: db.collection<DailyRunDoc>('esr_daily_runs'),
    outboxClaims: db.collection<OutboxClaimDoc>('esr_outbox_claims'),
  };
}

export async function ensureIndexes(c: Collections): Promise<void> {
  await Promise.all([
    // Matching, in the spec's order: ESR link, registration numbers, then NINO + date of birth.
    c.people.createIndex({ 'identifiers.esrPersonId': 1 }),
    c.people.createIndex({ 'identifiers.gmcNumber': 1 }),
    c.people.createIndex({ 'identifiers.gdcNumber': 1 }),
    c.people.createIndex({ 'personalDetails.nationalInsuranceNumber': 1, 'personalDetails.dateOfBirth': 1 }),
    c.files.createIndex({ name: 1 }),
    c.files.createIndex({ extractDate: 1 }),
    c.rows.createIndex({ esrPersonId: 1, extractDate: 1 }),
    c.rows.createIndex({ extractDate: 1, accepted: 1 }),
    c.traineePages.createIndex({ extractDate: 1 }),
    c.personRows.createIndex({ extractDate: 1 }),
    c.matchCandidates.createIndex({ extractDate: 1 }),
    c.rows.createIndex({ gmcNumber: 1 }),
    c.rows.createIndex({ file: 1 }),
    c.rowErrors.createIndex({ extractDate: 1, trust: 1 }),
    c.findings.createIndex({ extractDate: 1, trust: 1 }),
    c.findings.createIndex({ esrPersonId: 1 }),
    c.outcomes.createIndex({ extractDate: 1, outcome: 1 }),
    c.outcomes.createIndex({ esrPersonId: 1 }),
    c.changeSets.createIndex({ personId: 1 }),
    c.audit.createIndex({ personId: 1, at: 1 }),
    c.outbox.createIndex({ status: 1 }),
    c.outbox.createIndex({ status: 1, occurredAt: 1 }), // the oldest pending event, for its gauge
    c.outbox.createIndex({ changeSetId: 1 }),
    c.operatorActions.createIndex({ esrPersonId: 1, at: 1 }),
    c.operatorNotes.createIndex({ at: 1 }),
  ]);
}

/**
 * `monitorCommands` lets the benchmark time every command (the driver's command events); `readOnly` (the portal,
 * whose database user may only read) leaves the indexes to the worker.
 */
export async function openStore(
  uri: string,
  dbName: string,
  opts: { monitorCommands?: boolean; readOnly?: boolean } = {},
): Promise<Store> {
  const client = await MongoClient.connect(uri, {
    serverSelectionTimeoutMS: 10_000,
    monitorCommands: opts.monitorCommands ?? false,
  });
  const db = client.db(dbName);
  const c = collections(db);
  if (!opts.readOnly) await ensureIndexes(c);
  return { ...c, client, db, close: () => client.close() };
}
