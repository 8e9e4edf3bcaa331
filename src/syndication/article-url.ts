import type { ArticleRecord } from '../corpus/records.ts';

export const DEFAULT_ARTICLE_URL_TEMPLATE = '{sourceUrl}';
export const ARTICLE_URL_PLACEHOLDERS = ['key', 'sourceUrl', 'provider', 'date'] as const;

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** The UTC publication day, YYYY-MM-DD: the `{date}` placeholder and the sitemap day. */
export const publicationDay = (date: Date): string => date.toISOString().slice(0, 10);

export type ArticleUrl = (
  article: Pick<ArticleRecord, 'key' | 'sourceUrl' | 'provider' | 'publishedDateTime'>,
) => string;

/**
 * The URL an article gets in feeds and sitemaps, from a template such as
 * `https://news.example/{provider}/{date}/{key}`. `{sourceUrl}` is inserted as it is when the
 * template starts with it (the default is the source URL itself) and percent-encoded anywhere
 * else (`https://proxy.example/read?u={sourceUrl}`); the other values are always encoded. Throws
 * with a message naming the problem, so a bad setting stops the server at start.
 */
export function articleUrlTemplate(template: string): ArticleUrl {
  for (const [, name] of template.matchAll(PLACEHOLDER)) {
    if (!(ARTICLE_URL_PLACEHOLDERS as readonly string[]).includes(name as string)) {
      throw new Error(
        `unknown placeholder {${name}}; use ${ARTICLE_URL_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
      );
    }
  }
  if (/[{}]/.test(template.replace(PLACEHOLDER, ''))) {
    throw new Error('has an unmatched "{" or "}"');
  }
  const expand: ArticleUrl = (article) =>
    template.replace(PLACEHOLDER, (_match, name: string, offset: number) => {
      switch (name) {
        case 'sourceUrl':
          return offset === 0 ? article.sourceUrl : encodeURIComponent(article.sourceUrl);
        case 'key':
          return encodeURIComponent(article.key);
        case 'provider':
          return encodeURIComponent(article.provider.domain);
        default:
          return publicationDay(article.publishedDateTime);
      }
    });
  const sample = expand({
    key: 'sample-key',
    sourceUrl: 'https://source.example/story',
    provider: { domain: 'source.example', name: 'Source' },
    publishedDateTime: new Date(0),
  });
  let url: URL;
  try {
    url = new URL(sample);
  } catch {
    throw new Error(`must give an absolute URL (gave "${sample}" for a sample article)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`must give an http or https URL (gave "${sample}" for a sample article)`);
  }
  return expand;
}
