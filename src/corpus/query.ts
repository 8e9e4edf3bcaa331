import type { ListView } from './chunked-list.ts';
import {
  compareWithPosition,
  decodeArticleCursor,
  encodeArticleCursor,
  providerCursor,
  topicCursor,
} from './cursor.ts';
import { articlePredicate, nonEmpty } from './filter.ts';
import { keysetPage, type Page, type PageArgs, sequence } from './pagination.ts';
import {
  type ArticleOrder,
  ArticleOrderField,
  type ArticleRecord,
  DEFAULT_ARTICLE_ORDER,
  type ProviderRecord,
  SortDirection,
  type TopicRecord,
} from './records.ts';
import { type CorpusView, compareStrings, sortDescending, topicId } from './view.ts';

/** Every condition must hold; within a list, any value matches. An empty list is no condition. */
export interface ArticleFilter {
  readonly topics?: readonly string[] | null;
  readonly providerDomains?: readonly string[] | null;
  readonly category?: string | null;
  readonly type?: string | null;
  /** Strictly after. */
  readonly publishedAfter?: Date | null;
  /** Strictly before. */
  readonly publishedBefore?: Date | null;
  readonly minQuality?: number | null;
  readonly minHeat?: number | null;
}

/** Narrows a query to one provider's or one topic's articles (Provider.articles, Topic.articles). */
export interface ArticleScope {
  readonly providerDomain?: string;
  readonly topic?: string;
}

/**
 * The precomputed lists (a provider's, a topic's) one condition draws its matches from, and
 * that condition: `without` is the query with it removed, since every article of these lists
 * meets it.
 */
interface Source {
  readonly lists: readonly (ListView<ArticleRecord> | undefined)[];
  readonly without: (where: ArticleFilter, scope: ArticleScope) => [ArticleFilter, ArticleScope];
}

/** A candidate subset is sorted only while it is under 1/8 of the view. */
const SORT_SUBSET_MAX_SHARE = 8;

/**
 * One provider's or topic's list sorted by another field, kept while the list lives: lists are
 * immutable and a change replaces only the lists it touches, so a topic page ordered by quality
 * sorts its topic once per change of that topic, not once per request (a 10,000-article topic
 * at 100,000 articles took ~20 ms of CPU per request).
 */
const sortedLists = new WeakMap<ListView<ArticleRecord>, Map<ArticleOrderField, ArticleRecord[]>>();

function sortedList(list: ListView<ArticleRecord>, field: ArticleOrderField): ArticleRecord[] {
  let byField = sortedLists.get(list);
  if (byField === undefined) {
    byField = new Map();
    sortedLists.set(list, byField);
  }
  let sorted = byField.get(field);
  if (sorted === undefined) {
    sorted = sortDescending([...list], field);
    byField.set(field, sorted);
  }
  return sorted;
}

function unionOf(lists: Source['lists']): ArticleRecord[] {
  const seen = new Set<string>();
  const out: ArticleRecord[] = [];
  for (const list of lists) {
    for (const article of list ?? []) {
      if (seen.has(article.key)) continue;
      seen.add(article.key);
      out.push(article);
    }
  }
  return out;
}

/**
 * The smallest precomputed list that holds every match, sorted descending by the order field,
 * and the source it came from (none for the whole ordered list): one provider's or topic's
 * articles when the query names them, else the whole ordered list. byProvider/byTopic are
 * newest first, so a subset is sorted only for the other orderings or a union of several lists.
 */
function candidates(
  view: CorpusView,
  field: ArticleOrderField,
  sources: readonly Source[],
): { readonly list: ListView<ArticleRecord>; readonly source?: Source } {
  const whole = { list: view.ordered[field] };
  if (sources.length === 0) return whole;
  const size = (source: Source) => source.lists.reduce((sum, list) => sum + (list?.length ?? 0), 0);
  let best = sources[0] as Source;
  for (const source of sources) if (size(source) < size(best)) best = source;
  const single = best.lists.length === 1;
  const only = best.lists[0];
  if (single && only === undefined) return { list: [], source: best };
  if (single && only && field === ArticleOrderField.PublishedDateTime) {
    return { list: only, source: best };
  }
  // Sorting a large subset on every request costs more than filtering the presorted whole:
  // three broad topics at 100,000 articles sorted their 40,000-article union in ~40 ms, while
  // the page scans only until it has enough matches.
  if (size(best) * SORT_SUBSET_MAX_SHARE > view.articles.length) return whole;
  if (single && only) return { list: sortedList(only, field), source: best };
  return { list: sortDescending(unionOf(best.lists), field), source: best };
}

export interface ArticleQuery {
  readonly where?: ArticleFilter | null;
  readonly orderBy?: Partial<ArticleOrder> | null;
  readonly scope?: ArticleScope;
  readonly page: PageArgs;
}

export function queryArticles(view: CorpusView, query: ArticleQuery): Page<ArticleRecord> {
  const order: ArticleOrder = {
    field: query.orderBy?.field ?? DEFAULT_ARTICLE_ORDER.field,
    direction: query.orderBy?.direction ?? DEFAULT_ARTICLE_ORDER.direction,
  };
  const where = query.where ?? {};
  const scope = query.scope ?? {};
  // Provider and topic conditions also choose the precomputed list the matches are drawn from.
  const sources: Source[] = [];
  const { providerDomain, topic } = scope;
  if (providerDomain !== undefined) {
    sources.push({
      lists: [view.byProvider.get(providerDomain)],
      without: (w, { providerDomain: _, ...rest }) => [w, rest],
    });
  }
  if (topic !== undefined) {
    sources.push({
      lists: [view.byTopic.get(topicId(topic))],
      without: (w, { topic: _, ...rest }) => [w, rest],
    });
  }
  const domains = nonEmpty(where.providerDomains);
  if (domains) {
    sources.push({
      lists: [...new Set(domains)].map((d) => view.byProvider.get(d)),
      without: ({ providerDomains: _, ...rest }, s) => [rest, s],
    });
  }
  const topics = nonEmpty(where.topics);
  if (topics) {
    sources.push({
      lists: [...new Set(topics.map(topicId))].map((t) => view.byTopic.get(t)),
      without: ({ topics: _, ...rest }, s) => [rest, s],
    });
  }

  const { list, source } = candidates(view, order.field, sources);
  // Every article of the chosen lists meets their own condition: checked again per article, it
  // cost two thirds of a topic page's time at 100,000 articles (reading a record's topics is a
  // cache miss or more per article).
  const [rest, restScope] = source ? source.without(where, scope) : [where, scope];
  const matches = articlePredicate(rest, restScope);

  return keysetPage({
    seq: sequence(list, order.direction === SortDirection.Asc),
    args: query.page,
    decode: (cursor) => decodeArticleCursor(cursor, order),
    compare: compareWithPosition(order.field, order.direction),
    encode: (article) => encodeArticleCursor(article, order),
    matches,
  });
}

/** Providers by domain, ascending. */
export function queryProviders(view: CorpusView, page: PageArgs): Page<ProviderRecord> {
  return keysetPage({
    seq: sequence(view.providerList, false),
    args: page,
    decode: providerCursor.decode,
    compare: (provider, domain) => compareStrings(provider.domain, domain),
    encode: (provider) => providerCursor.encode(provider.domain),
  });
}

/** Topics by their case-insensitive id, ascending. */
export function queryTopics(view: CorpusView, page: PageArgs): Page<TopicRecord> {
  return keysetPage({
    seq: sequence(view.topicList, false),
    args: page,
    decode: topicCursor.decode,
    compare: (topic, id) => compareStrings(topicId(topic.name), id),
    encode: (topic) => topicCursor.encode(topicId(topic.name)),
  });
}
