/**
 * Values read for one workflow run and kept in this process for that run's next steps. Keys are scoped by the
 * running workflow run's id, so a re-run or a resync reads afresh; bounded, oldest out; a miss is just a read, so a
 * step on another worker (or after a restart) sees the same data, only read once more.
 */
export class RunScopedCache {
  private readonly kept = new Map<string, unknown>();

  constructor(
    /** The running workflow run's id; undefined outside an activity, which then reads without keeping. */
    private readonly scope: () => string | undefined,
    private readonly capacity: number,
  ) {}

  /** The value kept for this run under key, else read (and kept when there is one). */
  async keep<V>(key: string, read: () => Promise<V | null | undefined>): Promise<V | null | undefined> {
    const scoped = this.scoped(key);
    if (scoped === undefined) return read();
    if (this.kept.has(scoped)) return this.kept.get(scoped) as V;
    const value = await read();
    if (value) {
      this.kept.set(scoped, value);
      if (this.kept.size > this.capacity) this.kept.delete(this.kept.keys().next().value as string);
    }
    return value;
  }

  /** The value kept for this run under key, used once: the next call reads afresh. */
  async take<V>(key: string, read: () => Promise<V | null | undefined>): Promise<V | null | undefined> {
    const scoped = this.scoped(key);
    if (scoped !== undefined && this.kept.has(scoped)) {
      const value = this.kept.get(scoped) as V;
      this.kept.delete(scoped);
      return value;
    }
    return read();
  }

  private scoped(key: string): string | undefined {
    const scope = this.scope();
    return scope === undefined ? undefined : `${scope}|${key}`;
  }
}
