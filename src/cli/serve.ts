import { setTrendingHalfLife } from '../corpus/trending.ts';
import { createLogger } from '../observability/logger.ts';
import { resolveConfig, SERVE_USAGE } from '../server/config.ts';
import { StartupError } from '../server/corpus-loader.ts';
import { startServer } from '../server/http.ts';

/** `newsgraph serve`: resolves when the server has shut down after SIGTERM/SIGINT. */
export async function runServe(args: string[]): Promise<number | undefined> {
  const resolved = resolveConfig(args, process.env);
  if (resolved.kind === 'help') {
    console.log(SERVE_USAGE);
    return 0;
  }
  if (resolved.kind === 'error') {
    console.error(`newsgraph serve: invalid configuration\n  ${resolved.problems.join('\n  ')}`);
    console.error('Run "newsgraph serve --help" for the options.');
    return 2;
  }
  const { config } = resolved;
  // Before the first snapshot is sorted: every snapshot orders TRENDING with this half-life.
  setTrendingHalfLife(config.trendingHalfLifeHours);
  const logger = createLogger(config.logLevel);
  let running: Awaited<ReturnType<typeof startServer>>;
  try {
    running = await startServer({ config, logger });
  } catch (error) {
    if (error instanceof StartupError) {
      logger.fatal({ code: error.code }, error.message);
      return 1;
    }
    const taken = portTakenMessage(error, config);
    if (taken) {
      // An everyday mistake, not a crash: one line for the human, no stack trace.
      console.error(`newsgraph serve: ${taken}`);
      return 1;
    }
    logger.fatal({ err: error }, 'could not start');
    return 1;
  }
  console.error(`newsgraph: GraphiQL at ${running.url}`);
  if (running.metricsOrigin) {
    console.error(`newsgraph: Prometheus metrics at ${running.metricsOrigin}${config.metricsPath}`);
  }
  const live = running.live;
  // SIGHUP rescans the seeds folder, for syncs that raise no watch events; failures are logged.
  const onHangup = () => {
    logger.info({ signal: 'SIGHUP' }, 'reloading the seeds folder');
    void live?.reload().catch(() => {});
  };
  process.on('SIGHUP', onHangup);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  process.off('SIGHUP', onHangup);
  logger.info({ signal }, 'shutting down');
  await running.close();
  logger.info('stopped');
  return 0;
}

/** EADDRINUSE as a sentence that names the setting to change; undefined for other errors. */
export function portTakenMessage(
  error: unknown,
  config: { port: number; host: string; metricsPort?: number | undefined },
): string | undefined {
  const failure = error as NodeJS.ErrnoException & { port?: number };
  if (failure?.code !== 'EADDRINUSE') return undefined;
  const port = failure.port ?? config.port;
  if (config.metricsPort !== undefined && port === config.metricsPort && port !== config.port) {
    return `the metrics port ${port} is already in use; choose another with NEWSGRAPH_METRICS_PORT.`;
  }
  return `port ${port} on ${config.host} is already in use (another newsgraph?); choose another with --port or PORT (0 picks a free one).`;
}
