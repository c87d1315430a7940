/**
 * Files an entry point writes (here the demo extracts: synthetic, but shaped like ESR's personal data) are for
 * its own account only, whatever umask it was started with: each entry point sets umask 077 itself.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'esr-modes-'));
after(() => fs.rmSync(out, { recursive: true, force: true }));

function walk(dir: string): string[] {
  return fs.readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return fs.statSync(full).isDirectory() ? [full, ...walk(full)] : [full];
  });
}

test('npm run demo:generate, started with umask 022, writes folders 0700 and files 0600', () => {
  const target = path.join(out, 'demo');
  const command = `umask 022 && exec "${process.execPath}" --import tsx cli/generate-demo.ts --out "${target}" --trainees 12`;
  execFileSync('/bin/sh', ['-c', command], { cwd: root, stdio: 'pipe' });
  const entries = walk(target);
  assert.ok(
    entries.some((e) => e.endsWith('.DAT')),
    'the extracts were written',
  );
  for (const entry of [target, ...entries]) {
    const st = fs.statSync(entry);
    assert.equal(st.mode & 0o777, st.isDirectory() ? 0o700 : 0o600, entry);
  }
});
