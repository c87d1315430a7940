/**
 * An operator's free text (a cancel reason, a decision's reason, an unlink's, a schedule note) can name a person,
 * and Temporal keeps what it is given (a schedule's note in clear). So the text is kept in esr_operator_notes,
 * which retention empties after RETENTION_DAYS, and everything else (Temporal, the operator audit, the file's
 * record) is given a reference: `note:<id>`. The audit's NOTE record says who wrote one and when, never what.
 * The CLI shows the text again by reading it back while it is kept.
 */
import { randomUUID } from 'node:crypto';
import { insertOnce } from './insert-once';
import { recordOperatorAction } from './operator-actions';
import type { Collections } from './store';

const PREFIX = 'note:';

export async function keepOperatorNote(
  store: Pick<Collections, 'operatorActions' | 'operatorNotes'>,
  text: string,
  about: { by: string; extractDate?: string; workflowId?: string },
): Promise<string> {
  const id = `NOTE#${randomUUID()}`;
  const at = new Date().toISOString();
  await insertOnce(store.operatorNotes, [{ _id: id, text, at, ...about }]);
  await recordOperatorAction(store, { _id: id, action: 'NOTE', at, reason: `${PREFIX}${id}`, ...about });
  return `${PREFIX}${id}`;
}

/** The text behind a reference; anything else (text from before references, a default note) as it is. */
export async function readOperatorNote(
  store: Pick<Collections, 'operatorActions' | 'operatorNotes'>,
  refOrText: string | undefined,
): Promise<string | undefined> {
  if (!refOrText?.startsWith(PREFIX)) return refOrText;
  const id = refOrText.slice(PREFIX.length);
  const note = await store.operatorNotes.findOne({ _id: id });
  if (note) return note.text;
  // A note from before esr_operator_notes kept its text in the audit record itself.
  const legacy = await store.operatorActions.findOne({ _id: id, action: 'NOTE' });
  return legacy?.reason && !legacy.reason.startsWith(PREFIX) ? legacy.reason : refOrText;
}
