import type { ChangeSetStatus } from '../store/documents';
import type { ActivityDeps } from './dependencies';

export interface ChangeSetStatusArgs {
  changeSetId: string;
}

/** Where a change set stands, for a cancelled trainee to say truthfully what it leaves behind. */
export function changeSetStatus(deps: ActivityDeps) {
  return async function changeSetStatus({ changeSetId }: ChangeSetStatusArgs): Promise<ChangeSetStatus | 'MISSING'> {
    const cs = await deps.store.changeSets.findOne({ _id: changeSetId }, { projection: { status: 1 } });
    return cs?.status ?? 'MISSING';
  };
}
