import { distinctShapes, filterKey, personKeys, type MatchFilter } from '../src/tis/match-candidates';
import { matchQueries } from '../src/tis/match-person';
import { validatePersonFields } from '../src/validation/validate-person';
import type { EsrMatchCandidatesDoc } from '../store/documents';
import { heartbeat, type ActivityDeps } from './dependencies';

export interface PrepareMatchCandidatesArgs {
  extractDate: string;
}

export interface PrepareMatchCandidatesResult {
  /** Rows of ESR people with no recorded link: those that will be matched by their keys. */
  unlinkedRows: number;
  /** People read in the one pass (0 when every trainee of the day is linked already). */
  peopleRead: number;
}

const BATCH = 1_000;

/**
 * One pass over `people` per run, so that no trainee scans it: for each staged row of an ESR person not yet
 * linked, the ids of the people its match filters find, stored under the row's `_id`. Matching re-checks each
 * candidate by `_id`; on MongoDB the same filters would use the indexes, on FerretDB they would scan.
 */
export function prepareMatchCandidates(deps: ActivityDeps) {
  return async function prepareMatchCandidates({
    extractDate,
  }: PrepareMatchCandidatesArgs): Promise<PrepareMatchCandidatesResult> {
    const linked = new Set<string>();
    for await (const link of deps.store.links.find({}, { projection: { _id: 1 } })) linked.add(link._id);
    heartbeat();

    type Wanted = { _id: string; linked: string; registration?: string; ninoDob?: string };
    const wanted: Wanted[] = [];
    const found = new Map<string, string[]>();
    const filters: MatchFilter[] = [];
    const want = (filter: MatchFilter | null): string | undefined => {
      if (!filter) return undefined;
      const key = filterKey(filter);
      if (!found.has(key)) {
        found.set(key, []);
        filters.push(filter);
      }
      return key;
    };
    const rows = deps.store.rows.find(
      { extractDate, accepted: true },
      { projection: { _id: 1, file: 1, line: 1, esrPersonId: 1, row: 1 } },
    );
    for await (const r of rows) {
      if (linked.has(r.esrPersonId)) continue;
      const { values, identifiers } = validatePersonFields(r.row, { file: r.file, line: r.line, extractDate });
      const q = matchQueries(values, identifiers);
      wanted.push({
        _id: r._id,
        linked: want(q.linked)!,
        registration: want(q.registration),
        ninoDob: want(q.ninoDobSurname),
      });
      if (wanted.length % BATCH === 0) heartbeat();
    }

    let peopleRead = 0;
    if (wanted.length) {
      const shapes = distinctShapes(filters);
      const projection = Object.fromEntries(shapes.flat().map((p) => [p, 1]));
      for await (const person of deps.store.people.find({}, { projection })) {
        peopleRead += 1;
        for (const key of personKeys(person, shapes)) found.get(key)?.push(person._id);
        if (peopleRead % 5_000 === 0) heartbeat();
      }
    }

    // A re-run of the date replaces its candidates: a delete and plain inserts (an upsert makes FerretDB scan).
    await deps.store.matchCandidates.deleteMany({ extractDate });
    const ids = (key: string | undefined) => (key ? (found.get(key) ?? []) : []);
    for (let i = 0; i < wanted.length; i += BATCH) {
      const docs: EsrMatchCandidatesDoc[] = wanted.slice(i, i + BATCH).map((w) => ({
        _id: w._id,
        extractDate,
        linked: ids(w.linked),
        registration: ids(w.registration),
        ninoDob: ids(w.ninoDob),
      }));
      await deps.store.matchCandidates.insertMany(docs, { ordered: false });
      heartbeat();
    }
    return { unlinkedRows: wanted.length, peopleRead };
  };
}
