import type { HeldReason } from '../src/extract/types';
import { filterMatches, type MatchFilter } from '../src/tis/match-candidates';
import { decideMatch, matchQueries, sameSurname } from '../src/tis/match-person';
import type { PersonDocument } from '../src/tis/person-document';
import { validatePersonFields } from '../src/validation/validate-person';
import type { EsrMatchCandidatesDoc } from '../store/documents';
import { claimEsrLink, mirrorEsrLink } from '../store/esr-links';
import type { ActivityDeps } from './dependencies';

export interface MatchPersonArgs {
  extractDate: string;
  file: string;
  line: number;
  /** Use the daily run's one-pass candidates (prepareMatchCandidates); a resync asks `people` directly. */
  useCandidates?: boolean;
}

export type MatchPersonResult =
  | { matched: true; personId: string; via: 'ESR_LINK' | 'REGISTRATION' | 'NINO_DOB_SURNAME'; linkRecorded: boolean }
  | { matched: false; reason: HeldReason; detail: string };

type Found = Pick<PersonDocument, '_id' | 'identifiers' | 'personalDetails' | 'contactDetails'>;
const MATCH_PROJECTION = {
  identifiers: 1,
  'personalDetails.nationalInsuranceNumber': 1,
  'personalDetails.dateOfBirth': 1,
  'contactDetails.legalSurname': 1,
};

/**
 * Finds the TIS person for a row, in the spec's order, never guessing. A first match records the ESR link on the
 * person's identifiers; that is not a change of their details, so it bumps no version and sends no event.
 * Every read is by `_id`: the link record, or the run's candidates re-checked one by one, each person read whole and
 * kept for the run's placement check and diff (RunPeople); only a row the run did not prepare (a resync, a link
 * gone stale) queries `people` by its filters.
 */
export function matchPerson(deps: ActivityDeps) {
  return async function matchPerson({
    extractDate,
    file,
    line,
    useCandidates = false,
  }: MatchPersonArgs): Promise<MatchPersonResult> {
    const staged = await deps.staged.row(file, line);
    const { values, identifiers } = validatePersonFields(staged.row, { file, line, extractDate });
    const queries = matchQueries(values, identifiers);
    const find = peopleFinder(deps, async () =>
      useCandidates ? deps.store.matchCandidates.findOne({ _id: staged._id }) : null,
    );

    const linked = (await linkedPerson(deps, identifiers.esrPersonId)) ?? (await find('linked', queries.linked));
    const byRegistration = linked.length ? [] : await find('registration', queries.registration);
    let byNinoDobSurname: string[] = [];
    if (!linked.length && !byRegistration.length && values.surname) {
      const surname = values.surname;
      byNinoDobSurname = await find('ninoDob', queries.ninoDobSurname, (p) =>
        sameSurname(p.contactDetails?.legalSurname ?? '', surname),
      );
    }
    const decision = decideMatch({ linked, byRegistration, byNinoDobSurname });
    if (!decision.matched) return decision;
    if (decision.via === 'ESR_LINK') return { ...decision, linkRecorded: false };

    const link = await claimEsrLink(deps.store, identifiers.esrPersonId, decision.personId);
    if (link === 'TAKEN') {
      return {
        matched: false,
        reason: 'AMBIGUOUS_MATCH',
        detail: 'the matching TIS person is linked to another ESR person',
      };
    }
    await mirrorEsrLink(deps.store, identifiers.esrPersonId, decision.personId, deps.now());
    return { ...decision, linkRecorded: link === 'LINKED' };
  };
}

/**
 * The people a filter finds: the prepared candidates that still satisfy it, else a query of `people`. The
 * candidates are read once, and only when a filter is asked: a linked trainee never needs them.
 */
function peopleFinder(deps: ActivityDeps, loadPrepared: () => Promise<EsrMatchCandidatesDoc | null>) {
  let prepared: Promise<EsrMatchCandidatesDoc | null> | undefined;
  return async (
    level: 'linked' | 'registration' | 'ninoDob',
    filter: MatchFilter | null,
    keep: (p: Found) => boolean = () => true,
  ): Promise<string[]> => {
    if (!filter) return [];
    const candidates = await (prepared ??= loadPrepared());
    const people: Found[] = candidates
      ? (await Promise.all(candidates[level].map((_id) => deps.runPeople.get(_id)))).filter(
          (p): p is PersonDocument => !!p && filterMatches(filter, p),
        )
      : await deps.store.people.find<Found>(filter, { projection: MATCH_PROJECTION }).toArray();
    return people.filter(keep).map((p) => p._id);
  };
}

/** The person our link record names, read by `_id`, when TIS still agrees with it; undefined otherwise. */
async function linkedPerson(deps: ActivityDeps, esrPersonId: string): Promise<string[] | undefined> {
  const link = await deps.store.links.findOne({ _id: esrPersonId });
  if (!link) return undefined;
  const person = await deps.runPeople.get(link.personId);
  return person?.identifiers?.esrPersonId === esrPersonId ? [person._id] : undefined;
}
