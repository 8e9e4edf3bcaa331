import { listTagsOf } from '../corpus/cache-tags.ts';
import { type ArticleScope, queryArticles } from '../corpus/query.ts';
import { ArticleOrderField, SortDirection } from '../corpus/records.ts';
import type { CorpusView } from '../corpus/view.ts';
import { type ArticleFacets, facetsOfView } from '../discovery/facets.ts';
import { builder } from './builder.ts';
import type { NewsgraphContext } from './context.ts';

export const ArticleOrderFieldEnum = builder.enumType('ArticleOrderField', {
  description: 'What articles are sorted by; ties are broken by key.',
  values: {
    [ArticleOrderField.PublishedDateTime]: { description: 'Publication time.' },
    [ArticleOrderField.Quality]: { description: 'Quality score; articles without one sort last.' },
    [ArticleOrderField.Heat]: { description: 'Heat score; articles without one sort last.' },
    [ArticleOrderField.Trending]: {
      description:
        'Heat decayed by age: heat × 2^(−age / half-life), half-life NEWSGRAPH_TRENDING_HALF_LIFE_HOURS ' +
        '(24 by default). The order does not depend on the instant age is measured from, so it ' +
        'and its cursors are stable; articles without heat sort last.',
    },
    [ArticleOrderField.UpdatedDateTime]: {
      description:
        'Last substantive update (`updatedDateTime`); an article never updated counts its ' +
        '`publishedDateTime`.',
    },
  },
});

/** How to find the values of the open text fields (the seed contract does not close them). */
export const CATEGORY_VALUES =
  'Free text from the seed file, such as `news`, `science` or `business` (the set is open); ' +
  'the values in use, with counts: `articles { facets { categories { value count } } }`.';
export const TYPE_VALUES =
  'Free text from the seed file, such as `article`, `video` or `blog` (the set is open).';
export const WHERE_DESCRIPTION = 'Only articles meeting every condition; omitted: all.';
export const ORDER_BY_DESCRIPTION =
  'Sort order; omitted: newest first (PUBLISHED_DATE_TIME, DESC).';

export const OrderDirectionEnum = builder.enumType('OrderDirection', {
  description: 'Sort direction.',
  values: {
    [SortDirection.Asc]: { description: 'Lowest first.' },
    [SortDirection.Desc]: { description: 'Highest (or newest) first.' },
  },
});

export const ArticleOrderInput = builder.inputType('ArticleOrder', {
  description: 'Article ordering; DESC sorts ties by key ascending and ASC is its exact reverse.',
  fields: (t) => ({
    field: t.field({
      type: ArticleOrderFieldEnum,
      required: true,
      defaultValue: ArticleOrderField.PublishedDateTime,
      description: 'What to sort by.',
    }),
    direction: t.field({
      type: OrderDirectionEnum,
      required: true,
      defaultValue: SortDirection.Desc,
      description: 'DESC: highest or newest first.',
    }),
  }),
});

export const ArticleFilterInput = builder.inputType('ArticleFilter', {
  description:
    'Conditions an article must all meet. A list matches any of its values; an empty list is ' +
    'no condition.',
  fields: (t) => ({
    topics: t.stringList({ description: 'Topic names, any case.' }),
    providerDomains: t.stringList({ description: 'Provider domains, such as "example.com".' }),
    category: t.string({
      description: `Exactly this category (case-sensitive). ${CATEGORY_VALUES}`,
    }),
    type: t.string({ description: `Exactly this type (case-sensitive). ${TYPE_VALUES}` }),
    publishedAfter: t.field({ type: 'DateTime', description: 'Published strictly after.' }),
    publishedBefore: t.field({ type: 'DateTime', description: 'Published strictly before.' }),
    minQuality: t.int({ description: 'Quality at least this; articles without one are left out.' }),
    minHeat: t.int({ description: 'Heat at least this; articles without one are left out.' }),
  }),
});

export interface ArticleConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  where?: typeof ArticleFilterInput.$inferInput | null;
  orderBy?: typeof ArticleOrderInput.$inferInput | null;
}

export function resolveArticleConnection(
  ctx: NewsgraphContext,
  args: ArticleConnectionArgs,
  scope?: ArticleScope,
  view: CorpusView = ctx.view,
) {
  const { where, orderBy, ...page } = args;
  for (const tag of listTagsOf(where, scope)) ctx.tags.add(tag);
  const connection = queryArticles(view, { where, orderBy, page, ...(scope ? { scope } : {}) });
  // Counted only when a client asks for them (ArticleConnection.facets); the page's lazy
  // totalCount getter survives because the property is added, not spread.
  const facets: ArticleFacets = facetsOfView(view, where, scope, ctx.budget);
  return Object.assign(connection, { facets });
}
