import type { Collections } from '../store/store';

export interface FoundTrainee {
  esrPersonId: string;
  /** The latest extract date for which the service holds this trainee's ESR rows. */
  extractDate: string;
  tisPersonId?: string;
  /** The trust of their latest row, for the Web UI's summary. */
  trust?: string;
}

/** Thrown when an operator's id names no trainee the service has ESR data for. */
export class TraineeNotFoundError extends Error {
  constructor(
    readonly id: string,
    detail: string,
  ) {
    super(`no trainee found for "${id}": ${detail}`);
    this.name = 'TraineeNotFoundError';
  }
}

/**
 * Resolves a TIS person id, an ESR person id or a GMC number to the ESR person and the latest ESR data received
 * for them. ESR ids are tried before GMC numbers, as both can be seven digits.
 */
export async function findTrainee(store: Collections, id: string): Promise<FoundTrainee> {
  const candidates: string[] = [];
  const person = await store.people.findOne({ _id: id }, { projection: { identifiers: 1 } });
  if (person?.identifiers?.esrPersonId) candidates.push(person.identifiers.esrPersonId);
  else if (person?.identifiers?.gmcNumber) candidates.push(...(await esrIdsByGmc(store, person.identifiers.gmcNumber)));
  if (/^\d{1,10}$/.test(id)) candidates.push(id);
  if (/^(\d{7}|L\d{6})$/.test(id)) {
    candidates.push(...(await esrIdsByGmc(store, id)));
    const linked = await store.people
      .find({ 'identifiers.gmcNumber': id }, { projection: { identifiers: 1 } })
      .toArray();
    candidates.push(...linked.flatMap((p) => (p.identifiers?.esrPersonId ? [p.identifiers.esrPersonId] : [])));
  }
  for (const esrPersonId of [...new Set(candidates)]) {
    const latest = await store.rows.find({ esrPersonId, accepted: true }).sort({ extractDate: -1 }).limit(1).toArray();
    if (latest.length) {
      const linked =
        person?._id ??
        (await store.people.findOne({ 'identifiers.esrPersonId': esrPersonId }, { projection: { _id: 1 } }))?._id;
      return {
        esrPersonId,
        extractDate: latest[0].extractDate,
        trust: latest[0].trust,
        ...(linked ? { tisPersonId: linked } : {}),
      };
    }
  }
  throw new TraineeNotFoundError(
    id,
    person ? 'the TIS person has no ESR data yet' : 'not a TIS person id, ESR person id or GMC number with ESR data',
  );
}

async function esrIdsByGmc(store: Collections, gmcNumber: string): Promise<string[]> {
  const rows = await store.rows.find({ gmcNumber, accepted: true }, { projection: { esrPersonId: 1 } }).toArray();
  return [...new Set(rows.map((r) => r.esrPersonId))];
}
