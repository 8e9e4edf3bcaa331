import { type ArticleFilter, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../corpus/query.ts';
import type { ArticleRecord } from '../corpus/records.ts';
import type { CorpusView } from '../corpus/view.ts';
import { decodeSearchCursor, encodeSearchCursor, type RankPosition } from './cursor.ts';
import { DiscoveryErrorCode, DiscoveryInputError } from './errors.ts';
import { ArticleFacets } from './facets.ts';
import { articlePredicate } from './filter.ts';
import { type Highlight, highlight, MAX_SNIPPET_LENGTH } from './highlight.ts';
import { type QueryTerm, type SearchMatches, searchIndexFor } from './search-index.ts';

export interface SearchArgs {
  readonly query: string;
  readonly where?: ArticleFilter | null;
  readonly first?: number | null;
  readonly after?: string | null;
}

export interface SearchHighlights {
  readonly title: Highlight;
  /** A snippet of at most MAX_SNIPPET_LENGTH characters around the first match; null without an excerpt. */
  readonly excerpt: Highlight | null;
}

export interface SearchEdge {
  readonly cursor: string;
  readonly node: ArticleRecord;
  /** Relevance (BM25+ with field boosts); only comparable within one query on one snapshot. */
  readonly score: number;
  /** Computed on first read. */
  readonly highlights: SearchHighlights;
}

export interface SearchPage {
  readonly edges: readonly SearchEdge[];
  readonly pageInfo: {
    readonly hasNextPage: boolean;
    readonly hasPreviousPage: boolean;
    readonly startCursor: string | null;
    readonly endCursor: string | null;
  };
  /** Matches across all pages; computed on first read. */
  readonly totalCount: number;
  /** Facet counts of all matches; counted on first read. */
  readonly facets: ArticleFacets;
}

function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (first < 0) {
    throw new DiscoveryInputError(
      DiscoveryErrorCode.NegativePageSize,
      '"first" must not be negative.',
    );
  }
  if (first > MAX_PAGE_SIZE) {
    throw new DiscoveryInputError(
      DiscoveryErrorCode.PageSizeTooLarge,
      `"first" is ${first}, above the maximum page size of ${MAX_PAGE_SIZE}; ` +
        'ask for fewer items and follow pageInfo cursors.',
    );
  }
  return first;
}

/** First rank strictly after the position in (score descending, key ascending) order. */
function rankAfter(
  matches: SearchMatches,
  articles: readonly ArticleRecord[],
  after: RankPosition,
) {
  let low = 0;
  let high = matches.ordinals.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const score = matches.scores[mid] as number;
    const key = (articles[matches.ordinals[mid] as number] as ArticleRecord).key;
    const before = score > after.score || (score === after.score && key <= after.key);
    if (before) low = mid + 1;
    else high = mid;
  }
  return low;
}

function highlightsOf(article: ArticleRecord, terms: readonly QueryTerm[]): SearchHighlights {
  return {
    title: highlight(article.title, terms),
    excerpt:
      article.excerpt === null ? null : highlight(article.excerpt, terms, MAX_SNIPPET_LENGTH),
  };
}

/**
 * Ranked full-text search over one audience's view, with the `articles` filters, keyset pages
 * (`first`/`after`), a score and highlights per edge, and facets of all matches. Empty queries
 * match nothing.
 */
export async function searchArticles(view: CorpusView, args: SearchArgs): Promise<SearchPage> {
  const size = pageSize(args.first);
  const after = args.after ? decodeSearchCursor(args.after) : undefined;
  const index = await searchIndexFor(view);
  const matches = index.match(args.query);
  const matchesFilter = articlePredicate(args.where);
  const articles = index.articles;
  const ok = (rank: number) =>
    !matchesFilter || matchesFilter(articles[matches.ordinals[rank] as number] as ArticleRecord);

  const start = after ? rankAfter(matches, articles, after) : 0;
  const ranks: number[] = [];
  for (let r = start; r < matches.ordinals.length && ranks.length <= size; r++) {
    if (ok(r)) ranks.push(r);
  }
  const hasNextPage = ranks.length > size;
  if (hasNextPage) ranks.pop();
  let hasPreviousPage = false;
  if (after) {
    for (let r = 0; r < start && !hasPreviousPage; r++) hasPreviousPage = ok(r);
  }

  const edges = ranks.map((rank): SearchEdge => {
    const node = articles[matches.ordinals[rank] as number] as ArticleRecord;
    const score = matches.scores[rank] as number;
    let highlights: SearchHighlights | undefined;
    return {
      cursor: encodeSearchCursor({ score, key: node.key }),
      node,
      score,
      get highlights() {
        highlights ??= highlightsOf(node, matches.terms);
        return highlights;
      },
    };
  });
  const facets = new ArticleFacets(view, matches.ordinals, matchesFilter);
  let total: number | undefined;
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    get totalCount() {
      if (total === undefined) {
        if (!matchesFilter) total = matches.ordinals.length;
        else {
          total = 0;
          for (let r = 0; r < matches.ordinals.length; r++) if (ok(r)) total++;
        }
      }
      return total;
    },
    facets,
  };
}
