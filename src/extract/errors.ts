/**
 * Errors of the extract domain. A file that breaks the format is a finding about the file, reported with a stable
 * code and where it went wrong; the message never quotes a field value, because a value may be personal data.
 */
import type { PerField } from './types';

/**
 * Stable codes for a whole file that is not format 1.0, so nothing in it may be applied. Consumers branch on these,
 * never on message text.
 */
export const EXTRACT_REJECTION_CODES = [
  'BAD_FILE_NAME',
  'MISSING_HEADER',
  'BAD_HEADER',
  'HEADER_MISMATCH',
  'DUPLICATE_HEADER',
  'MISSING_TRAILER',
  'BAD_TRAILER',
  'TRAILER_COUNT_MISMATCH',
  'DATA_AFTER_TRAILER',
  'BAD_ENCODING',
] as const;
export type ExtractRejectionCode = (typeof EXTRACT_REJECTION_CODES)[number];

/**
 * Thrown when an extract file breaks the format so that the whole file must be rejected (no HDR, a TRL count that
 * does not match, a name that is not ESR's, …). The streaming reader catches it and reports it as a REJECTED
 * summary; it only escapes to callers that choose to rethrow it.
 *
 * @example
 * throw new ExtractFormatError({ code: 'MISSING_TRAILER', file, reason: 'the file has no TRL: truncated' });
 */
export class ExtractFormatError extends Error {
  override readonly name = 'ExtractFormatError';
  readonly code: ExtractRejectionCode;
  /** The file's base name. */
  readonly file: string;
  /** 1-based line where the problem was found, when it is on one line. */
  readonly line?: number;
  /** The field at fault, when there is one. */
  readonly field?: PerField;
  /** The reason without the file name: names the record, field and rule, never a value. */
  readonly reason: string;

  constructor(args: { code: ExtractRejectionCode; file: string; reason: string; line?: number; field?: PerField }) {
    super(`${args.file}${args.line !== undefined ? ` line ${args.line}` : ''}: ${args.reason}`);
    this.code = args.code;
    this.file = args.file;
    this.reason = args.reason;
    if (args.line !== undefined) this.line = args.line;
    if (args.field !== undefined) this.field = args.field;
  }
}
