// The pagination engine every connection shares: page-size checks, keyset paging over a sorted
// sequence, Relay page info and lazy counts. Cursors themselves are encoded in cursor.ts.
import type { ListView } from './chunked-list.ts';
import { QueryErrorCode, QueryInputError } from './input-error.ts';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

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
export interface Sequence<T> {
  readonly length: number;
  at(index: number): T;
}

export function sequence<T>(list: ListView<T>, reversed: boolean): Sequence<T> {
  const last = list.length - 1;
  return {
    length: list.length,
    at: reversed ? (i) => list.at(last - i) as T : (i) => list.at(i) as T,
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

export interface KeysetOptions<T, C> {
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
export function keysetPage<T, C>(options: KeysetOptions<T, C>): Page<T> {
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
