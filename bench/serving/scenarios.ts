import type { LoadRequest } from './load-test.ts';
import {
  ARTICLE_BY_KEY,
  ATOM_PATH,
  ATTACK_PAGE_SIZE,
  body,
  FEED,
  JSON_FEED_PATH,
  LOOKUP,
  PROVIDER_PAGE,
  RSS_EQUIVALENT,
  RSS_PATH,
  TINY,
  TOPIC_PAGE,
  WALK_PAGE,
} from './operations.ts';

/** Real content of the corpus under test, found through the public API before measuring. */
export interface CorpusFacts {
  readonly articleKey: string;
  /** Keys of WALK_PAGES × WALK_PAGE_SIZE distinct articles, for lookups that miss every cache. */
  readonly articleKeys: readonly string[];
  readonly topicName: string;
  readonly providerDomain: string;
  /** `after` arguments of the walk: null for the first page, then each page's endCursor. */
  readonly walkCursors: readonly (string | null)[];
}

/** GraphQL data, a GraphQL rejection, or a 200 document that is not GraphQL (a feed). */
export type Expectation = 'data' | 'rejected' | 'document';

export type ScenarioName =
  | 'tiny'
  | 'article'
  | 'lookup'
  | 'feed'
  | 'topic'
  | 'provider'
  | 'walk'
  | 'attack'
  | 'rss'
  | 'atom'
  | 'json-feed'
  | 'rss-graphql';

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly expect: Expectation;
  /** The path the raw baseline serves this scenario's captured bytes on, if it has one. */
  readonly rawPath?: string;
  /**
   * The requests are a pool: each request sent, on any connection, takes the next one, so no
   * two requests in a row (nor two connections at once) ask for the same thing.
   */
  readonly rotate?: boolean;
  /** Served by newsgraph only (a peer GraphQL server has no feeds): peers skip it. */
  readonly newsgraphOnly?: boolean;
  readonly requests: (facts: CorpusFacts) => readonly LoadRequest[];
}

const GRAPHQL_PATH = '/graphql';
const one = (query: string, variables?: Record<string, unknown>): LoadRequest[] => [
  { path: GRAPHQL_PATH, body: body(query, variables) },
];

export const SCENARIOS: Record<ScenarioName, Scenario> = {
  tiny: {
    name: 'tiny',
    description: 'first article, id and title',
    expect: 'data',
    rawPath: '/tiny',
    requests: () => one(TINY),
  },
  article: {
    name: 'article',
    description: 'one article by key, with provider, topics, images, related',
    expect: 'data',
    requests: (facts) => one(ARTICLE_BY_KEY, { key: facts.articleKey }),
  },
  lookup: {
    name: 'lookup',
    description: 'one article by key with its provider, a different key each request',
    expect: 'data',
    rotate: true,
    requests: (facts) =>
      facts.articleKeys.map((key) => ({ path: GRAPHQL_PATH, body: body(LOOKUP, { key }) })),
  },
  feed: {
    name: 'feed',
    description: '20 articles with provider, topics, images, related',
    expect: 'data',
    rawPath: '/feed',
    requests: () => one(FEED),
  },
  topic: {
    name: 'topic',
    description: 'topic page: 20 articles, minimum quality, by quality, totalCount',
    expect: 'data',
    requests: (facts) => one(TOPIC_PAGE, { name: facts.topicName, minQuality: 20 }),
  },
  provider: {
    name: 'provider',
    description: "provider page: the provider's 20 newest articles, totalCount",
    expect: 'data',
    requests: (facts) => one(PROVIDER_PAGE, { domain: facts.providerDomain }),
  },
  walk: {
    name: 'walk',
    description: 'cursor walk: 50 pages in sequence on each connection (rate is pages/s)',
    expect: 'data',
    requests: (facts) =>
      facts.walkCursors.map((after) => ({ path: GRAPHQL_PATH, body: body(WALK_PAGE, { after }) })),
  },
  rss: {
    name: 'rss',
    description: 'RSS feed of the 20 newest articles (GET /feeds/rss.xml?first=20)',
    expect: 'document',
    newsgraphOnly: true,
    requests: () => [{ path: RSS_PATH, method: 'GET', body: '' }],
  },
  atom: {
    name: 'atom',
    description: 'Atom feed of the same 20 articles (GET /feeds/atom.xml?first=20)',
    expect: 'document',
    newsgraphOnly: true,
    requests: () => [{ path: ATOM_PATH, method: 'GET', body: '' }],
  },
  'json-feed': {
    name: 'json-feed',
    description: 'JSON Feed of the same 20 articles (GET /feeds/feed.json?first=20)',
    expect: 'document',
    newsgraphOnly: true,
    requests: () => [{ path: JSON_FEED_PATH, method: 'GET', body: '' }],
  },
  'rss-graphql': {
    name: 'rss-graphql',
    description: "the same 20 articles with the RSS feed's fields, as a GraphQL query",
    expect: 'data',
    newsgraphOnly: true,
    requests: () => one(RSS_EQUIVALENT),
  },
  attack: {
    name: 'attack',
    description: 'first: 1000000 with nesting: rejected by the limits',
    expect: 'rejected',
    requests: () => one(ATTACK_PAGE_SIZE),
  },
};
