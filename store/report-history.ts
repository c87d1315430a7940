/**
 * Read-only queries over the days the runs kept, for the data-quality portal: which extract dates still have their
 * rows, and which trusts each local office's files carried. Each is one small read of `esr_files`.
 */
import type { Collections } from './store';

/** Extract dates with an accepted file, from `since` on (the retention cutoff), newest first. */
export async function reportDates(store: Pick<Collections, 'files'>, since: string): Promise<string[]> {
  const dates = (await store.files.distinct('extractDate', { status: 'ACCEPTED' })) as (string | null)[];
  return dates.filter((d): d is string => typeof d === 'string' && d >= since).sort((a, b) => (a < b ? 1 : -1));
}

/** Every local office with the trusts its accepted files carried, and the office of each file by name. */
export interface OfficeTrusts {
  trustsOf: Map<string, Set<string>>;
  officeOfFile: Map<string, string>;
  allTrusts: string[];
}

export async function officeTrusts(store: Pick<Collections, 'files'>, since: string): Promise<OfficeTrusts> {
  const files = await store.files
    .find({ status: 'ACCEPTED' }, { projection: { name: 1, extractDate: 1, trusts: 1, 'header.localOffice': 1 } })
    .toArray();
  const trustsOf = new Map<string, Set<string>>();
  const officeOfFile = new Map<string, string>();
  const all = new Set<string>();
  for (const f of files) {
    if (!f.extractDate || f.extractDate < since) continue;
    for (const t of f.trusts ?? []) all.add(t);
    const office = f.header?.localOffice;
    if (!office) continue;
    officeOfFile.set(f.name, office);
    const trusts = trustsOf.get(office) ?? new Set<string>();
    for (const t of f.trusts ?? []) trusts.add(t);
    trustsOf.set(office, trusts);
  }
  return { trustsOf, officeOfFile, allTrusts: [...all].sort() };
}
