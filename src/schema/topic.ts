import { ListTag } from '../corpus/cache-tags.ts';
import { queryTopics } from '../corpus/query.ts';
import type { TopicRecord } from '../corpus/records.ts';
import { topicId } from '../corpus/view.ts';
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

export const Topic = builder.loadableNodeRef('Topic', {
  id: { resolve: (topic: TopicRecord) => topicId(topic.name) },
  load: (names: string[], ctx) => loadOrError(ctx.loaders.topicByName, names, 'Topic'),
});

Topic.implement({
  description: 'A subject articles are tagged with; names match in any case.',
  isTypeOf: (value) =>
    typeof value === 'object' &&
    value !== null &&
    'name' in value &&
    !('domain' in value) &&
    !('key' in value),
  fields: (t) => ({
    name: t.exposeString('name', {
      description: 'As first written in the seeds, such as "Climate Policy".',
    }),
    feedUrls: t.field({
      type: FeedUrls,
      description: "RSS, Atom and JSON Feed of this topic's newest articles.",
      resolve: (topic) => feedUrlsOf({ topics: [topic.name] }),
    }),
    articles: t.connection(
      {
        type: Article,
        description: 'Articles with this topic, newest first unless `orderBy` says otherwise.',
        args: {
          where: t.arg({ type: ArticleFilterInput, description: WHERE_DESCRIPTION }),
          orderBy: t.arg({ type: ArticleOrderInput, description: ORDER_BY_DESCRIPTION }),
        },
        resolve: (topic, args, ctx) => resolveArticleConnection(ctx, args, { topic: topic.name }),
      },
      ArticleConnection,
    ),
  }),
});

export const TopicConnection = builder.connectionObject(
  {
    type: Topic,
    name: 'TopicConnection',
    description: 'A page of topics (Relay cursor connection).',
    fields: (t) => ({
      totalCount: t.int({
        description: 'Topics in the whole list, across all pages.',
        resolve: (connection) => connection.totalCount,
      }),
    }),
  },
  { name: 'TopicEdge', description: 'A topic and its cursor.' },
);

builder.queryFields((t) => ({
  topic: t.field({
    type: Topic,
    nullable: true,
    description: 'A topic by name, any case.',
    args: {
      name: t.arg.string({ required: true, description: 'Such as "climate policy"; any case.' }),
    },
    resolve: (_root, { name }, ctx) => ctx.loaders.topicByName.load(name),
  }),
  topics: t.connection(
    {
      type: Topic,
      description: 'Topics by name, A to Z.',
      args: { asOf: t.arg({ type: 'DateTime', description: AS_OF_DESCRIPTION }) },
      resolve: (_root, { asOf, ...args }, ctx) => {
        ctx.tags.add(ListTag.Topics);
        return queryTopics(viewAsOf(ctx, asOf), args);
      },
    },
    TopicConnection,
  ),
}));
