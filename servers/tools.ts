import fs from 'node:fs';
import path from 'node:path';

/** Where set-up installs the embedded servers; git-ignored. */
export const TOOLS_DIR = path.resolve(__dirname, '..', '.tools');
export const TOOLS_BIN = path.join(TOOLS_DIR, 'bin');

/**
 * The pinned embedded servers. Temporal CLI v1.5.1 is the last tag that `go install` can build; FerretDB is
 * built from its embeddable package at v1.24.2 (see servers/ferretdb/main.go for why not its own command).
 */
export const PINNED = {
  temporal: { module: 'github.com/temporalio/cli/cmd/temporal', version: 'v1.5.1' },
  ferretdb: { module: 'github.com/FerretDB/FerretDB', version: 'v1.24.2' },
  // Prometheus 3's promtool (its Go module is versioned v0.3xx): validates and unit-tests deploy/prometheus's rules.
  promtool: { module: 'github.com/prometheus/prometheus/cmd/promtool', version: 'v0.316.0' },
} as const;

export const temporalBinary = (): string => process.env.TEMPORAL_CLI_PATH ?? path.join(TOOLS_BIN, 'temporal');
export const ferretdbBinary = (): string => process.env.FERRETDB_PATH ?? path.join(TOOLS_BIN, 'ferretdb');
export const promtoolBinary = (): string => process.env.PROMTOOL_PATH ?? path.join(TOOLS_BIN, 'promtool');

/** Records what set-up installed, since none of the binaries reports its release tag. */
export const STAMP_FILE = path.join(TOOLS_DIR, 'installed.json');

/** Debian's Chromium, for the UI test; playwright-core drives it and never downloads a browser. */
export const chromiumPath = (): string => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The folder of Debian's PostgreSQL server binaries (initdb, postgres, pg_isready, psql), which are not on PATH:
 * POSTGRES_BIN_DIR when set, else the newest /usr/lib/postgresql/<major>/bin holding initdb; undefined when none.
 */
export function postgresBinDir(): string | undefined {
  if (process.env.POSTGRES_BIN_DIR) return process.env.POSTGRES_BIN_DIR;
  const root = '/usr/lib/postgresql';
  let majors: string[];
  try {
    majors = fs.readdirSync(root);
  } catch {
    return undefined;
  }
  return majors
    .filter((m) => /^\d+(\.\d+)?$/.test(m) && fs.existsSync(path.join(root, m, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
    .map((m) => path.join(root, m, 'bin'))[0];
}
