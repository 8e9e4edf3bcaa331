import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { RunningServer } from '../../src/server/http.ts';
import { startFixtureServer } from '../fixtures/server.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(() => server.close());

describe('GraphQL over HTTP compliance (graphql-http audits, live server)', () => {
  for (const audit of serverAudits({ url: () => server.url })) {
    it(audit.name, async () => {
      const result = await audit.fn();
      if (result.status !== 'ok') {
        throw new Error(`${result.status}: ${result.reason}`);
      }
    });
  }
});
