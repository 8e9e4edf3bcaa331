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

/**
 * JSON Feed 1.1 is written directly: it is JSON.stringify of a plain object, no library needed
 * (`feed` 6 wrote 1.0 with indentation, which was then parsed again and lifted to 1.1: twice the
 * work of the answer itself). Fields left out when empty, as `feed` did.
 */
function jsonItem(doc: FeedDocument, article: ArticleRecord): Record<string, unknown> {
  const image = imageOf(article);
  const title = xmlText(article.title);
  const summary = article.excerpt === null ? undefined : xmlText(article.excerpt);
  const { name } = article.provider;
  const tags = article.topics.filter((topic) => topic !== '');
  return {
    id: doc.guid(article),
    // 1.1 wants content_html or content_text on every item; an article may have no excerpt.
    ...(summary === undefined ? { content_text: '' } : { content_html: escapeHtml(summary) }),
    url: doc.articleUrl(article),
    ...(title === '' ? {} : { title }),
    ...(summary ? { summary } : {}),
    ...(image ? { image: image.url } : {}),
    date_modified: updatedOf(article).toISOString(),
    date_published: article.publishedDateTime.toISOString(),
    authors: [{ ...(name === '' ? {} : { name }), url: `https://${article.provider.domain}/` }],
    tags,
    ...(image
      ? { _newsgraph: { image: { url: image.url, width: image.width, height: image.height } } }
      : {}),
  };
}

function renderJsonFeed(doc: FeedDocument): string {
  const description = xmlText(doc.description);
  return JSON.stringify({
    version: JSON_FEED_1_1,
    title: xmlText(doc.title),
    home_page_url: doc.homeUrl,
    feed_url: doc.selfUrl,
    ...(description === '' ? {} : { description }),
    language: doc.language,
    items: doc.articles.map((article) => jsonItem(doc, article)),
  });
}

/** One feed document, in the requested format, from articles already chosen and ordered. */
export function renderFeed(doc: FeedDocument): string {
  if (doc.format === FeedFormat.Json) return renderJsonFeed(doc);
  const itemOf = doc.format === FeedFormat.Rss ? rssItem : atomItem;
  const feed = new Feed({
    id: doc.selfUrl,
    title: xmlNodeText(doc.title),
    description: xmlNodeText(doc.description),
    link: doc.homeUrl,
    language: doc.language,
    updated: doc.updated,
    generator: 'newsgraph',
    feedLinks: { [doc.format]: doc.selfUrl },
  });
  for (const article of doc.articles) feed.addItem(itemOf(doc, article));
  return doc.format === FeedFormat.Rss ? feed.rss2() : feed.atom1();
}
