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
    const filter: Record<string, unknown> = { extractDate, accepted: true };
    if (after !== undefined) filter.esrPersonId = { $gt: after };
    // Rows, not a $group: an index walk from the cursor, instead of grouping the whole day's rows per page.
    // Most people have one or two rows, so a few rows per id fill the page; the next page starts after the last id.
    const rows = await deps.store.rows
      .find(filter, { projection: { _id: 0, esrPersonId: 1 } })
      .sort({ esrPersonId: 1 })
      .limit(limit * 4)
      .toArray();
    const esrPersonIds = [...new Set(rows.map((r) => r.esrPersonId))].slice(0, limit);
    return { esrPersonIds };
  };
}
