/**
 * Every environment variable the service reads, with defaults and validation, in one place.
 * A bad value is a start-up error that names the variable (and never echoes a secret).
 */
import path from 'node:path';
import { z } from 'zod';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);

const schema = z
  .object({
    TEMPORAL_ADDRESS: z
      .string()
      .regex(/^[^\s:]+:\d+$/, 'expected host:port')
      .default('localhost:7233'),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
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
    NOTIFY_URL: z.preprocess(emptyAsUndefined, z.string().url('expected an http(s) URL').optional()),
    NOTIFY_SECRET: z.preprocess(emptyAsUndefined, z.string().min(16, 'expected at least 16 characters').optional()),
    NOTIFY_TIMEOUT_MS: positiveInt(5000),
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
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.NOTIFY_URL && !cfg.NOTIFY_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['NOTIFY_SECRET'], message: 'required when NOTIFY_URL is set' });
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

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '?'), message: issue.message })),
    );
  }
  return result.data;
}

/** The variables with their meaning, for `--help` texts and the README. */
export const CONFIG_VARIABLES = Object.keys(schema._def.schema.shape) as (keyof Config)[];
