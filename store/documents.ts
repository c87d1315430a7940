/**
 * The documents of the service's own collections (TIS's `people` and `posts` are typed in src/tis).
 * Ids are business keys, so every write can be an idempotent upsert: activities retry.
 */
import type {
  ExtractHeader,
  FieldFinding,
  HeldReason,
  PerRow,
  RecordedOutcome,
  RowError,
  SkipReason,
} from '../src/extract/types';
import type { RowSkip } from '../src/rules/row-skips';
import type { PersonDocument } from '../src/tis/person-document';

/** One extract file the service has seen: accepted or rejected, never applied twice. `_id` = `<name>#<sha256>`. */
export interface EsrFileDoc {
  _id: string;
  name: string;
  sha256: string;
  extractDate?: string;
  header?: ExtractHeader;
  status: 'ACCEPTED' | 'REJECTED';
  reasonCode?: string;
  reason?: string;
  dataLines: number;
  rowsRead: number;
  rowErrors: number;
  trusts: string[];
  /** Rows per employing trust, the "recent days" the mass-change hold compares a trust's rows with. */
  rowsByTrust?: Record<string, number>;
  /** The mass-change check of an accepted file; absent until a run has checked it (its rows wait till then). */
  massChange?: MassChangeCheck;
  recordedAt: string;
  workflowId: string;
}

/**
 * Whether an accepted file would change far more than usual, and the decision when it would. A file waiting for an
 * operator keeps its rows out of every run and resync (`accepted: false`); once approved they are applied, once
 * rejected they are deleted and the file is REJECTED.
 */
export interface MassChangeCheck {
  state: 'CLEAR' | 'AWAITING_APPROVAL' | 'APPROVED' | 'REJECTED';
  /** Why it waits, one line each (codes, trusts and counts; never a value). */
  reasons: string[];
  checkedAt: string;
  /** Who decided (an operator, or `timeout`), when, and why. */
  decidedBy?: string;
  decidedAt?: string;
  decisionReason?: string;
}

/** A PER row staged from an accepted file. `_id` = `<file>#<line>`. Holds PII: it is TIS's store. */
export interface EsrRowDoc {
  _id: string;
  file: string;
  line: number;
  extractDate: string;
  trust: string;
  esrPersonId: string;
  gmcNumber?: string;
  row: PerRow;
  /** The file's place in the day's order (precedence ties go to the later file), copied from its HDR. */
  fileSeq: number;
  fileGeneratedAt: string;
  /**
   * Set once the whole file is read, accepted and clear of the mass-change hold (or approved); rows of a file still
   * being read, or waiting for an operator, are not visible.
   */
  accepted: boolean;
}

/**
 * Which rows one person has on one date. `_id` = `<extractDate>#<esrPersonId>`: every per-trainee read is then
 * by `_id`, which FerretDB answers without scanning (it pushes down little else) and MongoDB from its primary index.
 */
export interface EsrPersonRowsDoc {
  _id: string;
  extractDate: string;
  esrPersonId: string;
  rowIds: string[];
}

/** One page of a date's trainees, planned once per run so that paging is by `_id`. `_id` = `<extractDate>#<page>`. */
export interface EsrTraineePageDoc {
  _id: string;
  extractDate: string;
  page: number;
  esrPersonIds: string[];
  /** Each trainee's trusts (comma-separated, beside esrPersonIds), for the Web UI's summary of their workflow. */
  trusts?: string[];
}

/** The ESR link recorded by a first match, for lookup by ESR id. `_id` = esrPersonId. Mirrors people.identifiers. */
export interface EsrLinkDoc {
  _id: string;
  personId: string;
  linkedAt: string;
}

/**
 * The TIS people a staged row's match filters found in the run's one pass over `people`, by filter (see
 * src/tis/match-candidates.ts). `_id` = the row's `<file>#<line>`. Candidate ids only: matching re-checks each by
 * `_id`; a row without one (linked when the pass ran, or a resync) asks `people` directly.
 */
export interface EsrMatchCandidatesDoc {
  _id: string;
  extractDate: string;
  linked: string[];
  registration: string[];
  ninoDob: string[];
}

/** A quarantined line: kept with its reason, never dropped. `_id` = `<file>#<line>`. */
export interface EsrRowErrorDoc extends RowError {
  _id: string;
  extractDate?: string;
  /** The line as received, so that nothing is lost; TIS's store, never logged. */
  text: string;
}

/** `_id` = `<file>#<line>#<field>`. */
export interface EsrFindingDoc extends FieldFinding {
  _id: string;
  extractDate: string;
}

/** The latest outcome of one trainee for one extract date. `_id` = `<extractDate>#<esrPersonId>`. */
export interface EsrOutcomeDoc {
  _id: string;
  extractDate: string;
  esrPersonId: string;
  trust: string;
  outcome: RecordedOutcome;
  reason?: SkipReason | HeldReason | string;
  detail?: string;
  tisPersonId?: string;
  changedFields: string[];
  conflictFields: string[];
  rowRef?: { file: string; line: number };
  /** The trainee's rows that were not applied, with why, counted per trust in the trusts' reports. */
  skippedRows?: RowSkip[];
  workflowId: string;
  recordedAt: string;
}

/**
 * An operator's decision, kept for audit: what, who, when and why. A file's approval or rejection has
 * `_id` = `<file id>#decision` (one per file); a link or unlink `<action>#<ESR person>#<at>`.
 */
export interface OperatorActionDoc {
  _id: string;
  /** NOTE: an operator's free text, kept here and referred to from Temporal by id; REVEAL: --reveal was used. */
  action: 'APPROVE_FILE' | 'REJECT_FILE' | 'LINK' | 'UNLINK' | 'NOTE' | 'REVEAL';
  /** The operator's user name, or `timeout` for a held file nobody decided on in time. */
  by: string;
  at: string;
  reason?: string;
  extractDate?: string;
  file?: string;
  esrPersonId?: string;
  tisPersonId?: string;
  /** The workflow the decision was made in, for a file. */
  workflowId?: string;
}

/** An operator's free text, referred to elsewhere as `note:<_id>`; deleted after RETENTION_DAYS. */
export interface OperatorNoteDoc {
  _id: string;
  text: string;
  by: string;
  at: string;
  extractDate?: string;
  workflowId?: string;
}

export type ChangeSetStatus =
  | 'PREPARED'
  | 'APPLIED'
  | 'NOTIFIED'
  | 'COMPENSATED'
  | 'COMPENSATION_FAILED'
  | 'SUPERSEDED'
  /** Never reached TIS (the update failed for good before writing): nothing to undo, no event. */
  | 'ABANDONED';

/**
 * One planned update of a person: the exact prior document, so that it can be undone. Once the change set is
 * finished (NOTIFIED, COMPENSATED, SUPERSEDED, ABANDONED) and a day old, retention drops the whole documents and
 * keeps only `changes` (the changed paths with their before/after values) and the versions; past RETENTION_DAYS
 * the values go too, whatever the state.
 */
export interface ChangeSetDoc {
  _id: string;
  personId: string;
  esrPersonId: string;
  extractDate: string;
  rowRef: { file: string; line: number };
  esrLastUpdated: string;
  baseVersion: number;
  /** The version our update writes; kept when the documents are trimmed. */
  afterVersion?: number;
  before?: PersonDocument;
  after?: PersonDocument;
  changes: { path: string; before?: string; after: string }[];
  status: ChangeSetStatus;
  workflowId: string;
  preparedAt: string;
  appliedAt?: string;
  compensatedAt?: string;
  compensationReason?: string;
  /** The version the undo wrote (the applied version + 1: versions are never reused). */
  compensatedVersion?: number;
  /** Set by retention past RETENTION_DAYS: `changes` then keeps the paths only (each `after` empty). */
  valuesRemovedAt?: string;
}

/** One field change, or its undo. `_id` = `<changeSetId>#<field>#<action>`. */
export interface AuditDoc {
  _id: string;
  changeSetId: string;
  personId: string;
  esrPersonId: string;
  workflowId: string;
  extractDate: string;
  file: string;
  line: number;
  field: string;
  before?: string;
  after?: string;
  action: 'APPLIED' | 'COMPENSATED';
  at: string;
}

/** A change event waiting for, or after, delivery. `_id` = eventId. */
export interface OutboxDoc {
  _id: string;
  changeSetId: string;
  personId: string;
  changedFields: string[];
  occurredAt: string;
  status: 'PENDING' | 'DELIVERED' | 'REFUSED' | 'CANCELLED';
  attempts: number;
  lastError?: string;
  deliveredAt?: string;
  /** When the outbox relay may try again (backoff or the receiver's Retry-After); absent: at once. */
  nextAttemptAt?: string;
  /** A permanent refusal: the receiver's status and the start of its answer, kept with the compensation. */
  refusal?: { status: number; answer: string; at: string };
  /** A 2xx that came for an event already cancelled (its change undone): kept and raised to operators. */
  deliveredAfterCancel?: { status: number; at: string };
}

/**
 * The change set a trainee's row was applied by, for a date. `_id` = `<extractDate>#<esrPersonId>`. A re-run after
 * a cancellation (or a resync racing the daily run) finds the change already in TIS: it adopts this change set,
 * sees that its event is delivered and reports it UPDATED, instead of a NO_CHANGE that sends nothing.
 */
export interface AppliedChangeDoc {
  _id: string;
  changeSetId: string;
  rowRef: { file: string; line: number };
  appliedAt: string;
}

/**
 * Who holds a change event now: a sender with a request in flight (until its timeout and a margin have passed), or
 * an undo. `_id` = the eventId. See store/outbox-claims.ts.
 */
export interface OutboxClaimDoc {
  _id: string;
  by: string;
  until: string;
}

/**
 * A daily run of a date that ran to its end without being cancelled. `_id` = the date. A trainee whose change was
 * reported UPDATED before this is NO_CHANGE when the date runs again; one reported by a run cancelled since is still
 * that date's UPDATED when a re-run finds the change in TIS (the re-run's counts equal a run never cancelled).
 */
export interface DailyRunDoc {
  _id: string;
  completedAt: string;
  workflowId: string;
}

/**
 * Who is working on a trainee now: one run per trainee at a time, across daily runs and resyncs. `_id` =
 * esrPersonId. Released when the run ends; a holder whose workflow is no longer running is replaced.
 */
export interface TraineeLeaseDoc {
  _id: string;
  workflowId: string;
  runId: string;
  acquiredAt: string;
}
