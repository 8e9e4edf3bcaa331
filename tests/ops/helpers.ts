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
