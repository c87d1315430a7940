import { Counter, Registry } from 'prom-client';
import type { RowSkip } from '../src/rules/row-skips';

/** The status a file is counted under: as recorded, when held by the mass-change check, and when decided. */
export type CountedFileStatus = 'ACCEPTED' | 'REJECTED' | 'AWAITING_APPROVAL' | 'APPROVED';

/**
 * The service's own counters, given to the activities like their other dependencies. Each is counted where the
 * fact is recorded, and only when the write really created or changed it, so an activity's retry (or a re-run of
 * the date finding the same outcome) never counts twice. Labels are codes only (trust, office, outcome, reason):
 * never a person id or a personal value.
 */
export class ServiceMetrics {
  readonly registry: Registry;
  private readonly outcomes: Counter<'outcome' | 'trust'>;
  private readonly files: Counter<'status' | 'office'>;
  private readonly skipped: Counter<'reason' | 'trust'>;

  constructor(registry: Registry = new Registry()) {
    this.registry = registry;
    this.outcomes = new Counter({
      name: 'esr_trainee_outcomes_total',
      help: "Trainees' recorded outcomes for their extract date, by outcome and employing trust",
      labelNames: ['outcome', 'trust'],
      registers: [registry],
    });
    this.files = new Counter({
      name: 'esr_files_total',
      help: 'Extract files recorded (ACCEPTED, REJECTED), held for approval, and decided (APPROVED, REJECTED)',
      labelNames: ['status', 'office'],
      registers: [registry],
    });
    this.skipped = new Counter({
      name: 'esr_rows_skipped_total',
      help: 'Eligible rows not applied (superseded, no placement), by reason and trust',
      labelNames: ['reason', 'trust'],
      registers: [registry],
    });
  }

  /** A trainee's outcome for a date, newly recorded or changed, with the rows it did not apply. */
  outcomeRecorded(outcome: string, trust: string, skippedRows: readonly RowSkip[] = []): void {
    this.outcomes.inc({ outcome, trust: trust || 'UNKNOWN' });
    for (const skip of skippedRows) this.skipped.inc({ reason: skip.reason, trust: skip.trust || 'UNKNOWN' });
  }

  /** A file's state recorded; `office` is the local office its name gives (UNKNOWN for a misnamed file). */
  fileCounted(status: CountedFileStatus, office: string | undefined): void {
    this.files.inc({ status, office: office ?? 'UNKNOWN' });
  }
}
