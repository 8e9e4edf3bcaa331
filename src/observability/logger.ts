import { type Logger, pino } from 'pino';

/** Paths pino blanks wherever they appear, in case a request or record is ever logged whole. */
export const REDACTED_PATHS = [
  'previewToken',
  'config.previewToken',
  'req.headers.authorization',
  'headers.authorization',
  'secured',
  '*.secured',
];

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function createLogger(level: LogLevel, destination?: NodeJS.WritableStream) {
  const options = { level, base: { service: 'newsgraph' }, redact: REDACTED_PATHS };
  return destination ? pino(options, destination) : pino(options);
}
