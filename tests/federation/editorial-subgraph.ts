import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { type RunningSubgraph, serveSubgraph } from './serve-subgraph.ts';

/**
 * A third team's subgraph that knows newsgraph articles by key only (the seed file name, say from
 * a CMS), not by global ID: it references them through newsgraph's `@key(fields: "key")`.
 */
export const EDITORIAL_SUBGRAPH_NAME = 'editorial';

export const editorialTypeDefs = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])

  type Article @key(fields: "key", resolvable: false) {
    key: String!
  }

  type Query {
    "The article an editor picked."
    editorsPick: Article
  }
`;

export function startEditorialSubgraph(editorsPick: string): Promise<RunningSubgraph> {
  return serveSubgraph(
    buildSubgraphSchema({
      typeDefs: parse(editorialTypeDefs),
      resolvers: { Query: { editorsPick: () => ({ key: editorsPick }) } },
    }),
  );
}
