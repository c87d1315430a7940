/** ESR's file names: `DE_<LO>_RMC_<YYYYMMDD>_<SEQ>.DAT`, SEQ eight digits. */
import { isCalendarDate } from '../validation/calendar-date';
import { LOCAL_OFFICES, type LocalOffice } from './types';

export type ParsedFileName =
  | { ok: true; localOffice: LocalOffice; extractDate: string; seq: number }
  | { ok: false; reason: string };

const PATTERN = /^DE_([A-Z]{2,3})_RMC_(\d{4})(\d{2})(\d{2})_(\d{8})\.DAT$/;

export function parseExtractFileName(name: string): ParsedFileName {
  const m = PATTERN.exec(name);
  if (!m) return { ok: false, reason: 'file name is not DE_<office>_RMC_<YYYYMMDD>_<8-digit sequence>.DAT' };
  const [, office, y, mo, d, seq] = m;
  if (!(LOCAL_OFFICES as readonly string[]).includes(office)) return { ok: false, reason: `unknown local office ${office} in file name` };
  const extractDate = `${y}-${mo}-${d}`;
  if (!isCalendarDate(extractDate)) return { ok: false, reason: 'file name date is not a real date' };
  return { ok: true, localOffice: office as LocalOffice, extractDate, seq: Number(seq) };
}

export const isExtractFileName = (name: string): boolean => parseExtractFileName(name).ok;
