/**
 * Every environment variable the service reads, with defaults and validation, in one place.
 * A bad value is a start-up error that names the variable (and never echoes a secret).
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parsePayloadKeys } from './codec/payload-keys';
import { LOCAL_OFFICES, type LocalOffice } from './extract/types';
import { notifyUrlAllowed } from './notify/endpoint-url';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);
/** A share of rows, 0 to 1; 1 switches a check off (a share can never be above it). */
const share = (fallback: number) => z.coerce.number().min(0).max(1, 'expected a share from 0 to 1').default(fallback);

const DURATION_UNITS_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `90s`, `30m`, `24h`, `2d` → milliseconds. */
const duration = (fallback: string) =>
  z
    .string()
    .regex(/^[1-9]\d*[smhd]$/, 'expected a whole number and a unit, e.g. 90s, 30m, 24h or 2d')
    .default(fallback)
    .transform((v) => Number(v.slice(0, -1)) * DURATION_UNITS_MS[v.slice(-1) as keyof typeof DURATION_UNITS_MS]);

/** Comma-separated local office codes; `none` for none (a test or a partial environment). */
const officeList = z
  .string()
  .default(LOCAL_OFFICES.join(','))
  .transform((v, ctx) => {
    if (v.trim().toLowerCase() === 'none') return [] as LocalOffice[];
    const codes = [...new Set(v.split(',').map((c) => c.trim().toUpperCase()))].filter(Boolean);
    const unknown = codes.filter((c) => !(LOCAL_OFFICES as readonly string[]).includes(c));
    if (unknown.length || codes.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: `expected local office codes from ${LOCAL_OFFICES.join(' ')} (or none)${unknown.length ? `; unknown: ${unknown.join(' ')}` : ''}`,
      });
      return z.NEVER;
    }
    return LOCAL_OFFICES.filter((o) => codes.includes(o));
  });

const schema = z
  .object({
    TEMPORAL_ADDRESS: z
      .string()
      .regex(/^[^\s:]+:\d+$/, 'expected host:port')
      .default('localhost:7233'),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    // TLS to Temporal: client certificate and key (mTLS), and the CA that signed the server's (files, PEM).
    TEMPORAL_TLS_CERT: z.preprocess(emptyAsUndefined, z.string().optional()),
    TEMPORAL_TLS_KEY: z.preprocess(emptyAsUndefined, z.string().optional()),
    TEMPORAL_TLS_CA: z.preprocess(emptyAsUndefined, z.string().optional()),
    TEMPORAL_TLS_SERVER_NAME: z.preprocess(emptyAsUndefined, z.string().optional()),
    // Sent as a bearer token to Temporal (Temporal Cloud, or a server behind an authorising proxy); implies TLS.
    TEMPORAL_API_KEY: z.preprocess(emptyAsUndefined, z.string().optional()),
    // `<keyId>:<base64 of 32 bytes>`, comma separated: the first encrypts payloads, all decrypt.
    TEMPORAL_PAYLOAD_KEYS: z.preprocess(emptyAsUndefined, z.string().optional()),
    // Prometheus metrics, health and readiness of the worker (npm run worker; npm start). 0: a free port.
    METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
    METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    // The codec server the Web UI decodes payloads through (npm run codec; npm start runs one).
    CODEC_PORT: positiveInt(8234),
    // 127.0.0.1 unless a container must be reached from outside itself (compose: 0.0.0.0, published on loopback).
    CODEC_HOST: z.string().min(1).default('127.0.0.1'),
    // The Web UI's token (in its codec endpoint's path) and the token scripts and the CLI send as a bearer header.
    CODEC_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(24, 'expected at least 24 characters').optional()),
    CODEC_CLI_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(24, 'expected at least 24 characters').optional()),
    // The namespaces it serves (X-Namespace), comma separated; by default TEMPORAL_NAMESPACE.
    CODEC_NAMESPACES: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .optional()
        .transform((v) =>
          v
            ?.split(',')
            .map((n) => n.trim())
            .filter(Boolean),
        ),
    ),
    // Decoding an unencrypted payload is an error (the production image sets it).
    CODEC_STRICT: z
      .preprocess(emptyAsUndefined, z.enum(['true', 'false']).default('false'))
      .transform((v) => v === 'true'),
    // The one browser origin allowed to call it; by default the Web UI's (TEMPORAL_UI_URL).
    CODEC_CORS_ORIGIN: z.preprocess(emptyAsUndefined, z.string().url('expected an http(s) origin').optional()),
    TEMPORAL_UI_URL: z.string().url('expected an http(s) URL').default('http://localhost:8233'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('esr-person-update'),
    MONGODB_URI: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'expected a mongodb:// or mongodb+srv:// URI')
      .default('mongodb://127.0.0.1:27017'),
    TIS_DB: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,63}$/, 'expected a database name')
      .default('tis'),
    ESR_INBOX_DIR: z
      .string()
      .min(1)
      .default(path.resolve(__dirname, '..', '.data', 'inbox')),
    // The offices whose file is expected every day: a day without one lists it as MISSING.
    ESR_EXPECTED_OFFICES: z.preprocess(emptyAsUndefined, officeList),
    // Each trust's data-quality report is written here after each run: <trust>/<date>.csv|html, <date>.html.
    REPORTS_DIR: z
      .string()
      .min(1)
      .default(path.resolve(__dirname, '..', '.data', 'reports')),
    // The mass-change hold: a file above any of these waits for an operator before any of its trainees starts.
    MASS_CHANGE_MIN_ROWS: positiveInt(20),
    MASS_CHANGE_IDENTITY_SHARE: share(0.5),
    MASS_CHANGE_TRUST_SHARE: share(0.5),
    MASS_CHANGE_VOLUME_FACTOR: z.coerce.number().min(1).default(10),
    MASS_CHANGE_HISTORY_DAYS: positiveInt(14),
    APPROVAL_TIMEOUT: z.preprocess(emptyAsUndefined, duration('24h')),
    NOTIFY_URL: z.preprocess(emptyAsUndefined, z.string().url('expected an http(s) URL').optional()),
    NOTIFY_SECRET: z.preprocess(emptyAsUndefined, z.string().min(16, 'expected at least 16 characters').optional()),
    // During a rotation, the other secret: events are signed with both (a second v1=), receivers accept either.
    NOTIFY_SECRET_SECONDARY: z.preprocess(
      emptyAsUndefined,
      z.string().min(16, 'expected at least 16 characters').optional(),
    ),
    NOTIFY_TIMEOUT_MS: positiveInt(5000),
    // Staged rows, row errors and inbox files older than this are purged (processed files archived first).
    RETENTION_DAYS: positiveInt(90),
    // The embedded stack's log files (npm start: .data): retention deletes those not written to within RETENTION_DAYS.
    ESR_LOG_DIR: z.preprocess(emptyAsUndefined, z.string().min(1).optional()),
    // Where processed inbox files are moved before the purge; by default beside the inbox.
    ESR_ARCHIVE_DIR: z.preprocess(emptyAsUndefined, z.string().min(1).optional()),
    RETENTION_RUN_TIME: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24-hour, Europe/London)')
      .default('03:30'),
    /** A file modified more recently than this (or still growing while read) is left for the next run. */
    ESR_FILE_MIN_AGE_MS: z.coerce.number().int().min(0).default(60_000),
    /** How often the outbox relay (its own Schedule) sends the change events still PENDING. */
    OUTBOX_RELAY_EVERY: z.preprocess(emptyAsUndefined, duration('5m')),
    /** Events younger than this are left to the trainee's workflow delivering them; 0 in tests. */
    OUTBOX_RELAY_GRACE_MS: z.coerce.number().int().min(0).default(120_000),
    DAILY_RUN_TIME: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24-hour, Europe/London)')
      .default('06:00'),
    SCHEDULE_TIMEZONE: z.string().min(1).default('Europe/London'),
    CHILD_CONCURRENCY: positiveInt(50).pipe(
      z.number().max(1000, 'at most 1000 (Temporal allows 2000 pending children)'),
    ),
    WORKER_MAX_ACTIVITIES: positiveInt(20),
    WORKER_MAX_WORKFLOW_TASKS: positiveInt(40),
    WORKER_MAX_ACTIVITIES_PER_SECOND: z.preprocess(emptyAsUndefined, z.coerce.number().positive().optional()),
    // Set in the container image, which prebuilds it: the worker then skips bundling the workflows at start.
    WORKFLOW_BUNDLE_PATH: z.preprocess(emptyAsUndefined, z.string().optional()),
    // The data-quality portal (npm run portal): loopback by default, behind a TLS proxy in production.
    PORTAL_PORT: positiveInt(8235),
    PORTAL_HOST: z.string().min(1).default('127.0.0.1'),
    // The URL people's browsers reach the portal at (the OpenID redirect is built from it); default http://<host>:<port>.
    PORTAL_PUBLIC_URL: z.preprocess(emptyAsUndefined, z.string().url('expected an http(s) URL').optional()),
    // The OpenID provider people sign in with; unset, npm start / npm run portal run the project's own on loopback.
    PORTAL_OIDC_ISSUER: z.preprocess(emptyAsUndefined, z.string().url('expected an http(s) URL').optional()),
    PORTAL_OIDC_CLIENT_ID: z.preprocess(emptyAsUndefined, z.string().min(1).optional()),
    PORTAL_OIDC_CLIENT_SECRET: z.preprocess(emptyAsUndefined, z.string().min(1).optional()),
    // The claim (ID token or userinfo) listing what a user may see: `tis`, `office:<LO>`, `trust:<ODS>`.
    PORTAL_OIDC_ROLE_CLAIM: z.string().min(1).default('esr_portal_access'),
    // Signs the session cookie; unset, a random one per start (everyone signs in again after a restart).
    PORTAL_SESSION_SECRET: z.preprocess(
      emptyAsUndefined,
      z.string().min(32, 'expected at least 32 characters').optional(),
    ),
    // Trust X-Forwarded-* from a TLS-terminating proxy in front (cookies are then Secure).
    PORTAL_TRUST_PROXY: z.preprocess(emptyAsUndefined, z.enum(['true', 'false']).default('false')),
    // The project's own OpenID provider (local use only): its port, and the demo accounts' password.
    PORTAL_OIDC_LOCAL_PORT: positiveInt(8236),
    PORTAL_DEMO_PASSWORD: z.preprocess(
      emptyAsUndefined,
      z.string().min(8, 'expected at least 8 characters').optional(),
    ),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.NOTIFY_URL && !cfg.NOTIFY_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['NOTIFY_SECRET'], message: 'required when NOTIFY_URL is set' });
    }
    if (cfg.NOTIFY_URL && !notifyUrlAllowed(cfg.NOTIFY_URL)) {
      ctx.addIssue({ code: 'custom', path: ['NOTIFY_URL'], message: 'expected https (plain http only to loopback)' });
    }
    if (cfg.PORTAL_OIDC_ISSUER && !(cfg.PORTAL_OIDC_CLIENT_ID && cfg.PORTAL_OIDC_CLIENT_SECRET)) {
      const missing = cfg.PORTAL_OIDC_CLIENT_ID ? 'PORTAL_OIDC_CLIENT_SECRET' : 'PORTAL_OIDC_CLIENT_ID';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'required when PORTAL_OIDC_ISSUER is set' });
    }
    if (Boolean(cfg.TEMPORAL_TLS_CERT) !== Boolean(cfg.TEMPORAL_TLS_KEY)) {
      const missing = cfg.TEMPORAL_TLS_CERT ? 'TEMPORAL_TLS_KEY' : 'TEMPORAL_TLS_CERT';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'the client certificate and key go together' });
    }
    if (cfg.TEMPORAL_PAYLOAD_KEYS) {
      try {
        parsePayloadKeys(cfg.TEMPORAL_PAYLOAD_KEYS);
      } catch (err) {
        ctx.addIssue({ code: 'custom', path: ['TEMPORAL_PAYLOAD_KEYS'], message: (err as Error).message });
      }
    }
  });

export type Config = z.infer<typeof schema>;

/** Thrown when an environment variable has a bad value; names the variable, never its value. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`bad configuration: ${problems.map((p) => `${p.variable}: ${p.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * The secrets that may come from a file instead (`<NAME>_FILE`, e.g. a Docker secret under /run/secrets), so that
 * none needs to be on a command line or in the environment.
 */
export const SECRET_VARIABLES = [
  'MONGODB_URI',
  'TEMPORAL_PAYLOAD_KEYS',
  'TEMPORAL_API_KEY',
  'NOTIFY_SECRET',
  'NOTIFY_SECRET_SECONDARY',
  'CODEC_TOKEN',
  'CODEC_CLI_TOKEN',
  'PORTAL_OIDC_CLIENT_SECRET',
  'PORTAL_SESSION_SECRET',
] as const;

/** The environment with each `<NAME>_FILE` read into `<NAME>` (unless `<NAME>` is set itself). */
function withSecretFiles(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...env };
  const problems: { variable: string; message: string }[] = [];
  for (const name of SECRET_VARIABLES) {
    const file = env[`${name}_FILE`];
    if (!file || env[name]) continue;
    try {
      out[name] = fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      problems.push({ variable: `${name}_FILE`, message: `cannot read it (${(err as NodeJS.ErrnoException).code})` });
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return out;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = schema.safeParse(withSecretFiles(env));
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '?'), message: issue.message })),
    );
  }
  return result.data;
}

/** The variables with their meaning, for `--help` texts and the README. */
export const CONFIG_VARIABLES = Object.keys(schema._def.schema.shape) as (keyof Config)[];
