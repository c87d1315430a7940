/**
 * Whether a TIS person document has the shape this service reads and writes. Older records (imported from paper,
 * written by earlier TIS releases) can hold a string where an object is expected, no `version`, or `placements`
 * null; writing into them fails for good (MongoDB's PathNotViable) or corrupts the version guard (undefined + 1).
 * Such a trainee is held for a person to correct the record in TIS, and the rest of the day goes on.
 *
 * Each problem names a field and what it holds instead, never a value.
 */
export function documentShapeProblems(person: unknown): string[] {
  if (!isObject(person)) return [`the document is ${kindOf(person)}`];
  const problems: string[] = [];
  const version = person.version;
  if (version === undefined) problems.push('version is missing');
  else if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0)
    problems.push(`version is ${kindOf(version)}, not a whole number`);
  for (const field of ['identifiers', 'contactDetails', 'personalDetails', 'fieldUpdatedAt'] as const) {
    const value = person[field];
    if (value !== undefined && !isObject(value)) problems.push(`${field} is ${kindOf(value)}, not an object`);
  }
  const placements = person.placements;
  if (placements === undefined) problems.push('placements is missing');
  else if (!Array.isArray(placements)) problems.push(`placements is ${kindOf(placements)}, not a list`);
  else if (placements.some((p) => !isObject(p))) problems.push('placements holds an entry that is not an object');
  return problems;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a value is, in words an operator reads: never the value itself. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}
