import { z } from 'zod';
import { DEFAULT_RESPONSE_CACHE_MAX_BYTES } from './response-cache.ts';

const onOff = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes' || v === 'on');
const flag = z.union([z.boolean(), onOff]);

/** The speed part of the server configuration (merged into serverConfigSchema). */
export const performanceConfigShape = {
  jit: flag.default(true),
  responseCache: flag.default(true),
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
    help: 'on|off: reuse whole answers (and rendered feeds) per snapshot and audience; ETag/304',
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_RESPONSE_CACHE_MAX_BYTES',
    key: 'responseCacheMaxBytes',
    help: 'bytes of JSON answers the response cache keeps (64 MiB); least recently used go first',
  },
] as const;
