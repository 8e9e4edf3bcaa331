import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createYoga,
  maskError,
  type Plugin,
  useReadinessCheck,
  type YogaLogger,
} from 'graphql-yoga';
import type { ContentStore } from '../corpus/store.ts';
import {
  type BatchListener,
  createContextFactory,
  type NewsgraphContext,
} from '../schema/context.ts';
import { schema, subgraphSchema } from '../schema/index.ts';
import type { ServerConfig } from './config.ts';
import type { Logger } from './logger.ts';

export const GRAPHQL_PATH = '/graphql';
export const HEALTH_PATH = '/healthz';
export const READY_PATH = '/readyz';

/** What the Node listener passes to every request; absent under `yoga.fetch` in tests. */
export interface ServerContext {
  readonly req?: IncomingMessage;
  readonly res?: ServerResponse;
  readonly requestId?: string;
}

export interface NewsgraphYogaOptions {
  readonly store: ContentStore;
  readonly config: Pick<ServerConfig, 'previewToken'> & Partial<Pick<ServerConfig, 'federation'>>;
  readonly logger: Logger;
  /** Extra Yoga/Envelop plugins (hardening, metrics, caching, …), added after the core ones. */
  readonly plugins?: readonly Plugin<ServerContext & NewsgraphContext>[];
  /** Test hook: observes every DataLoader batch. */
  readonly onBatch?: BatchListener;
}

export const EXAMPLE_FEED_QUERY = /* GraphQL */ `# The latest articles with their provider, topics, images and related coverage.
# Follow pageInfo.endCursor with "after" for the next page.
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

function readiness(store: ContentStore): Plugin {
  return useReadinessCheck({
    endpoint: READY_PATH,
    // Public counts only: nothing here may reveal drafts.
    check: () => {
      const corpus = store.current;
      return Response.json({
        status: 'ready',
        corpusVersion: corpus.version,
        loadedAt: corpus.loadedAt.toISOString(),
        articles: corpus.public.articles.length,
        providers: corpus.public.providers.size,
        topics: corpus.public.topics.size,
        contentErrors: corpus.errors.length,
      });
    },
  });
}

/**
 * The one place plugins are assembled. Hardening, federation, metrics and response caching go
 * in through `options.plugins` (or here, if every deployment needs them).
 */
function assemblePlugins(
  options: NewsgraphYogaOptions,
): Plugin<ServerContext & NewsgraphContext>[] {
  return [
    readiness(options.store) as Plugin<ServerContext & NewsgraphContext>,
    ...(options.plugins ?? []),
  ];
}

/** The Yoga instance: no port, so tests drive it with `yoga.fetch` and the listener stays apart. */
export function createNewsgraphYoga(options: NewsgraphYogaOptions) {
  const { logger } = options;
  const createContext = createContextFactory({
    store: options.store,
    previewToken: options.config.previewToken,
    onBatch: options.onBatch,
  });
  return createYoga<ServerContext, NewsgraphContext>({
    schema: options.config.federation ? subgraphSchema() : schema,
    graphqlEndpoint: GRAPHQL_PATH,
    healthCheckEndpoint: HEALTH_PATH,
    landingPage: false,
    graphiql: { title: 'newsgraph', defaultQuery: EXAMPLE_FEED_QUERY },
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
    plugins: assemblePlugins(options),
  });
}

export type NewsgraphYoga = ReturnType<typeof createNewsgraphYoga>;
