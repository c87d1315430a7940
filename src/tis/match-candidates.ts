/**
 * Matching without a scan per trainee: the day's match filters (from {@link matchQueries}) are answered for all
 * trainees in one pass over `people`, as candidate ids that each trainee re-checks by `_id` at match time.
 * A filter here is an equality on dotted paths, as MongoDB reads it for the scalar values TIS holds.
 */
import { valueAt } from './diff-person';

export type MatchFilter = Record<string, unknown>;

const isScalar = (v: unknown): v is string | number | boolean =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** The paths a filter tests, sorted: filters of one shape are answered from the same person fields. */
export function filterShape(filter: MatchFilter): string[] {
  return Object.keys(filter).sort();
}

function keyOf(shape: string[], values: unknown[]): string {
  return JSON.stringify(shape.map((p, i) => [p, values[i]]));
}

/** One string per filter: equal strings, equal questions. */
export function filterKey(filter: MatchFilter): string {
  const shape = filterShape(filter);
  return keyOf(
    shape,
    shape.map((p) => filter[p]),
  );
}

/** The keys of the filters of these shapes that this person satisfies. */
export function personKeys(person: object, shapes: string[][]): string[] {
  const keys: string[] = [];
  for (const shape of shapes) {
    const values = shape.map((p) => valueAt(person, p));
    if (values.every(isScalar)) keys.push(keyOf(shape, values));
  }
  return keys;
}

/** Whether the person still satisfies the filter: the re-check of a candidate read by `_id`. */
export function filterMatches(filter: MatchFilter, person: object): boolean {
  return Object.entries(filter).every(([path, wanted]) => {
    const value = valueAt(person, path);
    return isScalar(value) && value === wanted;
  });
}

/** The distinct shapes among filters, for {@link personKeys}. */
export function distinctShapes(filters: MatchFilter[]): string[][] {
  const shapes = new Map<string, string[]>();
  for (const f of filters) {
    const shape = filterShape(f);
    shapes.set(shape.join('\n'), shape);
  }
  return [...shapes.values()];
}
