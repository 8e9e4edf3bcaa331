import { MAX_PAGE_SIZE } from '../corpus/pagination.ts';
import type { ArticleFilter } from '../corpus/query.ts';
import {
  type ArticleOrder,
  ArticleOrderField,
  DEFAULT_ARTICLE_ORDER,
  SortDirection,
} from '../corpus/records.ts';
import { topicId } from '../corpus/view.ts';

/** Items in a feed unless `first` asks for another number (at most MAX_PAGE_SIZE). */
export const DEFAULT_FEED_SIZE = 50;
export const MAX_FEED_SIZE = MAX_PAGE_SIZE;

export const FeedFormat = { Rss: 'rss', Atom: 'atom', Json: 'json' } as const;
export type FeedFormat = (typeof FeedFormat)[keyof typeof FeedFormat];

/** The feed routes, one per format. */
export const FEED_PATHS: Readonly<Record<FeedFormat, string>> = {
  rss: '/feeds/rss.xml',
  atom: '/feeds/atom.xml',
  json: '/feeds/feed.json',
};

/** What a feed shows: the GraphQL `articles(where, orderBy, first)` arguments. */
export interface FeedQuery {
  readonly where: ArticleFilter;
  readonly orderBy: ArticleOrder;
  readonly first: number;
}

/** A parameter the client must change; the message says what to change. Answered with 400. */
export class FeedParamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedParamError';
  }
}

/**
 * Query parameters in canonical order, named after the GraphQL contract: `topic` and `provider`
 * are one value each of `ArticleFilter.topics` and `providerDomains` (repeat them for more),
 * `order`/`direction` are `ArticleOrder.field`/`direction` and `first` is the page size.
 */
export const FEED_PARAMS = [
  'topic',
  'provider',
  'category',
  'type',
  'minQuality',
  'minHeat',
  'publishedAfter',
  'publishedBefore',
  'order',
  'direction',
  'first',
] as const;
type FeedParam = (typeof FEED_PARAMS)[number];
const REPEATABLE: ReadonlySet<FeedParam> = new Set(['topic', 'provider']);

const INTEGER = /^-?\d{1,10}$/;
/** RFC 3339 with a zone, as the GraphQL DateTime scalar takes it. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;
const ORDER_FIELDS = Object.values(ArticleOrderField) as readonly string[];
const DIRECTIONS = Object.values(SortDirection) as readonly string[];

function integer(name: string, value: string): number {
  const n = Number(value);
  if (!INTEGER.test(value) || !Number.isSafeInteger(n) || Math.abs(n) > 2 ** 31 - 1) {
    throw new FeedParamError(`"${name}" must be a whole number, such as ${name}=50.`);
  }
  return n;
}

function dateTime(name: string, value: string): Date {
  const date = new Date(value);
  if (!DATE_TIME.test(value) || Number.isNaN(date.getTime())) {
    throw new FeedParamError(
      `"${name}" must be an RFC 3339 date-time with a time zone, such as ${name}=2024-01-31T00:00:00Z.`,
    );
  }
  return date;
}

function oneOf(name: string, value: string, allowed: readonly string[]): string {
  if (!allowed.includes(value)) {
    throw new FeedParamError(`"${name}" must be one of ${allowed.join(', ')}; got "${value}".`);
  }
  return value;
}

/**
 * Query parameters to a feed query; throws FeedParamError for an unknown, repeated, empty or
 * malformed parameter. Topics compare in any case, like the graph's, so they are kept in their
 * canonical (lower-case) spelling.
 */
export function parseFeedParams(params: URLSearchParams): FeedQuery {
  const values = new Map<FeedParam, string[]>();
  for (const [name, value] of params) {
    if (!(FEED_PARAMS as readonly string[]).includes(name)) {
      throw new FeedParamError(
        `Unknown parameter "${name}"; feeds take ${FEED_PARAMS.join(', ')}.`,
      );
    }
    const param = name as FeedParam;
    if (value.trim() === '')
      throw new FeedParamError(`"${name}" is empty; give a value or leave it out.`);
    const list = values.get(param) ?? [];
    if (list.length > 0 && !REPEATABLE.has(param)) {
      throw new FeedParamError(`"${name}" is given more than once; give it once.`);
    }
    list.push(value);
    values.set(param, list);
  }
  const one = (name: FeedParam) => values.get(name)?.[0];
  const optional = <T>(name: FeedParam, read: (n: string, v: string) => T): T | undefined => {
    const value = one(name);
    return value === undefined ? undefined : read(name, value);
  };

  const topics = [...new Set((values.get('topic') ?? []).map(topicId))].sort();
  const providers = [...new Set(values.get('provider') ?? [])].sort();
  const first = optional('first', integer) ?? DEFAULT_FEED_SIZE;
  if (first < 1 || first > MAX_FEED_SIZE) {
    throw new FeedParamError(
      `"first" is ${first}; ask for 1 to ${MAX_FEED_SIZE} items (${DEFAULT_FEED_SIZE} when left out).`,
    );
  }
  const where: ArticleFilter = {
    ...(topics.length > 0 ? { topics } : {}),
    ...(providers.length > 0 ? { providerDomains: providers } : {}),
    ...(one('category') !== undefined ? { category: one('category') } : {}),
    ...(one('type') !== undefined ? { type: one('type') } : {}),
    ...(one('minQuality') !== undefined ? { minQuality: optional('minQuality', integer) } : {}),
    ...(one('minHeat') !== undefined ? { minHeat: optional('minHeat', integer) } : {}),
    ...(one('publishedAfter') !== undefined
      ? { publishedAfter: optional('publishedAfter', dateTime) }
      : {}),
    ...(one('publishedBefore') !== undefined
      ? { publishedBefore: optional('publishedBefore', dateTime) }
      : {}),
  };
  const orderBy: ArticleOrder = {
    field: (optional('order', (n, v) => oneOf(n, v, ORDER_FIELDS)) ??
      DEFAULT_ARTICLE_ORDER.field) as ArticleOrderField,
    direction: (optional('direction', (n, v) => oneOf(n, v, DIRECTIONS)) ??
      DEFAULT_ARTICLE_ORDER.direction) as SortDirection,
  };
  return { where, orderBy, first };
}

/**
 * The one query string of a feed query: parameters in FEED_PARAMS order, lists sorted and
 * de-duplicated, dates in UTC with milliseconds, defaults left out. Two requests for the same
 * feed get the same string, so the same URL, so caches share them.
 */
export function canonicalFeedSearch(query: FeedQuery): string {
  const out = new URLSearchParams();
  const { where, orderBy, first } = query;
  for (const topic of where.topics ?? []) out.append('topic', topic);
  for (const provider of where.providerDomains ?? []) out.append('provider', provider);
  if (where.category != null) out.append('category', where.category);
  if (where.type != null) out.append('type', where.type);
  if (where.minQuality != null) out.append('minQuality', String(where.minQuality));
  if (where.minHeat != null) out.append('minHeat', String(where.minHeat));
  if (where.publishedAfter != null)
    out.append('publishedAfter', where.publishedAfter.toISOString());
  if (where.publishedBefore != null)
    out.append('publishedBefore', where.publishedBefore.toISOString());
  if (orderBy.field !== DEFAULT_ARTICLE_ORDER.field) out.append('order', orderBy.field);
  if (orderBy.direction !== DEFAULT_ARTICLE_ORDER.direction)
    out.append('direction', orderBy.direction);
  if (first !== DEFAULT_FEED_SIZE) out.append('first', String(first));
  return out.toString();
}

/** Path and canonical query of a feed, such as `/feeds/rss.xml?topic=ai`. */
export function feedPath(format: FeedFormat, query: FeedQuery): string {
  const search = canonicalFeedSearch(query);
  return search === '' ? FEED_PATHS[format] : `${FEED_PATHS[format]}?${search}`;
}

/** The three feed paths of one slice (a topic's or a provider's newest articles). */
export function feedPathsOf(where: ArticleFilter): Readonly<Record<FeedFormat, string>> {
  const query: FeedQuery = {
    where: {
      ...where,
      ...(where.topics ? { topics: [...new Set(where.topics.map(topicId))].sort() } : {}),
    },
    orderBy: DEFAULT_ARTICLE_ORDER,
    first: DEFAULT_FEED_SIZE,
  };
  return {
    rss: feedPath(FeedFormat.Rss, query),
    atom: feedPath(FeedFormat.Atom, query),
    json: feedPath(FeedFormat.Json, query),
  };
}
