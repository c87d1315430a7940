import { ApplicationFailure } from '@temporalio/activity';
import { FailureType } from '../src/failure-types';
import { fieldUpdatedAt, getPath } from '../src/tis/diff-person';
import type { ChangeSetDoc } from '../store/documents';
import { recordAudit } from '../store/audit';
import { putById } from '../store/put-by-id';
import { ensureOutboxEvent } from './outbox-event';
import type { ActivityDeps } from './dependencies';

export interface UpdatePersonArgs {
  changeSetId: string;
}

export interface UpdatePersonResult {
  version: number;
}

export async function loadChangeSet(deps: ActivityDeps, changeSetId: string): Promise<ChangeSetDoc> {
  const changeSet = await deps.store.changeSets.findOne({ _id: changeSetId });
  if (!changeSet) {
    throw ApplicationFailure.create({
      type: FailureType.InvalidInput,
      message: `no change set ${changeSetId}`,
      nonRetryable: true,
    });
  }
  return changeSet;
}

/** The whole documents of a change set still in use; retention trims them only from finished ones. */
export function wholeDocuments(cs: ChangeSetDoc): Required<Pick<ChangeSetDoc, 'before' | 'after'>> {
  if (!cs.before || !cs.after) {
    throw ApplicationFailure.create({
      type: FailureType.InvalidInput,
      message: `change set ${cs._id} is ${cs.status} and was trimmed by retention`,
      nonRetryable: true,
    });
  }
  return { before: cs.before, after: cs.after };
}

/**
 * Applies a prepared change set: only the changed fields, guarded by the document's version (optimistic
 * concurrency). A concurrent change is a VersionConflict, so the workflow re-reads and re-diffs instead of
 * overwriting. Audit records are keyed by change set and field, so a retry writes each once.
 */
export function updatePerson(deps: ActivityDeps) {
  return async function updatePerson({ changeSetId }: UpdatePersonArgs): Promise<UpdatePersonResult> {
    const cs = await loadChangeSet(deps, changeSetId);
    if ((cs.status === 'APPLIED' || cs.status === 'NOTIFIED') && cs.afterVersion !== undefined && !cs.after)
      return { version: cs.afterVersion };
    const { after } = wholeDocuments(cs);
    const version = after.version;
    if (cs.status === 'APPLIED' || cs.status === 'NOTIFIED') return { version };
    if (cs.status !== 'PREPARED') {
      throw ApplicationFailure.create({
        type: FailureType.InvalidInput,
        message: `change set ${changeSetId} is ${cs.status}`,
        nonRetryable: true,
      });
    }
    const set: Record<string, unknown> = { version, updatedAt: after.updatedAt };
    for (const { path } of cs.changes) {
      set[path] = getPath(after, path);
      set[`fieldUpdatedAt.${path}`] = cs.esrLastUpdated;
    }
    const result = await deps.store.people.updateOne({ _id: cs.personId, version: cs.baseVersion }, { $set: set });
    if (result.matchedCount === 0 && !(await alreadyApplied(deps, cs))) {
      await deps.store.changeSets.updateOne(
        { _id: changeSetId, status: 'PREPARED' },
        { $set: { status: 'SUPERSEDED' } },
      );
      throw ApplicationFailure.create({
        type: FailureType.VersionConflict,
        message: `TIS person ${cs.personId} changed since version ${cs.baseVersion} was read`,
        nonRetryable: true,
      });
    }
    const at = deps.now().toISOString();
    await recordAudit(deps.store, cs, 'APPLIED', at);
    // The event goes in the outbox before the change set reads APPLIED: an applied change always has its event.
    await ensureOutboxEvent(deps, cs, at);
    await putById(deps.store.appliedChanges, `${cs.extractDate}#${cs.esrPersonId}`, {
      changeSetId,
      rowRef: cs.rowRef,
      appliedAt: at,
    });
    await deps.store.changeSets.updateOne(
      { _id: changeSetId, status: 'PREPARED' },
      { $set: { status: 'APPLIED', appliedAt: at } },
    );
    return { version };
  };
}

/**
 * After a crash between the update and marking the change set, the person already shows exactly our change: our
 * values with ESR's stamp on every changed field. A later write to other fields (a placement, say) may have moved
 * the version on since; that does not make our update any less applied.
 */
async function alreadyApplied(deps: ActivityDeps, cs: ChangeSetDoc): Promise<boolean> {
  // Another change set of this row may have written the very same values (a resync and the daily run racing): the
  // values alone cannot tell, so the one recorded as applying this row for the date decides.
  const applied = await deps.store.appliedChanges.findOne({ _id: `${cs.extractDate}#${cs.esrPersonId}` });
  if (applied && applied.changeSetId !== cs._id) {
    const other = await deps.store.changeSets.findOne({ _id: applied.changeSetId }, { projection: { changes: 1 } });
    const same = other && cs.changes.every((c) => other.changes.some((o) => o.path === c.path && o.after === c.after));
    if (same) return false;
  }
  const current = await deps.store.people.findOne({ _id: cs.personId });
  if (!current || current.version < wholeDocuments(cs).after.version) return false;
  return cs.changes.every(
    (c) => getPath(current, c.path) === c.after && fieldUpdatedAt(current, c.path) === cs.esrLastUpdated,
  );
}
