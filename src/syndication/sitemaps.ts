import type { Readable } from 'node:stream';
import {
  ErrorLevel,
  SitemapIndexStream,
  type SitemapItemLoose,
  SitemapStream,
  streamToPromise,
} from 'sitemap';
import { lastUpdateOf } from '../content/records.ts';
import type { ArticleRecord } from '../corpus/records.ts';
import { type ArticleUrl, publicationDay } from './article-url.ts';
import { xmlText } from './text.ts';

export const SITEMAP_CONTENT_TYPE = 'application/xml; charset=utf-8';
export const SITEMAP_INDEX_PATH = '/sitemaps/index.xml';
export const NEWS_SITEMAP_PATH = '/sitemaps/news.xml';
/** The sitemaps protocol's limit of URLs per file. */
export const MAX_SITEMAP_URLS = 50_000;
/** Google News reads at most this many URLs per news sitemap. */
export const MAX_NEWS_URLS = 1_000;
/** Google News wants articles from the last two days only. */
export const NEWS_WINDOW_MS = 48 * 60 * 60 * 1000;

/** `/sitemaps/2024-01-31.xml`: the articles published on that UTC day. */
export const daySitemapPath = (day: string): string => `/sitemaps/${day}.xml`;
export const DAY_SITEMAP_PATH = /^\/sitemaps\/(\d{4}-\d{2}-\d{2})\.xml$/;

/** A real calendar day written YYYY-MM-DD, as publicationDay writes it. */
export function isCalendarDay(day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && publicationDay(date) === day;
}

export interface SitemapDay {
  readonly day: string;
  /** The last change (update, else publication) of any article of that day. */
  readonly lastmod: Date;
}

/**
 * Every URL and image the stream is given comes from a validated seed (the content layer
 * checks them) or the validated article URL template, so the library's own checks have nothing
 * left to report; SILENT keeps them from writing to the console.
 */
const LEVEL = ErrorLevel.SILENT;

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
/**
 * `sitemap` refuses to write a document without URLs (EmptySitemap), but "nothing published in
 * the last 48 hours" is a normal answer for the news sitemap, and a corpus may have no public
 * article yet. These constants, with no data in them, are those empty documents.
 */
const EMPTY_URLSET = `${XML_DECLARATION}<urlset xmlns="${SITEMAP_NS}"/>`;
const EMPTY_INDEX = `${XML_DECLARATION}<sitemapindex xmlns="${SITEMAP_NS}"/>`;

async function render(
  open: () => SitemapStream | SitemapIndexStream,
  items: readonly unknown[],
  empty: string,
): Promise<string> {
  if (items.length === 0) return empty;
  const stream = open();
  const done = streamToPromise(stream as Readable);
  for (const item of items) stream.write(item);
  stream.end();
  return (await done).toString('utf8');
}

/** The index: one sitemap per publication day, newest first, so past days' files stay put. */
export function renderSitemapIndex(origin: string, days: readonly SitemapDay[]): Promise<string> {
  return render(
    () => new SitemapIndexStream({ level: LEVEL }),
    days.map((d) => ({
      url: `${origin}${daySitemapPath(d.day)}`,
      lastmod: d.lastmod.toISOString(),
    })),
    EMPTY_INDEX,
  );
}

function imagesOf(article: ArticleRecord): SitemapItemLoose['img'] {
  const image = article.images[0];
  if (!image || !URL.canParse(image.url)) return [];
  return [{ url: image.url, ...(image.title ? { title: xmlText(image.title) } : {}) }];
}

/** One day's articles with their last modification and first image. */
export function renderDaySitemap(
  articles: readonly ArticleRecord[],
  articleUrl: ArticleUrl,
): Promise<string> {
  return render(
    () =>
      new SitemapStream({
        level: LEVEL,
        xmlns: { news: false, video: false, xhtml: false, image: true },
      }),
    articles.map(
      (article): SitemapItemLoose => ({
        url: articleUrl(article),
        lastmod: lastUpdateOf(article).toISOString(),
        img: imagesOf(article),
      }),
    ),
    EMPTY_URLSET,
  );
}

/**
 * The Google News sitemap. Each URL's publication is its provider, whose name Google matches
 * against the publication it knows; the language is the configured one.
 */
export function renderNewsSitemap(
  articles: readonly ArticleRecord[],
  articleUrl: ArticleUrl,
  language: string,
): Promise<string> {
  return render(
    () =>
      new SitemapStream({
        level: LEVEL,
        xmlns: { news: true, video: false, xhtml: false, image: true },
      }),
    articles.map(
      (article): SitemapItemLoose => ({
        url: articleUrl(article),
        lastmod: lastUpdateOf(article).toISOString(),
        img: imagesOf(article),
        news: {
          publication: { name: xmlText(article.provider.name), language },
          publication_date: article.publishedDateTime.toISOString(),
          title: xmlText(article.title),
        },
      }),
    ),
    EMPTY_URLSET,
  );
}
