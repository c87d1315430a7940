/**
 * The folder a PostgreSQL cluster goes in when it cannot live under .data: in a world-writable parent, where
 * anyone may have made the name first. A symlink, a file, or another account's folder is refused and left as it
 * was; our own is made, or set, 0700.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { privateFolder, UnsafeClusterFolderError } from '../../servers/postgres-server';

const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'esr-private-folder-'));
after(() => fs.rmSync(parent, { recursive: true, force: true }));
const me = process.getuid!();

test('a new folder is made 0700; an existing one of ours is set to the mode asked', () => {
  const fresh = path.join(parent, 'fresh');
  privateFolder(fresh, { owners: [me], mode: 0o700 });
  assert.equal(fs.lstatSync(fresh).mode & 0o777, 0o700);
  const old = path.join(parent, 'old');
  fs.mkdirSync(old, { mode: 0o755 });
  fs.chmodSync(old, 0o777);
  privateFolder(old, { owners: [me], mode: 0o711 });
  assert.equal(fs.lstatSync(old).mode & 0o777, 0o711);
});

test('a symlink planted under the name is refused and not followed: its target keeps its mode', () => {
  const target = path.join(parent, 'target');
  fs.mkdirSync(target);
  fs.chmodSync(target, 0o755);
  const link = path.join(parent, 'planted');
  fs.symlinkSync(target, link);
  assert.throws(() => privateFolder(link, { owners: [me], mode: 0o700 }), UnsafeClusterFolderError);
  assert.equal(fs.statSync(target).mode & 0o777, 0o755);
});

test('a file, or a folder of an account not listed as an owner, is refused and left as it was', () => {
  const file = path.join(parent, 'a-file');
  fs.writeFileSync(file, '');
  assert.throws(() => privateFolder(file, { owners: [me], mode: 0o700 }), /not a folder/);
  const theirs = path.join(parent, 'theirs');
  fs.mkdirSync(theirs);
  fs.chmodSync(theirs, 0o755);
  assert.throws(() => privateFolder(theirs, { owners: [me + 1], mode: 0o700 }), /another account/);
  assert.equal(fs.statSync(theirs).mode & 0o777, 0o755);
});
