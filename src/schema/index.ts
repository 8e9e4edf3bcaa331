import './article.ts';
import './provider.ts';
import './topic.ts';
import './related.ts';
import './image.ts';
import './facets.ts';
import './search.ts';
import './coverage.ts';
import './content-status.ts';
import './content-changed.ts';
import './editorial.ts';
import type { GraphQLSchema } from 'graphql';
import { builder } from './builder.ts';
import { FEDERATION_LINK_URL } from './federation.ts';

export const schema = builder.toSchema();

let subgraph: GraphQLSchema | undefined;

/**
 * The schema plus Apollo Federation's `_service` and `_entities`, for subgraph deployments;
 * built on first use so the public server does not pay for it.
 */
export function subgraphSchema(): GraphQLSchema {
  subgraph ??= builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK_URL });
  return subgraph;
}
