/**
 * "Empty never erases": an empty ESR field means ESR holds no value, not that TIS's value should go.
 * The one place this rule lives; the diff asks it about every incoming value.
 */
export function mayApply(incoming: string | undefined): incoming is string {
  return incoming !== undefined && incoming.trim() !== '';
}
