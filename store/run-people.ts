import type { PersonDocument } from '../src/tis/person-document';
import { RunScopedCache } from './run-scoped-cache';
import type { Collections } from './store';

/**
 * TIS people read whole by `_id` for one trainee's workflow run: matching reads the person and the placement check
 * uses that same read instead of asking again. The diff reads afresh (`fresh`), under the trainee's lease, since
 * another run may have changed the person between matching and the lease; the update is version-guarded either way.
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

  /** The person as TIS holds it now, whatever this run read before (the read kept is dropped). */
  async fresh(personId: string): Promise<PersonDocument | null> {
    await this.kept.take(personId, async () => null);
    return this.read(personId);
  }

  private read(personId: string): Promise<PersonDocument | null> {
    return this.store.people.findOne({ _id: personId });
  }
}
