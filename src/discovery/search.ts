import {
  type ArticleFilter,
  DEFAULT_PAGE_SIZE,
  lazyCount,
  MAX_PAGE_SIZE,
  pageInfoOf,
} from '../corpus/query.ts';
import type { ArticleRecord } from '../corpus/records.ts';
import type { CorpusView } from '../corpus/view.ts';
import { decodeSearchCursor, encodeSearchCursor } from './cursor.ts';
import { DiscoveryErrorCode, DiscoveryInputError } from './errors.ts';
import { ArticleFacets, positionPredicate } from './facets.ts';
import { type Highlight, highlight, MAX_SNIPPET_LENGTH } from './highlight.ts';
import { type QueryTerm, searchIndexFor } from './search-index.ts';

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

/** True when match `a` ranks before match `b`: higher score, then lower key. */
type RanksBefore = (a: number, b: number) => boolean;

/**
 * The `count` best of the eligible matches, best first: a bounded heap whose root is the worst
 * kept, so a page costs one pass over the matches instead of a sort of all of them.
 */
function best(total: number, count: number, eligible: (i: number) => boolean, before: RanksBefore) {
  const heap: number[] = [];
  const sink = (start: number) => {
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < heap.length && before(heap[worst] as number, heap[l] as number)) worst = l;
      if (r < heap.length && before(heap[worst] as number, heap[r] as number)) worst = r;
      if (worst === i) return;
      [heap[i], heap[worst]] = [heap[worst] as number, heap[i] as number];
      i = worst;
    }
  };
  for (let m = 0; m < total; m++) {
    if (!eligible(m)) continue;
    if (heap.length < count) {
      heap.push(m);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!before(heap[parent] as number, heap[i] as number)) break;
        [heap[i], heap[parent]] = [heap[parent] as number, heap[i] as number];
        i = parent;
      }
    } else if (count > 0 && before(m, heap[0] as number)) {
      heap[0] = m;
      sink(0);
    }
  }
  return heap.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
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
  const matchesFilter = positionPredicate(view, args.where);
  const articles = index.articles;
  const ok = (m: number) => !matchesFilter || matchesFilter(matches.ordinals[m] as number);

  const keyOf = (m: number) => (articles[matches.ordinals[m] as number] as ArticleRecord).key;
  const before: RanksBefore = (a, b) => {
    const sa = matches.scores[a] as number;
    const sb = matches.scores[b] as number;
    return sa > sb || (sa === sb && keyOf(a) < keyOf(b));
  };
  const isAfter = (m: number) => {
    if (!after) return true;
    const score = matches.scores[m] as number;
    return score < after.score || (score === after.score && keyOf(m) > after.key);
  };
  const matchCount = matches.ordinals.length;
  const ranks = best(matchCount, size + 1, (m) => isAfter(m) && ok(m), before);
  const hasNextPage = ranks.length > size;
  if (hasNextPage) ranks.pop();
  let hasPreviousPage = false;
  if (after) {
    for (let m = 0; m < matchCount && !hasPreviousPage; m++) hasPreviousPage = !isAfter(m) && ok(m);
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
  const facets = new ArticleFacets(view, matches.ordinals, args.where);
  const total = lazyCount(matches.ordinals.length, matchesFilter ? ok : undefined);
  return {
    edges,
    pageInfo: pageInfoOf(edges, hasNextPage, hasPreviousPage),
    get totalCount() {
      return total();
    },
    facets,
  };
}
