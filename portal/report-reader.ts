/**
 * The portal's read-only view of the days the runs kept: each day's report inputs built by the same code that
 * writes the trusts' report files (store/data-quality-report-input.ts), kept in memory so that a page that needs
 * thirty days, and the pages after it, read each day once: the latest day for a minute (a run may still be adding
 * to it), earlier days for ten (a day run again, say after held trainees were resolved, shows within that).
 * Nothing is written anywhere.
 */
import { dayReportInputs, type DayReportInputs } from '../store/data-quality-report-input';
import { officeTrusts, reportDates, type OfficeTrusts } from '../store/report-history';
import type { Collections } from '../store/store';
import { retentionDates } from '../src/rules/retention';

type ReportStore = Pick<Collections, 'files' | 'rows' | 'posts' | 'outcomes' | 'rowErrors' | 'findings'>;

const KEEP_MS = 60_000;
const KEEP_EARLIER_DAY_MS = 600_000;
/** Days kept in memory at once: the ranking's thirty and a few more. */
const MAX_DAYS = 40;

export class ReportReader {
  private readonly days = new Map<string, { at: number; day: Promise<DayReportInputs> }>();
  private known?: { at: number; value: Promise<{ dates: string[]; offices: OfficeTrusts }> };

  constructor(
    private readonly store: ReportStore,
    private readonly retentionDays: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The retained extract dates (newest first), and the trusts of each office's files over them. */
  async history(): Promise<{ dates: string[]; offices: OfficeTrusts }> {
    if (!this.known || Date.now() - this.known.at > KEEP_MS) {
      const since = retentionDates(this.now(), this.retentionDays).purgeBefore;
      const value = Promise.all([reportDates(this.store, since), officeTrusts(this.store, since)]).then(
        ([dates, offices]) => ({ dates, offices }),
      );
      this.known = { at: Date.now(), value };
      value.catch(() => (this.known = undefined));
    }
    return this.known.value;
  }

  /** Every trust's report input for one day. */
  day(extractDate: string): Promise<DayReportInputs> {
    const kept = this.days.get(extractDate);
    const latest = [...this.days.keys()].reduce((a, b) => (a > b ? a : b), extractDate);
    const keep = extractDate < latest ? KEEP_EARLIER_DAY_MS : KEEP_MS;
    if (kept && Date.now() - kept.at <= keep) return kept.day;
    const day = dayReportInputs(this.store, extractDate);
    this.days.delete(extractDate);
    this.days.set(extractDate, { at: Date.now(), day });
    day.catch(() => this.days.delete(extractDate));
    while (this.days.size > MAX_DAYS) this.days.delete(this.days.keys().next().value!);
    return day;
  }
}
