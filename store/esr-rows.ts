import type { EsrFileDoc, EsrRowDoc } from './documents';
import type { Collections } from './store';

/** A person's accepted rows for one extract date, with the files they came from. */
export async function loadPersonRows(
  store: Collections,
  extractDate: string,
  esrPersonId: string,
): Promise<{ rows: EsrRowDoc[]; files: Map<string, EsrFileDoc> }> {
  const rows = await store.rows.find({ extractDate, esrPersonId, accepted: true }).sort({ file: 1, line: 1 }).toArray();
  const names = [...new Set(rows.map((r) => r.file))];
  const fileDocs = await store.files.find({ name: { $in: names }, status: 'ACCEPTED' }).toArray();
  return { rows, files: new Map(fileDocs.map((f) => [f.name, f])) };
}

export async function loadRow(store: Collections, file: string, line: number): Promise<EsrRowDoc> {
  const row = await store.rows.findOne({ _id: `${file}#${line}` });
  if (!row) throw new Error(`no staged row at ${file} line ${line}`);
  return row;
}
