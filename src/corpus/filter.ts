import type { ArticleFilter, ArticleScope } from './query.ts';
import type { ArticleRecord } from './records.ts';
import { topicId } from './view.ts';

export type ArticlePredicate = (article: ArticleRecord) => boolean;

/** A list that asks for something: an empty list is no condition. */
export const nonEmpty = <T>(list: readonly T[] | null | undefined): readonly T[] | undefined =>
  list && list.length > 0 ? list : undefined;

/**
 * `ArticleFilter` (and a provider/topic scope) as one predicate, the one definition of what a
 * filter means (`queryArticles` applies it): every condition must hold, a list matches any of its values, an empty list
 * is no condition, topics ignore case, dates are exclusive bounds and a missing score fails a
 * minimum. Undefined when nothing is asked, so callers can skip the per-article call. Search and
 * facets answer the same filter from per-view columns (`positionPredicate` in facets.ts), several
 * times faster on large sets; a test holds the two to the same answers.
 */
export function articlePredicate(
  where: ArticleFilter | null | undefined,
  scope?: ArticleScope,
): ArticlePredicate | undefined {
  const checks: ArticlePredicate[] = [];
  const filter = where ?? {};
  if (scope?.providerDomain !== undefined) {
    const domain = scope.providerDomain;
    checks.push((a) => a.provider.domain === domain);
  }
  if (scope?.topic !== undefined) {
    const id = topicId(scope.topic);
    checks.push((a) => a.topics.some((t) => topicId(t) === id));
  }
  const domains = nonEmpty(filter.providerDomains);
  if (domains) {
    const wanted = new Set(domains);
    checks.push((a) => wanted.has(a.provider.domain));
  }
  const topics = nonEmpty(filter.topics);
  if (topics) {
    const wanted = new Set(topics.map(topicId));
    checks.push((a) => a.topics.some((t) => wanted.has(topicId(t))));
  }
  const { category, type, publishedAfter, publishedBefore, minQuality, minHeat } = filter;
  if (category != null) checks.push((a) => a.category === category);
  if (type != null) checks.push((a) => a.type === type);
  if (publishedAfter != null) {
    const t = publishedAfter.getTime();
    checks.push((a) => a.publishedDateTime.getTime() > t);
  }
  if (publishedBefore != null) {
    const t = publishedBefore.getTime();
    checks.push((a) => a.publishedDateTime.getTime() < t);
  }
  if (minQuality != null) checks.push((a) => a.quality !== null && a.quality >= minQuality);
  if (minHeat != null) checks.push((a) => a.heat !== null && a.heat >= minHeat);
  if (checks.length === 0) return undefined;
  if (checks.length === 1) return checks[0];
  return (a) => {
    for (const check of checks) if (!check(a)) return false;
    return true;
  };
}
