import { ApplicationFailure } from '@temporalio/activity';
import { MongoServerError } from 'mongodb';
import { FailureType } from '../src/failure-types';

/**
 * MongoDB error codes that say the request itself is wrong, so no retry can help: a path through a non-object
 * (28, PathNotViable: `contactDetails` a string in an old TIS record), a mistyped value, a document that fails
 * validation or is too large. Everything else (network, elections, timeouts, duplicate keys handled where they
 * arise, and the generic BadValue and FailedToParse, which a server restarting can answer too) stays retryable.
 */
export const PERMANENT_DATABASE_ERRORS: ReadonlyMap<number, string> = new Map([
  [14, 'TypeMismatch'],
  [28, 'PathNotViable'],
  [40, 'ConflictingUpdateOperators'],
  [52, 'DollarPrefixedFieldName'],
  [55, 'InvalidDBRef'],
  [56, 'EmptyFieldName'],
  [57, 'DottedFieldName'],
  [66, 'ImmutableField'],
  [111, 'NotExactValueField'],
  [121, 'DocumentValidationFailure'],
  [10334, 'BSONObjectTooLarge'],
  [17419, 'DocumentTooLarge'],
]);

/**
 * The error a permanent MongoDB refusal becomes: non-retryable, naming the code only, since the server's message can
 * quote the document's values (personal data).
 */
export function asPermanentFailure(err: unknown): unknown {
  if (!(err instanceof MongoServerError) || typeof err.code !== 'number') return err;
  const name = PERMANENT_DATABASE_ERRORS.get(err.code);
  if (!name) return err;
  return ApplicationFailure.create({
    type: FailureType.DatabaseRejected,
    message: `MongoDB refused the write for good: code ${err.code} (${name}); the TIS record may be of an older shape`,
    nonRetryable: true,
  });
}

/** Every activity of the record, its permanent MongoDB refusals made non-retryable. */
export function withPermanentDatabaseErrors<T extends Record<string, (...args: never[]) => Promise<unknown>>>(
  activities: T,
): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    // A named function, so the worker still registers it under its own name.
    wrapped[name] = {
      [name]: async (...args: never[]) => {
        try {
          return await fn(...args);
        } catch (err) {
          throw asPermanentFailure(err);
        }
      },
    }[name];
  }
  return wrapped as T;
}
