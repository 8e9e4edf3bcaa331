import { hostname } from 'node:os';
import { z } from 'zod';

export const DEFAULT_METRICS_PATH = '/metrics';
/** Instance ids travel in a response header: keep them short and header-safe. */
export const MAX_INSTANCE_ID_LENGTH = 64;
export const INSTANCE_HEADER = 'x-newsgraph-instance';

const onOff = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes' || v === 'on');

/** The operations part of the server configuration (merged into serverConfigSchema). */
export const observabilityConfigShape = {
  metrics: z.union([z.boolean(), onOff]).default(true),
  metricsPath: z
    .string()
    .regex(/^\/[\w./-]*$/, 'must be a path such as /metrics')
    .default(DEFAULT_METRICS_PATH),
  instanceId: z
    .string()
    .regex(/^[\w.:-]+$/, 'letters, digits, ".", ":", "_" and "-" only')
    .max(MAX_INSTANCE_ID_LENGTH)
    .default(() => hostname().slice(0, MAX_INSTANCE_ID_LENGTH) || 'newsgraph'),
  otlpEndpoint: z.url().optional(),
};

export type ObservabilityConfig = z.output<z.ZodObject<typeof observabilityConfigShape>>;

/** Environment variables of the operations settings, for `--help` and the README. */
export const OBSERVABILITY_CONFIG_SOURCES = [
  {
    flag: undefined,
    env: 'NEWSGRAPH_METRICS',
    key: 'metrics',
    help: 'serve Prometheus metrics (default on)',
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_METRICS_PATH',
    key: 'metricsPath',
    help: `path of the Prometheus endpoint (default ${DEFAULT_METRICS_PATH})`,
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_INSTANCE_ID',
    key: 'instanceId',
    help: `sent as ${INSTANCE_HEADER} and in logs/metrics (default: host name)`,
  },
  {
    flag: undefined,
    env: 'OTEL_EXPORTER_OTLP_ENDPOINT',
    key: 'otlpEndpoint',
    help: 'OTLP/HTTP collector URL; traces are exported there (default: tracing off)',
  },
] as const;
