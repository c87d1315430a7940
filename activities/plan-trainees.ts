import { heartbeat, type ActivityDeps } from './dependencies';

export interface PlanTraineesArgs {
  extractDate: string;
  pageSize: number;
  /**
   * The first page number to plan: 0 plans the date afresh; a later number adds the trainees a decision on a held
   * file released, after those planned already (who are left out).
   */
  firstPage?: number;
  /** Files waiting for an operator: their trainees wait too, whatever other files they are in. */
  waitingFiles?: string[];
}

export interface PlanTraineesResult {
  trainees: number;
  pages: number;
}

/**
 * Splits a date's trainees into pages after the day's files are recorded and checked: the workflow then asks for
 * page n by `_id`, keeping its own state and every activity result small however large the national extract.
 * A trainee is anyone with an accepted row that date; one with a row in a file waiting for an operator is planned
 * once the decision is made.
 */
export function planTrainees(deps: ActivityDeps) {
  return async function planTrainees({
    extractDate,
    pageSize,
    firstPage = 0,
    waitingFiles = [],
  }: PlanTraineesArgs): Promise<PlanTraineesResult> {
    const trustsOf = new Map<string, Set<string>>();
    const rows = deps.store.rows.find({ extractDate, accepted: true }, { projection: { esrPersonId: 1, trust: 1 } });
    for await (const r of rows) {
      const trusts = trustsOf.get(r.esrPersonId) ?? new Set<string>();
      trustsOf.set(r.esrPersonId, trusts.add(r.trust));
    }
    const waiting = new Set<string>();
    if (waitingFiles.length) {
      const held = deps.store.rows.find({ file: { $in: waitingFiles } }, { projection: { esrPersonId: 1 } });
      for await (const r of held) waiting.add(r.esrPersonId);
    }
    const planned = new Set<string>();
    for (let page = 0; page < firstPage; page++) {
      const doc = await deps.store.traineePages.findOne({ _id: `${extractDate}#${page}` });
      for (const id of doc?.esrPersonIds ?? []) planned.add(id);
    }
    heartbeat();
    const ids = [...trustsOf.keys()].filter((id) => !waiting.has(id) && !planned.has(id)).sort();
    const pages = Math.ceil(ids.length / pageSize);
    // Re-planning replaces the date's pages from firstPage on (so a retry finds none of its own inserts): a delete
    // and plain inserts, as an upsert makes FerretDB scan.
    await deps.store.traineePages.deleteMany(
      firstPage === 0 ? { extractDate } : { extractDate, page: { $gte: firstPage } },
    );
    for (let page = 0; page < pages; page += 100) {
      const batch = Array.from({ length: Math.min(100, pages - page) }, (_, k) => page + k);
      await deps.store.traineePages.insertMany(
        batch.map((n) => {
          const esrPersonIds = ids.slice(n * pageSize, (n + 1) * pageSize);
          return {
            _id: `${extractDate}#${firstPage + n}`,
            extractDate,
            page: firstPage + n,
            esrPersonIds,
            trusts: esrPersonIds.map((id) => [...(trustsOf.get(id) ?? [])].sort().join(',')),
          };
        }),
      );
      heartbeat();
    }
    return { trainees: ids.length, pages };
  };
}
