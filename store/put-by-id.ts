import { MongoServerError, type Collection, type Document, type WithoutId } from 'mongodb';
import { DUPLICATE_KEY } from './insert-once';

/**
 * Writes the whole document with this `_id`, creating it if absent: what `replaceOne(..., { upsert: true })` does,
 * without the upsert, which FerretDB answers by scanning the collection. A replace by `_id` and an insert are both
 * pushed down; a concurrent insert of the same `_id` between the two loses to our replace.
 */
export async function putById<T extends Document & { _id: string }>(
  collection: Collection<T>,
  _id: string,
  doc: WithoutId<T>,
): Promise<void> {
  const filter = { _id } as unknown as Parameters<Collection<T>['replaceOne']>[0];
  const { matchedCount } = await collection.replaceOne(filter, doc);
  if (matchedCount > 0) return;
  try {
    await collection.insertOne({ ...doc, _id } as unknown as Parameters<Collection<T>['insertOne']>[0]);
  } catch (err) {
    if (!(err instanceof MongoServerError) || err.code !== DUPLICATE_KEY) throw err;
    await collection.replaceOne(filter, doc);
  }
}
