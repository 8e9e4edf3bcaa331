import { queryProviders } from '../corpus/query.ts';
import type { ProviderRecord } from '../corpus/records.ts';
import { Article, ArticleConnection } from './article.ts';
import { ArticleFilterInput, ArticleOrderInput, resolveArticleConnection } from './article-args.ts';
import { builder } from './builder.ts';
import { withInputErrors } from './errors.ts';
import { loadOrError } from './loading.ts';

export const Provider = builder.loadableNodeRef('Provider', {
  id: { resolve: (provider: ProviderRecord) => provider.domain },
  load: (domains: string[], ctx) => loadOrError(ctx.loaders.providerByDomain, domains, 'Provider'),
});

Provider.implement({
  description: 'A publisher, identified by its domain.',
  isTypeOf: (value) =>
    typeof value === 'object' && value !== null && 'domain' in value && !('key' in value),
  fields: (t) => ({
    name: t.exposeString('name'),
    domain: t.exposeString('domain'),
    articles: t.connection(
      {
        type: Article,
        description: "This provider's articles, newest first unless `orderBy` says otherwise.",
        args: {
          where: t.arg({ type: ArticleFilterInput }),
          orderBy: t.arg({ type: ArticleOrderInput }),
        },
        resolve: (provider, args, ctx) =>
          resolveArticleConnection(ctx, args, { providerDomain: provider.domain }),
      },
      ArticleConnection,
    ),
  }),
});

export const ProviderConnection = builder.connectionObject(
  {
    type: Provider,
    name: 'ProviderConnection',
    fields: (t) => ({
      totalCount: t.int({ resolve: (connection) => connection.totalCount }),
    }),
  },
  { name: 'ProviderEdge' },
);

builder.queryFields((t) => ({
  provider: t.field({
    type: Provider,
    nullable: true,
    args: { domain: t.arg.string({ required: true }) },
    resolve: (_root, { domain }, ctx) => ctx.loaders.providerByDomain.load(domain),
  }),
  providers: t.connection(
    {
      type: Provider,
      description: 'Providers by domain, A to Z.',
      resolve: (_root, args, ctx) => withInputErrors(() => queryProviders(ctx.view, args)),
    },
    ProviderConnection,
  ),
}));
