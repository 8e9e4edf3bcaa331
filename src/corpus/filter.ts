import type { ArticleFilter, ArticleScope } from './query.ts';
import type { ArticleRecord } from './records.ts';
import { topicId } from './view.ts';

export type ArticlePredicate = (article: ArticleRecord) => boolean;

/** A list that asks for something: an empty list is no condition. */
export const nonEmpty = <T>(list: readonly T[] | null | undefined): readonly T[] | undefined =>
  list && list.length > 0 ? list : undefined;

/**
 * How one representation of articles answers the elementary conditions of a filter: the records
 * themselves (recordFields, below), or a view's facet columns (discovery/facets.ts), which answer
 * the same questions several times faster on large sets. Each method compiles its condition once
 * per query; the values it gets are already normalised (topic ids, epoch milliseconds).
 */
export interface FilterFields<T> {
  /** The article's provider domain is one of `domains`. */
  providerIn(domains: readonly string[]): (item: T) => boolean;
  /** One of the article's topics has one of these topic ids (topicId: trimmed, lower case). */
  topicIn(topicIds: readonly string[]): (item: T) => boolean;
  categoryIs(category: string): (item: T) => boolean;
  typeIs(type: string): (item: T) => boolean;
  /** Publication time in epoch milliseconds. */
  published(item: T): number;
  /** null when the article has no such score. */
  quality(item: T): number | null;
  heat(item: T): number | null;
}

/**
 * `ArticleFilter` (and a provider/topic scope) as one predicate over any representation of
 * articles: the one definition of what a filter means. Every condition must hold, a list
 * matches any of its values, an empty list is no condition, topics ignore case, dates are
 * exclusive bounds and a missing score fails a minimum. Undefined when nothing is asked, so
 * callers can skip the per-article call.
 */
export function filterPredicate<T>(
  where: ArticleFilter | null | undefined,
  scope: ArticleScope | undefined,
  fields: FilterFields<T>,
): ((item: T) => boolean) | undefined {
  const checks: ((item: T) => boolean)[] = [];
  const filter = where ?? {};
  if (scope?.providerDomain !== undefined) checks.push(fields.providerIn([scope.providerDomain]));
  if (scope?.topic !== undefined) checks.push(fields.topicIn([topicId(scope.topic)]));
  const domains = nonEmpty(filter.providerDomains);
  if (domains) checks.push(fields.providerIn([...new Set(domains)]));
  const topics = nonEmpty(filter.topics);
  if (topics) checks.push(fields.topicIn([...new Set(topics.map(topicId))]));
  const { category, type, publishedAfter, publishedBefore, minQuality, minHeat } = filter;
  if (category != null) checks.push(fields.categoryIs(category));
  if (type != null) checks.push(fields.typeIs(type));
  if (publishedAfter != null) {
    const t = publishedAfter.getTime();
    checks.push((a) => fields.published(a) > t);
  }
  if (publishedBefore != null) {
    const t = publishedBefore.getTime();
    checks.push((a) => fields.published(a) < t);
  }
  if (minQuality != null) {
    checks.push((a) => {
      const quality = fields.quality(a);
      return quality !== null && quality >= minQuality;
    });
  }
  if (minHeat != null) {
    checks.push((a) => {
      const heat = fields.heat(a);
      return heat !== null && heat >= minHeat;
    });
  }
  if (checks.length === 0) return undefined;
  if (checks.length === 1) return checks[0];
  return (a) => {
    for (const check of checks) if (!check(a)) return false;
    return true;
  };
}

/** The filter's questions answered from article records. */
const recordFields: FilterFields<ArticleRecord> = {
  providerIn: (domains) => {
    const wanted = new Set(domains);
    return (a) => wanted.has(a.provider.domain);
  },
  topicIn: (topicIds) => {
    const wanted = new Set(topicIds);
    // Topic names are a small vocabulary: each spelling is normalised once per query, not once
    // per article scanned (a 10,000-article topic page at 100,000 articles spent ~7 ms per
    // request trimming and lower-casing the same few names).
    const matches = new Map<string, boolean>();
    const match = (name: string): boolean => {
      let wantedName = matches.get(name);
      if (wantedName === undefined) {
        wantedName = wanted.has(topicId(name));
        matches.set(name, wantedName);
      }
      return wantedName;
    };
    return (a) => a.topics.some(match);
  },
  categoryIs: (category) => (a) => a.category === category,
  typeIs: (type) => (a) => a.type === type,
  published: (a) => a.publishedDateTime.getTime(),
  quality: (a) => a.quality,
  heat: (a) => a.heat,
};

/** `filterPredicate` over article records (`queryArticles` and the syndication feeds use it). */
export const articlePredicate = (
  where: ArticleFilter | null | undefined,
  scope?: ArticleScope,
): ArticlePredicate | undefined => filterPredicate(where, scope, recordFields);
