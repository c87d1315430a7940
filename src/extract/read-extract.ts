/**
 * The streaming reader of ESR extract files: line by line, never the whole file in memory (a national full refresh
 * is 70,000 rows and more). It checks the file name, HDR and TRL, yields rows and row errors as it goes, then one
 * `end` item saying whether the file is accepted.
 *
 * A truncated or padded file is only found out at its end (the TRL is last), so rows arrive before the verdict:
 * consumers must stage what they receive and apply nothing until `end` says ACCEPTED.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Transform } from 'node:stream';
import path from 'node:path';
import { instantOf } from '../rules/precedence';
import { isCalendarDate } from '../validation/calendar-date';
import { ExtractFormatError } from './errors';
import { parseExtractFileName } from './file-name';
import { lastUpdatedAfterFile } from '../rules/last-updated-skew';
import { parsePerLine } from './parse-per-line';
import { MAX_LINE_BYTES, strictLines, type StrictLine } from './strict-lines';
import {
  LOCAL_OFFICES,
  PER_FIELDS,
  type ExtractHeader,
  type LocalOffice,
  type PerRow,
  type RowError,
  type RowRef,
} from './types';

/**
 * C0 and C1 controls (a CR is taken off the line end before this is checked), and the Unicode bidirectional
 * marks, embeddings, overrides and isolates.
 */
const FORBIDDEN_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** What the reader yields, in file order; `end` is always last and always present. */
export type ExtractItem =
  | { kind: 'header'; header: ExtractHeader }
  | { kind: 'row'; ref: RowRef; row: PerRow }
  /** `text` is the line as received (BOM and CR removed), for quarantine; it may hold PII, so it is never logged. */
  | { kind: 'rowError'; error: RowError; text: string }
  | { kind: 'end'; summary: ExtractSummary };

/** The verdict on one file. For an accepted file, `rowsRead + rowErrors === dataLines`: no line is lost silently. */
export interface ExtractSummary {
  /** The file's base name. */
  file: string;
  status: 'ACCEPTED' | 'REJECTED';
  /** Why a file was rejected; names records, fields and rules, never a value. */
  reason?: string;
  /** Stable code of the rejection: one of EXTRACT_REJECTION_CODES (consumers may record their own, hence string). */
  reasonCode?: string;
  /** Where the rejection was found, when it is on one line. */
  rejectedAtLine?: number;
  header?: ExtractHeader;
  /** Non-blank lines between HDR and TRL (as far as the reader got, for a rejected file). */
  dataLines: number;
  rowsRead: number;
  rowErrors: number;
  /** The count the TRL claims, when there is a readable TRL. */
  trailerCount?: number;
}

const HDR_FIELDS = 7;
const OFFICES: ReadonlySet<string> = new Set(LOCAL_OFFICES);
const BOM = '\uFEFF';

/** `HDR|ESR_RMC|1.0|<LO>|<YYYYMMDD>|<SEQ>|<GENERATED_AT>`, checked field by field so the reason says which. */
function parseHeader(file: string, fields: string[], line: number): ExtractHeader {
  const bad = (reason: string) => new ExtractFormatError({ code: 'BAD_HEADER', file, line, reason });
  if (fields.length !== HDR_FIELDS) {
    throw bad(`HDR has ${fields.length - 1} fields after HDR, expected ${HDR_FIELDS - 1}`);
  }
  const [, system, version, office, date, seq, generatedAt] = fields;
  if (system !== 'ESR_RMC') throw bad('HDR interface is not ESR_RMC');
  if (version !== '1.0') throw bad('HDR format version is not 1.0');
  if (!OFFICES.has(office)) throw bad('HDR local office is not a known office code');
  const extractDate = /^\d{8}$/.test(date) ? `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}` : '';
  if (!isCalendarDate(extractDate)) throw bad('HDR extract date is not a real YYYYMMDD date');
  if (!/^\d{8}$/.test(seq)) throw bad('HDR sequence is not 8 digits');
  if (!Number.isFinite(instantOf(generatedAt))) throw bad('HDR generated-at is not an ISO-8601 timestamp with offset');
  return { localOffice: office as LocalOffice, extractDate, seq: Number(seq), generatedAt };
}

/**
 * Reads an extract from any source of lines (a file, or lines in a test). `file` is the base name, checked as an
 * ESR file name and against the HDR. Lines may still carry a CR (CRLF files) and the first a BOM.
 *
 * Never throws for the content of the file: every format problem ends in a REJECTED summary. It throws only what
 * `lines` throws (an I/O error).
 */
export async function* readExtractLines(
  file: string,
  lines: AsyncIterable<StrictLine> | Iterable<StrictLine>,
): AsyncGenerator<ExtractItem> {
  const counts = { dataLines: 0, rowsRead: 0, rowErrors: 0 };
  let header: ExtractHeader | undefined;
  let trailerCount: number | undefined;
  // Every line whose record type is PER, parsed or not: what ESR's TRL counts.
  let perLines = 0;
  const end = (rejection?: ExtractFormatError): ExtractItem => ({
    kind: 'end',
    summary: {
      file,
      status: rejection ? 'REJECTED' : 'ACCEPTED',
      ...(rejection ? { reasonCode: rejection.code, reason: rejection.reason } : {}),
      ...(rejection?.line !== undefined ? { rejectedAtLine: rejection.line } : {}),
      ...(header ? { header } : {}),
      ...counts,
      ...(trailerCount !== undefined ? { trailerCount } : {}),
    },
  });
  const reject = (code: ExtractFormatError['code'], reason: string, line?: number) =>
    new ExtractFormatError({ code, file, reason, ...(line !== undefined ? { line } : {}) });

  const name = parseExtractFileName(file);
  if (!name.ok) {
    yield end(reject('BAD_FILE_NAME', name.reason));
    return;
  }
  try {
    let lineNo = 0;
    for await (const raw of lines) {
      lineNo += 1;
      if (typeof raw !== 'string') {
        // Too long to be a record: a row error, counted towards the TRL if it claims to be a PER line.
        if (!header) throw reject('MISSING_HEADER', 'the first record is not HDR', lineNo);
        if (trailerCount !== undefined) throw reject('DATA_AFTER_TRAILER', 'a record follows the TRL', lineNo);
        if (raw.head.startsWith('PER|')) perLines += 1;
        counts.dataLines += 1;
        counts.rowErrors += 1;
        const reason = `the line is ${raw.bytes} bytes, over the ${MAX_LINE_BYTES}-byte cap; nothing in it was used`;
        yield { kind: 'rowError', error: { file, line: lineNo, code: 'LINE_TOO_LONG', reason }, text: '' };
        continue;
      }
      let text = lineNo === 1 && raw.startsWith(BOM) ? raw.slice(1) : raw;
      if (text.endsWith('\r')) text = text.slice(0, -1);
      if (text.trim() === '') continue;
      const fields = text.split('|');
      const type = fields[0].trim();
      if (!header) {
        if (type !== 'HDR') throw reject('MISSING_HEADER', 'the first record is not HDR', lineNo);
        header = parseHeader(
          file,
          fields.map((f) => f.trim()),
          lineNo,
        );
        if (
          header.localOffice !== name.localOffice ||
          header.extractDate !== name.extractDate ||
          header.seq !== name.seq
        ) {
          throw reject('HEADER_MISMATCH', 'HDR office, date or sequence does not match the file name', lineNo);
        }
        yield { kind: 'header', header };
        continue;
      }
      if (trailerCount !== undefined) throw reject('DATA_AFTER_TRAILER', 'a record follows the TRL', lineNo);
      if (type === 'HDR') throw reject('DUPLICATE_HEADER', 'a second HDR', lineNo);
      if (type === 'TRL') {
        const count = (fields[1] ?? '').trim();
        if (fields.length !== 2 || !/^\d{1,15}$/.test(count)) {
          throw reject('BAD_TRAILER', 'TRL is not TRL|<count of PER lines>', lineNo);
        }
        trailerCount = Number(count);
        if (trailerCount !== perLines) {
          const reason = `TRL says ${trailerCount} PER lines, the file has ${perLines}: truncated or padded`;
          throw reject('TRAILER_COUNT_MISMATCH', reason, lineNo);
        }
        continue;
      }
      counts.dataLines += 1;
      const ref: RowRef = { file, line: lineNo };
      const forbidden = fields.findIndex((f) => FORBIDDEN_CHARACTERS.test(f.trim()));
      if (forbidden !== -1) {
        // Control and bidirectional characters can hide or reorder what a person reads: refused in every field.
        if (type === 'PER') perLines += 1;
        counts.rowErrors += 1;
        const field = type === 'PER' ? PER_FIELDS[forbidden - 1] : undefined;
        const error: RowError = {
          ...ref,
          code: 'FORBIDDEN_CHARACTER',
          ...(field ? { field } : {}),
          reason: `${field ?? 'a field'} holds a control or bidirectional-formatting character`,
        };
        yield { kind: 'rowError', error, text };
        continue;
      }
      if (type === 'PER') {
        perLines += 1;
        const parsed = parsePerLine(ref, fields.slice(1));
        const future = parsed.ok ? lastUpdatedAfterFile(ref, parsed.row, header.generatedAt) : undefined;
        if (future) {
          counts.rowErrors += 1;
          yield { kind: 'rowError', error: future, text };
        } else if (parsed.ok) {
          counts.rowsRead += 1;
          yield { kind: 'row', ref, row: parsed.row };
        } else {
          counts.rowErrors += 1;
          yield { kind: 'rowError', error: parsed.error, text };
        }
      } else {
        counts.rowErrors += 1;
        const error: RowError = {
          ...ref,
          code: 'UNKNOWN_RECORD_TYPE',
          reason: 'the record type is not HDR, PER or TRL',
        };
        yield { kind: 'rowError', error, text };
      }
    }
    if (!header) throw reject('MISSING_HEADER', 'the file has no HDR');
    if (trailerCount === undefined) throw reject('MISSING_TRAILER', 'the file has no TRL: truncated');
    yield end();
  } catch (err) {
    if (err instanceof ExtractFormatError) yield end(err);
    else throw err;
  }
}

/**
 * Reads an extract file from disk, streaming; the summary's `file` is the path's base name. The file is closed
 * when the reader finishes, also when the consumer stops early.
 */
export async function* readExtractFile(
  filePath: string,
  opts: { sha256?: ReadDigest } = {},
): AsyncGenerator<ExtractItem> {
  const file = path.basename(filePath);
  // A name that is not ESR's is rejected without opening the file.
  if (!parseExtractFileName(file).ok) {
    yield* readExtractLines(file, []);
    return;
  }
  const input = fs.createReadStream(filePath);
  // The bytes parsed are the bytes hashed: the caller compares with the checksum it recorded the file under.
  const digest = opts.sha256;
  const hash = createHash('sha256');
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      if (digest) digest.hex = hash.digest('hex');
      done();
    },
  });
  input.on('error', (err) => tap.destroy(err));
  try {
    yield* readExtractLines(file, strictLines(file, input.pipe(tap)));
  } finally {
    input.destroy();
  }
}

/** Filled with the sha256 of the file's bytes once readExtractFile has read them all (unset when it stopped early). */
export interface ReadDigest {
  hex?: string;
}
