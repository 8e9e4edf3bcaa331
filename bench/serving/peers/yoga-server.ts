import { createServer } from 'node:http';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { createYoga, type Plugin } from 'graphql-yoga';
import { loadSeeds } from '../../../src/content/load.ts';
import { ContentStore } from '../../../src/corpus/store.ts';
import { createContextFactory } from '../../../src/schema/context.ts';
import { schema } from '../../../src/schema/index.ts';

/**
 * Bare Yoga + graphql-jit over newsgraph's own Pothos schema and context factory: what
 * newsgraph would cost without its plugins (no hardening, no metrics, no tracing, no response
 * cache, no request ids, no access log). The gap to newsgraph is the price of those. Prints one
 * `{"bench":"ready"}` line with the in-process corpus load time.
 */
const port = Number(process.env.BENCH_PORT);
const seedsDir = String(process.env.BENCH_SEEDS_DIR);

const started = performance.now();
const store = new ContentStore(await loadSeeds(seedsDir));
const loadMs = performance.now() - started;

const createContext = createContextFactory({ store });
const yoga = createYoga({
  schema,
  graphiql: false,
  landingPage: false,
  logging: false,
  context: ({ request }) => createContext({ request }),
  plugins: [useGraphQlJit() as Plugin],
});
const server = createServer(yoga);
server.listen(port, '127.0.0.1', () => console.log(JSON.stringify({ bench: 'ready', loadMs })));
process.on('SIGINT', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
