import type { ActivityDeps } from './dependencies';

export interface ListTraineesArgs {
  extractDate: string;
  /** 0-based, as planned by planTrainees. */
  page: number;
}

export interface ListTraineesResult {
  esrPersonIds: string[];
  /** Each trainee's trusts (comma-separated), beside esrPersonIds; absent on pages planned before they were kept. */
  trusts?: string[];
}

/** One planned page of ESR person ids, read by `_id`. */
export function listTrainees(deps: ActivityDeps) {
  return async function listTrainees({ extractDate, page }: ListTraineesArgs): Promise<ListTraineesResult> {
    const doc = await deps.store.traineePages.findOne({ _id: `${extractDate}#${page}` });
    return { esrPersonIds: doc?.esrPersonIds ?? [], ...(doc?.trusts ? { trusts: doc.trusts } : {}) };
  };
}
