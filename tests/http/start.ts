import { pino } from 'pino';
import { ContentStore } from '../../src/corpus/store.ts';
import { serverConfigSchema } from '../../src/server/config.ts';
import { type RunningServer, startServer } from '../../src/server/http.ts';
import { fixtureSeeds, loadFromSeeds, PREVIEW_TOKEN } from '../fixtures/graph-corpus.ts';

/** A real listener on an OS-assigned port over the fixture corpus. */
export function startFixtureServer(
  options: { logs?: string[]; store?: ContentStore } = {},
): Promise<RunningServer> {
  const config = serverConfigSchema.parse({
    port: 0,
    host: '127.0.0.1',
    previewToken: PREVIEW_TOKEN,
  });
  const logs = options.logs;
  const logger = logs
    ? pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) })
    : pino({ level: 'silent' });
  return startServer({
    config,
    logger,
    store: options.store ?? new ContentStore(loadFromSeeds(fixtureSeeds())),
  });
}
