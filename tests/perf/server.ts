import type { Plugin } from 'graphql-yoga';
import type { LoadResult } from '../../src/content/load.ts';
import { ContentStore } from '../../src/corpus/store.ts';
import type { ServerConfig } from '../../src/server/config.ts';
import type { RunningServer } from '../../src/server/http.ts';
import { fixtureSeeds, loadFromSeeds, PREVIEW_TOKEN } from '../fixtures/graph-corpus.ts';
import { startFixtureServer } from '../fixtures/server.ts';

/** A real listener on an OS-assigned port over the fixture corpus, with settings overridden. */
export function startPerfServer(
  settings: Partial<Record<keyof ServerConfig, unknown>> = {},
  load: LoadResult = loadFromSeeds(fixtureSeeds()),
  store: ContentStore = new ContentStore(load),
): Promise<RunningServer> {
  return startFixtureServer({ settings: { metrics: false, ...settings }, store });
}

export const PREVIEW = { authorization: `Bearer ${PREVIEW_TOKEN}` };

/** One answer as the two-path comparisons see it: every header but Date, the body as text. */
export interface Seen {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export async function send(url: string, init: RequestInit = {}): Promise<Seen> {
  const response = await fetch(url, init);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'date') headers[name] = value;
  });
  return { status: response.status, headers, body: await response.text() };
}

/** Counts the GraphQL requests that entered Yoga's pipeline. */
export function yogaCounter() {
  const counter = { requests: 0, plugin: undefined as unknown as Plugin };
  counter.plugin = {
    onRequest({ url }) {
      if (url.pathname === '/graphql') counter.requests += 1;
    },
  };
  return counter;
}
