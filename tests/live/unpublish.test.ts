import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { serverConfigSchema } from '../../src/server/config.ts';
import { type RunningServer, startServer } from '../../src/server/http.ts';
import { PREVIEW_TOKEN, writeSeedsFolder } from '../fixtures/graph-corpus.ts';
import { articleSeed, fixtureSeeds, removeFolder, seedText } from './folder.ts';

const AUTH = { authorization: `Bearer ${PREVIEW_TOKEN}` };

let dir: string;
let server: RunningServer;

afterEach(async () => {
  await server?.close();
  await removeFolder(dir);
});

/** A fixture article with its `published` line written as an author might. */
const withPublished = (key: string, spelling: string) =>
  writeFile(
    path.join(dir, `${key}.txt`),
    seedText(articleSeed(key, { published: true })).replace(
      /^published: true$/m,
      `published: ${spelling}`,
    ),
  );

async function query(text: string, headers: Record<string, string> = {}) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: text }),
  });
  return (await response.json()).data;
}

const reload = () => fetch(`${server.origin}/admin/reload`, { method: 'POST', headers: AUTH });
const publicTitle = async (key: string) =>
  (await query(`{ article(key: "${key}") { title } }`))?.article?.title ?? null;

describe('unpublishing', () => {
  it('published: no unpublishes; a value that is not a boolean keeps the last good version, visibly', async () => {
    dir = await writeSeedsFolder(fixtureSeeds());
    server = await startServer({
      config: serverConfigSchema.parse({
        port: 0,
        host: '127.0.0.1',
        seedsDir: dir,
        previewToken: PREVIEW_TOKEN,
      }),
      logger: pino({ level: 'silent' }),
    });
    expect(await publicTitle('a03')).toBe('Article a03');

    await withPublished('a03', 'no');
    await withPublished('a04', 'nope');
    expect((await reload()).status).toBe(200);

    // The intended unpublish happens.
    expect(await publicTitle('a03')).toBeNull();
    // The typo does not unpublish silently: the last good version is served and says so.
    expect(await publicTitle('a04')).toBe('Article a04');
    const status = await query(
      '{ contentStatus { staleFiles errors { file path message servingLastGood } } }',
      AUTH,
    );
    expect(status.contentStatus).toEqual({
      staleFiles: 1,
      errors: [
        {
          file: 'a04.txt',
          path: 'published',
          message:
            'published must be true or false (yes/no and on/off work too); to unpublish write published: false',
          servingLastGood: true,
        },
      ],
    });
    const ready = await (await fetch(`${server.origin}/readyz`)).json();
    expect(ready.content).toMatchObject({ staleFiles: 1, errors: 1 });
  });
});
