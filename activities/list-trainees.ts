import type { ActivityDeps } from './dependencies';

export interface ListTraineesArgs {
  extractDate: string;
  /** Exclusive cursor: the last ESR person id of the previous page. */
  after?: string;
  limit: number;
}

export interface ListTraineesResult {
  esrPersonIds: string[];
}

/**
 * One page of the distinct ESR person ids in the accepted rows for a date, in id order. Paging keeps the
 * workflow's state and each activity result small however large the national extract is.
 */
export function listTrainees(deps: ActivityDeps) {
  return async function listTrainees({ extractDate, after, limit }: ListTraineesArgs): Promise<ListTraineesResult> {
    const match: Record<string, unknown> = { extractDate, accepted: true };
    if (after !== undefined) match.esrPersonId = { $gt: after };
    const page = await deps.store.rows
      .aggregate<{ _id: string }>([
        { $match: match },
        { $group: { _id: '$esrPersonId' } },
        { $sort: { _id: 1 } },
        { $limit: limit },
      ])
      .toArray();
    return { esrPersonIds: page.map((p) => p._id) };
  };
}
