import type { ArticleRecord } from '../corpus/records.ts';
import { ArticleFilterInput, ArticleOrderInput, resolveArticleConnection } from './article-args.ts';
import { builder } from './builder.ts';
import { badInput } from './errors.ts';
import { Image } from './image.ts';
import { loadOrError } from './loading.ts';
import { Provider } from './provider.ts';
import { Related } from './related.ts';
import { Topic } from './topic.ts';

export const Article = builder.loadableNodeRef('Article', {
  id: { resolve: (article: ArticleRecord) => article.key },
  load: (keys: string[], ctx) => loadOrError(ctx.loaders.articleByKey, keys, 'Article'),
});

export const isArticle = (value: unknown): value is ArticleRecord =>
  typeof value === 'object' && value !== null && 'key' in value && 'sourceUrl' in value;

Article.implement({
  description: 'A news article from the seeds folder.',
  isTypeOf: isArticle,
  fields: (t) => ({
    key: t.exposeString('key', { description: 'Stable key: the seed file name.' }),
    category: t.exposeString('category'),
    type: t.exposeString('type'),
    title: t.exposeString('title'),
    excerpt: t.exposeString('excerpt', { nullable: true }),
    publishedDateTime: t.expose('publishedDateTime', { type: 'DateTime' }),
    sourceUrl: t.exposeString('sourceUrl'),
    ampUrl: t.exposeString('ampUrl', { nullable: true }),
    cdnAmpUrl: t.exposeString('cdnAmpUrl', { nullable: true }),
    quality: t.exposeInt('quality', { nullable: true, description: '0-100.' }),
    heat: t.exposeInt('heat', { nullable: true, description: '0-100.' }),
    provider: t.field({ type: Provider, resolve: (article) => article.provider.domain }),
    topics: t.field({ type: [Topic], resolve: (article) => article.topics }),
    images: t.field({ type: [Image], resolve: (article) => article.images }),
    related: t.field({
      type: [Related],
      description: 'Other coverage of the same story.',
      resolve: (article) => article.related,
    }),
  }),
});

export const ArticleConnection = builder.connectionObject(
  {
    type: Article,
    name: 'ArticleConnection',
    fields: (t) => ({
      totalCount: t.int({
        description: 'Articles matching the query, across all pages.',
        resolve: (connection) => connection.totalCount,
      }),
    }),
  },
  { name: 'ArticleEdge' },
);

builder.queryFields((t) => ({
  article: t.field({
    type: Article,
    nullable: true,
    description: 'One article by exactly one of `key` or `sourceUrl`.',
    args: { key: t.arg.string(), sourceUrl: t.arg.string() },
    resolve: (_root, { key, sourceUrl }, ctx) => {
      if ((key == null) === (sourceUrl == null)) {
        throw badInput('Pass exactly one of "key" or "sourceUrl".');
      }
      return key != null
        ? ctx.loaders.articleByKey.load(key)
        : ctx.loaders.articleBySourceUrl.load(sourceUrl as string);
    },
  }),
  articles: t.connection(
    {
      type: Article,
      description: 'Articles, newest first unless `orderBy` says otherwise.',
      args: {
        where: t.arg({ type: ArticleFilterInput }),
        orderBy: t.arg({ type: ArticleOrderInput }),
      },
      resolve: (_root, args, ctx) => resolveArticleConnection(ctx, args),
    },
    ArticleConnection,
  ),
}));
