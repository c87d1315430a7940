import { LOCAL_OFFICES, type LocalOffice } from '../src/extract/types';
import type { DemoAccount } from '../servers/oidc-provider';
import { demoTrustsOf } from './generate-demo-data';

/**
 * The local provider's demo accounts (spec, "Operating contract"): `tis-admin` sees every trust;
 * `<office>-office` (lower case, e.g. `eoe-office`) the trusts in that office's files; `<ods>-esr` (e.g. `rgt-esr`)
 * its own trust. One per office and per trust the demo generator knows, and per trust code given (found in data).
 */
export function demoPortalAccounts(moreTrusts: readonly string[] = []): Map<string, DemoAccount> {
  const accounts = new Map<string, DemoAccount>([['tis-admin', { name: 'TIS administrator', access: ['tis'] }]]);
  const trusts = new Set(moreTrusts);
  for (const office of LOCAL_OFFICES as readonly LocalOffice[]) {
    accounts.set(`${office.toLowerCase()}-office`, { name: `${office} local office`, access: [`office:${office}`] });
    for (const t of demoTrustsOf(office)) trusts.add(t);
  }
  for (const trust of [...trusts].sort())
    accounts.set(`${trust.toLowerCase()}-esr`, { name: `${trust} ESR team`, access: [`trust:${trust}`] });
  return accounts;
}
