import { defineConfig } from '@graphql-hive/gateway';

/** The subgraph name newsgraph has in deploy/gateway/supergraph.graphql. */
export const NEWSGRAPH_SUBGRAPH = 'newsgraph';

/**
 * Hive Gateway in compose.yaml: serves the supergraph file next to this one. The preview token
 * travels in the Authorization header to newsgraph only, never to any other subgraph.
 */
export const gatewayConfig = defineConfig({
  supergraph: './supergraph.graphql',
  healthCheckEndpoint: '/healthcheck',
  readinessCheckEndpoint: '/readiness',
  propagateHeaders: {
    fromClientToSubgraphs({ request, subgraphName }) {
      const authorization = request.headers.get('authorization');
      if (subgraphName !== NEWSGRAPH_SUBGRAPH || !authorization) return;
      return { authorization };
    },
  },
});
