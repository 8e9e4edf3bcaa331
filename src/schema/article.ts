import type { ArticleRecord, ProviderRecord, TopicRecord } from '../corpus/records.ts';
import {
  ArticleFilterInput,
  ArticleOrderInput,
  CATEGORY_VALUES,
  ORDER_BY_DESCRIPTION,
  resolveArticleConnection,
  TYPE_VALUES,
  WHERE_DESCRIPTION,
} from './article-args.ts';
import { AS_OF_DESCRIPTION, viewAsOf } from './as-of.ts';
import { builder } from './builder.ts';
import { badInput } from './errors.ts';
import { Image } from './image.ts';
import { loadOrError } from './loading.ts';
import { articleByKey, articleBySourceUrl, providerByDomain, topicByName } from './lookups.ts';
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
    category: t.exposeString('category', {
      description: `Desk the article is filed under. ${CATEGORY_VALUES}`,
    }),
    type: t.exposeString('type', { description: `Kind of piece. ${TYPE_VALUES}` }),
    title: t.exposeString('title', { description: 'Headline, plain text (no HTML).' }),
    excerpt: t.exposeString('excerpt', {
      nullable: true,
      description: 'Teaser text, plain text, often cut with "..."; null when the seed has none.',
    }),
    publishedDateTime: t.expose('publishedDateTime', {
      type: 'DateTime',
      description: 'When the article was published, as an ISO 8601 date-time in UTC.',
    }),
    sourceUrl: t.exposeString('sourceUrl', {
      description: 'The original article on the publisher’s site; unique in the graph.',
    }),
    ampUrl: t.exposeString('ampUrl', {
      nullable: true,
      description: 'The AMP version on the publisher’s site; null when there is none.',
    }),
    cdnAmpUrl: t.exposeString('cdnAmpUrl', {
      nullable: true,
      description: 'The AMP version on the Google AMP cache; null when there is none.',
    }),
    quality: t.exposeInt('quality', {
      nullable: true,
      description: 'Editorial quality score, 0 (lowest) to 100; null when not scored.',
    }),
    heat: t.exposeInt('heat', {
      nullable: true,
      description: 'Popularity right now, 0 (cold) to 100; null when not measured.',
    }),
    provider: t.field({
      type: Provider,
      description: 'The publisher.',
      // A public article's provider is in the public view, a draft's in the preview view.
      resolve: (article, _args, ctx) =>
        providerByDomain(ctx, article.provider.domain) as ProviderRecord,
    }),
    topics: t.field({
      type: [Topic],
      description: 'Subjects the article is tagged with, in the seed’s order (often 1-3).',
      resolve: (article, _args, ctx) =>
        article.topics.map((name) => topicByName(ctx, name) as TopicRecord),
    }),
    images: t.field({
      type: [Image],
      description: 'Pictures, lead image first; empty when there are none.',
      resolve: (article) => article.images,
    }),
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
    description: 'A page of articles (Relay cursor connection) with the total and facet counts.',
    fields: (t) => ({
      totalCount: t.int({
        description: 'Articles matching the query, across all pages.',
        resolve: (connection) => connection.totalCount,
      }),
    }),
  },
  { name: 'ArticleEdge', description: 'An article and its cursor.' },
);

builder.queryFields((t) => ({
  article: t.field({
    type: Article,
    nullable: true,
    description: 'One article by exactly one of `key` or `sourceUrl`.',
    args: {
      key: t.arg.string({ description: 'The article’s key (its seed file name).' }),
      sourceUrl: t.arg.string({
        description: 'The original URL, exactly as in `Article.sourceUrl`.',
      }),
    },
    resolve: (_root, { key, sourceUrl }, ctx) => {
      if ((key == null) === (sourceUrl == null)) {
        throw badInput('Pass exactly one of "key" or "sourceUrl".');
      }
      return key != null ? articleByKey(ctx, key) : articleBySourceUrl(ctx, sourceUrl as string);
    },
  }),
  articles: t.connection(
    {
      type: Article,
      description: 'Articles, newest first unless `orderBy` says otherwise.',
      args: {
        where: t.arg({ type: ArticleFilterInput, description: WHERE_DESCRIPTION }),
        orderBy: t.arg({ type: ArticleOrderInput, description: ORDER_BY_DESCRIPTION }),
        asOf: t.arg({ type: 'DateTime', description: AS_OF_DESCRIPTION }),
      },
      resolve: (_root, { asOf, ...args }, ctx) =>
        resolveArticleConnection(ctx, args, undefined, viewAsOf(ctx, asOf)),
    },
    ArticleConnection,
  ),
}));
