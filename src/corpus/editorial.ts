import type { ArticleRecord } from '../content/records.ts';

/** Where an article stands at an instant; `published: false` (a draft) wins over every time. */
export const ArticleStatus = {
  Draft: 'DRAFT',
  Scheduled: 'SCHEDULED',
  Published: 'PUBLISHED',
  Expired: 'EXPIRED',
} as const;
export type ArticleStatus = (typeof ArticleStatus)[keyof typeof ArticleStatus];

/** Public from `publishAt` (inclusive) until `expiresAt` (exclusive); drafts never. */
export function statusAt(article: ArticleRecord, instant: number): ArticleStatus {
  if (!article.published) return ArticleStatus.Draft;
  if (article.publishAt !== null && instant < article.publishAt.getTime()) {
    return ArticleStatus.Scheduled;
  }
  if (article.expiresAt !== null && instant >= article.expiresAt.getTime()) {
    return ArticleStatus.Expired;
  }
  return ArticleStatus.Published;
}

export const isPublicAt = (article: ArticleRecord, instant: number): boolean =>
  statusAt(article, instant) === ArticleStatus.Published;

/** True when the article's visibility depends on the clock at all. */
export const hasTimes = (article: ArticleRecord): boolean =>
  article.published && (article.publishAt !== null || article.expiresAt !== null);

/**
 * The first instant after `instant` at which some article's visibility changes, or null when
 * none ever will: the one moment the next snapshot must be evaluated at.
 */
export function nextTransitionAfter(
  articles: readonly ArticleRecord[],
  instant: number,
): number | null {
  let next = Number.POSITIVE_INFINITY;
  for (const article of articles) {
    if (!article.published) continue;
    const publishAt = article.publishAt?.getTime();
    if (publishAt !== undefined && publishAt > instant && publishAt < next) next = publishAt;
    const expiresAt = article.expiresAt?.getTime();
    if (expiresAt !== undefined && expiresAt > instant && expiresAt < next) next = expiresAt;
  }
  return Number.isFinite(next) ? next : null;
}
