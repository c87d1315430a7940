import type { OperatorActionDoc } from './documents';
import { insertOnce } from './insert-once';
import type { Collections } from './store';

/** Records an operator's decision for audit, once: a retried write of the same `_id` is skipped. */
export async function recordOperatorAction(
  store: Pick<Collections, 'operatorActions'>,
  action: OperatorActionDoc,
): Promise<void> {
  await insertOnce(store.operatorActions, [action]);
}
