import { MongoServerError, type Collection, type Document, type WithoutId } from 'mongodb';
import { DUPLICATE_KEY } from './insert-once';

/**
 * Writes the whole document with this `_id`, creating it if absent: what `replaceOne(..., { upsert: true })` does,
 * without the upsert, which FerretDB answers by scanning the collection. Most documents written this way are new
 * (a day's outcome, a first link, a change set), so the insert comes first and a duplicate is replaced by `_id`.
 * Returns true when it created the document.
 */
export async function putById<T extends Document & { _id: string }>(
  collection: Collection<T>,
  _id: string,
  doc: WithoutId<T>,
): Promise<boolean> {
  try {
    await collection.insertOne({ ...doc, _id } as unknown as Parameters<Collection<T>['insertOne']>[0]);
    return true;
  } catch (err) {
    if (!(err instanceof MongoServerError) || err.code !== DUPLICATE_KEY) throw err;
    await collection.replaceOne({ _id } as unknown as Parameters<Collection<T>['replaceOne']>[0], doc);
    return false;
  }
}
