import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLSchema } from 'graphql';
import { createYoga } from 'graphql-yoga';

export interface RunningSubgraph {
  readonly url: string;
  /** The Authorization header of every request it received (null when absent). */
  readonly authorizations: readonly (string | null)[];
  close(): Promise<void>;
}

/** Serves another team's subgraph schema with Yoga over real HTTP on an OS-assigned port. */
export async function serveSubgraph(schema: GraphQLSchema): Promise<RunningSubgraph> {
  const authorizations: (string | null)[] = [];
  const yoga = createYoga({
    schema,
    graphiql: false,
    logging: false,
    plugins: [
      {
        onRequest: ({ request }) => void authorizations.push(request.headers.get('authorization')),
      },
    ],
  });
  const server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${yoga.graphqlEndpoint}`,
    authorizations,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
