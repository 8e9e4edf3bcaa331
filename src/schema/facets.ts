import {
  DEFAULT_FACET_LIMIT,
  type FacetCount,
  FacetName,
  type ArticleFacets as Facets,
  MAX_FACET_LIMIT,
} from '../discovery/facets.ts';
import { ArticleConnection } from './article.ts';
import { builder } from './builder.ts';
import { ARTICLE_FACETS_COST } from './complexity.ts';

/**
 * The facets of an article or search connection: both carry them as a `facets` property
 * (resolveArticleConnection, searchArticles), which Pothos's connection shape does not declare.
 */
export function facetsOf(connection: object): Facets {
  const facets = (connection as { readonly facets?: Facets }).facets;
  // Every article and search connection resolver sets them; a missing one is a bug of ours.
  if (!facets) throw new Error('connection without facets');
  return facets;
}

export const FacetCountRef = builder.objectRef<FacetCount>('FacetCount').implement({
  description: 'One facet value and how many matching articles have it.',
  fields: (t) => ({
    value: t.exposeString('value', {
      description:
        'What the matching ArticleFilter field takes: a topic name, a provider domain, a ' +
        'category, or a UTC day as YYYY-MM-DD.',
    }),
    label: t.exposeString('label', {
      description: 'For display: a provider’s name, else the value.',
    }),
    count: t.exposeInt('count', { description: 'Matching articles with this value (≥ 1).' }),
  }),
});

const facetList = (name: FacetName, description: string) =>
  builder.objectField(ArticleFacetsRef, name, (t) =>
    t.field({
      type: [FacetCountRef],
      description,
      args: {
        first: t.arg.int({
          description: `Values to list: ${DEFAULT_FACET_LIMIT} by default, at most ${MAX_FACET_LIMIT}.`,
        }),
      },
      resolve: (facets, { first }) => facets.list(name, first),
    }),
  );

export const ArticleFacetsRef = builder.objectRef<Facets>('ArticleFacets').implement({
  description:
    'Counts of the articles matching a query (every page of it, not just the one returned) by ' +
    'topic, provider, category and day, for filter chips with numbers. Values no matching ' +
    'article has are not listed. Counted in one pass over the matches when first asked, once ' +
    'per connection whatever its page size.',
  fields: (t) => ({
    total: t.int({ description: 'Matching articles.', resolve: (facets) => facets.total }),
  }),
});

facetList(FacetName.Topics, 'Most frequent topics first (ties by name).');
facetList(
  FacetName.Providers,
  'Most frequent providers first (ties by domain); values are domains.',
);
facetList(FacetName.Categories, 'Most frequent categories first (ties by name).');
facetList(FacetName.Days, 'Publication days (UTC, YYYY-MM-DD), newest first.');

builder.objectField(ArticleConnection, 'facets', (t) =>
  t.field({
    type: ArticleFacetsRef,
    description:
      'Facet counts of every article this connection matches, across all pages. ' +
      `Cost: ${ARTICLE_FACETS_COST}, whatever the page size.`,
    complexity: ARTICLE_FACETS_COST,
    resolve: facetsOf,
  }),
);
