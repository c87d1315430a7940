/** Text from outside (an inbox file's name) cannot drive the operator's terminal. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { terminalSafe } from '../../src/terminal-text';

test('escape sequences, C1 controls and bidi overrides are shown, not obeyed; newlines and tabs stay', () => {
  const name = 'DE_EOE_RMC_20261124_00000001.DAT\u001b[2K\u001b[1A\rAPPLIED\u009b31m\u202eTAD.exe';
  const safe = terminalSafe(`files:\n\t${name}`);
  assert.equal(
    safe,
    'files:\n\tDE_EOE_RMC_20261124_00000001.DAT\\u{1b}[2K\\u{1b}[1A\\u{d}APPLIED\\u{9b}31m\\u{202e}TAD.exe',
  );
  assert.doesNotMatch(safe, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
  assert.equal(terminalSafe('plain text — café'), 'plain text — café');
});
