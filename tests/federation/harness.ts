import { pino } from 'pino';
import { loadSeeds } from '../../src/content/load.ts';
import { ContentStore } from '../../src/corpus/store.ts';
import type { BatchListener } from '../../src/schema/context.ts';
import { createNewsgraphYoga } from '../../src/server/yoga.ts';
import { SECURED_CIPHERTEXT, SECURED_IV } from './seeds.ts';

export const PREVIEW_TOKEN = 'federation-preview-token-0123456789';
export const PREVIEW_AUTHORIZATION = `Bearer ${PREVIEW_TOKEN}`;

/** Responses are checked structurally by each test; indexing them freely keeps tests short. */
// biome-ignore lint/suspicious/noExplicitAny: see above
export type Loose = any;

export interface GraphResult {
  data?: Loose;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export async function loadStore(seedsDir: string): Promise<ContentStore> {
  return new ContentStore(await loadSeeds(seedsDir));
}

/** newsgraph's Yoga as a subgraph deployment runs it, driven in process through `yoga.fetch`. */
export function createSubgraphYoga(
  store: ContentStore,
  options: { federation?: boolean; onBatch?: BatchListener } = {},
) {
  return createNewsgraphYoga({
    store,
    config: { previewToken: PREVIEW_TOKEN, federation: options.federation ?? true },
    logger: pino({ level: 'silent' }),
    ...(options.onBatch ? { onBatch: options.onBatch } : {}),
  });
}

/** Sends one operation and keeps the raw body in `bodies` for the `secured` scan. */
export async function postGraphQL(
  fetchFn: Fetch,
  url: string,
  bodies: string[],
  query: string,
  variables: Record<string, unknown> = {},
  authorization?: string,
): Promise<GraphResult> {
  const response = await fetchFn(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(authorization ? { authorization } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  bodies.push(text);
  return JSON.parse(text) as GraphResult;
}

/** Neither half of the planted `secured` value may appear in any response body. */
export function findSecured(bodies: readonly string[]): string[] {
  return bodies.filter((body) => body.includes(SECURED_CIPHERTEXT) || body.includes(SECURED_IV));
}
