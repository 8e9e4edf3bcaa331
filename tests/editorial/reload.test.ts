import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Reloader } from '../../src/live/reloader.ts';
import { fixtureSeeds, seedText, writeSeedsFolder } from '../fixtures/graph-corpus.ts';
import { ManualClock } from '../fixtures/manual-clock.ts';
import { EXPIRES_AT, editorialSeeds, PUBLISH_AT, START, TIMED_KEY } from './corpus.ts';

const folders: string[] = [];
afterEach(async () => {
  for (const dir of folders.splice(0)) await rm(dir, { recursive: true, force: true });
});

const isPublic = (reloader: Reloader) => reloader.store.current.public.byKey.has(TIMED_KEY);

describe('editorial transitions from a seeds folder', () => {
  it('survive a reload of the folder and a restart between scheduling and the instant', async () => {
    const dir = await writeSeedsFolder(editorialSeeds());
    folders.push(dir);
    const clock = new ManualClock(START);
    const reloader = await Reloader.open({ root: dir, clock });
    expect(isPublic(reloader)).toBe(false);
    expect(clock.pending).toBe(1);

    // Another file is edited and the folder reloaded a minute before the embargo lifts.
    clock.set(PUBLISH_AT - 60_000);
    const edited = { ...(fixtureSeeds().get('a01') as object), title: 'Edited meanwhile' };
    await writeFile(path.join(dir, 'a01.txt'), seedText(edited));
    const result = await reloader.rescan();
    expect(result.changes?.public.updated).toEqual(['a01']);
    expect(isPublic(reloader)).toBe(false);
    expect(clock.pending).toBe(1);
    clock.set(PUBLISH_AT - 1);
    expect(isPublic(reloader)).toBe(false);
    clock.set(PUBLISH_AT);
    expect(isPublic(reloader)).toBe(true);

    // A restart between the two transitions: the expiry is scheduled from the files again.
    const later = new ManualClock(EXPIRES_AT - 1);
    const restarted = await Reloader.open({ root: dir, clock: later });
    expect(isPublic(restarted)).toBe(true);
    expect(restarted.store.current.nextTransition?.getTime()).toBe(EXPIRES_AT);
    later.set(EXPIRES_AT);
    expect(isPublic(restarted)).toBe(false);
    restarted.store.close();
    reloader.store.close();
  });
});
