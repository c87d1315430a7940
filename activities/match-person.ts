import type { HeldReason } from '../src/extract/types';
import { decideMatch, matchQueries, sameSurname } from '../src/tis/match-person';
import { validatePersonFields } from '../src/validation/validate-person';
import { claimEsrLink, mirrorEsrLink } from '../store/esr-links';
import { loadRow } from '../store/esr-rows';
import type { ActivityDeps } from './dependencies';

export interface MatchPersonArgs {
  extractDate: string;
  file: string;
  line: number;
}

export type MatchPersonResult =
  | { matched: true; personId: string; via: 'ESR_LINK' | 'REGISTRATION' | 'NINO_DOB_SURNAME'; linkRecorded: boolean }
  | { matched: false; reason: HeldReason; detail: string };

/**
 * Finds the TIS person for a row, in the spec's order, never guessing. A first match records the ESR link on the
 * person's identifiers; that is not a change of their details, so it bumps no version and sends no event.
 */
export function matchPerson(deps: ActivityDeps) {
  return async function matchPerson({ extractDate, file, line }: MatchPersonArgs): Promise<MatchPersonResult> {
    const staged = await loadRow(deps.store, file, line);
    const { values, identifiers } = validatePersonFields(staged.row, { file, line, extractDate });
    const queries = matchQueries(values, identifiers);
    const ids = async (filter: Record<string, unknown> | null) =>
      filter ? (await deps.store.people.find(filter, { projection: { _id: 1 } }).toArray()).map((p) => p._id) : [];

    const linked = await linkedPeople(deps, identifiers.esrPersonId, () => ids(queries.linked));
    const byRegistration = linked.length ? [] : await ids(queries.registration);
    let byNinoDobSurname: string[] = [];
    if (!linked.length && !byRegistration.length && queries.ninoDobSurname && values.surname) {
      const people = await deps.store.people
        .find(queries.ninoDobSurname, { projection: { _id: 1, 'contactDetails.legalSurname': 1 } })
        .toArray();
      byNinoDobSurname = people
        .filter((p) => sameSurname(p.contactDetails?.legalSurname ?? '', values.surname ?? ''))
        .map((p) => p._id);
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
 * The people linked to an ESR person: our link record (read by `_id`) when TIS still agrees with it, else a query
 * on `identifiers.esrPersonId`, which also finds links recorded elsewhere in TIS.
 */
async function linkedPeople(
  deps: ActivityDeps,
  esrPersonId: string,
  query: () => Promise<string[]>,
): Promise<string[]> {
  const link = await deps.store.links.findOne({ _id: esrPersonId });
  if (link) {
    const person = await deps.store.people.findOne({ _id: link.personId }, { projection: { identifiers: 1 } });
    if (person?.identifiers?.esrPersonId === esrPersonId) return [person._id];
  }
  return query();
}
