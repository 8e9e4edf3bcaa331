import MiniSearch from 'minisearch';
import type { ArticleRecord } from '../corpus/records.ts';
import type { CorpusView } from '../corpus/view.ts';
import { DiscoveryErrorCode, DiscoveryInputError } from './errors.ts';
import { normaliseTerm, tokenize } from './text.ts';

/** Relevance weight of a match in each field: a title hit outranks a topic, provider or excerpt hit. */
export const FIELD_BOOSTS = { title: 3, topics: 2, provider: 1.5, excerpt: 1 } as const;
export type SearchField = keyof typeof FIELD_BOOSTS;
const FIELDS = Object.keys(FIELD_BOOSTS) as SearchField[];

export const MAX_QUERY_LENGTH = 256;
export const MAX_QUERY_TERMS = 8;
/** Shorter terms only match whole words: a one- or two-letter prefix matches half the corpus. */
export const PREFIX_MIN_LENGTH = 3;
/** Terms this long tolerate one typo (an inserted, missing or wrong letter)... */
export const FUZZY_MIN_LENGTH = 4;
/** ...and terms this long two. */
export const FUZZY_TWO_EDITS_MIN_LENGTH = 9;
/** Recent queries whose ranked matches are kept per index, so paging and facets reuse them. */
export const MATCH_CACHE_SIZE = 32;
/** Documents indexed between two yields to the event loop, so a build never stalls serving. */
const BUILD_CHUNK = 1_000;

/** One word of the query and how loosely it may match an indexed word. */
export interface QueryTerm {
  readonly term: string;
  readonly prefix: boolean;
  readonly maxEdits: number;
}

export interface SearchMatches {
  readonly terms: readonly QueryTerm[];
  /** Positions in the index's `articles`, best first: score descending, then key ascending. */
  readonly ordinals: Int32Array;
  readonly scores: Float64Array;
}

/** The words of a query, normalised and de-duplicated, with their matching rules. */
export function parseQuery(query: string): QueryTerm[] {
  if (query.length > MAX_QUERY_LENGTH) {
    throw new DiscoveryInputError(
      DiscoveryErrorCode.QueryTooLong,
      `The search query has ${query.length} characters; at most ${MAX_QUERY_LENGTH}.`,
    );
  }
  const terms = [...new Set(tokenize(query).map(normaliseTerm))].filter((t) => t.length > 0);
  if (terms.length > MAX_QUERY_TERMS) {
    throw new DiscoveryInputError(
      DiscoveryErrorCode.TooManyTerms,
      `The search query has ${terms.length} words; at most ${MAX_QUERY_TERMS}.`,
    );
  }
  return terms.map((term) => ({
    term,
    prefix: term.length >= PREFIX_MIN_LENGTH,
    maxEdits:
      term.length >= FUZZY_TWO_EDITS_MIN_LENGTH ? 2 : term.length >= FUZZY_MIN_LENGTH ? 1 : 0,
  }));
}

const NO_MATCHES: Omit<SearchMatches, 'terms'> = {
  ordinals: new Int32Array(0),
  scores: new Float64Array(0),
};

/**
 * A ranked full-text index (MiniSearch, BM25+) over one audience's articles: title, excerpt,
 * topic names and provider name. Every word of the query must match (AND); a word matches
 * exactly, as a prefix, or within its typo allowance, exact matches scoring highest.
 */
export class SearchIndex {
  readonly articles: readonly ArticleRecord[];
  readonly #mini: MiniSearch<number>;
  readonly #cache = new Map<string, SearchMatches>();

  private constructor(articles: readonly ArticleRecord[]) {
    this.articles = articles;
    // Documents are ordinals into `articles`, so the index holds no copy of any text.
    this.#mini = new MiniSearch<number>({
      fields: FIELDS,
      idField: 'id',
      extractField: (ordinal, field) => {
        if (field === 'id') return ordinal as unknown as string;
        const article = articles[ordinal] as ArticleRecord;
        switch (field as SearchField) {
          case 'title':
            return article.title;
          case 'excerpt':
            return article.excerpt ?? '';
          case 'topics':
            return article.topics.join('\n');
          case 'provider':
            return article.provider.name;
        }
      },
      tokenize,
      processTerm: normaliseTerm,
      searchOptions: { tokenize, processTerm: normaliseTerm },
    });
  }

  static async build(articles: readonly ArticleRecord[]): Promise<SearchIndex> {
    const index = new SearchIndex(articles);
    await index.#mini.addAllAsync(
      Array.from(articles, (_, i) => i),
      { chunkSize: BUILD_CHUNK },
    );
    return index;
  }

  /** Every article matching the query, ranked; recent queries are answered from a cache. */
  match(query: string): SearchMatches {
    const terms = parseQuery(query);
    const cacheKey = terms.map((t) => t.term).join(' ');
    const cached = this.#cache.get(cacheKey);
    if (cached) {
      // Re-insert: the Map's order is the recency order the eviction below relies on.
      this.#cache.delete(cacheKey);
      this.#cache.set(cacheKey, cached);
      return cached;
    }
    const matches = terms.length === 0 ? { terms, ...NO_MATCHES } : this.#run(terms);
    this.#cache.set(cacheKey, matches);
    if (this.#cache.size > MATCH_CACHE_SIZE) {
      this.#cache.delete(this.#cache.keys().next().value as string);
    }
    return matches;
  }

  #run(terms: readonly QueryTerm[]): SearchMatches {
    const results = this.#mini.search(
      {
        combineWith: 'AND',
        queries: terms.map((t) => ({
          queries: [t.term],
          prefix: t.prefix,
          fuzzy: t.maxEdits,
          boost: FIELD_BOOSTS,
        })),
      } as never,
      { boost: FIELD_BOOSTS },
    );
    const ordinals = new Int32Array(results.length);
    const scores = new Float64Array(results.length);
    results.forEach((result, i) => {
      ordinals[i] = result.id as number;
      scores[i] = result.score;
    });
    this.#breakTies(ordinals, scores);
    return { terms, ordinals, scores };
  }

  /** MiniSearch sorts by score only; equal scores are put in key order for a total order. */
  #breakTies(ordinals: Int32Array, scores: Float64Array): void {
    const byKey = (a: number, b: number) => {
      const ka = (this.articles[a] as ArticleRecord).key;
      const kb = (this.articles[b] as ArticleRecord).key;
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    };
    let start = 0;
    while (start < ordinals.length) {
      let end = start + 1;
      while (end < ordinals.length && scores[end] === scores[start]) end++;
      if (end - start > 1) ordinals.subarray(start, end).sort(byKey);
      start = end;
    }
  }
}

const indexes = new WeakMap<CorpusView, Promise<SearchIndex>>();

/**
 * The search index of one audience's view of a snapshot, built on first use and kept as long as
 * the snapshot is alive: a reload makes new views, hence new indexes, and the old ones are
 * collected with their snapshot. The public view holds no drafts, so neither does its index.
 */
export function searchIndexFor(view: CorpusView): Promise<SearchIndex> {
  let index = indexes.get(view);
  if (!index) {
    index = SearchIndex.build(view.articles);
    indexes.set(view, index);
  }
  return index;
}
