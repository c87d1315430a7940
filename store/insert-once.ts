import { MongoBulkWriteError, type Collection, type Document, type OptionalUnlessRequiredId } from 'mongodb';

export const DUPLICATE_KEY = 11000;

/**
 * Inserts documents keyed by business ids, skipping those already there: idempotent for records that never change
 * (staged rows, findings, audit entries), so activity retries are safe. Plain inserts, not upserts, because
 * FerretDB answers an upsert by scanning the collection but an insert at once. Returns the indexes skipped.
 */
export async function insertOnce<T extends Document>(
  collection: Collection<T>,
  docs: OptionalUnlessRequiredId<T>[],
): Promise<number[]> {
  if (docs.length === 0) return [];
  try {
    await collection.insertMany(docs, { ordered: false });
    return [];
  } catch (err) {
    if (!(err instanceof MongoBulkWriteError)) throw err;
    const errors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
    const other = errors.find((e) => e.code !== DUPLICATE_KEY);
    if (other) throw err;
    return errors.map((e) => e.index);
  }
}
