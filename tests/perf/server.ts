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
