import { heartbeat, type ActivityDeps } from './dependencies';

export interface PlanTraineesArgs {
  extractDate: string;
  pageSize: number;
}

export interface PlanTraineesResult {
  trainees: number;
  pages: number;
}

/**
 * Splits a date's trainees into pages, once per run, after the day's files are recorded: the workflow then asks
 * for page n by `_id`, keeping its own state and every activity result small however large the national extract.
 */
export function planTrainees(deps: ActivityDeps) {
  return async function planTrainees({ extractDate, pageSize }: PlanTraineesArgs): Promise<PlanTraineesResult> {
    const people = await deps.store.personRows
      .find({ extractDate }, { projection: { _id: 0, esrPersonId: 1 } })
      .toArray();
    const ids = people.map((p) => p.esrPersonId).sort();
    const pages = Math.ceil(ids.length / pageSize);
    // Re-planning replaces the date's pages: a delete and plain inserts, as an upsert makes FerretDB scan.
    await deps.store.traineePages.deleteMany({ extractDate });
    for (let page = 0; page < pages; page += 100) {
      const batch = Array.from({ length: Math.min(100, pages - page) }, (_, k) => page + k);
      await deps.store.traineePages.insertMany(
        batch.map((n) => ({
          _id: `${extractDate}#${n}`,
          extractDate,
          page: n,
          esrPersonIds: ids.slice(n * pageSize, (n + 1) * pageSize),
        })),
      );
      heartbeat();
    }
    return { trainees: ids.length, pages };
  };
}
