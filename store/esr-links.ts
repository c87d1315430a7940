/**
 * The link from an ESR person to a TIS person: `identifiers.esrPersonId` on the person (TIS's own record of it)
 * and its `esr_links` mirror, read by `_id`. Recording it is not a change of the person's details: no version
 * bump, no event. A person already linked to another ESR person is never relinked; an operator removes a wrong link
 * first (`esr unlink`), and the next run or resync matches afresh.
 */
import { putById } from './put-by-id';
import type { Collections } from './store';

/**
 * Sets the link on the person only where none exists. LINKED: set now; ALREADY_OURS: it was already this ESR
 * person; TAKEN: the person is linked to another ESR person (or is gone).
 */
export async function claimEsrLink(
  store: Pick<Collections, 'people'>,
  esrPersonId: string,
  personId: string,
): Promise<'LINKED' | 'ALREADY_OURS' | 'TAKEN'> {
  const { modifiedCount } = await store.people.updateOne(
    { _id: personId, 'identifiers.esrPersonId': { $exists: false } },
    { $set: { 'identifiers.esrPersonId': esrPersonId } },
  );
  if (modifiedCount === 1) return 'LINKED';
  const person = await store.people.findOne({ _id: personId }, { projection: { identifiers: 1 } });
  return person?.identifiers?.esrPersonId === esrPersonId ? 'ALREADY_OURS' : 'TAKEN';
}

/** The `esr_links` mirror, so that later runs find the person by `_id` rather than by a scan. */
export async function mirrorEsrLink(
  store: Pick<Collections, 'links'>,
  esrPersonId: string,
  personId: string,
  now: Date,
): Promise<void> {
  await putById(store.links, esrPersonId, { personId, linkedAt: now.toISOString() });
}

/**
 * Removes the link from an ESR person: from every TIS person holding it, and its mirror. Not a change of the
 * person's details either: no version bump, no event. Returns the TIS people it was removed from.
 */
export async function removeEsrLink(
  store: Pick<Collections, 'people' | 'links'>,
  esrPersonId: string,
): Promise<string[]> {
  const mirror = await store.links.findOne({ _id: esrPersonId });
  const holders = await store.people
    .find({ 'identifiers.esrPersonId': esrPersonId }, { projection: { _id: 1 } })
    .toArray();
  const ids = [...new Set([...holders.map((p) => p._id), ...(mirror ? [mirror.personId] : [])])];
  for (const _id of ids) {
    await store.people.updateOne(
      { _id, 'identifiers.esrPersonId': esrPersonId },
      { $unset: { 'identifiers.esrPersonId': '' } },
    );
  }
  await store.links.deleteOne({ _id: esrPersonId });
  return ids.sort();
}
