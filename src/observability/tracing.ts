import { type Attributes, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Plugin } from 'graphql-yoga';
import type { ObservabilityConfig } from './config.ts';
import type { Logger } from './logger.ts';

export const TRACER_NAME = 'newsgraph';
export const DEFAULT_SERVICE_NAME = 'newsgraph';
export const CORPUS_LOAD_SPAN = 'newsgraph.corpus.load';
export const REQUEST_ID_ATTRIBUTE = 'newsgraph.request_id';
/** Probes and scrapes every few seconds would drown the traces that matter. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz']);

export interface Tracing {
  /** The Yoga plugin that opens HTTP, operation, parse, validate, context and execute spans. */
  readonly plugin: Plugin;
  /** Exports what is still buffered and stops the SDK. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  readonly config: Pick<
    ObservabilityConfig,
    | 'otlpEndpoint'
    | 'otlpTracesEndpoint'
    | 'otelServiceName'
    | 'otelSdkDisabled'
    | 'instanceId'
    | 'metricsPath'
  >;
  readonly logger: Logger;
  readonly version?: string;
}

/** The OTLP/HTTP traces URL: the signal-specific variable wins, as the OpenTelemetry spec says. */
export function tracesUrl(endpoint: string, tracesEndpoint: string | undefined): string {
  if (tracesEndpoint) return tracesEndpoint;
  return new URL('v1/traces', endpoint.endsWith('/') ? endpoint : `${endpoint}/`).href;
}

function hiveLogLevel(level: string) {
  if (level === 'silent') return false;
  if (level === 'fatal') return 'error';
  return level as 'trace' | 'debug' | 'info' | 'warn' | 'error';
}

/**
 * Starts the OpenTelemetry SDK and exporter when an OTLP endpoint is configured (and
 * OTEL_SDK_DISABLED is not `true`); otherwise nothing is loaded or started and spans (such as the
 * corpus load span) go to the API's no-op tracer. The packages are imported lazily: they are
 * large, and most runs do not trace.
 */
export async function startTracing(options: TracingOptions): Promise<Tracing | undefined> {
  const { config, logger } = options;
  if (!config.otlpEndpoint || config.otelSdkDisabled) return undefined;
  const [{ openTelemetrySetup }, { useOpenTelemetry }, { hive }, hiveLogger, pinoWriter] =
    await Promise.all([
      import('@graphql-hive/plugin-opentelemetry/setup'),
      import('@graphql-hive/plugin-opentelemetry'),
      import('@graphql-hive/plugin-opentelemetry/api'),
      import('@graphql-hive/logger'),
      import('@graphql-hive/logger/writers/pino'),
    ]);
  const [{ AsyncLocalStorageContextManager }, { OTLPTraceExporter }] = await Promise.all([
    import('@opentelemetry/context-async-hooks'),
    import('@opentelemetry/exporter-trace-otlp-http'),
  ]);
  const log = new hiveLogger.Logger({
    level: hiveLogLevel(logger.level),
    writers: [new pinoWriter.PinoLogWriter(logger.child({ component: 'opentelemetry' }))],
  });
  const url = tracesUrl(config.otlpEndpoint, config.otlpTracesEndpoint);
  openTelemetrySetup({
    contextManager: new AsyncLocalStorageContextManager(),
    resource: {
      serviceName: config.otelServiceName ?? DEFAULT_SERVICE_NAME,
      serviceVersion: options.version,
    },
    // OTLP/HTTP with JSON bodies, batched: exporting never holds up a request.
    traces: { exporter: new OTLPTraceExporter({ url }) },
    log,
  });
  const untraced = new Set([...UNTRACED_PATHS, config.metricsPath]);
  const otel = useOpenTelemetry({
    log,
    traces: {
      spans: { http: ({ request }) => !untraced.has(new URL(request.url).pathname) },
    },
  });
  const requestIds: Plugin = {
    onRequest({ request, serverContext }) {
      const id = (serverContext as { requestId?: string }).requestId;
      const http = hive.getHttpContext(request);
      if (id && http) trace.getSpan(http)?.setAttribute(REQUEST_ID_ATTRIBUTE, id);
    },
  };
  logger.info({ otlpTracesUrl: url }, 'tracing: exporting spans over OTLP/HTTP');
  return {
    plugin: {
      onPluginInit({ addPlugin }) {
        addPlugin(otel as Plugin);
        addPlugin(requestIds);
      },
    },
    async shutdown() {
      const provider = trace.getTracerProvider() as { getDelegate?: () => unknown };
      const delegate = (provider.getDelegate?.() ?? provider) as { shutdown?: () => Promise<void> };
      await delegate.shutdown?.();
      trace.disable();
    },
  };
}

/**
 * Runs a corpus (re)load inside a span, so slow or failing loads show up beside the requests they
 * delayed. A no-op span when tracing is off.
 */
export async function traceCorpusLoad<T>(
  attributes: Attributes,
  load: () => Promise<T>,
  summarise?: (result: T) => Attributes,
): Promise<T> {
  return trace.getTracer(TRACER_NAME).startActiveSpan(CORPUS_LOAD_SPAN, async (span) => {
    span.setAttributes(attributes);
    try {
      const result = await load();
      if (summarise) span.setAttributes(summarise(result));
      return result;
    } catch (error) {
      // The message names the folder or the rule, never file content (see StartupError).
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).name });
      throw error;
    } finally {
      span.end();
    }
  });
}
