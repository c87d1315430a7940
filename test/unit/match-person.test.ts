import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decideMatch, matchQueries, sameSurname, type MatchCandidates } from '../../src/tis/match-person';

const found = (over: Partial<MatchCandidates>): MatchCandidates => ({
  linked: [],
  byRegistration: [],
  byNinoDobSurname: [],
  ...over,
});

describe('decideMatch', () => {
  test('a recorded ESR link decides first, whatever the other keys find', () => {
    assert.deepEqual(decideMatch(found({ linked: ['P1'], byRegistration: ['P2', 'P3'], byNinoDobSurname: ['P4'] })), {
      matched: true,
      personId: 'P1',
      via: 'ESR_LINK',
    });
  });

  test('with no link, exactly one person by GMC/GDC number matches, ahead of NINO', () => {
    assert.deepEqual(decideMatch(found({ byRegistration: ['P2'], byNinoDobSurname: ['P4'] })), {
      matched: true,
      personId: 'P2',
      via: 'REGISTRATION',
    });
  });

  test('with no link or registration match, exactly one by NINO, date of birth and surname matches', () => {
    assert.deepEqual(decideMatch(found({ byNinoDobSurname: ['P4'] })), {
      matched: true,
      personId: 'P4',
      via: 'NINO_DOB_SURNAME',
    });
  });

  test('the same person found twice at a level is one person', () => {
    assert.deepEqual(decideMatch(found({ byRegistration: ['P2', 'P2'] })), {
      matched: true,
      personId: 'P2',
      via: 'REGISTRATION',
    });
  });

  test('more than one at the level that decides is held as ambiguous, never a weaker key', () => {
    const cases: MatchCandidates[] = [
      found({ linked: ['P1', 'P2'], byRegistration: ['P3'], byNinoDobSurname: ['P4'] }),
      found({ byRegistration: ['P2', 'P3'], byNinoDobSurname: ['P4'] }),
      found({ byNinoDobSurname: ['P4', 'P5'] }),
    ];
    for (const candidates of cases) {
      const decision = decideMatch(candidates);
      assert.equal(decision.matched, false, JSON.stringify(candidates));
      assert.equal(!decision.matched && decision.reason, 'AMBIGUOUS_MATCH');
      assert.match(!decision.matched ? decision.detail : '', /^2 TIS people/);
    }
  });

  test('no one found at any level is held as no match', () => {
    const decision = decideMatch(found({}));
    assert.equal(decision.matched, false);
    assert.equal(!decision.matched && decision.reason, 'NO_MATCH');
  });
});

describe('matchQueries', () => {
  const values = { nino: 'AB123456C', dateOfBirth: '1995-04-12', surname: 'Example' };

  test('the link query is on the ESR person id', () => {
    assert.deepEqual(matchQueries(values, { esrPersonId: '1000001' }).linked, {
      'identifiers.esrPersonId': '1000001',
    });
  });

  test('registration is by GMC number, else by GDC number, else not asked', () => {
    assert.deepEqual(matchQueries(values, { esrPersonId: '1', gmcNumber: '7000001' }).registration, {
      'identifiers.gmcNumber': '7000001',
    });
    assert.deepEqual(matchQueries(values, { esrPersonId: '1', gdcNumber: '123456' }).registration, {
      'identifiers.gdcNumber': '123456',
    });
    assert.equal(matchQueries(values, { esrPersonId: '1' }).registration, null);
  });

  test('NINO and date of birth are queried exactly, and only when NINO, date of birth and surname are all known', () => {
    assert.deepEqual(matchQueries(values, { esrPersonId: '1' }).ninoDobSurname, {
      'personalDetails.nationalInsuranceNumber': 'AB123456C',
      'personalDetails.dateOfBirth': '1995-04-12',
    });
    for (const missing of ['nino', 'dateOfBirth', 'surname'] as const) {
      const partial = { ...values, [missing]: undefined };
      assert.equal(matchQueries(partial, { esrPersonId: '1' }).ninoDobSurname, null, missing);
    }
  });
});

describe('sameSurname', () => {
  test('ignores case and surrounding spaces', () => {
    assert.equal(sameSurname("O'Brien", "o'brien"), true);
    assert.equal(sameSurname(' Example ', 'EXAMPLE'), true);
  });

  test('a different spelling is a different surname: accents and punctuation count', () => {
    assert.equal(sameSurname('Zoë', 'Zoe'), false);
    assert.equal(sameSurname("O'Brien", 'OBrien'), false);
    assert.equal(sameSurname('Smith-Jones', 'Smith Jones'), false);
    assert.equal(sameSurname('Example', 'Examples'), false);
    assert.equal(sameSurname('', 'Example'), false);
  });
});
