/**
 * An operator's free text (a cancel reason, a decision's reason, a schedule note) can name a person, and Temporal
 * keeps what it is given (a schedule's note in clear). So the text is kept here, with who and when, and Temporal
 * is given a reference: `note:<id>`. The CLI shows the text again by reading it back.
 */
import { randomUUID } from 'node:crypto';
import { recordOperatorAction } from './operator-actions';
import type { Collections } from './store';

const PREFIX = 'note:';

export async function keepOperatorNote(
  store: Pick<Collections, 'operatorActions'>,
  text: string,
  about: { by: string; extractDate?: string; workflowId?: string },
): Promise<string> {
  const id = `NOTE#${randomUUID()}`;
  await recordOperatorAction(store, { _id: id, action: 'NOTE', at: new Date().toISOString(), reason: text, ...about });
  return `${PREFIX}${id}`;
}

/** The text behind a reference; anything else (text from before references, a default note) as it is. */
export async function readOperatorNote(
  store: Pick<Collections, 'operatorActions'>,
  refOrText: string | undefined,
): Promise<string | undefined> {
  if (!refOrText?.startsWith(PREFIX)) return refOrText;
  const doc = await store.operatorActions.findOne({ _id: refOrText.slice(PREFIX.length), action: 'NOTE' });
  return doc?.reason ?? refOrText;
}
