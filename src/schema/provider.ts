import { ListTag } from '../corpus/cache-tags.ts';
import { queryProviders } from '../corpus/query.ts';
import type { ProviderRecord } from '../corpus/records.ts';
import { Article, ArticleConnection } from './article.ts';
import {
  ArticleFilterInput,
  ArticleOrderInput,
  ORDER_BY_DESCRIPTION,
  resolveArticleConnection,
  WHERE_DESCRIPTION,
} from './article-args.ts';
import { AS_OF_DESCRIPTION, viewAsOf } from './as-of.ts';
import { builder } from './builder.ts';
import { FeedUrls, feedUrlsOf } from './feed-urls.ts';
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
    name: t.exposeString('name', { description: 'Display name, such as "Medical Xpress".' }),
    domain: t.exposeString('domain', {
      description: 'Web domain without scheme, such as "medicalxpress.com"; unique.',
    }),
    feedUrls: t.field({
      type: FeedUrls,
      description: "RSS, Atom and JSON Feed of this provider's newest articles.",
      resolve: (provider) => feedUrlsOf({ providerDomains: [provider.domain] }),
    }),
    articles: t.connection(
      {
        type: Article,
        description: "This provider's articles, newest first unless `orderBy` says otherwise.",
        args: {
          where: t.arg({ type: ArticleFilterInput, description: WHERE_DESCRIPTION }),
          orderBy: t.arg({ type: ArticleOrderInput, description: ORDER_BY_DESCRIPTION }),
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
    description: 'A page of providers (Relay cursor connection).',
    fields: (t) => ({
      totalCount: t.int({
        description: 'Providers in the whole list, across all pages.',
        resolve: (connection) => connection.totalCount,
      }),
    }),
  },
  { name: 'ProviderEdge', description: 'A provider and its cursor.' },
);

builder.queryFields((t) => ({
  provider: t.field({
    type: Provider,
    nullable: true,
    description: 'A provider by domain; null when none of the articles you may see has it.',
    args: {
      domain: t.arg.string({ required: true, description: 'Such as "medicalxpress.com".' }),
    },
    resolve: (_root, { domain }, ctx) => ctx.loaders.providerByDomain.load(domain),
  }),
  providers: t.connection(
    {
      type: Provider,
      description: 'Providers by domain, A to Z.',
      args: { asOf: t.arg({ type: 'DateTime', description: AS_OF_DESCRIPTION }) },
      resolve: (_root, { asOf, ...args }, ctx) => {
        ctx.tags.add(ListTag.Providers);
        return queryProviders(viewAsOf(ctx, asOf), args);
      },
    },
    ProviderConnection,
  ),
}));
