/**
 * `--reveal` on resync and link: shows personal values unmasked, for an authorised operator. Each use is kept in
 * the operator audit (who, when, which person) and said on stderr, so it is never silent.
 */
import { recordOperatorAction } from '../../store/operator-actions';
import type { Collections } from '../../store/store';
import { operatorName } from './operator-name';

export const REVEAL_HELP = 'show personal values unmasked (authorised operators only; each use is audited)';

export async function recordReveal(
  store: Pick<Collections, 'operatorActions'>,
  about: { esrPersonId: string; tisPersonId?: string; workflowId: string },
): Promise<void> {
  const at = new Date().toISOString();
  const by = operatorName();
  await recordOperatorAction(store, { _id: `REVEAL#${about.esrPersonId}#${at}`, action: 'REVEAL', by, at, ...about });
  console.error(`--reveal: personal values shown unmasked to ${by}; recorded in the operator audit`);
}
