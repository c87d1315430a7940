/**
 * The one pino logger factory. JSON by default (for log shipping); LOG_FORMAT=pretty for a terminal.
 * Every personal key is redacted at any depth, and errors are logged by type and code only, as a safety net:
 * the code should never log values in the first place.
 */
import pino, { type Logger } from 'pino';
import { redactPersonal } from './personal-data';

/** `destination`: where JSON lines go instead of stdout (a test reads every line back). */
export function createLogger(
  opts: { level?: string; format?: 'json' | 'pretty'; name?: string; destination?: pino.DestinationStream } = {},
): Logger {
  const options: pino.LoggerOptions = {
    name: opts.name ?? 'esr-person-update',
    level: opts.level ?? 'info',
    formatters: {
      bindings: (bindings) => redactPersonal(bindings) as Record<string, unknown>,
      log: (object) => redactPersonal(object) as Record<string, unknown>,
    },
    hooks: {
      // Child bindings skip the formatters (pino applies them to the root only): each finished line is checked too.
      streamWrite: (line) => {
        try {
          return `${JSON.stringify(redactPersonal(JSON.parse(line)))}\n`;
        } catch {
          return line;
        }
      },
    },
    ...(opts.format === 'pretty'
      ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss' } } }
      : {}),
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}

export type { Logger };
