/**
 * The streaming reader of ESR extract files: line by line, never the whole file in memory (a national full
 * refresh is 70,000 rows and more). It checks the file name, HDR and TRL, and yields rows and row errors as it
 * goes, then an `end` item saying whether the file is accepted. Because a truncated file is only found out at its
 * end, consumers must stage what they receive and apply nothing until `end` says ACCEPTED.
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { isCalendarDate } from '../validation/calendar-date';
import { instantOf } from '../rules/precedence';
import { parseExtractFileName } from './file-name';
import { parsePerLine } from './parse-per-line';
import { LOCAL_OFFICES, type ExtractHeader, type LocalOffice, type PerRow, type RowError, type RowRef } from './types';

export type ExtractItem =
  | { kind: 'header'; header: ExtractHeader }
  | { kind: 'row'; ref: RowRef; row: PerRow }
  /** `text` is the line as received, for quarantine in TIS's store; it may hold PII, so it is never logged. */
  | { kind: 'rowError'; error: RowError; text: string }
  | { kind: 'end'; summary: ExtractSummary };

export interface ExtractSummary {
  file: string;
  status: 'ACCEPTED' | 'REJECTED';
  /** Stable code: BAD_FILE_NAME, MISSING_HEADER, BAD_HEADER, HEADER_MISMATCH, DUPLICATE_HEADER, MISSING_TRAILER,
   * BAD_TRAILER, TRAILER_COUNT_MISMATCH, DATA_AFTER_TRAILER. */
  reasonCode?: string;
  reason?: string;
  header?: ExtractHeader;
  /** Non-blank lines between HDR and TRL. */
  dataLines: number;
  rowsRead: number;
  rowErrors: number;
  trailerCount?: number;
}

class Rejection {
  constructor(
    readonly code: string,
    readonly reason: string,
  ) {}
}

function parseHeader(fields: string[], line: number): ExtractHeader {
  const f = fields.map((x) => x.trim());
  if (f.length !== 7) throw new Rejection('BAD_HEADER', `line ${line}: HDR has ${f.length - 1} fields, expected 6`);
  const [, system, version, office, date, seq, generatedAt] = f;
  if (system !== 'ESR_RMC') throw new Rejection('BAD_HEADER', `line ${line}: HDR interface is not ESR_RMC`);
  if (version !== '1.0') throw new Rejection('BAD_HEADER', `line ${line}: HDR format version is not 1.0`);
  if (!(LOCAL_OFFICES as readonly string[]).includes(office)) throw new Rejection('BAD_HEADER', `line ${line}: HDR local office is unknown`);
  const extractDate = /^\d{8}$/.test(date) ? `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}` : '';
  if (!isCalendarDate(extractDate)) throw new Rejection('BAD_HEADER', `line ${line}: HDR extract date is not a real YYYYMMDD date`);
  if (!/^\d{8}$/.test(seq)) throw new Rejection('BAD_HEADER', `line ${line}: HDR sequence is not 8 digits`);
  if (!Number.isFinite(instantOf(generatedAt))) throw new Rejection('BAD_HEADER', `line ${line}: HDR generated-at is not an ISO-8601 timestamp with offset`);
  return { localOffice: office as LocalOffice, extractDate, seq: Number(seq), generatedAt };
}

/** Reads an extract from any source of lines (a file, or lines in a test). */
export async function* readExtractLines(file: string, lines: AsyncIterable<string> | Iterable<string>): AsyncGenerator<ExtractItem> {
  const counts = { dataLines: 0, rowsRead: 0, rowErrors: 0 };
  let header: ExtractHeader | undefined;
  let trailerCount: number | undefined;
  let perLines = 0;
  const end = (rejection?: Rejection): ExtractItem => ({
    kind: 'end',
    summary: {
      file,
      status: rejection ? 'REJECTED' : 'ACCEPTED',
      ...(rejection ? { reasonCode: rejection.code, reason: rejection.reason } : {}),
      ...(header ? { header } : {}),
      ...counts,
      ...(trailerCount !== undefined ? { trailerCount } : {}),
    },
  });

  const name = parseExtractFileName(file);
  if (!name.ok) {
    yield end(new Rejection('BAD_FILE_NAME', name.reason));
    return;
  }
  try {
    let lineNo = 0;
    for await (const raw of lines) {
      lineNo += 1;
      let text = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (text.endsWith('\r')) text = text.slice(0, -1);
      if (text.trim() === '') continue;
      const fields = text.split('|');
      const type = fields[0].trim();
      if (!header) {
        if (type !== 'HDR') throw new Rejection('MISSING_HEADER', `line ${lineNo}: the first record is not HDR`);
        header = parseHeader(fields, lineNo);
        if (header.localOffice !== name.localOffice || header.extractDate !== name.extractDate || header.seq !== name.seq) {
          throw new Rejection('HEADER_MISMATCH', `line ${lineNo}: HDR office, date or sequence does not match the file name`);
        }
        yield { kind: 'header', header };
        continue;
      }
      if (trailerCount !== undefined) throw new Rejection('DATA_AFTER_TRAILER', `line ${lineNo}: a record follows the TRL`);
      if (type === 'HDR') throw new Rejection('DUPLICATE_HEADER', `line ${lineNo}: a second HDR`);
      if (type === 'TRL') {
        const count = (fields[1] ?? '').trim();
        if (fields.length !== 2 || !/^\d+$/.test(count)) throw new Rejection('BAD_TRAILER', `line ${lineNo}: TRL is not TRL|<count>`);
        trailerCount = Number(count);
        if (trailerCount !== perLines) {
          throw new Rejection('TRAILER_COUNT_MISMATCH', `TRL says ${trailerCount} PER lines, the file has ${perLines}: truncated or padded`);
        }
        continue;
      }
      counts.dataLines += 1;
      const ref = { file, line: lineNo };
      if (type === 'PER') {
        perLines += 1;
        const parsed = parsePerLine(ref, fields.slice(1));
        if (parsed.ok) {
          counts.rowsRead += 1;
          yield { kind: 'row', ref, row: parsed.row };
        } else {
          counts.rowErrors += 1;
          yield { kind: 'rowError', error: parsed.error, text };
        }
      } else {
        counts.rowErrors += 1;
        yield {
          kind: 'rowError',
          error: { ...ref, code: 'UNKNOWN_RECORD_TYPE', reason: 'the record type is not HDR, PER or TRL' },
          text,
        };
      }
    }
    if (!header) throw new Rejection('MISSING_HEADER', 'the file has no HDR');
    if (trailerCount === undefined) throw new Rejection('MISSING_TRAILER', 'the file has no TRL: truncated');
    yield end();
  } catch (err) {
    if (err instanceof Rejection) yield end(err);
    else throw err;
  }
}

/** Reads an extract file; its name is checked against its HDR. */
export function readExtractFile(filePath: string): AsyncGenerator<ExtractItem> {
  const input = fs.createReadStream(filePath, { encoding: 'utf8' });
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  return readExtractLines(path.basename(filePath), lines);
}
