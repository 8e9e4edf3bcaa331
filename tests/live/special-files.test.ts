import { execFileSync } from 'node:child_process';
import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadSeeds } from '../../src/content/load.ts';
import { Reloader } from '../../src/live/reloader.ts';
import { serverConfigSchema } from '../../src/server/config.ts';
import { type RunningServer, startServer } from '../../src/server/http.ts';
import { PREVIEW_TOKEN, writeSeedsFolder } from '../fixtures/graph-corpus.ts';
import { articleSeed, fixtureSeeds, removeFolder, writeSeed } from './folder.ts';

const WAIT = { timeout: 10_000, interval: 25 };
const AUTH = { authorization: `Bearer ${PREVIEW_TOKEN}` };

/**
 * Files no seed read may block on or die of: a FIFO (opening one for reading waits for a writer),
 * a link to a FIFO, a link to itself (ELOOP), a dangling link and a folder named like a seed.
 */
const SPECIAL = {
  'fifo.txt': 'NOT_A_FILE',
  'fifo-link.txt': 'NOT_A_FILE',
  'loop.txt': 'READ_FAILED',
  'dangling.txt': 'READ_FAILED',
  'folder.txt': 'NOT_A_FILE',
} as const;

async function addSpecialFiles(dir: string): Promise<void> {
  execFileSync('mkfifo', [path.join(dir, 'fifo.txt'), path.join(dir, 'pipe')]);
  await symlink(path.join(dir, 'pipe'), path.join(dir, 'fifo-link.txt'));
  await symlink('loop.txt', path.join(dir, 'loop.txt'));
  await symlink(path.join(dir, 'missing'), path.join(dir, 'dangling.txt'));
  await mkdir(path.join(dir, 'folder.txt'));
}

const rejections = (errors: readonly { file: string; code: string }[]) =>
  Object.fromEntries(errors.map((e) => [e.file, e.code]));

let dir: string;
let server: RunningServer | undefined;
let reloader: Reloader | undefined;

afterEach(async () => {
  await server?.close();
  await reloader?.settled();
  server = undefined;
  reloader = undefined;
  await removeFolder(dir);
});

describe('special files in the seeds folder reject only themselves', () => {
  it.each([
    ['sequential', false],
    ['worker threads', true],
  ])('check (%s) rejects each and accepts the rest', async (_, parallel) => {
    dir = await writeSeedsFolder(fixtureSeeds());
    await addSpecialFiles(dir);
    const load = await loadSeeds(dir, { parallel, workers: 2 });
    expect(rejections(load.errors)).toEqual(SPECIAL);
    expect(load.articles.length).toBe(fixtureSeeds().size);
  });

  it('a reloader opens, reloads and rescans past them', async () => {
    dir = await writeSeedsFolder(fixtureSeeds());
    await addSpecialFiles(dir);
    reloader = await Reloader.open({ root: dir });
    expect(rejections(reloader.status().problems)).toEqual(SPECIAL);

    await writeSeed(dir, 'a03.txt', articleSeed('a03', { title: 'Edited' }));
    const named = await reloader.update([...Object.keys(SPECIAL), 'a03.txt']);
    expect(named.changes?.public.updated).toEqual(['a03']);
    await writeSeed(dir, 'a04.txt', articleSeed('a04', { title: 'Synced' }));
    const forced = await reloader.rescan({ force: true });
    expect(forced.changes?.public.updated).toEqual(['a04']);
    expect(rejections(reloader.status().problems)).toEqual(SPECIAL);
  });

  it('serve starts, applies watched edits, answers /admin/reload and shuts down', async () => {
    dir = await writeSeedsFolder(fixtureSeeds());
    await addSpecialFiles(dir);
    server = await startServer({
      config: serverConfigSchema.parse({
        port: 0,
        host: '127.0.0.1',
        seedsDir: dir,
        watch: true,
        previewToken: PREVIEW_TOKEN,
      }),
      logger: pino({ level: 'silent' }),
    });
    const url = server.url;
    const titleOf = async (key: string) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...AUTH },
        body: JSON.stringify({ query: `{ article(key: "${key}") { title } }` }),
      });
      return (await response.json()).data?.article?.title;
    };

    await writeSeed(dir, 'a05.txt', articleSeed('a05', { title: 'Watched' }));
    await vi.waitFor(async () => expect(await titleOf('a05')).toBe('Watched'), WAIT);

    await writeSeed(dir, 'a06.txt', articleSeed('a06', { title: 'Reloaded' }));
    const reloaded = await fetch(`${server.origin}/admin/reload`, {
      method: 'POST',
      headers: AUTH,
    });
    expect(reloaded.status).toBe(200);
    expect(await titleOf('a06')).toBe('Reloaded');
    const ready = await (await fetch(`${server.origin}/readyz`)).json();
    expect(ready.content).toMatchObject({ reloadFailing: false, rejectedFiles: 5 });

    await server.close();
    server = undefined;
  });
});
