/**
 * Who may see which trust, from the identity provider's role claim. A claim value is a list (or a space- or
 * comma-separated string) of `tis` (TIS staff: every trust), `office:<LO>` (a local office: every trust whose rows
 * come in that office's files) and `trust:<ODS>` (a trust's ESR team). Anything else grants nothing.
 */

export interface Access {
  tis: boolean;
  /** Local office codes, upper case. */
  offices: string[];
  /** ODS codes, upper case. */
  trusts: string[];
}

export const NO_ACCESS: Access = { tis: false, offices: [], trusts: [] };

export function accessFromClaim(value: unknown): Access {
  const items = Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : typeof value === 'string'
      ? value.split(/[\s,]+/)
      : [];
  const access: Access = { tis: false, offices: [], trusts: [] };
  for (const raw of items) {
    const item = raw.trim();
    const [kind, code] = item.split(':', 2);
    if (item.toLowerCase() === 'tis') access.tis = true;
    else if (kind === 'office' && /^[A-Za-z]{2,3}$/.test(code ?? '')) access.offices.push(code.toUpperCase());
    else if (kind === 'trust' && /^[A-Za-z0-9]{3,5}$/.test(code ?? '')) access.trusts.push(code.toUpperCase());
  }
  access.offices = [...new Set(access.offices)].sort();
  access.trusts = [...new Set(access.trusts)].sort();
  return access;
}

/** Whether the user sees more than their own trusts: the ranking and the unattributed lines are for them. */
export const seesOffices = (access: Access): boolean => access.tis || access.offices.length > 0;

/**
 * The trusts a user may see, sorted: all for TIS staff; an office's trusts as its files carried them; a trust's
 * own code always (even before its first report).
 */
export function visibleTrusts(
  access: Access,
  known: { trustsOf: Map<string, Set<string>>; allTrusts: string[] },
): string[] {
  const trusts = new Set<string>(access.trusts);
  if (access.tis) for (const t of known.allTrusts) trusts.add(t);
  for (const office of access.offices) for (const t of known.trustsOf.get(office) ?? []) trusts.add(t);
  return [...trusts].sort();
}

/** Which offices' files a user may see the unattributed lines of: all for TIS staff (undefined), else theirs. */
export const visibleOffices = (access: Access): string[] | undefined => (access.tis ? undefined : access.offices);
