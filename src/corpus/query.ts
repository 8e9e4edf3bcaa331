import { articlePredicate, nonEmpty } from './filter.ts';
import {
  ArticleOrderField,
  type ArticleRecord,
  type ProviderRecord,
  type TopicRecord,
} from './records.ts';
import { type CorpusView, compareDescending, compareStrings, orderValue, topicId } from './view.ts';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
/** Cursors are short; anything longer is not ours and is refused before decoding. */
export const MAX_CURSOR_LENGTH = 1024;

export const QueryErrorCode = {
  CursorOrderMismatch: 'CURSOR_ORDER_MISMATCH',
  FirstAndLast: 'FIRST_AND_LAST',
  InvalidCursor: 'INVALID_CURSOR',
  NegativePageSize: 'NEGATIVE_PAGE_SIZE',
  PageSizeTooLarge: 'PAGE_SIZE_TOO_LARGE',
} as const;
export type QueryErrorCode = (typeof QueryErrorCode)[keyof typeof QueryErrorCode];

/**
 * A problem with the client's arguments; its message is safe to show to the client. Other
 * query layers (discovery) subclass it with their own codes, so the schema maps one class.
 */
export class QueryInputError<Code extends string = QueryErrorCode> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string) {
    super(message);
    this.name = 'QueryInputError';
    this.code = code;
  }
}

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

export interface PageArgs {
  readonly first?: number | null;
  readonly after?: string | null;
  readonly last?: number | null;
  readonly before?: string | null;
}

export interface Edge<T> {
  readonly cursor: string;
  readonly node: T;
}

export interface PageInfo {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  readonly startCursor: string | null;
  readonly endCursor: string | null;
}

export interface Page<T> {
  readonly edges: readonly Edge<T>[];
  readonly pageInfo: PageInfo;
  /** Matches of the whole query, ignoring the page; computed on first read. */
  readonly totalCount: number;
}

/** A sorted sequence read in either direction without copying it. */
interface Sequence<T> {
  readonly length: number;
  at(index: number): T;
}

function sequence<T>(list: readonly T[], reversed: boolean): Sequence<T> {
  const last = list.length - 1;
  return {
    length: list.length,
    at: reversed ? (i) => list[last - i] as T : (i) => list[i] as T,
  };
}

/** First index whose item is not before the probe (`strict`: strictly after it). */
function search<T>(seq: Sequence<T>, compareToProbe: (item: T) => number, strict: boolean): number {
  let low = 0;
  let high = seq.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const c = compareToProbe(seq.at(mid));
    if (c < 0 || (strict && c === 0)) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** A requested page size, checked against MAX_PAGE_SIZE; undefined when none was asked. */
export function pageSize(
  name: 'first' | 'last',
  value: number | null | undefined,
): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (value < 0) {
    throw new QueryInputError(QueryErrorCode.NegativePageSize, `"${name}" must not be negative.`);
  }
  if (value > MAX_PAGE_SIZE) {
    throw new QueryInputError(
      QueryErrorCode.PageSizeTooLarge,
      `"${name}" is ${value}, above the maximum page size of ${MAX_PAGE_SIZE}; ` +
        'ask for fewer items and follow pageInfo cursors.',
    );
  }
  return value;
}

interface KeysetOptions<T, C> {
  readonly seq: Sequence<T>;
  readonly args: PageArgs;
  readonly decode: (cursor: string) => C;
  /** Compares an item with a decoded cursor position in the sequence's order. */
  readonly compare: (item: T, cursor: C) => number;
  readonly encode: (item: T) => string;
  /** Conditions the sequence does not already guarantee; undefined when every item matches. */
  readonly matches?: ((item: T) => boolean) | undefined;
}

/**
 * Keyset pagination over a sorted sequence. A cursor names a position by value, so it keeps
 * working after items are added or removed, even when the item it came from is gone.
 */
function keysetPage<T, C>(options: KeysetOptions<T, C>): Page<T> {
  const { seq, args, matches, encode } = options;
  const first = pageSize('first', args.first);
  const last = pageSize('last', args.last);
  if (first !== undefined && last !== undefined) {
    throw new QueryInputError(
      QueryErrorCode.FirstAndLast,
      'Pass either "first" (with "after") or "last" (with "before"), not both.',
    );
  }
  const after = args.after ? options.decode(args.after) : undefined;
  const before = args.before ? options.decode(args.before) : undefined;
  const start = after === undefined ? 0 : search(seq, (item) => options.compare(item, after), true);
  const end = Math.max(
    start,
    before === undefined ? seq.length : search(seq, (item) => options.compare(item, before), false),
  );
  const ok = matches ?? (() => true);

  const anyMatch = (from: number, to: number): boolean => {
    for (let i = from; i < to; i++) if (ok(seq.at(i))) return true;
    return false;
  };

  const items: T[] = [];
  let hasNextPage: boolean;
  let hasPreviousPage: boolean;
  if (last !== undefined) {
    for (let i = end - 1; i >= start && items.length <= last; i--) {
      const item = seq.at(i);
      if (ok(item)) items.push(item);
    }
    hasPreviousPage = items.length > last;
    if (hasPreviousPage) items.pop();
    items.reverse();
    hasNextPage = before !== undefined && anyMatch(end, seq.length);
  } else {
    const size = first ?? DEFAULT_PAGE_SIZE;
    for (let i = start; i < end && items.length <= size; i++) {
      const item = seq.at(i);
      if (ok(item)) items.push(item);
    }
    hasNextPage = items.length > size;
    if (hasNextPage) items.pop();
    hasPreviousPage = after !== undefined && anyMatch(0, start);
  }

  const edges = items.map((node) => ({ cursor: encode(node), node }));
  const total = lazyCount(seq.length, matches && ((i) => matches(seq.at(i))));
  return {
    edges,
    pageInfo: pageInfoOf(edges, hasNextPage, hasPreviousPage),
    get totalCount() {
      return total();
    },
  };
}

/** Relay page info for a page of edges. */
export function pageInfoOf(
  edges: readonly { readonly cursor: string }[],
  hasNextPage: boolean,
  hasPreviousPage: boolean,
): PageInfo {
  return {
    hasNextPage,
    hasPreviousPage,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges[edges.length - 1]?.cursor ?? null,
  };
}

/** How many of `length` positions pass `ok`: counted on the first call only, since clients rarely ask. */
export function lazyCount(length: number, ok?: (position: number) => boolean): () => number {
  let total: number | undefined;
  return () => {
    if (total === undefined) {
      if (!ok) total = length;
      else {
        total = 0;
        for (let i = 0; i < length; i++) if (ok(i)) total++;
      }
    }
    return total;
  };
}

/** Cursors are base64url JSON arrays; each connection checks the parts it expects. */
export function encodeCursor(parts: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

function decodeCursor(cursor: string): unknown[] {
  return decodeCursorParts(
    cursor,
    () =>
      new QueryInputError(
        QueryErrorCode.InvalidCursor,
        'The cursor is not valid here; use a cursor from this connection.',
      ),
  );
}

/** The parts of a cursor, or the caller's error when it is too long, not base64url JSON or not an array. */
export function decodeCursorParts(cursor: string, invalid: () => Error): unknown[] {
  if (cursor.length > MAX_CURSOR_LENGTH) throw invalid();
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parts)) throw invalid();
  return parts;
}

const ARTICLE_CURSOR = 'a';
const PROVIDER_CURSOR = 'p';
const TOPIC_CURSOR = 't';

interface ArticlePosition {
  readonly value: number;
  readonly key: string;
}

export function encodeArticleCursor(article: ArticleRecord, order: ArticleOrder): string {
  return encodeCursor([
    ARTICLE_CURSOR,
    order.field,
    order.direction,
    orderValue(article, order.field),
    article.key,
  ]);
}

export function decodeArticleCursor(cursor: string, order: ArticleOrder): ArticlePosition {
  const parts = decodeCursor(cursor);
  const [kind, field, direction, value, key] = parts;
  if (
    parts.length !== 5 ||
    kind !== ARTICLE_CURSOR ||
    typeof field !== 'string' ||
    typeof direction !== 'string' ||
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    typeof key !== 'string'
  ) {
    throw new QueryInputError(
      QueryErrorCode.InvalidCursor,
      'The cursor is not an article cursor; use a cursor from an articles connection.',
    );
  }
  if (field !== order.field || direction !== order.direction) {
    throw new QueryInputError(
      QueryErrorCode.CursorOrderMismatch,
      `The cursor comes from the ordering ${field} ${direction}, but this request orders by ` +
        `${order.field} ${order.direction}; pass the same orderBy or drop the cursor.`,
    );
  }
  return { value, key };
}

/** Descending order of the view's lists; ascending is its exact reverse. */
function compareWithPosition(field: ArticleOrderField, direction: SortDirection) {
  const sign = direction === SortDirection.Desc ? 1 : -1;
  return (article: ArticleRecord, position: ArticlePosition): number => {
    const diff = position.value - orderValue(article, field);
    if (diff !== 0) return sign * diff;
    return sign * compareStrings(article.key, position.key);
  };
}

function unionOf(lists: readonly (readonly ArticleRecord[] | undefined)[]): ArticleRecord[] {
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

/** The precomputed lists (a provider's, a topic's) one condition draws its matches from. */
type Source = readonly (readonly ArticleRecord[] | undefined)[];

/** A candidate subset is sorted per request only while it is under 1/8 of the view. */
const SORT_SUBSET_MAX_SHARE = 8;

/**
 * The smallest precomputed list that holds every match, sorted descending by the order field:
 * one provider's or topic's articles when the query names them, else the whole ordered list.
 * byProvider/byTopic are newest first, so a subset is sorted only for the other orderings or a
 * union of several lists.
 */
function candidates(
  view: CorpusView,
  field: ArticleOrderField,
  sources: readonly Source[],
): readonly ArticleRecord[] {
  if (sources.length === 0) return view.ordered[field];
  const size = (source: Source) => source.reduce((sum, list) => sum + (list?.length ?? 0), 0);
  let best = sources[0] as Source;
  for (const source of sources) if (size(source) < size(best)) best = source;
  const single = best.length === 1;
  if (single && field === ArticleOrderField.PublishedDateTime) return best[0] ?? [];
  // Sorting a large subset on every request costs more than filtering the presorted whole:
  // three broad topics at 100,000 articles sorted their 40,000-article union in ~40 ms, while
  // the page scans only until it has enough matches.
  if (size(best) * SORT_SUBSET_MAX_SHARE > view.articles.length) return view.ordered[field];
  const subset = single ? [...(best[0] ?? [])] : unionOf(best);
  return subset.sort(compareDescending(field));
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
  // Provider and topic conditions also choose the precomputed list the matches are drawn from.
  const sources: Source[] = [];
  const scopeDomain = query.scope?.providerDomain;
  if (scopeDomain !== undefined) sources.push([view.byProvider.get(scopeDomain)]);
  if (query.scope?.topic !== undefined)
    sources.push([view.byTopic.get(topicId(query.scope.topic))]);
  const domains = nonEmpty(where.providerDomains);
  if (domains) sources.push([...new Set(domains)].map((d) => view.byProvider.get(d)));
  const topics = nonEmpty(where.topics);
  if (topics) sources.push([...new Set(topics.map(topicId))].map((t) => view.byTopic.get(t)));

  const list = candidates(view, order.field, sources);
  // The whole filter, even the condition the chosen list already guarantees: one definition of
  // what a filter means, at the price of one redundant check per article scanned.
  const matches = articlePredicate(query.where, query.scope);

  return keysetPage({
    seq: sequence(list, order.direction === SortDirection.Asc),
    args: query.page,
    decode: (cursor) => decodeArticleCursor(cursor, order),
    compare: compareWithPosition(order.field, order.direction),
    encode: (article) => encodeArticleCursor(article, order),
    matches,
  });
}

function nameCursor(kind: string) {
  return {
    encode: (name: string) => encodeCursor([kind, name]),
    decode: (cursor: string): string => {
      const parts = decodeCursor(cursor);
      if (parts.length !== 2 || parts[0] !== kind || typeof parts[1] !== 'string') {
        throw new QueryInputError(
          QueryErrorCode.InvalidCursor,
          'The cursor does not belong to this connection.',
        );
      }
      return parts[1];
    },
  };
}

const providerCursor = nameCursor(PROVIDER_CURSOR);
const topicCursor = nameCursor(TOPIC_CURSOR);

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
