/** One JSON object on stdout with --json, readable text otherwise; progress bars go to stderr, never stdout. */
import { terminalSafe } from '../../src/terminal-text';

export function print(json: boolean | undefined, value: unknown, text: () => string): void {
  // JSON escapes control characters itself; text goes through terminalSafe (file names come from outside).
  console.log(json ? JSON.stringify(value) : terminalSafe(text()));
}

/** Left-aligned columns for small text tables. */
export function columns(rows: (string | number)[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((c, i) => String(c).padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
