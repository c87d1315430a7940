/**
 * ESR's extract file names, `DE_<LO>_RMC_<YYYYMMDD>_<SEQ>.DAT`. The name is how the inbox is sorted into days and
 * how a second file for the same office and day is ordered after the first, so it is checked as strictly as the HDR
 * it must agree with.
 */
import { isCalendarDate } from '../validation/calendar-date';
import { LOCAL_OFFICES, type LocalOffice } from './types';

/** What an ESR file name says, or why it is not one. */
export type ParsedFileName =
  { ok: true; localOffice: LocalOffice; extractDate: string; seq: number } | { ok: false; reason: string };

// Office letters are matched loosely here so that an unknown office gets its own, clearer reason below.
const PATTERN = /^DE_([A-Z]+)_RMC_(\d{4})(\d{2})(\d{2})_(\d{8})\.DAT$/;
const OFFICES: ReadonlySet<string> = new Set(LOCAL_OFFICES);

/**
 * Parses a base name (not a path), e.g. `DE_EOE_RMC_20261125_00000001.DAT` →
 * `{ ok: true, localOffice: 'EOE', extractDate: '2026-11-25', seq: 1 }`.
 */
export function parseExtractFileName(name: string): ParsedFileName {
  const m = PATTERN.exec(name);
  if (!m) return { ok: false, reason: 'file name is not DE_<office>_RMC_<YYYYMMDD>_<8-digit sequence>.DAT' };
  const [, office, y, mo, d, seq] = m;
  if (!OFFICES.has(office)) return { ok: false, reason: `unknown local office ${office} in file name` };
  const extractDate = `${y}-${mo}-${d}`;
  if (!isCalendarDate(extractDate)) return { ok: false, reason: 'file name date is not a real date' };
  return { ok: true, localOffice: office as LocalOffice, extractDate, seq: Number(seq) };
}

/** True when `name` is an ESR extract file name; used to pick extracts out of the inbox. */
export function isExtractFileName(name: string): boolean {
  return parseExtractFileName(name).ok;
}
