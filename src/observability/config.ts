import { hostname } from 'node:os';
import { z } from 'zod';
import { settingSwitch } from '../config/switch.ts';

export const DEFAULT_METRICS_PATH = '/metrics';
/** About 1,400 series per histogram at the cap: a dashboard's worth of named operations. */
export const DEFAULT_METRICS_MAX_OPERATIONS = 100;
/** Instance ids travel in a response header: keep them short and header-safe. */
export const MAX_INSTANCE_ID_LENGTH = 64;
export const INSTANCE_HEADER = 'x-newsgraph-instance';

/** The operations part of the server configuration (merged into serverConfigSchema). */
export const observabilityConfigShape = {
  metrics: settingSwitch.default(true),
  metricsPath: z
    .string()
    .regex(/^\/[\w./-]*$/, 'must be a path such as /metrics')
    .default(DEFAULT_METRICS_PATH),
  /** A listener of its own for Prometheus; the main port then has no metrics path. */
  metricsPort: z.coerce.number().int().min(0).max(65_535).optional(),
  metricsMaxOperations: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(DEFAULT_METRICS_MAX_OPERATIONS),
  instanceId: z
    .string()
    .regex(/^[\w.:-]+$/, 'letters, digits, ".", ":", "_" and "-" only')
    .max(MAX_INSTANCE_ID_LENGTH)
    .default(() => hostname().slice(0, MAX_INSTANCE_ID_LENGTH) || 'newsgraph'),
  otlpEndpoint: z.url().optional(),
  /** The traces-only endpoint wins over otlpEndpoint, as the OpenTelemetry spec says. */
  otlpTracesEndpoint: z.url().optional(),
  otelServiceName: z.string().min(1).optional(),
  /** The standard switch that keeps an endpoint configured but idle: "true" in any case. */
  otelSdkDisabled: z
    .string()
    .transform((value) => value.trim().toLowerCase() === 'true')
    .default(false),
};

export type ObservabilityConfig = z.output<z.ZodObject<typeof observabilityConfigShape>>;

/** Environment variables of the operations settings, for `--help` and the README. */
export const OBSERVABILITY_CONFIG_SOURCES = [
  {
    flag: undefined,
    env: 'NEWSGRAPH_METRICS',
    key: 'metrics',
    help: 'on|off: serve Prometheus metrics',
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_METRICS_PATH',
    key: 'metricsPath',
    help: `path of the Prometheus endpoint`,
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_METRICS_PORT',
    key: 'metricsPort',
    default: 'unset: the GraphQL port',
    help: 'serve metrics on this port only, not the GraphQL port',
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_METRICS_MAX_OPERATIONS',
    key: 'metricsMaxOperations',
    help: `operation names with metric series of their own; later ones share "(other)"`,
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_INSTANCE_ID',
    key: 'instanceId',
    default: 'the host name',
    help: `sent as ${INSTANCE_HEADER} and in logs/metrics`,
  },
  {
    flag: undefined,
    env: 'OTEL_EXPORTER_OTLP_ENDPOINT',
    key: 'otlpEndpoint',
    default: 'unset: no tracing',
    help: 'OTLP/HTTP collector URL; traces are exported there',
  },
  {
    flag: undefined,
    env: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
    key: 'otlpTracesEndpoint',
    default: 'OTEL_EXPORTER_OTLP_ENDPOINT + v1/traces',
    help: 'OTLP/HTTP traces URL, used as given',
  },
  {
    flag: undefined,
    env: 'OTEL_SERVICE_NAME',
    key: 'otelServiceName',
    default: 'newsgraph',
    help: 'service name on exported spans',
  },
  {
    flag: undefined,
    env: 'OTEL_SDK_DISABLED',
    key: 'otelSdkDisabled',
    help: 'true: export no traces even with an endpoint set',
  },
] as const;

/** Two listeners cannot share a port (0 picks a free one for each). */
export function metricsPortDiffers(config: { port: number; metricsPort?: number | undefined }) {
  return (
    config.metricsPort === undefined ||
    config.metricsPort === 0 ||
    config.metricsPort !== config.port
  );
}
export const METRICS_PORT_TAKEN = {
  message: 'must differ from PORT',
  path: ['metricsPort'],
};
