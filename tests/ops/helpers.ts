import { pino } from 'pino';
import { ContentStore } from '../../src/corpus/store.ts';
import { type ServerConfig, serverConfigSchema } from '../../src/server/config.ts';
import { type RunningServer, startServer } from '../../src/server/http.ts';
import { fixtureSeeds, loadFromSeeds, PREVIEW_TOKEN } from '../fixtures/graph-corpus.ts';

export type ConfigInput = Partial<Record<keyof ServerConfig, unknown>>;

/** A real listener on a free loopback port over the fixture corpus (24 published, 2 drafts). */
export function startOpsServer(
  input: ConfigInput = {},
  store = new ContentStore(loadFromSeeds(fixtureSeeds())),
): Promise<RunningServer> {
  const config = serverConfigSchema.parse({
    port: 0,
    host: '127.0.0.1',
    previewToken: PREVIEW_TOKEN,
    ...input,
  });
  return startServer({ config, logger: pino({ level: 'silent' }), store });
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
