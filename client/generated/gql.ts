/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "fragment ArticleCard on Article {\n  id\n  key\n  title\n  excerpt\n  publishedDateTime\n  sourceUrl\n  quality\n  heat\n  provider {\n    name\n    domain\n  }\n  topics {\n    name\n  }\n  images {\n    url\n    width\n    height\n    title\n  }\n}": typeof types.ArticleCardFragmentDoc,
    "query ArticleDetail($key: String!) {\n  article(key: $key) {\n    ...ArticleCard\n    category\n    type\n    ampUrl\n    cdnAmpUrl\n    related {\n      title\n      excerpt\n      publishedDateTime\n      sourceUrl\n      type\n      quality\n      provider {\n        name\n        domain\n      }\n      images {\n        url\n        width\n        height\n      }\n      article {\n        id\n        key\n        title\n      }\n    }\n  }\n}": typeof types.ArticleDetailDocument,
    "query FeedPage($first: Int = 20, $after: String, $where: ArticleFilter, $orderBy: ArticleOrder) {\n  articles(first: $first, after: $after, where: $where, orderBy: $orderBy) {\n    totalCount\n    pageInfo {\n      ...PageCursor\n    }\n    edges {\n      cursor\n      node {\n        ...ArticleCard\n      }\n    }\n  }\n}": typeof types.FeedPageDocument,
    "fragment PageCursor on PageInfo {\n  hasNextPage\n  endCursor\n}": typeof types.PageCursorFragmentDoc,
    "query ProviderPage($domain: String!, $first: Int = 20, $after: String) {\n  provider(domain: $domain) {\n    id\n    name\n    domain\n    articles(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        ...PageCursor\n      }\n      edges {\n        node {\n          ...ArticleCard\n        }\n      }\n    }\n  }\n}": typeof types.ProviderPageDocument,
    "query TopicPage($name: String!, $first: Int = 20, $after: String, $orderBy: ArticleOrder) {\n  topic(name: $name) {\n    id\n    name\n    articles(first: $first, after: $after, orderBy: $orderBy) {\n      totalCount\n      pageInfo {\n        ...PageCursor\n      }\n      edges {\n        node {\n          ...ArticleCard\n        }\n      }\n    }\n  }\n}": typeof types.TopicPageDocument,
};
const documents: Documents = {
    "fragment ArticleCard on Article {\n  id\n  key\n  title\n  excerpt\n  publishedDateTime\n  sourceUrl\n  quality\n  heat\n  provider {\n    name\n    domain\n  }\n  topics {\n    name\n  }\n  images {\n    url\n    width\n    height\n    title\n  }\n}": types.ArticleCardFragmentDoc,
    "query ArticleDetail($key: String!) {\n  article(key: $key) {\n    ...ArticleCard\n    category\n    type\n    ampUrl\n    cdnAmpUrl\n    related {\n      title\n      excerpt\n      publishedDateTime\n      sourceUrl\n      type\n      quality\n      provider {\n        name\n        domain\n      }\n      images {\n        url\n        width\n        height\n      }\n      article {\n        id\n        key\n        title\n      }\n    }\n  }\n}": types.ArticleDetailDocument,
    "query FeedPage($first: Int = 20, $after: String, $where: ArticleFilter, $orderBy: ArticleOrder) {\n  articles(first: $first, after: $after, where: $where, orderBy: $orderBy) {\n    totalCount\n    pageInfo {\n      ...PageCursor\n    }\n    edges {\n      cursor\n      node {\n        ...ArticleCard\n      }\n    }\n  }\n}": types.FeedPageDocument,
    "fragment PageCursor on PageInfo {\n  hasNextPage\n  endCursor\n}": types.PageCursorFragmentDoc,
    "query ProviderPage($domain: String!, $first: Int = 20, $after: String) {\n  provider(domain: $domain) {\n    id\n    name\n    domain\n    articles(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        ...PageCursor\n      }\n      edges {\n        node {\n          ...ArticleCard\n        }\n      }\n    }\n  }\n}": types.ProviderPageDocument,
    "query TopicPage($name: String!, $first: Int = 20, $after: String, $orderBy: ArticleOrder) {\n  topic(name: $name) {\n    id\n    name\n    articles(first: $first, after: $after, orderBy: $orderBy) {\n      totalCount\n      pageInfo {\n        ...PageCursor\n      }\n      edges {\n        node {\n          ...ArticleCard\n        }\n      }\n    }\n  }\n}": types.TopicPageDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment ArticleCard on Article {\n  id\n  key\n  title\n  excerpt\n  publishedDateTime\n  sourceUrl\n  quality\n  heat\n  provider {\n    name\n    domain\n  }\n  topics {\n    name\n  }\n  images {\n    url\n    width\n    height\n    title\n  }\n}"): (typeof documents)["fragment ArticleCard on Article {\n  id\n  key\n  title\n  excerpt\n  publishedDateTime\n  sourceUrl\n  quality\n  heat\n  provider {\n    name\n    domain\n  }\n  topics {\n    name\n  }\n  images {\n    url\n    width\n    height\n    title\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ArticleDetail($key: String!) {\n  article(key: $key) {\n    ...ArticleCard\n    category\n    type\n    ampUrl\n    cdnAmpUrl\n    related {\n      title\n      excerpt\n      publishedDateTime\n      sourceUrl\n      type\n      quality\n      provider {\n        name\n        domain\n      }\n      images {\n        url\n        width\n        height\n      }\n      article {\n        id\n        key\n        title\n      }\n    }\n  }\n}"): (typeof documents)["query ArticleDetail($key: String!) {\n  article(key: $key) {\n    ...ArticleCard\n    category\n    type\n    ampUrl\n    cdnAmpUrl\n    related {\n      title\n      excerpt\n      publishedDateTime\n      sourceUrl\n      type\n      quality\n      provider {\n        name\n        domain\n      }\n      images {\n        url\n        width\n        height\n      }\n      article {\n        id\n        key\n        title\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query FeedPage($first: Int = 20, $after: String, $where: ArticleFilter, $orderBy: ArticleOrder) {\n  articles(first: $first, after: $after, where: $where, orderBy: $orderBy) {\n    totalCount\n    pageInfo {\n      ...PageCursor\n    }\n    edges {\n      cursor\n      node {\n        ...ArticleCard\n      }\n    }\n  }\n}"): (typeof documents)["query FeedPage($first: Int = 20, $after: String, $where: ArticleFilter, $orderBy: ArticleOrder) {\n  articles(first: $first, after: $after, where: $where, orderBy: $orderBy) {\n    totalCount\n    pageInfo {\n      ...PageCursor\n    }\n    edges {\n      cursor\n      node {\n        ...ArticleCard\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment PageCursor on PageInfo {\n  hasNextPage\n  endCursor\n}"): (typeof documents)["fragment PageCursor on PageInfo {\n  hasNextPage\n  endCursor\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ProviderPage($domain: String!, $first: Int = 20, $after: String) {\n  provider(domain: $domain) {\n    id\n    name\n    domain\n    articles(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        ...PageCursor\n      }\n      edges {\n        node {\n          ...ArticleCard\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query ProviderPage($domain: String!, $first: Int = 20, $after: String) {\n  provider(domain: $domain) {\n    id\n    name\n    domain\n    articles(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        ...PageCursor\n      }\n      edges {\n        node {\n          ...ArticleCard\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query TopicPage($name: String!, $first: Int = 20, $after: String, $orderBy: ArticleOrder) {\n  topic(name: $name) {\n    id\n    name\n    articles(first: $first, after: $after, orderBy: $orderBy) {\n      totalCount\n      pageInfo {\n        ...PageCursor\n      }\n      edges {\n        node {\n          ...ArticleCard\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query TopicPage($name: String!, $first: Int = 20, $after: String, $orderBy: ArticleOrder) {\n  topic(name: $name) {\n    id\n    name\n    articles(first: $first, after: $after, orderBy: $orderBy) {\n      totalCount\n      pageInfo {\n        ...PageCursor\n      }\n      edges {\n        node {\n          ...ArticleCard\n        }\n      }\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;