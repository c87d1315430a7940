import type { EsrPersonValues, PerRow } from '../src/extract/types';
import type { PostStatus } from '../src/rules/eligibility';
import { FileChangeProfiles, rowChanges } from '../src/rules/file-change-profile';
import type { FileChangeProfile } from '../src/rules/mass-change';
import { distinctShapes, filterKey, personKeys, type MatchFilter } from '../src/tis/match-candidates';
import { decideMatch, matchQueries, sameSurname } from '../src/tis/match-person';
import type { PersonDocument } from '../src/tis/person-document';
import { validatePersonFields } from '../src/validation/validate-person';
import type { EsrMatchCandidatesDoc } from '../store/documents';
import { heartbeat, type ActivityDeps } from './dependencies';

export interface PrepareMatchCandidatesArgs {
  extractDate: string;
  /** Files to work out the effect of, for the mass-change check: the day's accepted files not checked yet. */
  profileFiles?: string[];
}

export interface PrepareMatchCandidatesResult {
  /** Rows of ESR people with no recorded link: those that will be matched by their keys. */
  unlinkedRows: number;
  /** People read in the one pass (0 when every trainee of the day is linked already and nothing is profiled). */
  peopleRead: number;
  /** What each of `profileFiles` would do: counts only. */
  profiles: FileChangeProfile[];
  /** For the trusts in `profiles`: TIS people linked to an ESR person with a placement at the trust on the date. */
  linkedByTrust: Record<string, number>;
}

const BATCH = 1_000;

/** What the mass-change check needs of each person: the fields a row may change, placements and identifiers. */
const PROFILE_PROJECTION = ['identifiers', 'contactDetails', 'personalDetails', 'placements', 'fieldUpdatedAt'];

interface PendingRow {
  file: string;
  trust: string;
  extractDate: string;
  row: PerRow;
  values: EsrPersonValues;
}

/**
 * One pass over `people` per run, so that no trainee scans it: for each staged row of an ESR person not yet
 * linked, the ids of the people its match filters find, stored under the row's `_id`. Matching re-checks each
 * candidate by `_id`; on MongoDB the same filters would use the indexes, on FerretDB they would scan.
 *
 * The same pass works out what each new file would do (`profileFiles`), for the mass-change check: each row is
 * diffed against the person it would match (its link, else the unique candidate), by the trainees' own rules.
 */
export function prepareMatchCandidates(deps: ActivityDeps) {
  return async function prepareMatchCandidates({
    extractDate,
    profileFiles = [],
  }: PrepareMatchCandidatesArgs): Promise<PrepareMatchCandidatesResult> {
    const links = new Map<string, string>();
    for await (const link of deps.store.links.find({}, { projection: { _id: 1, personId: 1 } }))
      links.set(link._id, link.personId);
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

    const profiling = new FileChangeProfiles(profileFiles);
    const rowsOfLinked = new Map<string, PendingRow[]>();
    const rowsOfUnlinked: (PendingRow & { keys: Wanted })[] = [];
    const keptKeys = new Set<string>();
    // Every staged row of the date: rows of files not yet checked, or waiting for an operator, included.
    const rows = deps.store.rows.find(
      { extractDate },
      { projection: { _id: 1, file: 1, line: 1, trust: 1, esrPersonId: 1, row: 1 } },
    );
    let seen = 0;
    for await (const r of rows) {
      if (++seen % BATCH === 0) heartbeat();
      const profiled = profiling.has(r.file);
      const linkedTo = links.get(r.esrPersonId);
      if (linkedTo && !profiled) continue;
      const { values, identifiers } = validatePersonFields(r.row, { file: r.file, line: r.line, extractDate });
      const pending: PendingRow = { file: r.file, trust: r.trust, extractDate, row: r.row, values };
      if (linkedTo) {
        rowsOfLinked.set(linkedTo, [...(rowsOfLinked.get(linkedTo) ?? []), pending]);
        continue;
      }
      const q = matchQueries(values, identifiers);
      const keys = {
        _id: r._id,
        linked: want(q.linked)!,
        registration: want(q.registration),
        ninoDob: want(q.ninoDobSurname),
      };
      wanted.push(keys);
      if (profiled) {
        rowsOfUnlinked.push({ ...pending, keys });
        for (const k of [keys.linked, keys.registration, keys.ninoDob]) if (k) keptKeys.add(k);
      }
    }

    let peopleRead = 0;
    const linkedByTrust: Record<string, number> = {};
    const kept = new Map<string, PersonDocument>();
    const profilesWanted = profileFiles.length > 0;
    if (wanted.length || profilesWanted) {
      const posts = new Map<string, PostStatus & { trust: string }>();
      if (profilesWanted) {
        for await (const p of deps.store.posts.find({}, { projection: { status: 1, trust: 1 } })) posts.set(p._id, p);
        heartbeat();
      }
      const shapes = distinctShapes(filters);
      const projection = Object.fromEntries(
        [
          ...(profilesWanted ? PROFILE_PROJECTION : []),
          // A dotted path under a whole sub-document already projected would be a path collision.
          ...shapes.flat().filter((p) => !(profilesWanted && PROFILE_PROJECTION.includes(p.split('.')[0]))),
        ].map((p) => [p, 1]),
      );
      for await (const person of deps.store.people.find({}, { projection })) {
        peopleRead += 1;
        const keys = personKeys(person, shapes);
        for (const key of keys) found.get(key)?.push(person._id);
        if (profilesWanted) {
          if (person.identifiers?.esrPersonId) {
            const trusts = new Set(
              (person.placements ?? [])
                .filter((p) => p.startDate <= extractDate && extractDate <= p.endDate)
                .flatMap((p) => posts.get(p.nationalPostNumber)?.trust ?? []),
            );
            for (const trust of trusts) linkedByTrust[trust] = (linkedByTrust[trust] ?? 0) + 1;
          }
          for (const r of rowsOfLinked.get(person._id) ?? [])
            profiling.add(r.file, r.trust, rowChanges(r, person, posts.get(r.row.deaneryPostNumber)), true);
          rowsOfLinked.delete(person._id);
          if (keys.some((k) => keptKeys.has(k))) kept.set(person._id, person);
        }
        if (peopleRead % 5_000 === 0) heartbeat();
      }
      // Rows linked to a person no longer in TIS change no one.
      for (const pending of rowsOfLinked.values()) for (const r of pending) profiling.add(r.file, r.trust, [], true);
      for (const r of rowsOfUnlinked) {
        const ids = (key: string | undefined) => (key ? (found.get(key) ?? []) : []);
        const surname = r.values.surname;
        const decision = decideMatch({
          linked: ids(r.keys.linked),
          byRegistration: ids(r.keys.registration),
          byNinoDobSurname: surname
            ? ids(r.keys.ninoDob).filter((id) => sameSurname(kept.get(id)?.contactDetails?.legalSurname ?? '', surname))
            : [],
        });
        const person = decision.matched ? kept.get(decision.personId) : undefined;
        const via = decision.matched ? decision.via : undefined;
        profiling.add(r.file, r.trust, rowChanges(r, person, posts.get(r.row.deaneryPostNumber)), via === 'ESR_LINK');
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
    const profiles = profiling.profiles();
    const trusts = new Set(profiles.flatMap((p) => Object.keys(p.byTrust)));
    return {
      unlinkedRows: wanted.length,
      peopleRead,
      profiles,
      linkedByTrust: Object.fromEntries([...trusts].sort().map((t) => [t, linkedByTrust[t] ?? 0])),
    };
  };
}
