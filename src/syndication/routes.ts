// Which syndication route a request path is and how it was answered: the server routes by these,
// and metrics label requests with them (so labels stay bounded).
import { FEED_PATHS, type FeedFormat } from './params.ts';
import { DAY_SITEMAP_PATH, NEWS_SITEMAP_PATH, SITEMAP_INDEX_PATH } from './sitemaps.ts';

export const INDEX_PATH = '/';

export const FEED_FORMAT_BY_PATH: ReadonlyMap<string, FeedFormat> = new Map(
  (Object.entries(FEED_PATHS) as [FeedFormat, string][]).map(([format, path]) => [path, format]),
);

/**
 * The route a path belongs to, as a metric label: the path itself, or the template for day
 * sitemaps; undefined for paths that are not syndication routes (so labels stay bounded).
 */
export function syndicationRouteOf(pathname: string): string | undefined {
  if (pathname === INDEX_PATH || pathname === SITEMAP_INDEX_PATH || pathname === NEWS_SITEMAP_PATH)
    return pathname;
  if (FEED_FORMAT_BY_PATH.has(pathname)) return pathname;
  if (DAY_SITEMAP_PATH.test(pathname)) return '/sitemaps/{day}.xml';
  if (pathname.startsWith('/feeds/') || pathname.startsWith('/sitemaps/')) return '(unknown)';
  return undefined;
}

const cacheOutcomes = new WeakMap<Request, 'hit' | 'miss'>();

/** Notes whether a feed or sitemap came from the rendered cache. */
export function recordCacheOutcome(request: Request, outcome: 'hit' | 'miss'): void {
  cacheOutcomes.set(request, outcome);
}

/** Whether a feed or sitemap came from the rendered cache: a metric label. */
export const syndicationCacheOutcome = (request: Request): 'hit' | 'miss' | 'none' =>
  cacheOutcomes.get(request) ?? 'none';
