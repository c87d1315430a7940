/**
 * Text fit for an operator's terminal. Inbox file names (and anything else that came from outside) can carry
 * control characters: an escape sequence in a file name would otherwise move the cursor, recolour or rewrite what
 * the operator reads, or hide a line. Each control character (C0 but newline and tab, DEL, C1) and each Unicode
 * bidirectional override is shown as `\u{…}` instead.
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}
