import { lastUpdateOf } from '../content/records.ts';
import { MAX_PAGE_SIZE } from '../corpus/pagination.ts';
import { type ArticleFilter, queryArticles } from '../corpus/query.ts';
import { ArticleOrderField, type ArticleRecord } from '../corpus/records.ts';
import type { CorpusView } from '../corpus/view.ts';
import { publicationDay } from './article-url.ts';
import type { FeedQuery } from './params.ts';
import { MAX_NEWS_URLS, MAX_SITEMAP_URLS, NEWS_WINDOW_MS, type SitemapDay } from './sitemaps.ts';

/**
 * Which articles each document shows, read through the graph's own query (`queryArticles`), so
 * a feed and `articles(where, orderBy, first)` can never disagree. Callers pass the public view.
 */

export function feedArticles(view: CorpusView, query: FeedQuery): readonly ArticleRecord[] {
  return queryArticles(view, {
    where: query.where,
    orderBy: query.orderBy,
    page: { first: query.first },
  }).edges.map((edge) => edge.node);
}

/** Every match, newest first, page by page through the graph's cursors; at most `max`. */
function newestMatching(view: CorpusView, where: ArticleFilter, max: number): ArticleRecord[] {
  const out: ArticleRecord[] = [];
  let after: string | null = null;
  while (out.length < max) {
    const page = queryArticles(view, {
      where,
      page: { first: Math.min(MAX_PAGE_SIZE, max - out.length), after },
    });
    for (const edge of page.edges) out.push(edge.node);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return out;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The days that have articles, newest first, each with the last change of any of its articles. */
export function sitemapDays(view: CorpusView): SitemapDay[] {
  const days: { day: string; lastmod: Date }[] = [];
  for (const article of view.ordered[ArticleOrderField.PublishedDateTime]) {
    const day = publicationDay(article.publishedDateTime);
    const changed = lastUpdateOf(article);
    const last = days[days.length - 1];
    if (last?.day !== day) days.push({ day, lastmod: changed });
    else if (changed > last.lastmod) last.lastmod = changed;
  }
  return days;
}

/** Articles published on one UTC day (YYYY-MM-DD), newest first. */
export function dayArticles(view: CorpusView, day: string): ArticleRecord[] {
  const start = new Date(`${day}T00:00:00Z`).getTime();
  // The filter's bounds are exclusive.
  return newestMatching(
    view,
    { publishedAfter: new Date(start - 1), publishedBefore: new Date(start + DAY_MS) },
    MAX_SITEMAP_URLS,
  );
}

/** Articles published in the 48 hours up to `now` (none from the future), newest first. */
export function newsArticles(view: CorpusView, now: Date): ArticleRecord[] {
  return newestMatching(
    view,
    {
      publishedAfter: new Date(now.getTime() - NEWS_WINDOW_MS),
      publishedBefore: new Date(now.getTime() + 1),
    },
    MAX_NEWS_URLS,
  );
}
