import { createHash } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { lastUpdateOf } from '../content/records.ts';
import { ListTag, listTagsOf, tagsOfSwap } from '../corpus/cache-tags.ts';
import type { Corpus } from '../corpus/corpus.ts';
import { articlePredicate } from '../corpus/filter.ts';
import { queryArticles } from '../corpus/query.ts';
import { ArticleOrderField, SortDirection } from '../corpus/records.ts';
import type { ContentStore } from '../corpus/store.ts';
import type { Logger } from '../observability/logger.ts';
import { encodeGlobalId } from '../schema/global-id.ts';
import { type ArticleUrl, articleUrlTemplate, publicationDay } from '../syndication/article-url.ts';
import {
  type Dependency,
  MAX_CACHED_DOCUMENTS,
  type Rendered,
  RenderedCache,
} from '../syndication/cache.ts';
import { FEED_CONTENT_TYPES, renderFeed } from '../syndication/feeds.ts';
import {
  DEFAULT_FEED_SIZE,
  FEED_PARAMS,
  FEED_PATHS,
  type FeedFormat,
  FeedParamError,
  type FeedQuery,
  feedPath,
  MAX_FEED_SIZE,
  parseFeedParams,
} from '../syndication/params.ts';
import {
  FEED_FORMAT_BY_PATH,
  INDEX_PATH,
  recordCacheOutcome,
  syndicationRouteOf,
} from '../syndication/routes.ts';
import { dayArticles, feedArticles, newsArticles, sitemapDays } from '../syndication/select.ts';
import { type SyndicationConfigInput, syndicationSettings } from '../syndication/settings.ts';
import {
  DAY_SITEMAP_PATH,
  isCalendarDay,
  NEWS_SITEMAP_PATH,
  NEWS_WINDOW_MS,
  renderDaySitemap,
  renderNewsSitemap,
  renderSitemapIndex,
  SITEMAP_CONTENT_TYPE,
  SITEMAP_INDEX_PATH,
} from '../syndication/sitemaps.ts';
import { NO_CACHE_CONTROL } from './http/cache-control.ts';
import { tagHeaders } from './perf/cache-tags.ts';
import { DEFAULT_CACHE_CONTROL } from './security/settings.ts';
import { GRAPHQL_PATH } from './yoga.ts';

export const SyndicationErrorCode = {
  BadParameter: 'BAD_FEED_PARAMETER',
  MethodNotAllowed: 'METHOD_NOT_ALLOWED',
  NotFound: 'NOT_FOUND',
} as const;

export interface SyndicationOptions {
  readonly store: ContentStore;
  readonly config: SyndicationConfigInput & {
    readonly cacheControl?: string | undefined;
    /** NEWSGRAPH_RESPONSE_CACHE: off also keeps no rendered feeds (each request renders). */
    readonly responseCache?: boolean | undefined;
  };
  readonly logger: Logger;
  /** The news sitemap's clock; tests pass a fixed one. */
  readonly now?: () => Date;
}

/** A document with nothing in it (a day without articles): answered 404. */
class NoSuchDocument extends Error {}

const etagOf = (url: string, body: Buffer): string =>
  `"${createHash('sha256').update(url).update('\n').update(body).digest('base64url').slice(0, 32)}"`;

/**
 * Yoga's fetch API (whatwg-node's Response on Node): the global Response builds web streams for
 * every body, which cost a cache hit more than writing the bytes.
 */
type ResponseClass = typeof Response;

const errorWith = (
  R: ResponseClass,
  status: number,
  code: string,
  message: string,
  headers: HeadersInit = {},
) =>
  R.json(
    { error: { code, message } },
    { status, headers: { 'cache-control': NO_CACHE_CONTROL, ...headers } },
  );

/** RFC 9110 §13.1.2: weak comparison, `*` matches any. */
function noneMatch(header: string, etag: string): boolean {
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === bare;
  });
}

/** Whether a conditional GET may be answered 304 (If-None-Match wins over If-Modified-Since). */
function notModified(request: Request, rendered: Rendered): boolean {
  const inm = request.headers.get('if-none-match');
  if (inm !== null) return noneMatch(inm, rendered.etag);
  const ims = request.headers.get('if-modified-since');
  if (ims === null) return false;
  const since = Date.parse(ims);
  // HTTP dates have whole seconds.
  return !Number.isNaN(since) && Math.floor(rendered.lastModified.getTime() / 1000) * 1000 <= since;
}

interface Document {
  readonly body: string;
  readonly contentType: string;
  readonly dependency: Dependency;
}

function describe(query: FeedQuery): string {
  const { where, orderBy } = query;
  const parts = [
    ...(where.topics?.length ? [`topic ${where.topics.join(' or ')}`] : []),
    ...(where.providerDomains?.length ? [`from ${where.providerDomains.join(' or ')}`] : []),
    ...(where.category != null ? [`category ${where.category}`] : []),
    ...(where.type != null ? [`type ${where.type}`] : []),
    ...(where.minQuality != null ? [`quality ≥ ${where.minQuality}`] : []),
    ...(where.minHeat != null ? [`heat ≥ ${where.minHeat}`] : []),
    ...(where.publishedAfter != null ? [`after ${where.publishedAfter.toISOString()}`] : []),
    ...(where.publishedBefore != null ? [`before ${where.publishedBefore.toISOString()}`] : []),
  ];
  const order =
    orderBy.field === ArticleOrderField.PublishedDateTime &&
    orderBy.direction === SortDirection.Desc
      ? 'newest first'
      : `by ${orderBy.field} ${orderBy.direction}`;
  return `${parts.length ? `Articles with ${parts.join(', ')}` : 'All articles'}, ${order}.`;
}

/**
 * The syndication routes as a Yoga endpoint plugin (like /readyz), so they get the request id,
 * instance header, CORS, tracing and access log every route gets:
 *
 * - `GET /`: a JSON index of the feed, sitemap and GraphQL URLs;
 * - `GET /feeds/{rss.xml,atom.xml,feed.json}`: the public view's articles, filtered and ordered
 *   as `articles(where, orderBy, first)`; a request whose query string is not the canonical one
 *   is redirected (308) to it;
 * - `GET /sitemaps/index.xml`, `/sitemaps/{day}.xml`, `/sitemaps/news.xml`.
 *
 * Every document is read from the public view of the current snapshot (drafts never; `secured`
 * is not an input at all), kept rendered until a swap changes its articles, and answered with a
 * strong ETag, Last-Modified, 304s and the public Cache-Control of persisted GETs.
 */
export function useSyndication(options: SyndicationOptions): Plugin {
  const settings = syndicationSettings(options.config);
  const articleUrl: ArticleUrl = articleUrlTemplate(settings.articleUrlTemplate);
  const cacheControl = options.config.cacheControl ?? DEFAULT_CACHE_CONTROL;
  const now = options.now ?? (() => new Date());
  const guid = (article: { key: string }) => encodeGlobalId('Article', article.key);
  // Set from the first request's fetch API; the global one until then (never used before).
  let R: ResponseClass = Response;
  const error = (status: number, code: string, message: string, headers: HeadersInit = {}) =>
    errorWith(R, status, code, message, headers);
  const cache = new RenderedCache(
    options.config.responseCache === false ? 0 : MAX_CACHED_DOCUMENTS,
  );
  options.store.onSwap((next, previous, changes) =>
    cache.onSwap(next, previous, changes, tagsOfSwap(next, previous, changes)),
  );

  const feed = (corpus: Corpus, origin: string, format: FeedFormat, query: FeedQuery): Document => {
    const articles = feedArticles(corpus.public, query);
    const newest = articles.reduce<Date | undefined>((max, a) => {
      const changed = lastUpdateOf(a);
      return max && max >= changed ? max : changed;
    }, undefined);
    return {
      body: renderFeed({
        format,
        title: settings.feedTitle,
        description: describe(query),
        selfUrl: `${origin}${feedPath(format, query)}`,
        homeUrl: `${origin}${INDEX_PATH}`,
        language: settings.feedLanguage,
        articles,
        updated: newest ?? corpus.loadedAt,
        articleUrl,
        guid,
      }),
      contentType: FEED_CONTENT_TYPES[format],
      dependency: {
        matches: articlePredicate(query.where),
        tags: listTagsOf(query.where, undefined, ListTag.Feeds),
      },
    };
  };

  /** The news sitemap changes with the clock too: it is right until an article leaves or enters. */
  const news = async (corpus: Corpus, at: Date): Promise<Document> => {
    const articles = newsArticles(corpus.public, at);
    const oldest = articles[articles.length - 1];
    const upcoming = queryArticles(corpus.public, {
      where: { publishedAfter: at },
      orderBy: { field: ArticleOrderField.PublishedDateTime, direction: SortDirection.Asc },
      page: { first: 1 },
    }).edges[0]?.node;
    const limits = [
      ...(oldest ? [oldest.publishedDateTime.getTime() + NEWS_WINDOW_MS] : []),
      ...(upcoming ? [upcoming.publishedDateTime.getTime()] : []),
    ];
    return {
      body: await renderNewsSitemap(articles, articleUrl, settings.feedLanguage),
      contentType: SITEMAP_CONTENT_TYPE,
      dependency: {
        matches: undefined,
        tags: [ListTag.Feeds],
        validFrom: at.getTime(),
        ...(limits.length ? { validUntil: Math.min(...limits) } : {}),
      },
    };
  };

  const answer = (request: Request, rendered: Rendered): Response => {
    const headers = {
      'cache-control': cacheControl,
      etag: rendered.etag,
      'last-modified': rendered.lastModified.toUTCString(),
      // Feeds are public only: their tags let an edge cache purge them with the GraphQL answers.
      ...rendered.tagHeaders,
    };
    if (notModified(request, rendered)) return new R(null, { status: 304, headers });
    const { body } = rendered;
    // A view of the stored bytes, not a copy: a cache hit writes them as they are.
    const bytes = new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength);
    return new R(request.method === 'HEAD' ? null : bytes, {
      status: 200,
      headers: { ...headers, 'content-type': rendered.contentType },
    });
  };

  /** From the cache, or rendered from `corpus` (the snapshot taken when the request started). */
  const serve = async (
    request: Request,
    key: string,
    corpus: Corpus,
    make: () => Document | Promise<Document>,
  ): Promise<Response> => {
    const at = now();
    let rendered = cache.get(key, corpus.version, at.getTime());
    recordCacheOutcome(request, rendered ? 'hit' : 'miss');
    if (!rendered) {
      const doc = await make();
      const body = Buffer.from(doc.body, 'utf8');
      rendered = cache.set(
        key,
        corpus.version,
        options.store.current.version,
        {
          body,
          contentType: doc.contentType,
          etag: etagOf(key, body),
          tagHeaders: tagHeaders(doc.dependency.tags),
        },
        doc.dependency,
        new Date(Math.max(corpus.loadedAt.getTime(), at.getTime())),
      );
    }
    return answer(request, rendered);
  };

  const index = (origin: string) =>
    R.json(
      {
        graphql: `${origin}${GRAPHQL_PATH}`,
        feeds: {
          rss: `${origin}${FEED_PATHS.rss}`,
          atom: `${origin}${FEED_PATHS.atom}`,
          jsonFeed: `${origin}${FEED_PATHS.json}`,
          parameters: FEED_PARAMS,
          defaultSize: DEFAULT_FEED_SIZE,
          maxSize: MAX_FEED_SIZE,
          example: `${origin}${FEED_PATHS.rss}?topic=climate&first=20`,
        },
        sitemaps: {
          index: `${origin}${SITEMAP_INDEX_PATH}`,
          news: `${origin}${NEWS_SITEMAP_PATH}`,
        },
      },
      { headers: { 'cache-control': cacheControl } },
    );

  const route = async (request: Request, url: URL): Promise<Response | undefined> => {
    const route = syndicationRouteOf(url.pathname);
    if (route === undefined) return undefined;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return error(405, SyndicationErrorCode.MethodNotAllowed, 'Use GET.', { allow: 'GET, HEAD' });
    }
    const origin = settings.publicUrl ?? url.origin;
    if (route === INDEX_PATH) return index(origin);
    const corpus = options.store.current;
    // Documents are stored under their canonical URL only, so a request for a stored URL is
    // canonical: answered without parsing its parameters again (the common, cached case).
    const stored = cache.get(
      `${origin}${url.pathname}${url.search}`,
      corpus.version,
      now().getTime(),
    );
    if (stored) {
      recordCacheOutcome(request, 'hit');
      return answer(request, stored);
    }
    const format = FEED_FORMAT_BY_PATH.get(url.pathname);
    if (format) {
      const query = parseFeedParams(url.searchParams);
      const canonical = feedPath(format, query);
      if (`${url.pathname}${url.search}` !== canonical) {
        return new R(null, {
          status: 308,
          headers: { location: `${origin}${canonical}`, 'cache-control': cacheControl },
        });
      }
      return serve(request, `${origin}${canonical}`, corpus, () =>
        feed(corpus, origin, format, query),
      );
    }
    if (route === '(unknown)') {
      return error(
        404,
        SyndicationErrorCode.NotFound,
        `No such feed or sitemap; see ${origin}${INDEX_PATH} for the list.`,
      );
    }
    if (url.search !== '') {
      throw new FeedParamError('Sitemaps take no parameters; remove the query string.');
    }
    const key = `${origin}${url.pathname}`;
    if (url.pathname === SITEMAP_INDEX_PATH) {
      return serve(request, key, corpus, async () => ({
        body: await renderSitemapIndex(origin, sitemapDays(corpus.public)),
        contentType: SITEMAP_CONTENT_TYPE,
        dependency: { matches: undefined, tags: [ListTag.Feeds] },
      }));
    }
    if (url.pathname === NEWS_SITEMAP_PATH) {
      return serve(request, key, corpus, () => news(corpus, now()));
    }
    const day = DAY_SITEMAP_PATH.exec(url.pathname)?.[1] as string;
    if (!isCalendarDay(day)) {
      throw new FeedParamError(
        `"${day}" is not a calendar day; use YYYY-MM-DD, such as 2024-01-31.`,
      );
    }
    return serve(request, key, corpus, async () => {
      const articles = dayArticles(corpus.public, day);
      if (articles.length === 0) {
        throw new NoSuchDocument(
          `No articles were published on ${day}; ${origin}${SITEMAP_INDEX_PATH} lists the days that have some.`,
        );
      }
      return {
        body: await renderDaySitemap(articles, articleUrl),
        contentType: SITEMAP_CONTENT_TYPE,
        dependency: {
          matches: (a) => publicationDay(a.publishedDateTime) === day,
          tags: [ListTag.Feeds],
        },
      };
    });
  };

  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (syndicationRouteOf(url.pathname) === undefined) return;
      R = fetchAPI.Response;
      return route(request, url).then(
        (response) => {
          if (response) endResponse(response);
        },
        (thrown: unknown) => {
          if (thrown instanceof FeedParamError) {
            endResponse(error(400, SyndicationErrorCode.BadParameter, thrown.message));
            return;
          }
          if (thrown instanceof NoSuchDocument) {
            endResponse(error(404, SyndicationErrorCode.NotFound, thrown.message));
            return;
          }
          options.logger.error({ err: thrown }, 'rendering a feed or sitemap failed');
          endResponse(error(500, 'INTERNAL_SERVER_ERROR', 'Unexpected error.'));
        },
      );
    },
  };
}
