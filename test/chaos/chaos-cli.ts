/**
 * `npm run chaos -- --seeds N --trainees M [--seed S] [--bound-s B]`: the randomized fault campaign on throw-away
 * servers (test/run.ts starts them). Without --seed the seeds are drawn at random and printed; `--seed S` runs
 * S, S+1, … S+N-1, so a failing seed reproduces with `--seed S`.
 */
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';

// What it writes (the servers' data, logs, reports) is for this user alone, as every entry point does.
process.umask(0o077);

const count = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number');
  return n;
};

const opts = new Command('chaos')
  .option('--seeds <n>', 'how many seeds', count, 1)
  .option('--trainees <m>', 'trainees in each seed’s day', count, 40)
  .option('--seed <s>', 'the first seed (default: drawn at random)', count)
  .option('--bound-s <b>', 'seconds a day may take before it counts as not ending', count, 300)
  .parse()
  .opts<{ seeds: number; trainees: number; seed?: number; boundS: number }>();

const first = opts.seed ?? randomInt(1, 2 ** 31 - opts.seeds);
const seeds = Array.from({ length: opts.seeds }, (_, i) => first + i);
console.log(`chaos: seeds ${seeds.join(', ')}, ${opts.trainees} trainees each`);
const root = path.resolve(__dirname, '..', '..');
const child = spawn(
  process.execPath,
  ['--import', 'tsx', path.join('test', 'run.ts'), path.join('test', 'chaos', 'campaign.test.ts')],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      CHAOS_SEEDS: seeds.join(','),
      CHAOS_TRAINEES: String(opts.trainees),
      CHAOS_BOUND_S: String(opts.boundS),
    },
  },
);
child.on('close', (code) => process.exit(code ?? 1));
