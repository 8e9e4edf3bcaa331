import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChangeSet } from '../../src/corpus/changes.ts';
import { type LiveContent, openLiveContent } from '../../src/live/live-content.ts';
import { writeSeedsFolder } from '../fixtures/graph-corpus.ts';
import {
  articleSeed,
  atomicSave,
  BROKEN_TEXT,
  fixtureSeeds,
  removeFolder,
  seedText,
  writeSeed,
} from './folder.ts';

const WAIT = { timeout: 10_000, interval: 20 };

let dir: string;
let live: LiveContent;
let swaps: ChangeSet[];

beforeEach(async () => {
  dir = await writeSeedsFolder(fixtureSeeds());
  live = await openLiveContent({ root: dir, watch: true });
  swaps = [];
  live.store.onSwap((_next, _previous, changes) => void swaps.push(changes));
});

afterEach(async () => {
  await live.close();
  await removeFolder(dir);
});

const titleOf = (key: string) => live.store.current.preview.byKey.get(key)?.title;
const allChanged = (kind: 'added' | 'updated' | 'removed') =>
  swaps.flatMap((changes) => changes.public[kind]);

describe('watching the seeds folder', () => {
  it('follows a file added, edited, broken, fixed, renamed and deleted', async () => {
    await writeSeed(dir, 'live.txt', articleSeed('live'));
    await vi.waitFor(() => expect(titleOf('live')).toBe('Article live'), WAIT);
    expect(allChanged('added')).toEqual(['live']);

    await writeSeed(dir, 'live.txt', articleSeed('live', { title: 'Edited' }));
    await vi.waitFor(() => expect(titleOf('live')).toBe('Edited'), WAIT);

    await writeFile(path.join(dir, 'live.txt'), BROKEN_TEXT);
    await vi.waitFor(() => expect(live.status().staleFiles).toBe(1), WAIT);
    expect(titleOf('live')).toBe('Edited');

    await writeSeed(dir, 'live.txt', articleSeed('live', { title: 'Fixed' }));
    await vi.waitFor(() => expect(titleOf('live')).toBe('Fixed'), WAIT);
    expect(live.status().problems).toEqual([]);

    await rename(path.join(dir, 'live.txt'), path.join(dir, 'moved.txt'));
    await vi.waitFor(() => expect(titleOf('moved')).toBe('Fixed'), WAIT);
    await vi.waitFor(() => expect(titleOf('live')).toBeUndefined(), WAIT);

    await rm(path.join(dir, 'moved.txt'));
    await vi.waitFor(() => expect(titleOf('moved')).toBeUndefined(), WAIT);
    expect(allChanged('updated')).toEqual(['live', 'live']);
    expect(allChanged('removed')).toEqual(['live', 'moved']);
  });

  it('reads an editor save through a temp file as one update and never serves the temp file', async () => {
    await atomicSave(dir, 'a02.txt', articleSeed('a02', { title: 'Saved by an editor' }));
    await writeFile(path.join(dir, 'a02.txt~'), seedText(articleSeed('backup')));
    await writeFile(path.join(dir, '.#a02'), 'lock');
    await vi.waitFor(() => expect(titleOf('a02')).toBe('Saved by an editor'), WAIT);
    await live.reloader.settled();
    const keys = [...live.store.current.preview.byKey.keys()];
    expect(keys).not.toContain('backup');
    expect(live.status().errors).toBe(0);
    expect(allChanged('updated')).toEqual(['a02']);
  });

  it('turns a burst of writes into far fewer swaps than files', async () => {
    const count = 200;
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        writeSeed(dir, `burst${i}.txt`, articleSeed(`burst${i}`)),
      ),
    );
    await vi.waitFor(
      () => expect(live.store.current.preview.articles.length).toBe(fixtureSeeds().size + count),
      WAIT,
    );
    expect(allChanged('added')).toHaveLength(count);
    expect(swaps.length).toBeLessThan(count / 2);
  });

  it('ignores files in subfolders', async () => {
    await mkdir(path.join(dir, 'nested'));
    await writeFile(path.join(dir, 'nested', 'inner.txt'), seedText(articleSeed('inner')));
    await writeFile(path.join(dir, 'zz.txt'), seedText(articleSeed('zz')));
    await vi.waitFor(() => expect(titleOf('zz')).toBe('Article zz'), WAIT);
    await live.reloader.settled();
    expect(titleOf('inner')).toBeUndefined();
    expect(live.status().watching).toBe(true);
  });

  it('follows the path when the folder is replaced by another (a deploy swapping folders)', async () => {
    const replacement = await writeSeedsFolder(fixtureSeeds());
    await writeSeed(replacement, 'fresh.txt', articleSeed('fresh'));
    const old = `${dir}.old`;
    try {
      await rename(dir, old);
      await rename(replacement, dir);
      await vi.waitFor(() => expect(titleOf('fresh')).toBe('Article fresh'), WAIT);
      // The watch is on the new folder: a file landing there afterwards is seen too.
      await writeSeed(dir, 'later.txt', articleSeed('later'));
      await vi.waitFor(() => expect(titleOf('later')).toBe('Article later'), WAIT);
      expect(live.status().watching).toBe(true);
    } finally {
      await removeFolder(old);
    }
  });
});
