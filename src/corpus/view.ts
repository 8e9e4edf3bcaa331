import { type ArticleRecord, lastUpdateOf } from '../content/records.ts';
import type { ViewDerivation } from './delta.ts';
import { ArticleOrderField, type ProviderRecord, type TopicRecord } from './records.ts';
import { trendingRank } from './trending.ts';

export const topicId = (name: string): string => name.trim().toLowerCase();

/** The numeric sort value of an article for an ordering; missing scores sort as -1 (last). */
export function orderValue(article: ArticleRecord, field: ArticleOrderField): number {
  switch (field) {
    case ArticleOrderField.PublishedDateTime:
      return article.publishedDateTime.getTime();
    case ArticleOrderField.Quality:
      return article.quality ?? -1;
    case ArticleOrderField.Heat:
      return article.heat ?? -1;
    case ArticleOrderField.Trending:
      return trendingRank(article);
    case ArticleOrderField.UpdatedDateTime:
      return lastUpdateOf(article).getTime();
  }
}

/** Descending by value, then key ascending: a total order, so keyset cursors are unambiguous. */
export function compareDescending(field: ArticleOrderField) {
  return (a: ArticleRecord, b: ArticleRecord): number => {
    const diff = orderValue(b, field) - orderValue(a, field);
    if (diff !== 0) return diff;
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  };
}

/**
 * What one audience may see of a snapshot: the public view leaves drafts out of everything
 * (lookups, lists, providers and topics known only through drafts, counts); the preview view
 * has them all. Both are built once per snapshot so requests only read.
 */
export class CorpusView {
  readonly articles: readonly ArticleRecord[];
  readonly byKey: ReadonlyMap<string, ArticleRecord>;
  readonly bySourceUrl: ReadonlyMap<string, ArticleRecord>;
  readonly providers: ReadonlyMap<string, ProviderRecord>;
  /** Providers sorted by domain, for stable pagination. */
  readonly providerList: readonly ProviderRecord[];
  /** Keyed by `topicId(name)`. */
  readonly topics: ReadonlyMap<string, TopicRecord>;
  /** Topics sorted by id. */
  readonly topicList: readonly TopicRecord[];
  /** Articles sorted newest/highest first for each ordering. */
  readonly ordered: Readonly<Record<ArticleOrderField, readonly ArticleRecord[]>>;
  readonly byProvider: ReadonlyMap<string, readonly ArticleRecord[]>;
  readonly byTopic: ReadonlyMap<string, readonly ArticleRecord[]>;
  /**
   * Set when this view was derived from the previous snapshot's view by a delta (undefined for a
   * view built from scratch): derived structures can follow the same delta.
   */
  readonly derivation: ViewDerivation | undefined = undefined;

  /**
   * `within` is a view of a superset of `articles` (the preview, for the public view): its sorted
   * lists are filtered down, which keeps their order, instead of sorting again.
   */
  constructor(articles: readonly ArticleRecord[], within?: CorpusView) {
    this.articles = articles;
    this.byKey = new Map(articles.map((a) => [a.key, a]));
    this.bySourceUrl = new Map(articles.map((a) => [a.sourceUrl, a]));

    const providers = new Map<string, ProviderRecord>();
    const topics = new Map<string, TopicRecord>();
    for (const article of articles) {
      const { domain, name } = article.provider;
      if (!providers.has(domain)) providers.set(domain, Object.freeze({ domain, name }));
      for (const topic of article.topics) {
        const id = topicId(topic);
        if (!topics.has(id)) topics.set(id, Object.freeze({ name: topic }));
      }
    }
    // Providers seen only in related coverage are still nodes (Related.provider points at them).
    for (const article of articles) {
      for (const related of article.related) {
        const p = related.provider;
        if (p && !providers.has(p.domain))
          providers.set(p.domain, Object.freeze({ domain: p.domain, name: p.name }));
      }
    }
    this.providers = providers;
    this.topics = topics;
    this.providerList = [...providers.values()].sort((a, b) => compareStrings(a.domain, b.domain));
    this.topicList = [...topics.entries()]
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([, t]) => t);

    let included: Set<ArticleRecord> | undefined;
    const sorted = (field: ArticleOrderField): readonly ArticleRecord[] => {
      if (!within) return sortDescending(articles, field);
      included ??= new Set(articles);
      const inside = included;
      return within.ordered[field].filter((a) => inside.has(a));
    };
    let byUpdate: readonly ArticleRecord[] | undefined;
    this.ordered = {
      [ArticleOrderField.PublishedDateTime]: sorted(ArticleOrderField.PublishedDateTime),
      [ArticleOrderField.Quality]: sorted(ArticleOrderField.Quality),
      [ArticleOrderField.Heat]: sorted(ArticleOrderField.Heat),
      [ArticleOrderField.Trending]: sorted(ArticleOrderField.Trending),
      // Sorted on first use: few clients ask for it, and every snapshot would pay for it.
      get [ArticleOrderField.UpdatedDateTime]() {
        byUpdate ??= sorted(ArticleOrderField.UpdatedDateTime);
        included = undefined;
        return byUpdate;
      },
    };
    // The set is only needed again for the lazy list; it is rebuilt then.
    included = undefined;
    // Walking the newest-first list fills every provider's and topic's list already in order.
    const byProvider = new Map<string, ArticleRecord[]>();
    const byTopic = new Map<string, ArticleRecord[]>();
    for (const article of this.ordered[ArticleOrderField.PublishedDateTime]) {
      push(byProvider, article.provider.domain, article);
      for (const topic of article.topics) push(byTopic, topicId(topic), article);
    }
    this.byProvider = byProvider;
    this.byTopic = byTopic;
  }
}

/**
 * `compareDescending`'s order, with each article's value computed once instead of in every
 * comparison (the TRENDING value is a logarithm).
 */
function sortDescending(
  articles: readonly ArticleRecord[],
  field: ArticleOrderField,
): ArticleRecord[] {
  const values = new Float64Array(articles.length);
  for (let i = 0; i < articles.length; i++) {
    values[i] = orderValue(articles[i] as ArticleRecord, field);
  }
  const positions = Array.from(articles, (_, i) => i);
  positions.sort((i, j) => {
    const diff = (values[j] as number) - (values[i] as number);
    if (diff !== 0) return diff;
    return compareStrings((articles[i] as ArticleRecord).key, (articles[j] as ArticleRecord).key);
  });
  return positions.map((i) => articles[i] as ArticleRecord);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
