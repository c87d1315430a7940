import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isExtractFileName, parseExtractFileName } from '../../src/extract/file-name';
import { LOCAL_OFFICES } from '../../src/extract/types';

describe('parseExtractFileName', () => {
  test('reads office, date and sequence from an ESR name', () => {
    assert.deepEqual(parseExtractFileName('DE_EOE_RMC_20261125_00000001.DAT'), {
      ok: true,
      localOffice: 'EOE',
      extractDate: '2026-11-25',
      seq: 1,
    });
    assert.deepEqual(parseExtractFileName('DE_WLS_RMC_20280229_00000042.DAT'), {
      ok: true,
      localOffice: 'WLS',
      extractDate: '2028-02-29',
      seq: 42,
    });
  });

  test('accepts every local office', () => {
    for (const office of LOCAL_OFFICES) {
      const parsed = parseExtractFileName(`DE_${office}_RMC_20261125_00000001.DAT`);
      assert.ok(parsed.ok && parsed.localOffice === office, office);
    }
  });

  test('refuses names that are not the pattern', () => {
    for (const name of [
      '',
      'DE_EOE_RMC_20261125_00000001.dat',
      'DE_EOE_RMC_20261125_00000001.DAT.tmp',
      'de_EOE_RMC_20261125_00000001.DAT',
      'DE_eoe_RMC_20261125_00000001.DAT',
      'DE_EOE_RMC_20261125_0000001.DAT',
      'DE_EOE_RMC_20261125_000000001.DAT',
      'DE_EOE_RMC_2026112_00000001.DAT',
      'DE_EOE_RMC_2026-11-25_00000001.DAT',
      'DE_EOE_XYZ_20261125_00000001.DAT',
      'DE_EOE_RMC_20261125_00000001',
      ' DE_EOE_RMC_20261125_00000001.DAT',
      'inbox/DE_EOE_RMC_20261125_00000001.DAT',
    ]) {
      const parsed = parseExtractFileName(name);
      assert.equal(parsed.ok, false, name);
      assert.equal(isExtractFileName(name), false, name);
    }
  });

  test('refuses an unknown local office, naming it', () => {
    const parsed = parseExtractFileName('DE_XX_RMC_20261125_00000001.DAT');
    assert.equal(parsed.ok, false);
    assert.match(!parsed.ok ? parsed.reason : '', /unknown local office XX/);
  });

  test('refuses dates that are not on the calendar', () => {
    for (const date of ['20260230', '20270229', '20261131', '20261301', '20261100', '20260001', '00000000']) {
      const parsed = parseExtractFileName(`DE_EOE_RMC_${date}_00000001.DAT`);
      assert.equal(parsed.ok, false, date);
      assert.match(!parsed.ok ? parsed.reason : '', /not a real date/, date);
    }
  });

  test('isExtractFileName agrees with parseExtractFileName', () => {
    assert.equal(isExtractFileName('DE_KSS_RMC_20261125_00000003.DAT'), true);
    assert.equal(isExtractFileName('README.md'), false);
  });
});
