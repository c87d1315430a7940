import { z } from 'zod';
import { parseExtractFileName } from '../extract/file-name';

/**
 * The spec's "Several rows for one person": among the rows that pass the employment and DPN rules, the latest
 * lastUpdated wins; ties go to the later file, then the later line.
 */

/** Where an eligible row came from, and when ESR last changed the person's details in it. */
export interface RowProvenance {
  file: string;
  /** The order files are applied in (see orderExtractFiles); higher is later. */
  fileOrder: number;
  /** 1-based line in the file. */
  line: number;
  /** ISO-8601 with offset. */
  lastUpdated: string;
}

/** ESR writes timestamps with an offset; one without would be read in the worker's own time zone, so it is refused. */
const isoWithOffset = z.string().datetime({ offset: true });

/**
 * The instant a timestamp names, in milliseconds, so `10:00+01:00` and `09:00Z` are equal; comparing the text
 * would get offsets wrong. Anything that is not an ISO timestamp with an offset sorts before every real one, so a
 * garbled timestamp never wins. Precision is the millisecond: finer digits are a tie, settled by file and line.
 */
export function instantOf(timestamp: string): number {
  const trimmed = timestamp.trim();
  return isoWithOffset.safeParse(trimmed).success ? Date.parse(trimmed) : Number.NEGATIVE_INFINITY;
}

function compareInstants(a: string, b: string): number {
  const x = instantOf(a);
  const y = instantOf(b);
  return x === y ? 0 : x < y ? -1 : 1;
}

/**
 * Orders rows by precedence, lowest first: so the last row after sorting is the winner. Negative when `a` loses
 * to `b`, positive when it beats it; 0 only for the same file and line.
 */
export function compareRowPrecedence(a: RowProvenance, b: RowProvenance): number {
  return compareInstants(a.lastUpdated, b.lastUpdated) || a.fileOrder - b.fileOrder || a.line - b.line;
}

/** The row that wins among `rows` (already filtered to the eligible ones), or undefined when there are none. */
export function pickWinningRow<T extends RowProvenance>(rows: readonly T[]): T | undefined {
  return rows.reduce<T | undefined>(
    (best, row) => (!best || compareRowPrecedence(row, best) > 0 ? row : best),
    undefined,
  );
}

/** An extract file as far as ordering is concerned: its name and what its HDR says. */
export interface ExtractFileOrderKey {
  file: string;
  /** YYYY-MM-DD */
  extractDate: string;
  seq: number;
  /** ISO-8601 with offset. */
  generatedAt: string;
  /** The HDR's local office; read from the file name when absent. */
  localOffice?: string;
}

const officeOf = (f: ExtractFileOrderKey): string => {
  if (f.localOffice) return f.localOffice;
  const parsed = parseExtractFileName(f.file);
  return parsed.ok ? parsed.localOffice : `?${f.file}`;
};

/**
 * The files in the order they are applied, first to last.
 *
 * The spec: a second file for the same office and date has a higher SEQ and is applied after, whatever the
 * generation times say (ESR's clock may be reset, or a file regenerated). Across offices SEQ says nothing (each
 * office counts its own), while generatedAt orders files on one clock. So each file is given an effective instant:
 * the latest generation instant among its office's files of that date up to its own SEQ. Effective instants never
 * fall as SEQ rises within an office, so ordering by (date, effective instant, SEQ, name) keeps every office's
 * SEQ order and is a total order, as a sort needs (comparing SEQ only between files of one office would not be).
 */
export function orderExtractFiles<T extends ExtractFileOrderKey>(files: readonly T[]): T[] {
  const groups = new Map<string, T[]>();
  for (const f of files) {
    const key = `${f.extractDate}|${officeOf(f)}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const effective = new Map<T, number>();
  for (const group of groups.values()) {
    let latest = Number.NEGATIVE_INFINITY;
    for (const f of [...group].sort((a, b) => a.seq - b.seq || compareText(a.file, b.file))) {
      latest = Math.max(latest, instantOf(f.generatedAt));
      effective.set(f, latest);
    }
  }
  const instant = (f: T) => effective.get(f) ?? Number.NEGATIVE_INFINITY;
  return [...files].sort(
    (a, b) =>
      compareText(a.extractDate, b.extractDate) ||
      (instant(a) === instant(b) ? 0 : instant(a) < instant(b) ? -1 : 1) ||
      a.seq - b.seq ||
      compareText(a.file, b.file),
  );
}

/** Code-unit order, not locale order, so the result does not depend on the worker's locale. */
function compareText(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}
