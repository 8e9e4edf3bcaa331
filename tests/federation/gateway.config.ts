import { defineConfig } from '@graphql-hive/gateway';

/** The subgraph name newsgraph is registered under in the supergraph. */
export const NEWSGRAPH_SUBGRAPH_NAME = 'newsgraph';

/**
 * Hive Gateway configuration for a company graph that includes newsgraph. The preview token
 * travels in the Authorization header; it goes to newsgraph only, never to other subgraphs.
 */
export const gatewayConfig = defineConfig({
  propagateHeaders: {
    fromClientToSubgraphs({ request, subgraphName }) {
      const authorization = request.headers.get('authorization');
      if (subgraphName !== NEWSGRAPH_SUBGRAPH_NAME || !authorization) return;
      return { authorization };
    },
  },
});
