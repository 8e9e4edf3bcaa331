import { pino } from 'pino';
import type { LoadResult } from '../../src/content/load.ts';
import { ContentStore } from '../../src/corpus/store.ts';
import type { BatchListener } from '../../src/schema/context.ts';
import { createNewsgraphYoga } from '../../src/server/yoga.ts';
import {
  fixtureSeeds,
  loadFromSeeds,
  PREVIEW_TOKEN,
  SECURED_CIPHERTEXT,
} from '../fixtures/graph-corpus.ts';

/** Responses are checked structurally by each test; indexing them freely keeps tests short. */
// biome-ignore lint/suspicious/noExplicitAny: see above
export type Loose = any;

/** An edge as the tests read it. */
export interface TestEdge {
  cursor: string;
  node: { key: string; domain: string; name: string };
}

export interface GraphResult<T = Loose> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export interface Harness {
  store: ContentStore;
  /** Every raw response body this harness has seen, for the `secured` scan. */
  bodies: string[];
  run<T = Loose>(
    query: string,
    variables?: Record<string, unknown>,
    preview?: boolean,
  ): Promise<GraphResult<T>>;
}

export function createHarness(
  options: {
    load?: LoadResult;
    onBatch?: BatchListener;
    /** An existing store (a clock of its own, shared by several harnesses). */
    store?: ContentStore;
    /** Serve as a federation subgraph (`_entities`). */
    federation?: boolean;
  } = {},
): Harness {
  const store = options.store ?? new ContentStore(options.load ?? loadFromSeeds(fixtureSeeds()));
  const yoga = createNewsgraphYoga({
    store,
    config: { previewToken: PREVIEW_TOKEN, federation: options.federation ?? false },
    logger: pino({ level: 'silent' }),
    ...(options.onBatch ? { onBatch: options.onBatch } : {}),
  });
  const bodies: string[] = [];
  return {
    store,
    bodies,
    async run(query, variables, preview = false) {
      const response = await yoga.fetch('http://newsgraph.test/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json',
          ...(preview ? { authorization: `Bearer ${PREVIEW_TOKEN}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      bodies.push(text);
      return JSON.parse(text);
    },
  };
}

export function assertNoSecured(bodies: readonly string[]): void {
  for (const body of bodies) {
    if (body.includes(SECURED_CIPHERTEXT)) throw new Error('a response contains the secured value');
  }
}
