import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The demo accounts' password: PORTAL_DEMO_PASSWORD when set; else one generated on first start and kept, readable
 * by this user only (0600), in `<dataDir>/portal-demo-password`, so that it stays the same across restarts.
 */
export function demoPassword(dataDir: string, fromEnv?: string): { password: string; file?: string } {
  if (fromEnv) return { password: fromEnv };
  const file = path.join(dataDir, 'portal-demo-password');
  if (fs.existsSync(file)) return { password: fs.readFileSync(file, 'utf8').trim(), file };
  fs.mkdirSync(dataDir, { recursive: true });
  const password = randomBytes(12).toString('base64url');
  fs.writeFileSync(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
  return { password, file };
}
