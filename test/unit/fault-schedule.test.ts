import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { drawChaosDay, tisMobile } from '../../src/chaos/chaos-day';
import { drawFaultSchedule, FAULT_KINDS, isReceiverFault } from '../../src/chaos/fault-schedule';
import { seededRandom } from '../../src/chaos/seeded-random';

const seeds = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const sizes = fc.integer({ min: 6, max: 300 });

describe('seeded random', () => {
  test('the same seed draws the same numbers; another seed others', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const draw = (r: typeof a) => Array.from({ length: 20 }, () => r.int(0, 1_000_000));
    const first = draw(a);
    assert.deepEqual(first, draw(b));
    assert.notDeepEqual(first, draw(c));
  });

  test('int stays within its bounds, both reached', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const r = seededRandom(seed);
        const seen = new Set(Array.from({ length: 200 }, () => r.int(3, 6)));
        return [...seen].every((v) => v >= 3 && v <= 6) && seen.has(3) && seen.has(6);
      }),
    );
  });

  test('shuffle keeps every item', () => {
    fc.assert(
      fc.property(seeds, fc.array(fc.integer()), (seed, items) => {
        const shuffled = seededRandom(seed).shuffle(items);
        assert.deepEqual([...shuffled].sort(), [...items].sort());
      }),
    );
  });
});

describe('the chaos day', () => {
  test('is the same for the same seed, and has every kind of trainee the campaign needs', () => {
    fc.assert(
      fc.property(seeds, sizes, (seed, n) => {
        const day = drawChaosDay(seed, n);
        assert.deepEqual(day, drawChaosDay(seed, n));
        assert.equal(day.trainees.length, n);
        const kinds = new Set(day.trainees.map((t) => t.kind));
        for (const kind of ['REFUSED', 'OLDER_SHAPE', 'IN_HELD_FILE'] as const) assert.ok(kinds.has(kind), kind);
        assert.equal(new Set(day.trainees.map((t) => t.esrPersonId)).size, n, 'ids distinct');
      }),
    );
  });

  test('says what each trainee should end as, and the fields it changes', () => {
    const day = drawChaosDay(7, 40);
    for (const t of day.trainees) {
      if (t.kind === 'CHANGES_MOBILE') {
        assert.equal(t.expectedOutcome, 'UPDATED');
        assert.deepEqual(t.expectedFields, { 'contactDetails.mobileNumber': tisMobile(t.mobilePhone!) });
      } else if (t.kind === 'IN_HELD_FILE') {
        assert.equal(t.office, 'LDN');
        assert.deepEqual(t.expectedFields, { 'contactDetails.legalSurname': 'Changed' });
      } else assert.deepEqual(t.expectedFields, {}, t.kind);
    }
    assert.equal(tisMobile('07700 910003'), '+447700910003');
  });
});

describe('the fault schedule', () => {
  test('is the same for the same seed; triggers are reachable and in order; the held file is approved', () => {
    fc.assert(
      fc.property(seeds, sizes, (seed, n) => {
        const day = drawChaosDay(seed, n);
        const faults = drawFaultSchedule(seed, day, { notifyTimeoutMs: 1500 });
        assert.deepEqual(faults, drawFaultSchedule(seed, day, { notifyTimeoutMs: 1500 }));
        const free = day.trainees.filter((t) => t.kind !== 'IN_HELD_FILE').length;
        assert.equal(faults.filter((f) => f.kind === 'APPROVE_HELD').length, 1);
        const changing = day.trainees.filter((t) => t.kind === 'CHANGES_MOBILE').length;
        for (const f of faults) {
          if (isReceiverFault(f)) {
            if (f.kind === 'SLOW_RECEIVER') assert.ok(f.delayMs > 1500, 'slower than the timeout');
            assert.ok(
              f.atRequests >= 0 && f.atRequests < changing,
              `${f.kind} at request ${f.atRequests} of ${changing}`,
            );
            continue;
          }
          assert.ok(f.atOutcomes >= 1 && f.atOutcomes < n, `${f.kind} at ${f.atOutcomes} of ${n}`);
          if (f.kind === 'APPROVE_HELD') assert.ok(f.atOutcomes <= free);
          if (f.kind === 'RESYNC_RACE')
            for (const id of f.esrPersonIds)
              assert.equal(day.trainees.find((t) => t.esrPersonId === id)?.kind, 'CHANGES_MOBILE');
        }
        const outcomes = faults.flatMap((f) => (isReceiverFault(f) ? [] : [f.atOutcomes]));
        assert.deepEqual(
          outcomes,
          [...outcomes].sort((a, b) => a - b),
        );
        assert.equal(new Set(faults.map((f) => f.kind)).size, faults.length, 'no fault twice');
      }),
    );
  });

  test('over many seeds, every kind of fault is drawn', () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 30; seed++)
      for (const f of drawFaultSchedule(seed, drawChaosDay(seed, 30), { notifyTimeoutMs: 1500 })) seen.add(f.kind);
    assert.deepEqual([...seen].sort(), [...FAULT_KINDS, 'APPROVE_HELD'].sort());
  });
});
