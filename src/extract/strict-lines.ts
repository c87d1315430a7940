/**
 * Splits an extract's bytes into lines, strictly: UTF-8 that does not decode is a whole-file rejection
 * (BAD_ENCODING, never U+FFFD stored in TIS), and a line longer than the cap is not kept in memory at all, only
 * reported (a 120 MB line once took the reader to 365 MB). Streaming: memory is bounded by the cap.
 */
import { ExtractFormatError } from './errors';

/** The longest line kept. A PER line is well under 1 KB; anything near this is not a person record. */
export const MAX_LINE_BYTES = 64 * 1024;

/** A line over the cap: its length and its first bytes (enough to tell a PER line), the rest dropped unread. */
export interface OverLongLine {
  overLong: true;
  bytes: number;
  head: string;
}

export type StrictLine = string | OverLongLine;

const NEWLINE = 0x0a;
const HEAD_BYTES = 16;

export async function* strictLines(
  file: string,
  chunks: AsyncIterable<Uint8Array>,
  maxLineBytes = MAX_LINE_BYTES,
): AsyncGenerator<StrictLine> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let parts: Uint8Array[] = [];
  let length = 0;
  let head: Uint8Array | undefined;
  let lineNo = 0;
  const finish = (): StrictLine => {
    lineNo += 1;
    if (head) {
      const line: OverLongLine = {
        overLong: true,
        bytes: length,
        head: new TextDecoder('utf-8').decode(head),
      };
      parts = [];
      length = 0;
      head = undefined;
      return line;
    }
    const bytes = parts.length === 1 ? parts[0] : Buffer.concat(parts, length);
    parts = [];
    length = 0;
    try {
      return decoder.decode(bytes);
    } catch {
      throw new ExtractFormatError({
        code: 'BAD_ENCODING',
        file,
        line: lineNo,
        reason: 'the line is not valid UTF-8; ESR sends UTF-8 only, so the file is not applied',
      });
    }
  };
  const add = (segment: Uint8Array) => {
    if (!segment.length) return;
    if (head) {
      length += segment.length;
      return;
    }
    if (length + segment.length > maxLineBytes) {
      head = Buffer.concat([...parts, segment]).subarray(0, HEAD_BYTES);
      parts = [];
      length += segment.length;
      return;
    }
    parts.push(segment);
    length += segment.length;
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, start)) {
      add(chunk.subarray(start, i));
      yield finish();
      start = i + 1;
    }
    add(chunk.subarray(start));
  }
  if (length > 0 || head) yield finish();
}
