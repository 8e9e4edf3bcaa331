import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LiveContent, openLiveContent } from '../../src/live/live-content.ts';
import { writeSeedsFolder } from '../fixtures/graph-corpus.ts';
import { articleSeed, fixtureSeeds, removeFolder, seedText, writeSeed } from './folder.ts';

// Generous: this is about files never showing up, not about how fast they do.
const WAIT = { timeout: 30_000, interval: 50 };
// A folder big enough that listing it spans several turns of the event loop.
const EXISTING = 300;
const BURSTS = 3;
const LANDED_PER_BURST = 20;
const EDITED_PER_BURST = 4;

let dir: string;
let live: LiveContent;

beforeEach(async () => {
  dir = await writeSeedsFolder(fixtureSeeds());
  await Promise.all(
    Array.from({ length: EXISTING }, (_, i) =>
      writeSeed(dir, `kept${i}.txt`, articleSeed(`kept${i}`)),
    ),
  );
  live = await openLiveContent({ root: dir, watch: true });
});

afterEach(async () => {
  await live.close();
  await removeFolder(dir);
});

/** The serving thread busy with requests: nothing else runs on it for a while. */
function keepThreadBusy(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy on purpose
  }
}

const titleOf = (key: string) => live.store.current.preview.byKey.get(key)?.title;

describe('watching the seeds folder while the server is busy', () => {
  it('shows every file landed by rename and every in-place edit of quick bursts', async () => {
    const landed: string[] = [];
    const edited: string[] = [];
    const land = async (keys: readonly string[]) => {
      // How an ingest pipeline lands files: write a dot-named temp file, then rename it in.
      await Promise.all(
        keys.map((key) => writeFile(path.join(dir, `.${key}.tmp`), seedText(articleSeed(key)))),
      );
      await Promise.all(
        keys.map((key) => rename(path.join(dir, `.${key}.tmp`), path.join(dir, `${key}.txt`))),
      );
      landed.push(...keys);
    };
    for (let burst = 0; burst < BURSTS; burst++) {
      const keys = Array.from({ length: LANDED_PER_BURST }, (_, i) => `landed${burst}x${i}`);
      const half = LANDED_PER_BURST / 2;
      await land(keys.slice(0, half));
      // Let the watcher begin its work on the first half, then land the rest meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 5));
      await land(keys.slice(half));
      const edits = Array.from(
        { length: EDITED_PER_BURST },
        (_, i) => `kept${burst * EDITED_PER_BURST + i}`,
      );
      await Promise.all(
        edits.map((key) =>
          writeSeed(dir, `${key}.txt`, articleSeed(key, { title: `Edited ${key}` })),
        ),
      );
      edited.push(...edits);
      keepThreadBusy(1_500);
    }
    await vi.waitFor(() => {
      expect(landed.filter((key) => titleOf(key) === undefined)).toEqual([]);
      expect(edited.filter((key) => titleOf(key) !== `Edited ${key}`)).toEqual([]);
    }, WAIT);
    await live.reloader.settled();
    expect(live.status()).toMatchObject({ watching: true, errors: 0 });
  }, 60_000);
});
