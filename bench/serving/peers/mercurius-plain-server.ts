import Fastify from 'fastify';
import { GraphQLScalarType } from 'graphql';
import mercurius, { type IResolvers, type MercuriusContext } from 'mercurius';
import { loadSeeds } from '../../../src/content/load.ts';
import type { ImageRecord, RelatedRecord } from '../../../src/content/records.ts';
import { queryArticles } from '../../../src/corpus/query.ts';
import type { ArticleRecord, ProviderRecord, TopicRecord } from '../../../src/corpus/records.ts';
import { ContentStore } from '../../../src/corpus/store.ts';
import { type CorpusView, topicId } from '../../../src/corpus/view.ts';
import { encodeGlobalId } from '../../../src/schema/global-id.ts';

/**
 * The peer a Node developer would write instead of newsgraph: fastify + Mercurius with
 * graphql-jit, an SDL-first schema holding just the fields the benchmark asks for, and plain
 * resolvers reading the same in-memory records synchronously (no Pothos, no DataLoader, no
 * plugins). Paging reuses newsgraph's corpus query, so cursors and pages are the same bytes.
 * Prints one `{"bench":"ready"}` line with the in-process corpus load time.
 */
const port = Number(process.env.BENCH_PORT);
const seedsDir = String(process.env.BENCH_SEEDS_DIR);

const started = performance.now();
const store = new ContentStore(await loadSeeds(seedsDir));
const loadMs = performance.now() - started;

const schema = /* GraphQL */ `
  scalar DateTime
  type Query {
    article(key: String, sourceUrl: String): Article
    articles(first: Int, after: String, where: ArticleFilter, orderBy: ArticleOrder): ArticleConnection!
    provider(domain: String!): Provider
    topic(name: String!): Topic
  }
  input ArticleFilter { minQuality: Int }
  enum ArticleOrderField { PUBLISHED_DATE_TIME QUALITY HEAT }
  enum OrderDirection { ASC DESC }
  input ArticleOrder { field: ArticleOrderField! = PUBLISHED_DATE_TIME, direction: OrderDirection! = DESC }
  type ArticleConnection { totalCount: Int! edges: [ArticleEdge!]! pageInfo: PageInfo! }
  type ArticleEdge { cursor: String! node: Article! }
  type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
  type Article {
    id: ID! key: String! category: String! type: String! title: String! excerpt: String
    publishedDateTime: DateTime! sourceUrl: String! ampUrl: String cdnAmpUrl: String
    quality: Int heat: Int provider: Provider! topics: [Topic!]! images: [Image!]!
    related: [Related!]!
  }
  type Provider {
    id: ID! name: String! domain: String!
    articles(first: Int, after: String): ArticleConnection!
  }
  type Topic {
    id: ID! name: String!
    articles(first: Int, after: String, where: ArticleFilter, orderBy: ArticleOrder): ArticleConnection!
  }
  type Image { url: String! width: Int height: Int title: String }
  type Related {
    title: String! excerpt: String sourceUrl: String! provider: Provider images: [Image!]!
    article: Article
  }
`;

interface Context extends MercuriusContext {
  readonly view: CorpusView;
}
type PageArgs = Parameters<typeof queryArticles>[1]['page'] & {
  where?: { minQuality?: number | null } | null;
  orderBy?: Parameters<typeof queryArticles>[1]['orderBy'];
};
const page = (
  view: CorpusView,
  args: PageArgs,
  scope?: { providerDomain?: string; topic?: string },
) => {
  const { where, orderBy, ...rest } = args;
  return queryArticles(view, { where, orderBy, page: rest, ...(scope ? { scope } : {}) });
};

const resolvers: IResolvers<never, Context> = {
  DateTime: new GraphQLScalarType({
    name: 'DateTime',
    serialize: (value) => (value as Date).toISOString(),
  }),
  Query: {
    article: (_root, args: { key?: string; sourceUrl?: string }, { view }: Context) =>
      (args.key != null
        ? view.byKey.get(args.key)
        : view.bySourceUrl.get(String(args.sourceUrl))) ?? null,
    articles: (_root, args: PageArgs, { view }: Context) => page(view, args),
    provider: (_root, { domain }: { domain: string }, { view }: Context) =>
      view.providers.get(domain) ?? null,
    topic: (_root, { name }: { name: string }, { view }: Context) =>
      view.topics.get(topicId(name)) ?? null,
  },
  Article: {
    id: (article: ArticleRecord) => encodeGlobalId('Article', article.key),
    provider: (article: ArticleRecord, _args, { view }: Context) =>
      view.providers.get(article.provider.domain),
    topics: (article: ArticleRecord, _args, { view }: Context) =>
      article.topics.map((name) => view.topics.get(topicId(name))),
  },
  Provider: {
    id: (provider: ProviderRecord) => encodeGlobalId('Provider', provider.domain),
    articles: (provider: ProviderRecord, args: PageArgs, { view }: Context) =>
      page(view, args, { providerDomain: provider.domain }),
  },
  Topic: {
    id: (topic: TopicRecord) => encodeGlobalId('Topic', topicId(topic.name)),
    articles: (topic: TopicRecord, args: PageArgs, { view }: Context) =>
      page(view, args, { topic: topic.name }),
  },
  Related: {
    provider: (related: RelatedRecord, _args, { view }: Context) =>
      related.provider ? (view.providers.get(related.provider.domain) ?? null) : null,
    images: (related: RelatedRecord): readonly ImageRecord[] => related.images,
    article: (related: RelatedRecord, _args, { view }: Context) =>
      view.bySourceUrl.get(related.sourceUrl) ?? null,
  },
};

const app = Fastify({ logger: false });
await app.register(mercurius, {
  schema,
  resolvers: resolvers as IResolvers,
  jit: 1,
  // The public view of the snapshot current when the request starts, as newsgraph reads it.
  context: () => ({ view: store.current.view(false) }),
});
await app.listen({ port, host: '127.0.0.1' });
console.log(JSON.stringify({ bench: 'ready', loadMs }));
process.on('SIGINT', () => {
  void app.close().then(() => process.exit(0));
});
