/**
 * Compares a row's TIS values with the person, by the spec's rules: empty never erases, equal values are no
 * change, and newest wins: a field changed in TIS after the row's lastUpdated keeps its value and is a conflict.
 */
import { instantOf } from '../rules/precedence';
import { mayApply } from './empty-never-erases';
import type { TisFieldPath, TisFieldValue } from './map-to-tis';
import type { PersonDocument } from './person-document';

export interface PersonDiff {
  changes: { path: TisFieldPath; before?: string; after: string }[];
  conflicts: { path: TisFieldPath; tisUpdatedAt: string }[];
  unchanged: TisFieldPath[];
}

/** The value at a dotted path of a document, when it is a string. */
export function getPath(doc: object, path: string): string | undefined {
  const value = valueAt(doc, path);
  return typeof value === 'string' ? value : undefined;
}

/** A stamp as TIS may hold it: an ISO string, or a BSON date as the driver returns it. */
function asStamp(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  return typeof value === 'string' ? value : undefined;
}

export function valueAt(doc: object, path: string): unknown {
  let node: unknown = doc;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** When TIS last changed a field: the nested form we write, or a flat dotted key; the later if both. */
export function fieldUpdatedAt(person: PersonDocument, path: string): string | undefined {
  const stamps = (person.fieldUpdatedAt ?? {}) as Record<string, unknown>;
  const flat = asStamp(stamps[path]);
  const nested = asStamp(valueAt(stamps, path));
  if (flat && nested) return instantOf(flat) >= instantOf(nested) ? flat : nested;
  return flat ?? nested;
}

/** An edit time we cannot read (no offset, say) might be newer: hold the field rather than overwrite it. */
function mayBeNewer(tisUpdatedAt: string, esrAt: number): boolean {
  const tisAt = instantOf(tisUpdatedAt);
  return tisAt === Number.NEGATIVE_INFINITY || tisAt > esrAt;
}

export function diffPerson(person: PersonDocument, incoming: TisFieldValue[], esrLastUpdated: string): PersonDiff {
  const diff: PersonDiff = { changes: [], conflicts: [], unchanged: [] };
  const esrAt = instantOf(esrLastUpdated);
  for (const { path, value } of incoming) {
    if (!mayApply(value)) continue;
    const before = getPath(person, path);
    if (before === value) {
      diff.unchanged.push(path);
      continue;
    }
    const tisUpdatedAt = fieldUpdatedAt(person, path);
    if (tisUpdatedAt !== undefined && mayBeNewer(tisUpdatedAt, esrAt)) {
      diff.conflicts.push({ path, tisUpdatedAt });
      continue;
    }
    diff.changes.push({ path, ...(before !== undefined ? { before } : {}), after: value });
  }
  return diff;
}

function setPath(doc: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = doc;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    node = node[key] = next !== null && typeof next === 'object' ? { ...(next as Record<string, unknown>) } : {};
  }
  node[keys[keys.length - 1]] = value;
}

/**
 * The person after the diff: changed fields set, each stamped with the row's lastUpdated (not the time applied,
 * so that a later ESR change still applies), version + 1. No changes: the same document, no version bump.
 */
export function applyDiff(
  person: PersonDocument,
  diff: PersonDiff,
  esrLastUpdated: string,
  appliedAt: string,
): PersonDocument {
  if (diff.changes.length === 0) return person;
  const next = structuredClone(person) as unknown as Record<string, unknown>;
  next.fieldUpdatedAt = structuredClone(person.fieldUpdatedAt ?? {});
  for (const { path, after } of diff.changes) {
    setPath(next, path, after);
    setPath(next.fieldUpdatedAt as Record<string, unknown>, path, esrLastUpdated);
  }
  next.version = person.version + 1;
  next.updatedAt = appliedAt;
  return next as unknown as PersonDocument;
}
