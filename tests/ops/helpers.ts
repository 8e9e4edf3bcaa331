import { ContentStore } from '../../src/corpus/store.ts';
import type { ServerConfig } from '../../src/server/config.ts';
import type { RunningServer } from '../../src/server/http.ts';
import { fixtureSeeds, loadFromSeeds } from '../fixtures/graph-corpus.ts';
import { startFixtureServer } from '../fixtures/server.ts';

export type ConfigInput = Partial<Record<keyof ServerConfig, unknown>>;

/** A real listener on a free loopback port over the fixture corpus (24 published, 2 drafts). */
export function startOpsServer(
  input: ConfigInput = {},
  store = new ContentStore(loadFromSeeds(fixtureSeeds())),
): Promise<RunningServer> {
  return startFixtureServer({ settings: input, store });
}

export interface GraphQLAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: { data?: Record<string, unknown>; errors?: { message: string }[] };
}

/** A POST as clients send it; `token` adds the preview bearer token. */
export async function post(
  url: string,
  query: string,
  options: { token?: string; variables?: Record<string, unknown> } = {},
): Promise<GraphQLAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: JSON.stringify({ query, variables: options.variables }),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}
