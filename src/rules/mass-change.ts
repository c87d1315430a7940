/**
 * The mass-change hold (the spec's operating contract): a file that would change far more than usual waits for
 * an operator before any of its trainees starts. "Usual" is judged three ways, each against a configured
 * threshold: the share of the file's rows that would change a legal name, the date of birth or the NINO; the share
 * of a trust's linked trainees the file would change; and a trust's rows against its recent days. Counts only: a
 * reason names a trust and numbers, never a person. Safe to import from workflow code.
 */

export interface MassChangeThresholds {
  /** Below this many rows (in the file, or of one trust in it) no check applies: small numbers swing. */
  minRows: number;
  /** Share of the file's rows changing a legal name, date of birth or NINO above which it waits (1: never). */
  identityShare: number;
  /** Share of a trust's linked trainees the file would change above which it waits (1: never). */
  trustShare: number;
  /** A trust's rows above this many times its median recent day make the file wait. */
  volumeFactor: number;
  /** How many days back the recent days reach. */
  historyDays: number;
}

/** The fewest earlier days with files that a volume comparison needs: with less, there is no "usual" yet. */
export const MIN_HISTORY_DAYS = 5;

/** What one trust's rows in a file would do. */
export interface TrustChange {
  rows: number;
  /** Trainees already linked to a TIS person whose row would change at least one field. */
  linkedChanged: number;
}

/** What a file would do, worked out in the run's one pass over TIS before any trainee starts. */
export interface FileChangeProfile {
  file: string;
  rows: number;
  /** Rows that would change a legal name, the date of birth or the NINO. */
  identityRows: number;
  byTrust: Record<string, TrustChange>;
}

/** What is usual for a trust. */
export interface TrustBaseline {
  /** TIS people linked to an ESR person with a placement at the trust covering the date. */
  linkedTrainees: number;
  /** The trust's rows on each recent day that had accepted files (0 on such a day without any of its rows). */
  recentDailyRows: number[];
}

export type MassChangeCode = 'IDENTITY_CHANGES' | 'TRUST_SHARE' | 'TRUST_VOLUME';

/** Why a file waits: a stable code, the trust where one applies, and the numbers in words. */
export interface MassChangeReason {
  code: MassChangeCode;
  trust?: string;
  detail: string;
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Why this file should wait for an operator; empty when it is within every threshold. */
export function massChangeReasons(
  profile: FileChangeProfile,
  baselines: Readonly<Record<string, TrustBaseline>>,
  t: MassChangeThresholds,
): MassChangeReason[] {
  const reasons: MassChangeReason[] = [];
  if (profile.rows >= t.minRows && profile.identityRows / profile.rows > t.identityShare) {
    reasons.push({
      code: 'IDENTITY_CHANGES',
      detail:
        `${profile.identityRows} of ${profile.rows} rows (${percent(profile.identityRows / profile.rows)}) would ` +
        `change a legal name, date of birth or NINO; threshold ${percent(t.identityShare)}`,
    });
  }
  for (const trust of Object.keys(profile.byTrust).sort()) {
    const { rows, linkedChanged } = profile.byTrust[trust];
    const baseline = baselines[trust] ?? { linkedTrainees: 0, recentDailyRows: [] };
    const linked = baseline.linkedTrainees;
    if (linkedChanged >= t.minRows && linked > 0 && linkedChanged / linked > t.trustShare) {
      reasons.push({
        code: 'TRUST_SHARE',
        trust,
        detail:
          `would change ${linkedChanged} of the trust's ${linked} linked trainees ` +
          `(${percent(linkedChanged / linked)}); threshold ${percent(t.trustShare)}`,
      });
    }
    const history = baseline.recentDailyRows;
    const usual = median(history);
    if (history.length >= MIN_HISTORY_DAYS && rows >= t.minRows && rows > t.volumeFactor * Math.max(usual, 1)) {
      reasons.push({
        code: 'TRUST_VOLUME',
        trust,
        detail:
          `${rows} rows against a median of ${usual} a day over the last ${history.length} days with files; ` +
          `threshold ${t.volumeFactor}×`,
      });
    }
  }
  return reasons;
}

/** One line per reason, as operators see it in `esr status`, the memo and the Web UI. */
export function describeMassChange(reason: MassChangeReason): string {
  return `${reason.code}${reason.trust ? ` ${reason.trust}` : ''}: ${reason.detail}`;
}
