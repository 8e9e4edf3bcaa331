import { ListTag } from '../corpus/cache-tags.ts';
import { MAX_PAGE_SIZE } from '../corpus/pagination.ts';
import type { Highlight, TextRange } from '../discovery/highlight.ts';
import { MAX_SNIPPET_LENGTH } from '../discovery/highlight.ts';
import { type SearchHighlights, searchArticles } from '../discovery/search.ts';
import {
  FIELD_BOOSTS,
  MAX_QUERY_LENGTH,
  MAX_QUERY_TERMS,
  MAX_TYPO_TERMS_PER_REQUEST,
} from '../discovery/search-index.ts';
import { Article } from './article.ts';
import { ArticleFilterInput } from './article-args.ts';
import { AS_OF_DESCRIPTION, viewAsOf } from './as-of.ts';
import { builder } from './builder.ts';
import {
  SEARCH_COST,
  SEARCH_FACETS_COST,
  SEARCH_TERM_COST,
  searchComplexity,
} from './complexity.ts';
import { ArticleFacetsRef, facetsOf } from './facets.ts';

const TextRangeRef = builder.objectRef<TextRange>('TextRange').implement({
  description: 'A span of `Highlight.text` in UTF-16 code units (JavaScript string offsets).',
  fields: (t) => ({
    start: t.exposeInt('start', { description: 'Offset of the first matched character.' }),
    end: t.exposeInt('end', { description: 'Exclusive.' }),
  }),
});

const HighlightRef = builder.objectRef<Highlight>('Highlight').implement({
  description:
    'A field’s text with the words the query matched, two ways: `ranges` into the plain ' +
    '`text`, or `html`, the same text HTML-escaped with each match wrapped in <mark>…</mark> ' +
    '(safe to insert as markup; nothing else in it is markup).',
  fields: (t) => ({
    text: t.exposeString('text', { description: 'Plain text; a cut is shown as "…".' }),
    html: t.exposeString('html', {
      description: 'The text HTML-escaped, matches in <mark>…</mark>: safe to insert as markup.',
    }),
    ranges: t.field({
      type: [TextRangeRef],
      description: 'The matched spans of `text`, in order; empty when nothing in it matched.',
      resolve: (h) => h.ranges,
    }),
  }),
});

const SearchHighlightsRef = builder.objectRef<SearchHighlights>('SearchHighlights').implement({
  description: 'Where a search result matched: its title, and a snippet of its excerpt.',
  fields: (t) => ({
    title: t.field({
      type: HighlightRef,
      description: 'The whole title with its matches.',
      resolve: (h) => h.title,
    }),
    excerpt: t.field({
      type: HighlightRef,
      nullable: true,
      description: `At most ${MAX_SNIPPET_LENGTH} characters around the first match; null without an excerpt.`,
      resolve: (h) => h.excerpt,
    }),
  }),
});

export const SearchConnection = builder.connectionObject(
  {
    type: Article,
    name: 'SearchConnection',
    description: 'A page of search results, best match first, with the total and facets.',
    fields: (t) => ({
      totalCount: t.int({
        description: 'Matching articles, across all pages.',
        resolve: (connection) => connection.totalCount,
      }),
      facets: t.field({
        type: ArticleFacetsRef,
        description: `Facet counts of every match, across all pages. Cost: ${SEARCH_FACETS_COST}.`,
        complexity: SEARCH_FACETS_COST,
        resolve: facetsOf,
      }),
    }),
  },
  {
    name: 'SearchEdge',
    description: 'A matching article with its cursor, score and highlights.',
    fields: (t) => ({
      score: t.float({
        description:
          'Relevance (BM25+ with field boosts); higher is better. Comparable only within one ' +
          'query on one version of the content.',
        resolve: (edge) => (edge as unknown as { score: number }).score,
      }),
      highlights: t.field({
        type: SearchHighlightsRef,
        description: 'The matched words in the title and excerpt, for display.',
        resolve: (edge) => (edge as unknown as { highlights: SearchHighlights }).highlights,
      }),
    }),
  },
);

const boosts = Object.entries(FIELD_BOOSTS)
  .map(([field, boost]) => `${field} ×${boost}`)
  .join(', ');

builder.queryField('search', (t) =>
  t.field({
    type: SearchConnection,
    description:
      `Ranked full-text search over title, excerpt, topic names and provider name (${boosts}). ` +
      'Every word must match: exactly, as a word prefix (3+ letters), or with one typo (4+ ' +
      'letters; two from 9). Best match first, ties by key. Takes the same filters as ' +
      '`articles`. An empty query matches nothing. Cost: ' +
      `${SEARCH_COST} (it runs over the whole index, whatever the page size), plus per word ` +
      `${SEARCH_TERM_COST[0]} (shorter than 4 letters), ${SEARCH_TERM_COST[1]} (4–8 letters: one ` +
      `typo) or ${SEARCH_TERM_COST[2]} (9 or more: two typos), plus the page. One operation's ` +
      `searches may hold at most ${MAX_TYPO_TERMS_PER_REQUEST} words of 4 or more letters in all.`,
    complexity: searchComplexity,
    args: {
      query: t.arg.string({
        required: true,
        description: `At most ${MAX_QUERY_LENGTH} characters and ${MAX_QUERY_TERMS} words.`,
      }),
      where: t.arg({
        type: ArticleFilterInput,
        description: 'Only matches meeting every condition, as in `articles`.',
      }),
      first: t.arg.int({
        description: `Matches after \`after\`: 20 by default, at most ${MAX_PAGE_SIZE}.`,
      }),
      after: t.arg.string({ description: 'An endCursor (or edge cursor) from the same search.' }),
      asOf: t.arg({ type: 'DateTime', description: AS_OF_DESCRIPTION }),
    },
    resolve: (_root, { asOf, ...args }, ctx) => {
      ctx.tags.add(ListTag.Search);
      return searchArticles(viewAsOf(ctx, asOf), args, ctx.budget);
    },
  }),
);
