import { FEED_SIZE, WALK_PAGE_SIZE } from './settings.ts';

/** The GraphQL documents the benchmark sends: what a news front end asks for. */

export const TINY = /* GraphQL */ `{ articles(first: 1) { edges { node { id title } } } }`;

const IMAGE = 'url width height title';
const CARD = `id key title excerpt publishedDateTime sourceUrl quality heat
  provider { id name domain } images { ${IMAGE} }`;

/** A front page: ~31 KB of JSON on the generated corpus (whose articles are richer than the sample). */
export const FEED = /* GraphQL */ `query Feed {
  articles(first: ${FEED_SIZE}) {
    edges { node {
      id title excerpt publishedDateTime sourceUrl
      provider { name domain }
      topics { name }
      images { url width height }
      related { title sourceUrl provider { name } images { url } }
    } }
  }
}`;

/** The RSS feed of the same 20 articles, over GET: /feeds/rss.xml shows these fields. */
export const RSS_PATH = `/feeds/rss.xml?first=${FEED_SIZE}`;
export const ATOM_PATH = `/feeds/atom.xml?first=${FEED_SIZE}`;
export const JSON_FEED_PATH = `/feeds/feed.json?first=${FEED_SIZE}`;

/** What a client asks GraphQL for to build that same feed itself. */
export const RSS_EQUIVALENT = /* GraphQL */ `query RssEquivalent {
  articles(first: ${FEED_SIZE}) {
    edges { node {
      id title excerpt publishedDateTime sourceUrl
      provider { name domain }
      topics { name }
      images { url width height }
    } }
  }
}`;

export const ARTICLE_BY_KEY = /* GraphQL */ `query Article($key: String!) {
  article(key: $key) {
    ${CARD} category type ampUrl cdnAmpUrl
    topics { id name }
    related { title sourceUrl provider { name domain } }
  }
}`;

/** A page that shows one article and who published it: a different key on each request. */
export const LOOKUP = /* GraphQL */ `query Lookup($key: String!) {
  article(key: $key) {
    id key title excerpt publishedDateTime sourceUrl
    provider { id name domain }
  }
}`;

export const TOPIC_PAGE = /* GraphQL */ `query TopicPage($name: String!, $minQuality: Int!) {
  topic(name: $name) {
    id name
    articles(first: ${FEED_SIZE}, where: { minQuality: $minQuality }, orderBy: { field: QUALITY, direction: DESC }) {
      totalCount
      edges { cursor node { ${CARD} } }
      pageInfo { endCursor hasNextPage }
    }
  }
}`;

export const PROVIDER_PAGE = /* GraphQL */ `query ProviderPage($domain: String!) {
  provider(domain: $domain) {
    id name domain
    articles(first: ${FEED_SIZE}) {
      totalCount
      edges { cursor node { ${CARD} topics { id name } } }
      pageInfo { endCursor hasNextPage }
    }
  }
}`;

export const WALK_PAGE = /* GraphQL */ `query Walk($after: String) {
  articles(first: ${WALK_PAGE_SIZE}, after: $after) {
    edges { cursor node { id key title publishedDateTime } }
    pageInfo { endCursor hasNextPage }
  }
}`;

/** Asks for a million articles: the page-size limit must reject it before any work. */
export const ATTACK_PAGE_SIZE = /* GraphQL */ `{
  articles(first: 1000000) { edges { node { id title related { article { id title } } } } }
}`;

/** What the benchmark needs to know about a corpus to address real content. */
export const PROBE = /* GraphQL */ `{
  articles(first: 1) { edges { node { key topics { name } provider { domain } } } }
}`;

export interface GraphqlBody {
  readonly query: string;
  readonly variables?: Record<string, unknown>;
}

export const body = (query: string, variables?: Record<string, unknown>): string =>
  JSON.stringify(variables ? { query, variables } : { query });
