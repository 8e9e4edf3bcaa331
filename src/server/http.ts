import { createServer, type IncomingMessage, type Server, type ServerOptions } from 'node:http';
import { tagsOfSwap } from '../corpus/cache-tags.ts';
import type { ContentStore } from '../corpus/store.ts';
import { warmDiscoveryOnSwap } from '../discovery/warm.ts';
import { createLiveFeed } from '../live/feed.ts';
import type { LiveContent } from '../live/live-content.ts';
import { accessLogger, createLogger, type Logger } from '../observability/logger.ts';
import { createContextFactory } from '../schema/context.ts';
import type { ServerConfig } from './config.ts';
import { openServerContent } from './content.ts';
import { untilNextTransitionOf } from './http/cache-control.ts';
import { chooseRequestId, REQUEST_ID_HEADER } from './http/request-id.ts';
import { listen } from './listen.ts';
import { listenForScrapes, type MetricsListener } from './metrics-listener.ts';
import { observabilityPlugins, startServerTracing } from './observability.ts';
import { FastPath } from './perf/fast-path.ts';
import { LeanMiss } from './perf/lean-miss.ts';
import { ResponseCache } from './perf/response-cache.ts';
import { purgeOnSwap } from './purge/on-swap.ts';
import { createPurgeSender } from './purge/sender.ts';
import { type BufferedRequest, keepReadBody, limitRequestBody } from './security/body-limit.ts';
import { costCheck } from './security/cost.ts';
import { manifestOf, operationNamesOf } from './security/persisted.ts';
import { securitySettings } from './security/settings.ts';
import { startOperationDeadline } from './security/timeout.ts';
import { createNewsgraphYoga, GRAPHQL_PATH, type NewsgraphYogaOptions } from './yoga.ts';

/** Open connections get this long to finish on shutdown before they are cut. */
export const SHUTDOWN_GRACE_MS = 5_000;
/** While draining, connections that became idle are closed this often. */
const SHUTDOWN_IDLE_SWEEP_MS = 50;

/**
 * Node's own header and request timeouts, made short enough to matter (its defaults let a
 * connection trickle headers for a minute and a body for five). Node checks them on a timer, by
 * default every 30 s; checking every second (or a quarter of a short timeout) costs a walk over
 * the open connections and cuts a slow client close to its deadline.
 */
function slowClientLimits(config: ServerConfig): ServerOptions {
  return {
    headersTimeout: config.headersTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    connectionsCheckingInterval: Math.max(
      10,
      Math.min(1_000, Math.floor(config.headersTimeoutMs / 4)),
    ),
  };
}

const onGraphqlPath = (url: string | undefined): boolean =>
  url?.startsWith(GRAPHQL_PATH) === true &&
  (url.length === GRAPHQL_PATH.length || url[GRAPHQL_PATH.length] === '?');

/**
 * A public POST's body, read here (its length is already within the limit) so that its shape
 * can be looked up; handed on to Yoga as `req.body`, which whatwg-node takes as read. GETs and
 * requests with Authorization (never answered before Yoga) are not read.
 */
/** A POST without Content-Length or Transfer-Encoding has no body: there is nothing to read. */
const announcesBody = (req: IncomingMessage): boolean =>
  req.headers['transfer-encoding'] !== undefined ||
  (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

function withBody(req: IncomingMessage, next: (body: Buffer | undefined) => void): void {
  const buffered = (req as BufferedRequest).body;
  if (
    req.method !== 'POST' ||
    req.headers.authorization !== undefined ||
    buffered ||
    !announcesBody(req)
  ) {
    next(buffered);
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
    keepReadBody(req, body);
    next(body);
  });
}

export interface StartServerOptions {
  readonly config: ServerConfig;
  readonly logger?: Logger;
  /** A ready store (tests); otherwise the seeds folder from the config is loaded. */
  readonly store?: ContentStore;
  readonly plugins?: NewsgraphYogaOptions['plugins'];
}

export interface RunningServer {
  /** The GraphQL endpoint, such as http://localhost:4000/graphql. */
  readonly url: string;
  /** Scheme, host and port, for /healthz and /readyz. */
  readonly origin: string;
  /** The metrics listener's origin when NEWSGRAPH_METRICS_PORT is set. */
  readonly metricsOrigin: string | undefined;
  readonly store: ContentStore;
  /** The seeds folder behind the store (watched with `watch`); absent when a store was given. */
  readonly live: LiveContent | undefined;
  readonly yoga: ReturnType<typeof createNewsgraphYoga>;
  readonly server: Server;
  /** Stops accepting, lets open requests finish (up to SHUTDOWN_GRACE_MS), then resolves. */
  close(): Promise<void>;
}

/** Loads the corpus (unless given a store), then listens; port 0 picks a free port. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  // Read before the corpus loads, so a bad manifest stops the start at once.
  const manifest = manifestOf(config);
  const tracing = await startServerTracing(config, logger);
  const live = options.store ? undefined : await openServerContent(config, logger);
  const store = options.store ?? (live as LiveContent).store;
  const feed = createLiveFeed(store, live?.reloader);
  const observed = observabilityPlugins({
    config,
    store,
    tracing,
    reloadStatus: live ? () => live.status() : undefined,
    reservedOperationNames: manifest && operationNamesOf(manifest),
  });
  const plugins = [...observed.plugins, ...(options.plugins ?? [])];
  const responseCache = config.responseCache
    ? new ResponseCache(store, { maxBytes: config.responseCacheMaxBytes })
    : undefined;
  // With tracing on, every request goes through Yoga so that each gets its spans.
  const fastPath =
    responseCache && !tracing
      ? new FastPath({
          cache: responseCache,
          publicCacheControl: securitySettings(config).cacheControl,
          untilNextTransition: untilNextTransitionOf(store),
          metrics: observed.metrics?.replayed,
        })
      : undefined;
  // Public operations Yoga validated once are executed before it next time (lean-miss.ts); with
  // tracing on, every request goes through Yoga so that each gets its spans.
  const security = securitySettings(config);
  const createContext = createContextFactory({
    store,
    previewToken: config.previewToken,
    live: feed,
  });
  const leanMiss =
    config.leanMisses && config.jit && !tracing
      ? new LeanMiss({
          createContext: () => createContext(),
          priceOf: costCheck(security.maxCost),
          startDeadline: (context) =>
            startOperationDeadline(security.operationTimeoutMs, context as { budget?: never }),
          cache: responseCache,
          publicCacheControl: security.cacheControl,
          untilNextTransition: untilNextTransitionOf(store),
          metrics: observed.metrics?.replayed,
        })
      : undefined;
  const yoga = createNewsgraphYoga({
    store,
    config,
    logger,
    plugins,
    ...(responseCache ? { responseCache } : {}),
    ...(fastPath ? { fastPath } : {}),
    ...(leanMiss ? { leanMiss } : {}),
    live: feed,
    ...(live ? { reload: () => live.reload() } : {}),
    // Enforced below, before Yoga: Yoga's own check streams every body through a TransformStream.
    bodyLimitEnforcedBefore: true,
    manifest,
  });
  const stopWarming = warmDiscoveryOnSwap(store, (error) =>
    logger.warn({ err: error }, 'building search, facets or stories ahead of requests failed'),
  );
  // Edge caches (NEWSGRAPH_PURGE_URLS) forget the answers each public change touched.
  const purges =
    config.purgeUrls.length > 0
      ? createPurgeSender({ urls: config.purgeUrls, logger, registry: observed.metrics?.registry })
      : undefined;
  const stopPurging = purges ? purgeOnSwap(store, purges, tagsOfSwap) : () => {};
  if (purges) {
    // How many, not where: a URL may carry credentials.
    logger.info({ edges: config.purgeUrls.length }, 'purging edge caches on public changes');
  }
  // Access logs are per request; below info level the listener does not even listen for them.
  const accessLog = logger.isLevelEnabled('info') ? accessLogger(logger) : undefined;

  const server = createServer(slowClientLimits(config), (req, res) => {
    const header = req.headers[REQUEST_ID_HEADER];
    const id = chooseRequestId(undefined, typeof header === 'string' ? header : null);
    const started = performance.now();
    // Not set ahead on a request the fast path may answer: a header set ahead makes Node merge
    // every header of writeHead one by one (the slow path of writeHead).
    const candidate = (fastPath !== undefined || leanMiss !== undefined) && onGraphqlPath(req.url);
    if (!candidate) res.setHeader('x-request-id', id);
    if (accessLog) {
      res.on('finish', () => {
        accessLog({
          reqId: id,
          method: req.method,
          path: req.url?.split('?')[0],
          status: res.statusCode,
          ms: Math.round((performance.now() - started) * 10) / 10,
        });
      });
    }
    const refusal = candidate ? { 'x-request-id': id } : undefined;
    limitRequestBody(
      req,
      res,
      config.maxBodyBytes,
      () => {
        if (!candidate) {
          yoga(req, res, { req, res, requestId: id });
          return;
        }
        withBody(req, (body) => {
          const replaySignature = fastPath?.signatureOf(req, body);
          if (
            replaySignature !== undefined &&
            fastPath?.answer(req, res, replaySignature, id, started)
          )
            return;
          const lean = leanMiss?.requestOf(req, body);
          const toYoga = () => {
            res.setHeader('x-request-id', id);
            yoga(req, res, {
              req,
              res,
              requestId: id,
              ...(replaySignature === undefined ? {} : { replaySignature }),
              ...(lean === undefined ? {} : { leanShape: lean.shape }),
            });
          };
          if (lean === undefined || !leanMiss?.knows(lean)) {
            toYoga();
            return;
          }
          leanMiss.answer(res, lean, id, started).then(
            (answered) => {
              if (!answered) toYoga();
            },
            (error: unknown) => {
              logger.error({ err: error }, 'the lean path failed; Yoga answers');
              if (!res.headersSent) toYoga();
            },
          );
        });
      },
      refusal,
    );
  });

  server.maxConnections = config.maxConnections;

  // Besides the listeners, the live feed, warming, seeds watcher and tracing each keep the
  // process alive, so a start that fails from here on stops them as `close` does.
  const stopBackground = () => {
    // Open subscriptions end first, so their streams do not hold the shutdown for the grace.
    feed.close();
    stopWarming();
    stopPurging();
    purges?.close();
  };
  const release = async () => {
    await live?.close();
    await yoga.dispose();
    await tracing?.shutdown();
  };
  let origin: string;
  let scrapes: MetricsListener | undefined;
  try {
    origin = await listen(server, config.port, config.host);
    if (observed.metrics && config.metricsPort !== undefined) {
      scrapes = await listenForScrapes({
        registry: observed.metrics.registry,
        path: config.metricsPath,
        host: config.host,
        port: config.metricsPort,
      });
      logger.info({ url: `${scrapes.origin}${config.metricsPath}` }, 'metrics are served');
    }
  } catch (error) {
    stopBackground();
    if (server.listening) server.close();
    await release();
    throw error;
  }
  logger.info({ url: `${origin}${GRAPHQL_PATH}` }, 'newsgraph is listening');

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      stopBackground();
      const cut = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Connections that go idle while draining (ended subscriptions, finished requests) close
      // as they do, instead of holding server.close until keep-alive times out.
      const sweep = setInterval(() => server.closeIdleConnections(), SHUTDOWN_IDLE_SWEEP_MS);
      await closed;
      clearInterval(sweep);
      clearTimeout(cut);
      await scrapes?.close();
      await release();
    })();
    return closing;
  };
  return {
    url: `${origin}${GRAPHQL_PATH}`,
    origin,
    metricsOrigin: scrapes?.origin,
    store,
    live,
    yoga,
    server,
    close,
  };
}
