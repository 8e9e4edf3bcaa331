import { Feed, type Item } from 'feed';
import type { ArticleRecord } from '../corpus/records.ts';
import type { ArticleUrl } from './article-url.ts';
import { FeedFormat } from './params.ts';
import { escapeHtml, xmlAttribute, xmlAttributeText, xmlNodeText, xmlText } from './text.ts';

export const FEED_CONTENT_TYPES: Readonly<Record<FeedFormat, string>> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

const MEDIA_RSS = 'http://search.yahoo.com/mrss/';
const DUBLIN_CORE = 'http://purl.org/dc/elements/1.1/';
const JSON_FEED_1_1 = 'https://jsonfeed.org/version/1.1';

export interface FeedDocument {
  readonly format: FeedFormat;
  readonly title: string;
  readonly description: string;
  /** The feed's own canonical URL (its self link). */
  readonly selfUrl: string;
  /** The site the feed belongs to (the server's index). */
  readonly homeUrl: string;
  /** BCP 47 tag, such as `en`. */
  readonly language: string;
  readonly articles: readonly ArticleRecord[];
  /** When the newest item changed; the snapshot's time for an empty feed. */
  readonly updated: Date;
  readonly articleUrl: ArticleUrl;
  /** The GraphQL global ID of an article (the item's guid). */
  readonly guid: (article: ArticleRecord) => string;
}

/**
 * The seed format has no modification time, so an item's update date is its publication date;
 * a corrected article keeps its guid, which is what readers use to replace it.
 */
const updatedOf = (article: ArticleRecord): Date => article.publishedDateTime;

/** `feed` sanitises URLs by parsing them; anything it cannot parse is left out, not fatal. */
function parsableUrl(url: string): string | undefined {
  return URL.canParse(url) ? url : undefined;
}

const IMAGE_TYPES: Readonly<Record<string, string>> = {
  avif: 'image/avif',
  gif: 'image/gif',
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  png: 'image/png',
  svg: 'image/svg+xml',
  webp: 'image/webp',
};

/** The MIME type an RSS enclosure must state, from the file extension (JPEG when unknown). */
function imageType(url: string): string {
  const extension = new URL(url).pathname.split('.').pop()?.toLowerCase() ?? '';
  return IMAGE_TYPES[extension] ?? 'image/jpeg';
}

function imageOf(article: ArticleRecord) {
  const image = article.images[0];
  return image && parsableUrl(image.url) ? image : undefined;
}

/** What every format shows; each format then adds what only it can say. */
function baseItem(doc: FeedDocument, article: ArticleRecord): Item {
  const excerpt = article.excerpt === null ? undefined : xmlText(article.excerpt);
  return {
    title: xmlText(article.title),
    link: doc.articleUrl(article),
    date: updatedOf(article),
    published: article.publishedDateTime,
    ...(excerpt === undefined ? {} : { description: excerpt }),
  };
}

function rssItem(doc: FeedDocument, article: ArticleRecord): Item {
  const image = imageOf(article);
  const item = baseItem(doc, article);
  return {
    ...item,
    // RSS descriptions are HTML by convention; the excerpt is plain text.
    ...(item.description === undefined ? {} : { description: escapeHtml(item.description) }),
    // The title goes in as an escaped text node (an extension) instead of `feed`'s CDATA: its
    // writer splits only the first "]]>" of a CDATA section, so a title with two broke the XML.
    title: '',
    guid: doc.guid(article),
    category: article.topics.map((topic) => ({ name: xmlNodeText(topic) })),
    // RSS wants the length in bytes, which nobody knows here; 0 is the usual "unknown".
    ...(image ? { enclosure: { url: image.url, type: imageType(image.url), length: 0 } } : {}),
    extensions: [
      { name: 'title', objects: { _text: xmlNodeText(article.title) } },
      // RSS `author` must be an e-mail address; Dublin Core's creator takes a name. Namespaces
      // are declared on the elements because `feed` only declares the ones it knows.
      {
        name: 'dc:creator',
        objects: {
          _attributes: { 'xmlns:dc': DUBLIN_CORE },
          _text: xmlNodeText(article.provider.name),
        },
      },
      ...(image
        ? [
            {
              name: 'media:content',
              objects: {
                _attributes: {
                  'xmlns:media': MEDIA_RSS,
                  url: xmlAttribute(image.url),
                  medium: 'image',
                  ...(image.width === null ? {} : { width: image.width }),
                  ...(image.height === null ? {} : { height: image.height }),
                },
              },
            },
          ]
        : []),
    ],
  };
}

function atomItem(doc: FeedDocument, article: ArticleRecord): Item {
  const image = imageOf(article);
  const item = baseItem(doc, article);
  return {
    ...item,
    // Atom titles and summaries are sent as type="html": escape the plain text.
    title: escapeHtml(item.title),
    ...(item.description === undefined ? {} : { description: escapeHtml(item.description) }),
    // An Atom id must be an IRI; the global ID inside a URN keeps it recognisable.
    id: `urn:newsgraph:${doc.guid(article)}`,
    author: [
      { name: xmlNodeText(article.provider.name), link: `https://${article.provider.domain}/` },
    ],
    category: article.topics.map((topic) => ({
      term: xmlAttributeText(topic),
      label: xmlAttributeText(topic),
    })),
    ...(image ? { enclosure: { url: image.url } } : {}),
  };
}

function jsonItem(doc: FeedDocument, article: ArticleRecord): Item {
  const image = imageOf(article);
  const item = baseItem(doc, article);
  return {
    ...item,
    id: doc.guid(article),
    // `feed` writes `content` as content_html and, next to it, `description` as the summary.
    ...(item.description === undefined ? {} : { content: escapeHtml(item.description) }),
    author: [{ name: article.provider.name, link: `https://${article.provider.domain}/` }],
    category: article.topics.map((topic) => ({ name: topic })),
    ...(image ? { image: image.url } : {}),
    ...(image
      ? {
          extensions: [
            {
              name: '_newsgraph',
              objects: { image: { url: image.url, width: image.width, height: image.height } },
            },
          ],
        }
      : {}),
  };
}

/**
 * `feed` 6 writes JSON Feed 1.0; 1.1 renamed `author` to `authors` (a list) and added
 * `language`. Everything else is the same, so the library's output is lifted to 1.1 here.
 */
function toJsonFeed11(json: string, doc: FeedDocument): string {
  const feed = JSON.parse(json) as Record<string, unknown> & {
    items: Record<string, unknown>[];
  };
  feed.version = JSON_FEED_1_1;
  feed.language = doc.language;
  for (const item of feed.items) {
    // 1.1 wants content_html or content_text on every item; an article may have no excerpt.
    if (item.content_html === undefined) item.content_text = '';
    if (item.author) {
      item.authors = [item.author];
      delete item.author;
    }
  }
  return JSON.stringify(feed);
}

const ITEM_OF: Record<FeedFormat, (doc: FeedDocument, article: ArticleRecord) => Item> = {
  rss: rssItem,
  atom: atomItem,
  json: jsonItem,
};

/** One feed document, in the requested format, from articles already chosen and ordered. */
export function renderFeed(doc: FeedDocument): string {
  const text = doc.format === FeedFormat.Json ? xmlText : xmlNodeText;
  const feed = new Feed({
    id: doc.selfUrl,
    title: text(doc.title),
    description: text(doc.description),
    link: doc.homeUrl,
    language: doc.language,
    updated: doc.updated,
    generator: 'newsgraph',
    feedLinks: { [doc.format]: doc.selfUrl },
  });
  for (const article of doc.articles) feed.addItem(ITEM_OF[doc.format](doc, article));
  switch (doc.format) {
    case FeedFormat.Rss:
      return feed.rss2();
    case FeedFormat.Atom:
      return feed.atom1();
    case FeedFormat.Json:
      return toJsonFeed11(feed.json1(), doc);
  }
}
