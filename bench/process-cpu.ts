/**
 * CPU time per process from /proc (Linux): the cost of a trainee in CPU seconds for each process that serves it
 * (worker, Temporal server, FerretDB, PostgreSQL), independent of how fast this machine is or how busy.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export interface ProcessSample {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime, and the same for its reaped children (cutime + cstime), in seconds. */
  own: number;
  reaped: number;
}

let ticks: number | undefined;
function clockTicks(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

function sample(pid: number): ProcessSample | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm is in parentheses and may hold spaces: split after its closing one.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const f = stat.slice(close + 2).split(' ');
    // After comm: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
    const t = clockTicks();
    return {
      pid,
      ppid: Number(f[1]),
      comm,
      own: (Number(f[11]) + Number(f[12])) / t,
      reaped: (Number(f[13]) + Number(f[14])) / t,
    };
  } catch {
    return undefined; // gone, or not Linux
  }
}

/** Every process descended from `root` (itself included), sampled now. */
export function sampleTree(root: number): Map<number, ProcessSample> {
  const all: ProcessSample[] = [];
  try {
    for (const name of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const s = sample(Number(name));
      if (s) all.push(s);
    }
  } catch {
    return new Map();
  }
  const children = new Map<number, ProcessSample[]>();
  for (const s of all) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const tree = new Map<number, ProcessSample>();
  const visit = (pid: number) => {
    for (const c of children.get(pid) ?? []) {
      tree.set(c.pid, c);
      visit(c.pid);
    }
  };
  const self = all.find((s) => s.pid === root);
  if (self) tree.set(root, self);
  visit(root);
  return tree;
}

/**
 * CPU seconds used between two samples, by the name `classify` gives each process (undefined: not counted). A
 * process alive at both counts its difference, one started in between all it used; a process that ended in between
 * is counted through its parent's reaped-children time.
 */
export function cpuBetween(
  before: Map<number, ProcessSample>,
  after: Map<number, ProcessSample>,
  classify: (s: ProcessSample) => string | undefined,
): Map<string, number> {
  const used = new Map<string, number>();
  for (const s of after.values()) {
    const name = classify(s);
    if (!name) continue;
    const b = before.get(s.pid);
    const delta = s.own + s.reaped - (b && b.comm === s.comm ? b.own + b.reaped : 0);
    used.set(name, (used.get(name) ?? 0) + Math.max(0, delta));
  }
  return used;
}
