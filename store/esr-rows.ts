import type { EsrRowDoc } from './documents';
import { RunScopedCache } from './run-scoped-cache';
import type { Collections } from './store';

/**
 * A trainee's staged rows, read by `_id` and kept in this process for the next steps of the same workflow run:
 * validation, employment, matching and diff each need them (see RunScopedCache).
 */
export class StagedRows {
  private readonly kept: RunScopedCache;

  constructor(
    private readonly store: Pick<Collections, 'rows' | 'personRows'>,
    /** The running workflow run's id; undefined outside an activity, which then reads without keeping. */
    scope: () => string | undefined,
    capacity = 10_000,
  ) {
    this.kept = new RunScopedCache(scope, capacity);
  }

  /** A person's accepted rows for one extract date, in file and line order. */
  async forPerson(extractDate: string, esrPersonId: string): Promise<EsrRowDoc[]> {
    const _id = `${extractDate}#${esrPersonId}`;
    const rowIds = await this.kept.keep(
      `person:${_id}`,
      async () => (await this.store.personRows.findOne({ _id }))?.rowIds,
    );
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
    return this.kept.keep(`row:${_id}`, async () => this.store.rows.findOne({ _id }));
  }
}
