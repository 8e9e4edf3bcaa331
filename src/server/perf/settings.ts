import { z } from 'zod';
import { settingSwitch } from '../../config/switch.ts';
import { DEFAULT_RESPONSE_CACHE_MAX_BYTES } from './response-cache.ts';

/** The speed part of the server configuration (merged into serverConfigSchema). */
export const performanceConfigShape = {
  jit: settingSwitch.default(true),
  responseCache: settingSwitch.default(true),
  leanMisses: settingSwitch.default(true),
  responseCacheMaxBytes: z.coerce
    .number()
    .int()
    .positive()
    .default(DEFAULT_RESPONSE_CACHE_MAX_BYTES),
};

export type PerformanceConfig = z.output<z.ZodObject<typeof performanceConfigShape>>;

/** Environment variables of the speed settings, for `--help` and the README. */
export const PERFORMANCE_CONFIG_SOURCES = [
  {
    flag: undefined,
    env: 'NEWSGRAPH_JIT',
    key: 'jit',
    help: 'on|off: compile repeated operations with graphql-jit',
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_RESPONSE_CACHE',
    key: 'responseCache',
    help: 'on|off: reuse whole answers (and rendered feeds) per audience until a change moves their cache tags; ETag/304',
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_LEAN_MISSES',
    key: 'leanMisses',
    help: 'on|off: execute repeated public queries before Yoga (same validation, limits, headers, metrics); needs NEWSGRAPH_JIT, off with tracing',
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_RESPONSE_CACHE_MAX_BYTES',
    key: 'responseCacheMaxBytes',
    help: 'bytes of JSON answers the response cache keeps (64 MiB); least recently used go first',
  },
] as const;
