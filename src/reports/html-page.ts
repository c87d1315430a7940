/**
 * The pieces the HTML reports share: escaping, the inline style (so a page is one file that can be emailed or
 * opened offline), tables and the page around a body.
 */
import escape from 'validator/lib/escape';

/** Text into HTML: every value from the input passes through here, never straight into the markup. */
export const h = (value: string | number): string => escape(String(value));

const STYLE = `
body { font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', Arial, sans-serif; color: #212b32; margin: 2rem; max-width: 75rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.25rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; } caption { text-align: left; font-weight: 600; }
th, td { border: 1px solid #d8dde0; padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f0f4f5; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
code { font-size: 0.9em; } .muted { color: #4c6272; }
`;

/** A table of cells that are already HTML (escape text with {@link h}); right-aligned numeric columns. */
export function htmlTable(headers: string[], rows: string[][], numericColumns: number[] = []): string {
  if (rows.length === 0) return '<p class="muted">None.</p>';
  const head = `<tr>${headers.map((x) => `<th scope="col">${h(x)}</th>`).join('')}</tr>`;
  const body = rows
    .map(
      (r) => `<tr>${r.map((c, i) => `<td${numericColumns.includes(i) ? ' class="n"' : ''}>${c}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** A whole page: the title as heading, then the body (HTML). */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${h(title)}</h1>
${body}
</body>
</html>
`;
}
