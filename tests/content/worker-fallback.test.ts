import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSeeds } from '../../src/content/load.ts';
import { loadResultOf } from '../../src/live/live-content.ts';
import { Reloader } from '../../src/live/reloader.ts';
import { writeSeedFolder } from '../../src/seedgen/generate.ts';
import { withTempDir } from './helpers.ts';

/**
 * Workers this small run out of memory while loading their modules: a real worker failure that
 * Node reports as ERR_WORKER_OUT_OF_MEMORY. Not smaller: below what Node's own bootstrap needs,
 * Node 24 aborts the whole process instead of failing the worker.
 */
const STARVED = { maxOldGenerationSizeMb: 4, maxYoungGenerationSizeMb: 4 };

describe('a worker failure', () => {
  it('makes check and serve load the same folder the same way: sequentially, with a warning', async () => {
    await withTempDir(async (dir) => {
      const seeds = path.join(dir, 'seeds');
      await writeSeedFolder(seeds, { count: 80, seed: 8, brokenShare: 0.1, draftShare: 0.1 });
      const reference = await loadSeeds(seeds, { parallel: false });

      const checkWarnings: string[] = [];
      const checked = await loadSeeds(seeds, {
        parallel: true,
        workerResourceLimits: STARVED,
        warn: (message) => checkWarnings.push(message),
      });

      const serveWarnings: string[] = [];
      const reloader = await Reloader.open({
        root: seeds,
        parallel: true,
        workerResourceLimits: STARVED,
        logger: { info: () => {}, warn: (_, message) => serveWarnings.push(message) },
      });
      const served = loadResultOf(reloader.store.current);
      reloader.store.close();

      expect(checked).toEqual(reference);
      expect(served).toEqual(reference);
      const fallback = expect.stringMatching(/^parallel seed loading failed, loading sequentially/);
      expect(checkWarnings).toEqual([fallback]);
      expect(serveWarnings.filter((m) => m.startsWith('parallel'))).toEqual([fallback]);
    });
  }, 120_000);
});
