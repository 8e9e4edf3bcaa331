import Fastify from 'fastify';
import mercurius from 'mercurius';
import { loadSeeds } from '../../../src/content/load.ts';
import { ContentStore } from '../../../src/corpus/store.ts';
import { createContextFactory } from '../../../src/schema/context.ts';
import { schema } from '../../../src/schema/index.ts';

/**
 * The peer to beat: fastify + Mercurius with graphql-jit over newsgraph's own Pothos schema
 * object and context factory, same corpus, no forked schema. Prints one `{"bench":"ready"}` line
 * with the in-process corpus load time.
 */
const port = Number(process.env.BENCH_PORT);
const seedsDir = String(process.env.BENCH_SEEDS_DIR);

const started = performance.now();
const store = new ContentStore(await loadSeeds(seedsDir));
const loadMs = performance.now() - started;

const createContext = createContextFactory({ store });
const app = Fastify({ logger: false });
await app.register(mercurius, {
  schema,
  jit: 1,
  // Mercurius hands over fastify's plain header object; the factory reads one header through
  // the Fetch API's `get`, so it gets a one-method view instead of a copied Headers.
  context: (request) =>
    createContext({
      request: {
        headers: {
          get: (name: string) => {
            const value = request.headers[name.toLowerCase()];
            return typeof value === 'string' ? value : null;
          },
        } as Headers,
      },
    }),
});
await app.listen({ port, host: '127.0.0.1' });
console.log(JSON.stringify({ bench: 'ready', loadMs }));
process.on('SIGINT', () => {
  void app.close().then(() => process.exit(0));
});
