import { z } from 'zod';

/**
 * The spec's "Several rows for one person": among the rows that pass the employment and DPN rules, the latest
 * lastUpdated wins; ties go to the later file, then the later line.
 */

/** Where an eligible row came from, and when ESR last changed the person's details in it. */
export interface RowProvenance {
  file: string;
  /** The order files are applied in (see compareExtractFiles); higher is later. */
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
}

/**
 * Orders extract files in the order they are applied: by extract date, then by when ESR generated them, then by
 * SEQ, then by name.
 *
 * Why generatedAt before SEQ: SEQ counts per local office, so SEQ 2 from KSS says nothing about SEQ 1 from EOE,
 * while generatedAt orders files across offices on one clock. Within one office ESR writes SEQ 2 after SEQ 1, so the
 * two agree, and SEQ settles files generated in the same instant. The name is last only to make the order total and
 * repeatable. One key at a time in a fixed order keeps the comparison transitive, which a sort requires (comparing
 * SEQ only between files of the same office would not be).
 */
export function compareExtractFiles(a: ExtractFileOrderKey, b: ExtractFileOrderKey): number {
  return (
    compareText(a.extractDate, b.extractDate) ||
    compareInstants(a.generatedAt, b.generatedAt) ||
    a.seq - b.seq ||
    compareText(a.file, b.file)
  );
}

/** Code-unit order, not locale order, so the result does not depend on the worker's locale. */
function compareText(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}
