/**
 * The review path for a trainee HELD because matching could not decide: an operator who has checked the records
 * names the TIS person, and the link is recorded exactly as a first match records it (identifiers.esrPersonId and
 * the esr_links mirror; no version bump, no event). One ESR person, one TIS person: a link is never moved here;
 * a wrong one is removed first with `esr unlink`.
 */
import { claimEsrLink, mirrorEsrLink } from '../../store/esr-links';
import type { Collections } from '../../store/store';
import { CliError } from './errors';

export type LinkResult = 'LINKED' | 'ALREADY_LINKED';

export async function linkEsrPerson(
  store: Collections,
  esrPersonId: string,
  tisPersonId: string,
  now: Date = new Date(),
): Promise<LinkResult> {
  const person = await store.people.findOne({ _id: tisPersonId }, { projection: { identifiers: 1 } });
  if (!person) throw new CliError(`no TIS person ${tisPersonId}`);
  const current = person.identifiers?.esrPersonId;
  if (current && current !== esrPersonId)
    throw new CliError(
      `TIS person ${tisPersonId} is already linked to ESR person ${current}; not relinking ` +
        `(if that link is wrong: esr unlink ${current}, then link again)`,
    );
  const holder = await store.people.findOne(
    { 'identifiers.esrPersonId': esrPersonId, _id: { $ne: tisPersonId } },
    { projection: { _id: 1 } },
  );
  if (holder)
    throw new CliError(
      `ESR person ${esrPersonId} is already linked to TIS person ${holder._id}; not relinking ` +
        `(to move it: esr unlink ${esrPersonId}, then link again)`,
    );
  if (current === esrPersonId) {
    await mirrorEsrLink(store, esrPersonId, tisPersonId, now);
    return 'ALREADY_LINKED';
  }
  // Conditional, so that a link recorded meanwhile (by a run's first match) is not overwritten.
  const claimed = await claimEsrLink(store, esrPersonId, tisPersonId);
  const holders = await store.people
    .find({ 'identifiers.esrPersonId': esrPersonId }, { projection: { _id: 1 } })
    .toArray();
  if (claimed !== 'LINKED' || holders.length !== 1) {
    if (claimed === 'LINKED')
      await store.people.updateOne({ _id: tisPersonId }, { $unset: { 'identifiers.esrPersonId': '' } });
    throw new CliError(`TIS person ${tisPersonId} or ESR person ${esrPersonId} was linked meanwhile; check and retry`);
  }
  await mirrorEsrLink(store, esrPersonId, tisPersonId, now);
  return 'LINKED';
}
