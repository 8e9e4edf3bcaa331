import { queryTopics } from '../corpus/query.ts';
import type { TopicRecord } from '../corpus/records.ts';
import { topicId } from '../corpus/view.ts';
import { Article, ArticleConnection } from './article.ts';
import { ArticleFilterInput, ArticleOrderInput, resolveArticleConnection } from './article-args.ts';
import { builder } from './builder.ts';
import { withInputErrors } from './errors.ts';
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
    name: t.exposeString('name'),
    articles: t.connection(
      {
        type: Article,
        description: 'Articles with this topic, newest first unless `orderBy` says otherwise.',
        args: {
          where: t.arg({ type: ArticleFilterInput }),
          orderBy: t.arg({ type: ArticleOrderInput }),
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
    fields: (t) => ({
      totalCount: t.int({ resolve: (connection) => connection.totalCount }),
    }),
  },
  { name: 'TopicEdge' },
);

builder.queryFields((t) => ({
  topic: t.field({
    type: Topic,
    nullable: true,
    description: 'A topic by name, any case.',
    args: { name: t.arg.string({ required: true }) },
    resolve: (_root, { name }, ctx) => ctx.loaders.topicByName.load(name),
  }),
  topics: t.connection(
    {
      type: Topic,
      description: 'Topics by name, A to Z.',
      resolve: (_root, args, ctx) => withInputErrors(() => queryTopics(ctx.view, args)),
    },
    TopicConnection,
  ),
}));
