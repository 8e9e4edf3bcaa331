import { type ArticleScope, queryArticles, SortDirection } from '../corpus/query.ts';
import { ArticleOrderField } from '../corpus/records.ts';
import { attachFacets } from '../discovery/facets.ts';
import { builder } from './builder.ts';
import type { NewsgraphContext } from './context.ts';
import { withInputErrors } from './errors.ts';

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
  },
});

export const OrderDirectionEnum = builder.enumType('OrderDirection', {
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
    }),
    direction: t.field({
      type: OrderDirectionEnum,
      required: true,
      defaultValue: SortDirection.Desc,
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
    category: t.string(),
    type: t.string(),
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
) {
  const { where, orderBy, ...page } = args;
  return withInputErrors(() =>
    attachFacets(
      queryArticles(ctx.view, { where, orderBy, page, ...(scope ? { scope } : {}) }),
      ctx.view,
      where,
      scope,
    ),
  );
}
