import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createYoga,
  maskError,
  type Plugin,
  useReadinessCheck,
  type YogaLogger,
} from 'graphql-yoga';
import type { ContentStore } from '../corpus/store.ts';
import { useAdminReload } from '../live/admin.ts';
import { createLiveFeed, type LiveFeed } from '../live/feed.ts';
import type { ReloadResult } from '../live/reloader.ts';
import { publicStatus } from '../live/status.ts';
import type { Logger } from '../observability/logger.ts';
import {
  type BatchListener,
  createContextFactory,
  createPreviewCheck,
  type NewsgraphContext,
} from '../schema/context.ts';
import { schema, subgraphSchema } from '../schema/index.ts';
import type { SyndicationConfigInput } from '../syndication/settings.ts';
import type { ServerConfig } from './config.ts';
import { offlineGraphiQL, useCompressedGraphiQL } from './graphiql.ts';
import { untilNextTransitionOf } from './http/cache-control.ts';
import { type LeanMiss, useLeanMissPreparation } from './perf/lean-miss.ts';
import { onlyOnPath } from './perf/only-on-path.ts';
import { performancePlugins } from './perf/plugins.ts';
import type { AnswerRecorder, ResponseCache } from './perf/response-cache.ts';
import type { PerformanceConfig } from './perf/settings.ts';
import { createHardening, type Hardening } from './security/hardening.ts';
import { manifestOf, type PersistedManifest } from './security/persisted.ts';
import { type SecurityConfigInput, securitySettings } from './security/settings.ts';
import { useSyndication } from './syndication-route.ts';

export const GRAPHQL_PATH = '/graphql';
export const HEALTH_PATH = '/healthz';
export const READY_PATH = '/readyz';

/** What the Node listener passes to every request; absent under `yoga.fetch` in tests. */
export interface ServerContext {
  readonly req?: IncomingMessage;
  readonly res?: ServerResponse;
  readonly requestId?: string;
  /** The request's shape when it may be answered before Yoga (src/server/perf/fast-path.ts). */
  readonly replaySignature?: string;
  /** The request's shape when the lean path may execute it next time (src/server/perf/lean-miss.ts). */
  readonly leanShape?: string;
}

export interface NewsgraphYogaOptions {
  readonly store: ContentStore;
  /** Security settings left out take their defaults (src/server/security/settings.ts). */
  readonly config: Pick<ServerConfig, 'previewToken'> &
    Partial<Pick<ServerConfig, 'federation'>> &
    SecurityConfigInput &
    SyndicationConfigInput &
    Partial<PerformanceConfig>;
  readonly logger: Logger;
  /** Extra Yoga/Envelop plugins (hardening, metrics, caching, …), added after the core ones. */
  readonly plugins?: readonly Plugin<ServerContext & NewsgraphContext>[];
  /** Test hook: observes every DataLoader batch. */
  readonly onBatch?: BatchListener;
  /** Content status and change events; by default a feed over `store` alone. */
  readonly live?: LiveFeed;
  /** A full rescan of the seeds folder, behind `POST /admin/reload`; no endpoint without it. */
  readonly reload?: () => Promise<ReloadResult>;
  /**
   * True when the Node listener has already enforced the body-size limit (src/server/perf/
   * body-limit.ts); Yoga's own, stream-based and much slower, check is then left out.
   */
  readonly bodyLimitEnforcedBefore?: boolean;
  /** The trusted-documents manifest when the caller has read it already; else read here. */
  readonly manifest?: PersistedManifest;
  /** The response cache, when the caller shares it (hits answered before Yoga); else made here. */
  readonly responseCache?: ResponseCache;
  /** Learns the headers of cached answers to write them before Yoga next time. */
  readonly fastPath?: AnswerRecorder;
  /** Learns validated public operations to execute them before Yoga next time. */
  readonly leanMiss?: LeanMiss;
  /** The clock of time-dependent documents (the news sitemap's 48 hours); tests fix it. */
  readonly now?: () => Date;
}

export const EXAMPLE_FEED_QUERY = /* GraphQL */ `# The latest articles with their provider, topics, images and related coverage.
# Follow pageInfo.endCursor with "after" for the next page.
#
# The same articles as feeds and sitemaps (GET / lists them all):
#   /feeds/rss.xml  /feeds/atom.xml  /feeds/feed.json  (?topic=…&provider=…&first=…)
#   /sitemaps/index.xml  /sitemaps/news.xml
# Topic.feedUrls and Provider.feedUrls give the feed of one topic or provider.
query Feed($first: Int = 10, $after: String) {
  articles(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id
        key
        title
        excerpt
        publishedDateTime
        sourceUrl
        quality
        heat
        provider { name domain }
        topics { name }
        images { url width height title }
        related { title sourceUrl provider { name } article { key } }
      }
    }
  }
}
`;

function yogaLogger(logger: Logger): YogaLogger {
  const forward =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      const [first, ...rest] = args;
      if (first instanceof Error) logger[level]({ err: first }, 'graphql-yoga');
      else logger[level]({ details: rest.length > 0 ? rest : undefined }, String(first));
    };
  return {
    debug: forward('debug'),
    info: forward('info'),
    warn: forward('warn'),
    error: forward('error'),
  };
}

function useReadiness(store: ContentStore, live: LiveFeed): Plugin {
  return onlyOnPath(
    READY_PATH,
    useReadinessCheck({
      endpoint: READY_PATH,
      // Public counts only: nothing here may reveal drafts.
      check: () => {
        const corpus = store.current;
        return Response.json({
          status: 'ready',
          // The public view's version and time: a draft-only edit moves neither.
          corpusVersion: corpus.publicVersion,
          loadedAt: corpus.publicLoadedAt.toISOString(),
          articles: corpus.public.size,
          providers: corpus.public.providers.size,
          topics: corpus.public.topics.size,
          contentErrors: corpus.errors.length,
          content: publicStatus(live.status(corpus)),
        });
      },
    }),
  );
}

/**
 * The one place plugins are assembled. Hardening, federation, metrics and response caching go
 * in through `options.plugins` (or here, if every deployment needs them).
 */
function assemblePlugins(
  options: NewsgraphYogaOptions,
  hardening: Hardening,
  live: LiveFeed,
  cacheControl: string,
): Plugin<ServerContext & NewsgraphContext>[] {
  const { reload, logger } = options;
  const syndication = useSyndication({
    store: options.store,
    config: { ...options.config, cacheControl },
    logger,
    ...(options.now ? { now: options.now } : {}),
  }) as Plugin<ServerContext & NewsgraphContext>;
  const admin = reload
    ? [
        useAdminReload({
          reload,
          authorize: createPreviewCheck(options.config.previewToken),
          onError: (error) => logger.warn({ err: error }, 'reload from /admin/reload failed'),
        }) as Plugin<ServerContext & NewsgraphContext>,
      ]
    : [];
  return [
    useReadiness(options.store, live) as Plugin<ServerContext & NewsgraphContext>,
    ...admin,
    ...(hardening.plugins as Plugin<ServerContext & NewsgraphContext>[]),
    ...(options.plugins ?? []),
    // After the request id and metrics plugins, so feeds and sitemaps get both.
    syndication,
    ...(performancePlugins(
      options.config,
      options.store,
      options.responseCache,
      options.fastPath,
      options.leanMiss?.compiled,
    ) as Plugin<ServerContext & NewsgraphContext>[]),
    // Last: it keeps the response headers every other plugin has set.
    ...(options.leanMiss
      ? [useLeanMissPreparation(options.leanMiss) as Plugin<ServerContext & NewsgraphContext>]
      : []),
  ];
}

/** The Yoga instance: no port, so tests drive it with `yoga.fetch` and the listener stays apart. */
export function createNewsgraphYoga(options: NewsgraphYogaOptions) {
  const { logger } = options;
  const security = securitySettings(options.config);
  const { store } = options;
  const hardening = createHardening(
    security,
    logger,
    options.manifest ?? manifestOf(security),
    untilNextTransitionOf(store),
  );
  const live = options.live ?? createLiveFeed(options.store);
  const graphiql = offlineGraphiQL();
  const createContext = createContextFactory({
    store: options.store,
    previewToken: options.config.previewToken,
    onBatch: options.onBatch,
    live,
  });
  return createYoga<ServerContext, NewsgraphContext>({
    schema: options.config.federation ? subgraphSchema() : schema,
    graphqlEndpoint: GRAPHQL_PATH,
    healthCheckEndpoint: HEALTH_PATH,
    landingPage: false,
    graphiql: security.graphiql ? { title: 'newsgraph', defaultQuery: EXAMPLE_FEED_QUERY } : false,
    renderGraphiQL: graphiql.render,
    ...hardening.yogaOptions,
    ...(options.bodyLimitEnforcedBefore ? { maxRequestBodySize: false as const } : {}),
    logging: yogaLogger(logger),
    maskedErrors: {
      // Never echo internals, whatever NODE_ENV says; the full error goes to the log.
      isDev: false,
      maskError: (error, message) => {
        const masked = maskError(error, message, false);
        if (masked !== error)
          logger.error({ err: error }, 'unexpected error, masked for the client');
        return masked;
      },
    },
    context: ({ request }) => createContext({ request }),
    plugins: [
      ...assemblePlugins(options, hardening, live, security.cacheControl),
      ...(security.graphiql
        ? [
            useCompressedGraphiQL(graphiql, GRAPHQL_PATH) as Plugin<
              ServerContext & NewsgraphContext
            >,
          ]
        : []),
    ],
  });
}
