import { type DestinationStream, type Logger, pino } from 'pino';

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

/**
 * Log lines to stdout are gathered up to this many bytes and written together: one write system
 * call per line (pino's default) cost more than answering a response-cache hit, and at info
 * level every request logs a line.
 */
export const LOG_BUFFER_BYTES = 4096;
/** ... and written at least this often, so that a quiet server's lines still show at once. */
export const LOG_FLUSH_MS = 100;

type BufferedStdout = DestinationStream & { flush(): void; readonly _len?: number };
let stdout: BufferedStdout | undefined;

/**
 * The process's stdout as a buffered log destination, one for every logger. pino writes what is
 * left when the process exits (also after an uncaught exception); only a SIGKILL can lose up to
 * LOG_FLUSH_MS of lines.
 */
function bufferedStdout(): BufferedStdout {
  if (stdout) return stdout;
  const stream = pino.destination({ dest: 1, sync: false, minLength: LOG_BUFFER_BYTES });
  const buffered = stream as unknown as BufferedStdout;
  // Nothing waiting (sonic-boom's pending length): no empty write.
  setInterval(() => {
    if (buffered._len !== 0) buffered.flush();
  }, LOG_FLUSH_MS).unref();
  stdout = buffered;
  return buffered;
}

export function createLogger(level: LogLevel, destination?: NodeJS.WritableStream) {
  const options = { level, base: { service: 'newsgraph' }, redact: REDACTED_PATHS };
  return pino(options, destination ?? bufferedStdout());
}

/** What the HTTP access log line of one request says. */
export interface AccessLogLine {
  readonly reqId: string;
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly status: number;
  readonly ms: number;
}

/**
 * The logger of the per-request access line: `logger` without redaction, which is a no-op on
 * this line (none of REDACTED_PATHS is one of its fields, and redaction matches keys, never
 * values) yet was two thirds of its cost.
 */
export function accessLogger(logger: Logger): (line: AccessLogLine) => void {
  const access = logger.child({}, { redact: [] });
  return (line) => access.info(line, 'request');
}
