import type { EsrRowDoc } from './documents';
import type { Collections } from './store';

/**
 * A trainee's staged rows, read by `_id` and kept in this process for the next steps of the same workflow run:
 * validation, employment, matching and diff each need them. Entries belong to one run (`scope`), so a re-run or a
 * resync reads afresh; bounded, oldest out; a miss is just a read, so a step on another worker sees the same rows.
 */
export class StagedRows {
  private readonly kept = new Map<string, unknown>();

  constructor(
    private readonly store: Pick<Collections, 'rows' | 'personRows'>,
    /** The running workflow run's id; undefined outside an activity, which then reads without keeping. */
    private readonly scope: () => string | undefined,
    private readonly capacity = 10_000,
  ) {}

  /** A person's accepted rows for one extract date, in file and line order. */
  async forPerson(extractDate: string, esrPersonId: string): Promise<EsrRowDoc[]> {
    const _id = `${extractDate}#${esrPersonId}`;
    const rowIds = await this.keep(`person:${_id}`, async () => (await this.store.personRows.findOne({ _id }))?.rowIds);
    const rows = await Promise.all((rowIds ?? []).map((rowId) => this.byId(rowId)));
    return rows
      .filter((r): r is EsrRowDoc => r !== null && r !== undefined && r.accepted)
      .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  }

  async row(file: string, line: number): Promise<EsrRowDoc> {
    const row = await this.byId(`${file}#${line}`);
    if (!row) throw new Error(`no staged row at ${file} line ${line}`);
    return row;
  }

  private byId(_id: string): Promise<EsrRowDoc | null | undefined> {
    return this.keep(`row:${_id}`, async () => this.store.rows.findOne({ _id }));
  }

  private async keep<V>(key: string, read: () => Promise<V | null | undefined>): Promise<V | null | undefined> {
    const scope = this.scope();
    if (!scope) return read();
    const scoped = `${scope}|${key}`;
    if (this.kept.has(scoped)) return this.kept.get(scoped) as V;
    const value = await read();
    if (value) {
      this.kept.set(scoped, value);
      if (this.kept.size > this.capacity) this.kept.delete(this.kept.keys().next().value as string);
    }
    return value;
  }
}
