/**
 * `--reveal` on resync and link: shows personal values unmasked, for an authorised operator. Each use is kept in
 * the operator audit (who, when, which person) and said on stderr, so it is never silent.
 */
import { recordOperatorAction } from '../../store/operator-actions';
import type { Collections } from '../../store/store';
import type { Config } from '../../src/config';
import { operatorIdentity } from './operator-identity';

export const REVEAL_HELP =
  'show personal values unmasked (each use is audited under the identity this connection authenticates with)';

export async function recordReveal(
  store: Pick<Collections, 'operatorActions'>,
  config: Pick<Config, 'TEMPORAL_TLS_CERT' | 'TEMPORAL_API_KEY'>,
  about: { esrPersonId: string; tisPersonId?: string; workflowId: string },
): Promise<void> {
  const at = new Date().toISOString();
  const by = operatorIdentity(config);
  await recordOperatorAction(store, { _id: `REVEAL#${about.esrPersonId}#${at}`, action: 'REVEAL', by, at, ...about });
  console.error(`--reveal: personal values shown unmasked to ${by}; recorded in the operator audit`);
}
