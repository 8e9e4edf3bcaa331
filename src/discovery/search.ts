import { QueryErrorCode, QueryInputError } from '../corpus/input-error.ts';
import { DEFAULT_PAGE_SIZE, pageInfoOf, pageSize } from '../corpus/pagination.ts';
import type { ArticleFilter } from '../corpus/query.ts';
import type { ArticleRecord } from '../corpus/records.ts';
import type { CorpusView } from '../corpus/view.ts';
import { type RequestBudget, UNLIMITED } from './budget.ts';
import { decodeSearchCursor, encodeSearchCursor } from './cursor.ts';
import { ArticleFacets, slotPredicate } from './facets.ts';
import { type Highlight, highlight, MAX_SNIPPET_LENGTH } from './highlight.ts';
import {
  MAX_TYPO_TERMS_PER_REQUEST,
  parseQuery,
  type QueryTerm,
  searchIndexFor,
  typoTermsOf,
} from './search-index.ts';

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
  /** Matches across all pages. */
  readonly totalCount: number;
  /** Facet counts of all matches; counted on first read. */
  readonly facets: ArticleFacets;
}

/** True when match `a` ranks before match `b`: higher score, then lower key. */
type RanksBefore = (a: number, b: number) => boolean;

/**
 * Keeps the `count` best of the matches offered, best first: a bounded heap whose root is the
 * worst kept, so a page costs one pass over the matches instead of a sort of all of them.
 */
class BestOf {
  readonly #heap: number[] = [];
  readonly #count: number;
  readonly #before: RanksBefore;

  constructor(count: number, before: RanksBefore) {
    this.#count = count;
    this.#before = before;
  }

  offer(m: number): void {
    const heap = this.#heap;
    const before = this.#before;
    if (heap.length < this.#count) {
      heap.push(m);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!before(heap[parent] as number, heap[i] as number)) break;
        [heap[i], heap[parent]] = [heap[parent] as number, heap[i] as number];
        i = parent;
      }
    } else if (this.#count > 0 && before(m, heap[0] as number)) {
      heap[0] = m;
      let i = 0;
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
    }
  }

  /** The worst kept match once the heap is full (only a better one can enter), else undefined. */
  worstKept(): number | undefined {
    return this.#heap.length === this.#count ? this.#heap[0] : undefined;
  }

  /** The kept matches, best first. */
  ranked(): number[] {
    const before = this.#before;
    return this.#heap.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  }
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
 * match nothing. The request's budget bounds the work: its typo-tolerant words come out of the
 * request's allowance, the query stops at the request's deadline, and a request that has run a
 * whole slice lets others have a turn between the words of its query (see SearchIndex.prepare).
 */
export async function searchArticles(
  view: CorpusView,
  args: SearchArgs,
  budget: RequestBudget = UNLIMITED,
): Promise<SearchPage> {
  const size = pageSize('first', args.first) ?? DEFAULT_PAGE_SIZE;
  const after = args.after ? decodeSearchCursor(args.after) : undefined;
  const terms = parseQuery(args.query);
  if (!budget.takeTypoTerms(typoTermsOf(terms))) {
    throw new QueryInputError(
      QueryErrorCode.TooManyTypoTerms,
      `The searches of this operation have more than ${MAX_TYPO_TERMS_PER_REQUEST} words of 4 ` +
        'or more letters in all (each is matched with typos); send fewer searches per operation.',
    );
  }
  const index = await searchIndexFor(view);
  const query = await index.prepare(terms, budget);
  // The filter and the facets read the columns of the index's own layout: a match is a slot.
  const matchesFilter = slotPredicate(index.slots, args.where);

  // One synchronous pass over the matches picks the page, the total and whether earlier pages
  // exist; nothing of the matches outlives it (see SearchMatches).
  const { found, total, hasNextPage, hasPreviousPage } = index.withMatches(
    query,
    (matches) => {
      const { ordinals, scores } = matches;
      const keyOf = (m: number) => index.record(ordinals[m] as number).key;
      const page = new BestOf(size + 1, (a, b) => {
        const sa = scores[a] as number;
        const sb = scores[b] as number;
        return sa > sb || (sa === sb && keyOf(a) < keyOf(b));
      });
      let total = 0;
      let hasPreviousPage = false;
      // Once the page is full, a match scoring below its worst cannot enter it: most matches of a
      // broad query stop at this comparison instead of a call into the heap (0.9 ms of a 3 ms
      // search through Yoga went to those calls at 100k articles).
      let floor = Number.NEGATIVE_INFINITY;
      for (let m = 0; m < ordinals.length; m++) {
        if (matchesFilter && !matchesFilter(ordinals[m] as number)) continue;
        total++;
        const score = scores[m] as number;
        if (!after || score < after.score || (score === after.score && keyOf(m) > after.key)) {
          if (score < floor) continue;
          page.offer(m);
          const worst = page.worstKept();
          if (worst !== undefined) floor = scores[worst] as number;
        } else {
          hasPreviousPage = true;
        }
      }
      const ranked = page.ranked();
      const found = ranked.slice(0, size).map((m) => ({
        node: index.record(ordinals[m] as number),
        score: scores[m] as number,
      }));
      return { found, total, hasNextPage: ranked.length > size, hasPreviousPage };
    },
    budget,
  );

  const edges = found.map(({ node, score }): SearchEdge => {
    let highlights: SearchHighlights | undefined;
    return {
      cursor: encodeSearchCursor({ score, key: node.key }),
      node,
      score,
      get highlights() {
        highlights ??= highlightsOf(node, terms);
        return highlights;
      },
    };
  });
  // Facets are counted on first read, by running the query again: cheaper than keeping a copy
  // of every match for a field most requests never ask for.
  const facets = new ArticleFacets(
    view,
    (visit) =>
      index.withMatches(
        query,
        ({ ordinals }) => {
          for (const position of ordinals) visit(position);
        },
        budget,
      ),
    args.where,
    undefined,
    budget,
    index.slots,
  );
  return {
    edges,
    pageInfo: pageInfoOf(edges, hasNextPage, hasPreviousPage),
    totalCount: total,
    facets,
  };
}
