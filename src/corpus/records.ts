import type { ArticleRecord } from '../content/records.ts';

export interface ProviderRecord {
  readonly domain: string;
  /** The name its own articles use; otherwise the first name seen in related coverage. */
  readonly name: string;
}

export interface TopicRecord {
  /** The first spelling seen; lookups ignore case. */
  readonly name: string;
}

/** Sort keys of the article orderings; every ordering breaks ties by key ascending. */
export const ArticleOrderField = {
  Heat: 'HEAT',
  PublishedDateTime: 'PUBLISHED_DATE_TIME',
  Quality: 'QUALITY',
  /** Heat decayed by age; see src/corpus/trending.ts. */
  Trending: 'TRENDING',
  /** Last substantive update; never-updated articles count their publication time. */
  UpdatedDateTime: 'UPDATED_DATE_TIME',
} as const;
export type ArticleOrderField = (typeof ArticleOrderField)[keyof typeof ArticleOrderField];

export const SortDirection = { Asc: 'ASC', Desc: 'DESC' } as const;
export type SortDirection = (typeof SortDirection)[keyof typeof SortDirection];

export interface ArticleOrder {
  readonly field: ArticleOrderField;
  readonly direction: SortDirection;
}

export const DEFAULT_ARTICLE_ORDER: ArticleOrder = Object.freeze({
  field: ArticleOrderField.PublishedDateTime,
  direction: SortDirection.Desc,
});

export type { ArticleRecord };
