import type { EsrRowDoc } from './documents';
import type { Collections } from './store';

/** A person's accepted rows for one extract date, each read by `_id`. */
export async function loadPersonRows(
  store: Collections,
  extractDate: string,
  esrPersonId: string,
): Promise<EsrRowDoc[]> {
  const index = await store.personRows.findOne({ _id: `${extractDate}#${esrPersonId}` });
  const rows = await Promise.all((index?.rowIds ?? []).map((_id) => store.rows.findOne({ _id })));
  return rows
    .filter((r): r is EsrRowDoc => r !== null && r.accepted)
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

export async function loadRow(store: Collections, file: string, line: number): Promise<EsrRowDoc> {
  const row = await store.rows.findOne({ _id: `${file}#${line}` });
  if (!row) throw new Error(`no staged row at ${file} line ${line}`);
  return row;
}
