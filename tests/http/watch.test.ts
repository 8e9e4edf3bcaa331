import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { serverConfigSchema } from '../../src/server/config.ts';
import { startServer } from '../../src/server/http.ts';
import { fixtureSeeds, seedText, sourceUrlOf, writeSeedsFolder } from '../fixtures/graph-corpus.ts';

describe('watch mode', () => {
  it('serves a new seed file after it is written, keeping the server up', async () => {
    const seeds = fixtureSeeds();
    const dir = await writeSeedsFolder(seeds);
    const server = await startServer({
      config: serverConfigSchema.parse({ port: 0, host: '127.0.0.1', seedsDir: dir, watch: true }),
      logger: pino({ level: 'silent' }),
    });
    try {
      const count = async () => {
        const response = await fetch(`${server.origin}/readyz`);
        return (await response.json()).articles as number;
      };
      expect(await count()).toBe(24);
      const fresh = { ...seeds.get('a01'), sourceUrl: sourceUrlOf('fresh') };
      await writeFile(path.join(dir, 'fresh.txt'), seedText(fresh));
      await vi.waitFor(async () => expect(await count()).toBe(25), {
        timeout: 10_000,
        interval: 100,
      });
    } finally {
      await server.close();
      await rm(dir, { recursive: true });
    }
  });
});
