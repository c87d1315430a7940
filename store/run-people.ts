import type { PersonDocument } from '../src/tis/person-document';
import { RunScopedCache } from './run-scoped-cache';
import type { Collections } from './store';

/**
 * TIS people read whole by `_id` for one trainee's workflow run: matching reads the person, the placement check and
 * the first diff use that same read instead of asking again. The diff takes it (uses it once), so a re-diff after
 * a version conflict, or a retried diff, reads the person afresh; the update is version-guarded either way.
 */
export class RunPeople {
  private readonly kept: RunScopedCache;

  constructor(
    private readonly store: Pick<Collections, 'people'>,
    scope: () => string | undefined,
    /** Whole documents: a few per trainee in flight is plenty. */
    capacity = 1_000,
  ) {
    this.kept = new RunScopedCache(scope, capacity);
  }

  /** The person, read once for this run. */
  get(personId: string): Promise<PersonDocument | null | undefined> {
    return this.kept.keep(personId, () => this.read(personId));
  }

  /** The person as read earlier in this run, then forgotten: the next call reads afresh. */
  take(personId: string): Promise<PersonDocument | null | undefined> {
    return this.kept.take(personId, () => this.read(personId));
  }

  /** The person as TIS holds it now, whatever this run read before (the read kept is dropped). */
  async fresh(personId: string): Promise<PersonDocument | null> {
    await this.kept.take(personId, async () => null);
    return this.read(personId);
  }

  private read(personId: string): Promise<PersonDocument | null> {
    return this.store.people.findOne({ _id: personId });
  }
}
