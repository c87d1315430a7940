/**
 * The one pino logger factory. JSON by default (for log shipping); LOG_FORMAT=pretty for a terminal.
 * PII paths are redacted as a safety net: the code should never log values in the first place.
 */
import pino, { type Logger } from 'pino';

export const REDACTED_PATHS = [
  'nino',
  'dateOfBirth',
  'homePhone',
  'mobilePhone',
  'email',
  'postcode',
  'addressLine1',
  'addressLine2',
  'addressLine3',
  'town',
  '*.nino',
  '*.dateOfBirth',
  '*.homePhone',
  '*.mobilePhone',
  '*.email',
  '*.postcode',
  '*.addressLine1',
  '*.addressLine2',
  '*.addressLine3',
  '*.town',
  '*.nationalInsuranceNumber',
  '*.telephoneNumber',
  '*.mobileNumber',
  '*.workEmail',
  '*.postCode',
  '*.before',
  '*.after',
  'before',
  'after',
  'values',
  '*.values',
  'row',
  '*.row',
  'personalDetails',
  'contactDetails',
  '*.personalDetails',
  '*.contactDetails',
  'headers["x-signature"]',
];

export function createLogger(opts: { level?: string; format?: 'json' | 'pretty'; name?: string } = {}): Logger {
  return pino({
    name: opts.name ?? 'esr-person-update',
    level: opts.level ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(opts.format === 'pretty'
      ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss' } } }
      : {}),
  });
}

export type { Logger };
