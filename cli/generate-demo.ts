/**
 * `npm run demo:generate -- --out DIR [--date YYYY-MM-DD] [--trainees N] [--seed S] [--offices EOE,KSS,LDN] [--days N]`
 * Writes the seeded synthetic demo data set: DIR/inbox/*.DAT (ESR's files, ready for ESR_INBOX_DIR),
 * DIR/tis/people.json and DIR/tis/posts.json (for `mongoimport --jsonArray`), and DIR/expected.json (the outcome
 * each ESR person should end with, and the lines the reader should quarantine). Same options, same bytes.
 * `--days N` writes N consecutive days of the same people's extracts ending on --date (a history for the
 * portal's trends; run them oldest first), and no expected.json (later days carry corrections it does not follow).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { generateDemoData, generateDemoHistory } from '../demo/generate-demo-data';
import { LOCAL_OFFICES, type LocalOffice } from '../src/extract/types';
import { calendarDate } from '../src/london-date';

// Every file and folder this process creates (reports, the archive, .data) is for this account only: 0600/0700.
process.umask(0o077);

function wholeNumber(value: string): number {
  // parseInt would read `12abc` as 12; a typo should fail instead.
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number');
  return Number(value);
}

function extractDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new InvalidArgumentError('expected YYYY-MM-DD');
  return value;
}

function officeList(value: string): LocalOffice[] {
  const offices = value.split(',').map((o) => o.trim().toUpperCase());
  const unknown = offices.filter((o) => !(LOCAL_OFFICES as readonly string[]).includes(o));
  if (unknown.length) throw new InvalidArgumentError(`unknown local office ${unknown.join(', ')}`);
  return offices as LocalOffice[];
}

interface GenerateDemoOptions {
  out: string;
  date: string;
  trainees: number;
  seed: number;
  offices?: LocalOffice[];
  days: number;
}

const program = new Command()
  .name('demo:generate')
  .description('Write a seeded, synthetic demo data set: ESR extracts, TIS people and posts, expected outcomes.')
  .requiredOption('--out <dir>', 'folder to write into (created if missing)')
  .option('--date <YYYY-MM-DD>', 'extract date (default: today in the UK)', extractDate, calendarDate(new Date()))
  .option('--trainees <n>', 'number of ESR persons', wholeNumber, 120)
  .option('--seed <n>', 'seed of the generator', wholeNumber, 20261125)
  .option('--offices <list>', 'comma-separated local offices, at least two (default EOE,KSS,LDN)', officeList)
  .option('--days <n>', 'consecutive days of extracts ending on --date', wholeNumber, 1)
  .action((opts: GenerateDemoOptions) => {
    if (opts.days > 1) {
      const history = generateDemoHistory({
        seed: opts.seed,
        extractDate: opts.date,
        trainees: opts.trainees,
        days: opts.days,
        ...(opts.offices ? { offices: opts.offices } : {}),
      });
      const files = history.days.flatMap((d) => d.extracts);
      for (const f of files) {
        fs.mkdirSync(path.join(opts.out, 'inbox'), { recursive: true });
        fs.writeFileSync(path.join(opts.out, 'inbox', f.name), f.content);
      }
      fs.mkdirSync(path.join(opts.out, 'tis'), { recursive: true });
      fs.writeFileSync(path.join(opts.out, 'tis/people.json'), `${JSON.stringify(history.people, null, 2)}\n`);
      fs.writeFileSync(path.join(opts.out, 'tis/posts.json'), `${JSON.stringify(history.posts, null, 2)}\n`);
      console.log(
        `${opts.days} days (${history.days[0].extractDate} to ${opts.date}), ${files.length} extracts, ` +
          `${history.people.length} TIS people, ${history.posts.length} posts → ${opts.out}`,
      );
      return;
    }
    const demo = generateDemoData({
      seed: opts.seed,
      extractDate: opts.date,
      trainees: opts.trainees,
      ...(opts.offices ? { offices: opts.offices } : {}),
    });
    const write = (relative: string, content: string) => {
      const full = path.join(opts.out, relative);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, content);
    };
    for (const f of demo.extracts) write(path.join('inbox', f.name), f.content);
    write('tis/people.json', `${JSON.stringify(demo.people, null, 2)}\n`);
    write('tis/posts.json', `${JSON.stringify(demo.posts, null, 2)}\n`);
    const expected = {
      seed: opts.seed,
      extractDate: opts.date,
      outcomes: demo.expected,
      rowErrors: demo.expectedRowErrors,
    };
    write('expected.json', `${JSON.stringify(expected, null, 2)}\n`);

    const counts: Record<string, number> = {};
    for (const e of demo.expected) counts[e.outcome] = (counts[e.outcome] ?? 0) + 1;
    console.log(
      `${demo.extracts.length} extracts, ${demo.people.length} TIS people, ${demo.posts.length} posts → ${opts.out}\n` +
        `expected: ${Object.entries(counts)
          .map(([outcome, n]) => `${outcome} ${n}`)
          .join(', ')}; ${demo.expectedRowErrors.length} row errors`,
    );
  });

program.parseAsync().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(2);
});
