import { pino } from 'pino';
import { ContentStore } from '../../src/corpus/store.ts';
import { serverConfigSchema } from '../../src/server/config.ts';
import { type RunningServer, startServer } from '../../src/server/http.ts';
import { fixtureSeeds, loadFromSeeds, PREVIEW_TOKEN } from '../fixtures/graph-corpus.ts';

/** The real server on an OS-assigned port over the fixture corpus, with extra settings. */
export function startClientServer(settings: Record<string, unknown> = {}): Promise<RunningServer> {
  const config = serverConfigSchema.parse({
    port: 0,
    host: '127.0.0.1',
    previewToken: PREVIEW_TOKEN,
    logLevel: 'silent',
    ...settings,
  });
  return startServer({
    config,
    logger: pino({ level: 'silent' }),
    store: new ContentStore(loadFromSeeds(fixtureSeeds())),
  });
}
