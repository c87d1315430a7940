/**
 * The extract reader hashes the very bytes it parses, so the ingest can tell a file that changed between its
 * checksum and its reading (it is then waited for and read again, never recorded under the wrong checksum).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readExtractFile, type ReadDigest } from '../../src/extract/read-extract';
import { baseRow, extractName, extractText, perLine } from '../support/per-line';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esr-digest-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the digest is the sha256 of the bytes read; another content gives another digest', async () => {
  const file = path.join(dir, extractName('EOE', '2026-11-24'));
  const read = async (text: string) => {
    fs.writeFileSync(file, text);
    const digest: ReadDigest = {};
    const kinds: string[] = [];
    for await (const item of readExtractFile(file, { sha256: digest })) kinds.push(item.kind);
    return { digest: digest.hex, kinds, expected: createHash('sha256').update(text).digest('hex') };
  };
  const one = await read(extractText({ office: 'EOE', date: '2026-11-24', lines: [perLine(baseRow())] }));
  assert.ok(one.kinds.includes('row'), 'the row was read');
  assert.equal(one.digest, one.expected);
  const two = await read(
    extractText({ office: 'EOE', date: '2026-11-24', lines: [perLine(baseRow({ esrPersonId: '1000002' }))] }),
  );
  assert.equal(two.digest, two.expected);
  assert.notEqual(two.digest, one.digest);
});
