import type { Plugin } from 'graphql-yoga';
import packageJson from '../../package.json' with { type: 'json' };
import type { ContentStore } from '../corpus/store.ts';
import type { ObservabilityConfig } from '../observability/config.ts';
import { useInstanceHeader } from '../observability/instance.ts';
import type { Logger } from '../observability/logger.ts';
import { createMetrics, type Metrics, type ReloadStatusSource } from '../observability/metrics.ts';
import { startTracing, type Tracing } from '../observability/tracing.ts';
import type { NewsgraphContext } from '../schema/context.ts';
import type { ServerContext } from './yoga.ts';

export const SERVICE_VERSION: string = packageJson.version;

/** Tracing starts before the first corpus load, so that load gets its span too. */
export function startServerTracing(
  config: ObservabilityConfig,
  logger: Logger,
): Promise<Tracing | undefined> {
  return startTracing({ config, logger, version: SERVICE_VERSION });
}

/** These plugins read no newsgraph context; typed for the server's plugin list. */
type ServerPlugin = Plugin<ServerContext & NewsgraphContext>;

export interface ObservabilityPluginsOptions {
  readonly config: ObservabilityConfig;
  readonly store: ContentStore;
  readonly tracing?: Tracing;
  readonly reloadStatus?: ReloadStatusSource;
  /** Operation names that always keep their own metric series (a trusted-documents manifest's). */
  readonly reservedOperationNames?: ReadonlySet<string>;
}

/** The operations plugins, tracing first so its HTTP span encloses everything the others do. */
export function observabilityPlugins(options: ObservabilityPluginsOptions): {
  readonly plugins: ServerPlugin[];
  readonly metrics: Metrics | undefined;
} {
  const { config } = options;
  const metrics = config.metrics
    ? createMetrics({
        store: options.store,
        // With a metrics port of its own, the GraphQL port does not answer on the path at all.
        path: config.metricsPort === undefined ? config.metricsPath : false,
        instanceId: config.instanceId,
        maxOperationNames: config.metricsMaxOperations,
        reservedOperationNames: options.reservedOperationNames,
        version: SERVICE_VERSION,
        reloadStatus: options.reloadStatus,
      })
    : undefined;
  const plugins: Plugin[] = [];
  if (options.tracing) plugins.push(options.tracing.plugin);
  plugins.push(useInstanceHeader(config.instanceId));
  if (metrics) plugins.push(...metrics.plugins);
  return { plugins: plugins as ServerPlugin[], metrics };
}
