import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type LiveContent, loadResultOf, openLiveContent } from '../../src/live/live-content.ts';
import { DRAFT_KEYS, writeSeedsFolder } from '../fixtures/graph-corpus.ts';
import { articleSeed, BROKEN_TEXT, fixtureSeeds, removeFolder, writeSeed } from './folder.ts';

const folders: string[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) await removeFolder(folder);
});

/** Opens the folder as serve does with a load cache; the log says how many files the cache answered. */
async function open(root: string, cacheDir: string) {
  const logs: { details: object; message: string }[] = [];
  const log = (details: object, message: string) => logs.push({ details, message });
  const live: LiveContent = await openLiveContent({
    root,
    cacheDir,
    logger: { info: log, warn: log },
  });
  const read = logs.find((l) => l.message === 'seeds folder read')?.details as {
    fromCache: number;
  };
  const snapshot = live.store.current;
  await live.close();
  return { snapshot, fromCache: read.fromCache, logs };
}

describe('a restart with the load cache', () => {
  it('serves the snapshot a cold start serves, drafts hidden, parsing only what changed', async () => {
    const root = await writeSeedsFolder(fixtureSeeds());
    const cacheDir = await mkdtemp(path.join(tmpdir(), 'newsgraph-cache-'));
    folders.push(root, cacheDir);
    await writeFile(path.join(root, 'zz-broken.txt'), BROKEN_TEXT);
    const cold = await open(root, cacheDir);
    expect(cold.fromCache).toBe(0);
    const warm = await open(root, cacheDir);
    expect(warm.fromCache).toBe(cold.snapshot.files);
    expect(loadResultOf(warm.snapshot)).toEqual(loadResultOf(cold.snapshot));
    expect(warm.snapshot.public.articles.map((a) => a.key)).toEqual(
      cold.snapshot.public.articles.map((a) => a.key),
    );
    for (const draft of DRAFT_KEYS) expect(warm.snapshot.public.byKey.has(draft)).toBe(false);

    await writeSeed(root, 'a01.txt', articleSeed('a01', { title: 'Changed while stopped' }));
    const changed = await open(root, cacheDir);
    expect(changed.fromCache).toBe(cold.snapshot.files - 1);
    expect(changed.snapshot.public.byKey.get('a01')?.title).toBe('Changed while stopped');
  }, 60_000);
});
