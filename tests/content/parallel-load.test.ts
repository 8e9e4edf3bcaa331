import { describe, expect, it } from 'vitest';
import { loadSeeds } from '../../src/content/load.ts';
import { writeSeedFolder } from '../../src/seedgen/generate.ts';
import { withTempDir } from './helpers.ts';

describe('parallel loading', () => {
  it('gives exactly the result of the sequential path, errors and secured values included', async () => {
    await withTempDir(async (dir) => {
      await writeSeedFolder(dir, { count: 700, seed: 9, brokenShare: 0.08 });
      const warnings: string[] = [];
      const onWarning = (warning: Error) => warnings.push(warning.message);
      process.on('warning', onWarning);
      const progress: number[] = [];
      const parallel = await loadSeeds(dir, {
        parallel: true,
        workers: 2,
        onProgress: (done) => progress.push(done),
      });
      process.off('warning', onWarning);
      expect(warnings).toEqual([]);
      const sequential = await loadSeeds(dir, { parallel: false });
      expect(parallel.errors.length).toBeGreaterThan(40);
      expect(parallel).toEqual(sequential);
      const secrets = (load: typeof parallel) => load.articles.map((a) => a.secured?.reveal());
      expect(secrets(parallel)).toEqual(secrets(sequential));
      expect(parallel.articles.every((a) => Object.isFrozen(a))).toBe(true);
      expect(parallel.articles[0]?.publishedDateTime).toBeInstanceOf(Date);
      expect(progress.at(-1)).toBe(700);
    });
  });
});
