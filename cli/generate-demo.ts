/**
 * `npm run demo:generate -- --out DIR [--date YYYY-MM-DD] [--trainees N] [--seed S]`
 * Writes the seeded synthetic demo data set: DIR/inbox/*.DAT, DIR/tis/people.json, DIR/tis/posts.json, DIR/expected.json.
 */
import { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { generateDemoData } from '../demo/generate-demo-data';
import { calendarDate } from '../src/london-date';

const program = new Command()
  .name('demo:generate')
  .description('Write the seeded synthetic demo data set (no real person).')
  .requiredOption('--out <dir>', 'folder to write into')
  .option('--date <YYYY-MM-DD>', 'extract date', calendarDate(new Date()))
  .option('--trainees <n>', 'number of trainees', (v) => Number.parseInt(v, 10), 120)
  .option('--seed <n>', 'seed', (v) => Number.parseInt(v, 10), 20261125)
  .action((opts: { out: string; date: string; trainees: number; seed: number }) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.date)) throw new Error('--date must be YYYY-MM-DD');
    const demo = generateDemoData({ seed: opts.seed, extractDate: opts.date, trainees: opts.trainees });
    const write = (rel: string, content: string) => {
      const full = path.join(opts.out, rel);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, content);
    };
    for (const f of demo.extracts) write(path.join('inbox', f.name), f.content);
    write('tis/people.json', JSON.stringify(demo.people, null, 2));
    write('tis/posts.json', JSON.stringify(demo.posts, null, 2));
    write('expected.json', JSON.stringify({ outcomes: demo.expected, rowErrors: demo.expectedRowErrors }, null, 2));
    console.log(`${demo.extracts.length} extracts, ${demo.people.length} TIS people, ${demo.posts.length} posts written to ${opts.out}`);
  });

program.parseAsync().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(2);
});
