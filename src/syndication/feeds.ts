import { XMLBuilder } from 'fast-xml-parser';
import { lastUpdateOf } from '../content/records.ts';
import type { ArticleRecord } from '../corpus/records.ts';
// Plain text for the fields the formats define as HTML (RSS description, Atom type="html").
import { escapeHtml } from '../discovery/highlight.ts';
import type { ArticleUrl } from './article-url.ts';
import { FeedFormat } from './params.ts';
import { xmlAttributeText, xmlText } from './text.ts';

export const FEED_CONTENT_TYPES: Readonly<Record<FeedFormat, string>> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

const MEDIA_RSS = 'http://search.yahoo.com/mrss/';
const DUBLIN_CORE = 'http://purl.org/dc/elements/1.1/';
const ATOM = 'http://www.w3.org/2005/Atom';
const GENERATOR = 'newsgraph';
/** An element as XMLBuilder takes it: children by name, `@_` attributes, `#text`. */
type XmlElement = Record<string, unknown>;
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

/**
 * RSS and Atom are written with fast-xml-parser's XMLBuilder, which escapes every text and
 * attribute value itself (`&`, `<`, `>`, quotes) in one pass without indentation. `feed` 6 built
 * the same documents through xml-js, whose indenting writer walked the tree several times and
 * cost the uncached feed about half its CPU (see BENCHMARKS.md, Syndication). The elements are
 * the ones `feed` wrote; namespaces are declared once on the root.
 */
const xml = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  suppressEmptyNode: true,
});
const DECLARATION = { '@_version': '1.0', '@_encoding': 'utf-8' };

/** The form `feed` gave every URL it wrote (WHATWG serialisation), so links stay as they were. */
const normalUrl = (url: string): string => new URL(url).href;

/** The excerpt as the HTML RSS and Atom expect (plain text, escaped); left out when empty. */
function htmlSummary(article: ArticleRecord): string | undefined {
  const html = article.excerpt === null ? '' : escapeHtml(xmlText(article.excerpt));
  return html === '' ? undefined : html;
}

function rssItem(doc: FeedDocument, article: ArticleRecord): XmlElement {
  const image = imageOf(article);
  const description = htmlSummary(article);
  return {
    title: xmlText(article.title),
    link: normalUrl(doc.articleUrl(article)),
    guid: { '#text': doc.guid(article), '@_isPermaLink': 'false' },
    pubDate: article.publishedDateTime.toUTCString(),
    // RSS descriptions are HTML by convention; the excerpt is plain text.
    ...(description === undefined ? {} : { description }),
    category: article.topics.map(xmlText),
    // RSS wants the length in bytes, which nobody knows here; 0 is the usual "unknown".
    ...(image
      ? {
          enclosure: {
            '@_length': 0,
            '@_type': imageType(image.url),
            '@_url': normalUrl(image.url),
          },
        }
      : {}),
    // RSS `author` must be an e-mail address; Dublin Core's creator takes a name.
    'dc:creator': xmlText(article.provider.name),
    ...(image
      ? {
          'media:content': {
            '@_url': xmlText(image.url),
            '@_medium': 'image',
            ...(image.width === null ? {} : { '@_width': image.width }),
            ...(image.height === null ? {} : { '@_height': image.height }),
          },
        }
      : {}),
  };
}

function renderRss(doc: FeedDocument): string {
  return xml.build({
    '?xml': DECLARATION,
    rss: {
      '@_version': '2.0',
      '@_xmlns:atom': ATOM,
      '@_xmlns:dc': DUBLIN_CORE,
      '@_xmlns:media': MEDIA_RSS,
      channel: {
        title: xmlText(doc.title),
        link: normalUrl(doc.homeUrl),
        description: xmlText(doc.description),
        lastBuildDate: doc.updated.toUTCString(),
        docs: 'https://validator.w3.org/feed/docs/rss2.html',
        generator: GENERATOR,
        language: doc.language,
        'atom:link': {
          '@_href': normalUrl(doc.selfUrl),
          '@_rel': 'self',
          '@_type': 'application/rss+xml',
        },
        item: doc.articles.map((article) => rssItem(doc, article)),
      },
    },
  });
}

function atomEntry(doc: FeedDocument, article: ArticleRecord): XmlElement {
  const image = imageOf(article);
  const summary = htmlSummary(article);
  const link: XmlElement[] = [{ '@_href': normalUrl(doc.articleUrl(article)) }];
  if (image) {
    const url = new URL(image.url);
    // What `feed` wrote: the file extension as the subtype.
    const type = `image/${url.pathname.split('.').pop()}`;
    link.push({ '@_rel': 'enclosure', '@_href': url.href, '@_type': type });
  }
  return {
    // Atom titles and summaries are sent as type="html": escape the plain text.
    title: { '@_type': 'html', '#text': escapeHtml(xmlText(article.title)) },
    // An Atom id must be an IRI; the global ID inside a URN keeps it recognisable.
    id: `urn:newsgraph:${doc.guid(article)}`,
    link,
    updated: lastUpdateOf(article).toISOString(),
    ...(summary === undefined ? {} : { summary: { '@_type': 'html', '#text': summary } }),
    author: { name: xmlText(article.provider.name), uri: `https://${article.provider.domain}/` },
    // Feeds have always shown "<" in a term as the look-alike U+FF1C (`feed` could not escape
    // it); kept so that readers see the same categories.
    category: article.topics.map((topic) => ({ '@_term': xmlAttributeText(topic) })),
    published: article.publishedDateTime.toISOString(),
  };
}

function renderAtom(doc: FeedDocument): string {
  return xml.build({
    '?xml': DECLARATION,
    feed: {
      '@_xmlns': ATOM,
      id: doc.selfUrl,
      title: xmlText(doc.title),
      updated: doc.updated.toISOString(),
      generator: GENERATOR,
      link: [
        { '@_rel': 'alternate', '@_href': normalUrl(doc.homeUrl) },
        { '@_rel': 'self', '@_href': normalUrl(doc.selfUrl) },
      ],
      subtitle: xmlText(doc.description),
      entry: doc.articles.map((article) => atomEntry(doc, article)),
    },
  });
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
    date_modified: lastUpdateOf(article).toISOString(),
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
  switch (doc.format) {
    case FeedFormat.Rss:
      return renderRss(doc);
    case FeedFormat.Atom:
      return renderAtom(doc);
    case FeedFormat.Json:
      return renderJsonFeed(doc);
  }
}
