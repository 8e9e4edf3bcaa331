import { rename, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Reloader } from '../../src/live/reloader.ts';
import { DRAFT_KEYS, writeSeedsFolder } from '../fixtures/graph-corpus.ts';
import {
  articleSeed,
  atomicSave,
  BROKEN_TEXT,
  fixtureSeeds,
  removeFolder,
  writeSeed,
} from './folder.ts';

let dir: string;
let reloader: Reloader;

beforeEach(async () => {
  dir = await writeSeedsFolder(fixtureSeeds());
  reloader = await Reloader.open({ root: dir });
});

afterEach(async () => {
  await reloader.settled();
  await removeFolder(dir);
});

const titleOf = (key: string) => reloader.store.current.preview.byKey.get(key)?.title;
const none = { added: [], updated: [], removed: [] };

describe('Reloader', () => {
  it('serves an added file and reports its key as added', async () => {
    await writeSeed(dir, 'fresh.txt', articleSeed('fresh'));
    const result = await reloader.update(['fresh.txt']);
    expect(result.swapped).toBe(true);
    expect(result.changes?.public).toEqual({ ...none, added: ['fresh'] });
    expect(result.version).toBe(2);
    expect(titleOf('fresh')).toBe('Article fresh');
  });

  it('serves every file of a large batch in one swap, gone and bad ones included', async () => {
    // More names than one turn of the loop reads: the batch crosses several yields.
    const keys = Array.from({ length: 100 }, (_, i) => `many${String(i).padStart(3, '0')}`);
    for (const key of keys) await writeSeed(dir, `${key}.txt`, articleSeed(key));
    await writeFile(path.join(dir, 'bad.txt'), BROKEN_TEXT);
    await rm(path.join(dir, 'a03.txt'));
    const names = [...keys.map((key) => `${key}.txt`), 'bad.txt', 'a03.txt', 'never.txt'];
    const result = await reloader.update(names);
    expect(result).toMatchObject({ swapped: true, version: 2, filesRead: names.length });
    expect(result.changes?.public).toEqual({ ...none, added: keys, removed: ['a03'] });
    expect(keys.map(titleOf)).toEqual(keys.map((key) => `Article ${key}`));
    expect(reloader.store.current.errors.map((error) => error.file)).toContain('bad.txt');
  });

  it('serves an edit and reports only the edited key as updated', async () => {
    await writeSeed(dir, 'a03.txt', articleSeed('a03', { title: 'Edited' }));
    const result = await reloader.update(['a03.txt']);
    expect(result.changes?.public).toEqual({ ...none, updated: ['a03'] });
    expect(titleOf('a03')).toBe('Edited');
  });

  it('keeps serving the last good version of a file that turns bad, until it is fixed', async () => {
    await writeFile(path.join(dir, 'a05.txt'), BROKEN_TEXT);
    const broken = await reloader.update(['a05.txt']);
    expect(broken.changes?.preview).toEqual(none);
    expect(titleOf('a05')).toBe('Article a05');
    const status = reloader.status();
    expect(status.staleFiles).toBe(1);
    expect(status.rejectedFiles).toBe(0);
    expect(status.problems).toMatchObject([
      { file: 'a05.txt', code: 'YAML_SYNTAX', servingLastGood: true },
    ]);
    expect(status.problems[0]?.line).toBeGreaterThan(0);

    await writeSeed(dir, 'a05.txt', articleSeed('a05', { title: 'Fixed' }));
    const fixed = await reloader.update(['a05.txt']);
    expect(fixed.changes?.public).toEqual({ ...none, updated: ['a05'] });
    expect(titleOf('a05')).toBe('Fixed');
    expect(reloader.status().problems).toEqual([]);
    expect(reloader.status().staleFiles).toBe(0);
  });

  it('reports a new bad file as rejected, with nothing served for it', async () => {
    await writeFile(path.join(dir, 'bad.txt'), BROKEN_TEXT);
    const result = await reloader.update(['bad.txt']);
    expect(result.changes?.preview).toEqual(none);
    expect(reloader.status()).toMatchObject({ rejectedFiles: 1, staleFiles: 0, errors: 1 });
    expect(titleOf('bad')).toBeUndefined();
  });

  it('removes a deleted file', async () => {
    await rm(path.join(dir, 'a07.txt'));
    const result = await reloader.update(['a07.txt']);
    expect(result.changes?.public).toEqual({ ...none, removed: ['a07'] });
    expect(titleOf('a07')).toBeUndefined();
  });

  it('treats a rename as the old key removed and the new key added', async () => {
    await rename(path.join(dir, 'a08.txt'), path.join(dir, 'renamed.txt'));
    const result = await reloader.update(['a08.txt', 'renamed.txt']);
    expect(result.changes?.public).toEqual({ ...none, added: ['renamed'], removed: ['a08'] });
    expect(titleOf('renamed')).toBe('Article a08');
  });

  it('reads an atomic save (temp file renamed over the seed) as an update and ignores temp names', async () => {
    await atomicSave(dir, 'a09.txt', articleSeed('a09', { title: 'Saved' }));
    await writeFile(path.join(dir, 'a09.txt~'), BROKEN_TEXT);
    await writeFile(path.join(dir, '.#a09'), BROKEN_TEXT);
    const result = await reloader.update(['.a09.txt.swp', 'a09.txt', 'a09.txt~', '.#a09']);
    expect(result.filesRead).toBe(1);
    expect(result.changes?.public).toEqual({ ...none, updated: ['a09'] });
    expect(reloader.status().errors).toBe(0);
  });

  it('never names drafts in the public change set', async () => {
    const [draft] = DRAFT_KEYS;
    const seeds = fixtureSeeds();
    const draftSeed = seeds.get(draft) as Record<string, unknown>;
    await writeSeed(dir, `${draft}.txt`, { ...draftSeed, title: 'Draft edited' });
    const edited = await reloader.update([`${draft}.txt`]);
    expect(edited.changes?.preview.updated).toEqual([draft]);
    expect(edited.changes?.public).toEqual(none);

    await writeSeed(dir, `${draft}.txt`, { ...draftSeed, published: true });
    const published = await reloader.update([`${draft}.txt`]);
    expect(published.changes?.public).toEqual({ ...none, added: [draft] });
    expect(published.changes?.preview).toEqual({ ...none, updated: [draft] });

    await writeSeed(dir, 'a10.txt', articleSeed('a10', { published: false }));
    const unpublished = await reloader.update(['a10.txt']);
    expect(unpublished.changes?.public).toEqual({ ...none, removed: ['a10'] });
    expect(unpublished.changes?.preview).toEqual({ ...none, updated: ['a10'] });
  });

  it('keeps the snapshot when a file is rewritten with the same content', async () => {
    await writeSeed(dir, 'a11.txt', fixtureSeeds().get('a11') as Record<string, unknown>);
    const result = await reloader.update(['a11.txt']);
    expect(result).toMatchObject({ swapped: false, version: 1, filesRead: 1 });
  });

  it('finds additions, edits and deletions on a rescan without being told the names', async () => {
    await writeSeed(dir, 'synced.txt', articleSeed('synced'));
    await writeSeed(dir, 'a12.txt', articleSeed('a12', { title: 'Synced edit' }));
    await rm(path.join(dir, 'a13.txt'));
    const result = await reloader.rescan();
    expect(result.filesRead).toBe(3);
    expect(result.changes?.public).toEqual({
      added: ['synced'],
      updated: ['a12'],
      removed: ['a13'],
    });
  });

  it('reads only files whose stamp changed on a rescan, and all of them when forced', async () => {
    expect(await reloader.rescan()).toMatchObject({ swapped: false, filesRead: 0 });
    const later = new Date(Date.now() + 60_000);
    await utimes(path.join(dir, 'a14.txt'), later, later);
    expect(await reloader.rescan()).toMatchObject({ swapped: false, filesRead: 1 });
    const forced = await reloader.rescan({ force: true });
    expect(forced).toMatchObject({ swapped: false, filesRead: fixtureSeeds().size });
  });

  it('merges updates requested during a reload into the next one', async () => {
    await writeSeed(dir, 'x1.txt', articleSeed('x1'));
    await writeSeed(dir, 'x2.txt', articleSeed('x2'));
    await writeSeed(dir, 'x3.txt', articleSeed('x3'));
    const first = reloader.update(['x1.txt']);
    const second = reloader.update(['x2.txt']);
    const third = reloader.update(['x3.txt']);
    const results = await Promise.all([first, second, third]);
    expect(results[1]).toBe(results[2]);
    expect(reloader.store.current.version).toBe(3);
    expect(['x1', 'x2', 'x3'].map(titleOf)).toEqual(['Article x1', 'Article x2', 'Article x3']);
  });

  it('keeps the snapshot and reports the failure when the folder disappears', async () => {
    await removeFolder(dir);
    await expect(reloader.rescan()).rejects.toThrow();
    expect(titleOf('a01')).toBe('Article a01');
    expect(reloader.status().lastFailure).not.toBeNull();
  });

  it('counts files, articles, drafts and problems in the status', async () => {
    await writeFile(path.join(dir, 'bad.txt'), BROKEN_TEXT);
    await reloader.update(['bad.txt']);
    expect(reloader.status()).toMatchObject({
      version: 2,
      files: fixtureSeeds().size + 1,
      articles: fixtureSeeds().size,
      drafts: DRAFT_KEYS.length,
      published: fixtureSeeds().size - DRAFT_KEYS.length,
      rejectedFiles: 1,
      errors: 1,
      watching: false,
    });
    expect(reloader.status().lastReload?.filesRead).toBe(1);
  });
});
