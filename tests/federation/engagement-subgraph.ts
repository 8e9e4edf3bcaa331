import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { type RunningSubgraph, serveSubgraph } from './serve-subgraph.ts';

/**
 * Another team's subgraph, as a company graph would have it: built with @apollo/subgraph (not
 * Pothos) so composition and the gateway see two independent implementations. It extends
 * newsgraph's entities with engagement figures and returns references to newsgraph articles.
 */
export const ENGAGEMENT_SUBGRAPH_NAME = 'engagement';

export const engagementTypeDefs = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])

  type Article @key(fields: "id") {
    id: ID!
    "Page views counted by the engagement service."
    views: Int!
  }

  type Provider @key(fields: "domain") {
    domain: String!
    followers: Int!
  }

  type Topic @key(fields: "name") {
    name: String!
    followers: Int!
  }

  type Query {
    "The most viewed articles, most viewed first."
    trending: [Article!]!
    "An article picked by the engagement team; may point at one the reader cannot see."
    featured: Article
  }
`;

export interface EngagementData {
  /** Views by Article.id (newsgraph's global ID, opaque to this service). */
  readonly views: ReadonlyMap<string, number>;
  readonly featured: string | null;
  /** Followers by provider domain. */
  readonly providerFollowers: ReadonlyMap<string, number>;
  /** Followers by topic name. */
  readonly topicFollowers: ReadonlyMap<string, number>;
}

interface ArticleRef {
  readonly id: string;
}

function schemaFor(data: EngagementData) {
  const article = ({ id }: ArticleRef) => ({ id, views: data.views.get(id) ?? 0 });
  return buildSubgraphSchema({
    typeDefs: parse(engagementTypeDefs),
    resolvers: {
      Query: {
        trending: () =>
          [...data.views.entries()].sort(([, a], [, b]) => b - a).map(([id]) => article({ id })),
        featured: () => (data.featured === null ? null : article({ id: data.featured })),
      },
      Article: { __resolveReference: article },
      Provider: {
        __resolveReference: ({ domain }: { domain: string }) => ({
          domain,
          followers: data.providerFollowers.get(domain) ?? 0,
        }),
      },
      Topic: {
        __resolveReference: ({ name }: { name: string }) => ({
          name,
          followers: data.topicFollowers.get(name) ?? 0,
        }),
      },
    },
  });
}

/** Serves the subgraph over real HTTP on an OS-assigned port. */
export function startEngagementSubgraph(data: EngagementData): Promise<RunningSubgraph> {
  return serveSubgraph(schemaFor(data));
}
