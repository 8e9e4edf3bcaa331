import { printSubgraphSchema } from '@apollo/subgraph';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';

export const SCHEMA_FILE = 'schema.graphql';
export const SCHEMA_HEADER =
  '# GENERATED FILE: do not edit. The public newsgraph schema, printed from src/schema by\n' +
  '# `npm run schema:print` (sorted); a test fails when it drifts from the code.\n\n';

export function printPublicSchema(schema: GraphQLSchema): string {
  return `${SCHEMA_HEADER}${printSchema(lexicographicSortSchema(schema))}\n`;
}

export const SUBGRAPH_SCHEMA_FILE = 'schema.subgraph.graphql';
export const SUBGRAPH_SCHEMA_HEADER =
  '# GENERATED FILE: do not edit. newsgraph as an Apollo Federation v2 subgraph: the SDL that\n' +
  '# `_service { sdl }` serves, printed by `npm run schema:print` with the federation printer.\n' +
  '# Give it to a schema registry or to supergraph composition; a test fails when it drifts.\n\n';

/** Federation's own printer: unlike graphql-js it keeps @link, @key and @shareable. */
export function printSubgraphSdl(subgraphSchema: GraphQLSchema): string {
  return `${SUBGRAPH_SCHEMA_HEADER}${printSubgraphSchema(subgraphSchema)}\n`;
}
