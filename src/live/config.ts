import { z } from 'zod';
import { DEFAULT_MAX_WAIT_MS, DEFAULT_QUIET_MS } from './watcher.ts';

/** Above this a debounce is a delay nobody wants; below 1 ms it is no debounce. */
export const MAX_DEBOUNCE_MS = 60_000;

const milliseconds = z.coerce.number().int().min(1).max(MAX_DEBOUNCE_MS);

/** The watch settings of the server configuration (merged into serverConfigSchema). */
export const liveConfigShape = {
  watchQuietMs: milliseconds.default(DEFAULT_QUIET_MS),
  watchMaxWaitMs: milliseconds.default(DEFAULT_MAX_WAIT_MS),
};

/** Environment variables of the watch settings, for `--help` and the README. */
export const LIVE_CONFIG_SOURCES = [
  {
    flag: undefined,
    env: 'NEWSGRAPH_WATCH_QUIET_MS',
    key: 'watchQuietMs',
    help: 'watch: reload once no seed file changed for this many milliseconds',
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_WATCH_MAX_WAIT_MS',
    key: 'watchMaxWaitMs',
    help: 'watch: reload at the latest this many milliseconds after the first change of a burst',
  },
] as const;
