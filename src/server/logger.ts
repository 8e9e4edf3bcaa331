import { type Logger, pino } from 'pino';
import type { ServerConfig } from './config.ts';

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

export function createLogger(level: ServerConfig['logLevel'], destination?: NodeJS.WritableStream) {
  const options = { level, base: { service: 'newsgraph' }, redact: REDACTED_PATHS };
  return destination ? pino(options, destination) : pino(options);
}
