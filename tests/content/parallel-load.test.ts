import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSeeds } from '../../src/content/load.ts';
import { writeSeedFolder } from '../../src/seedgen/generate.ts';
import { SAMPLE, withTempDir } from './helpers.ts';

describe('parallel loading', () => {
  it('gives exactly the result of the sequential path, errors and secured values included', async () => {
    await withTempDir(async (dir) => {
      const seeds = path.join(dir, 'seeds');
      await writeSeedFolder(seeds, { count: 400, seed: 9, brokenShare: 0.08 });
      // Entries only a listing can tell apart: links in and out of the folder, a folder.
      const [first] = await readdir(seeds);
      await writeFile(path.join(dir, 'outside.txt'), SAMPLE);
      await symlink(path.join(dir, 'outside.txt'), path.join(seeds, 'zz-escape.txt'));
      await symlink(path.join(seeds, first as string), path.join(seeds, 'zz-inside.txt'));
      await mkdir(path.join(seeds, 'zz-folder.txt'));
      const warnings: string[] = [];
      const onWarning = (warning: Error) => warnings.push(warning.message);
      process.on('warning', onWarning);
      const progress: number[] = [];
      const parallel = await loadSeeds(seeds, {
        parallel: true,
        workers: 2,
        onProgress: (done) => progress.push(done),
      });
      process.off('warning', onWarning);
      expect(warnings).toEqual([]);
      const sequential = await loadSeeds(seeds, { parallel: false });
      expect(parallel.errors.length).toBeGreaterThan(25);
      expect(parallel).toEqual(sequential);
      const secrets = (load: typeof parallel) => load.articles.map((a) => a.secured?.reveal());
      expect(secrets(parallel)).toEqual(secrets(sequential));
      expect(parallel.articles.every((a) => Object.isFrozen(a))).toBe(true);
      expect(parallel.articles[0]?.publishedDateTime).toBeInstanceOf(Date);
      expect(progress.at(-1)).toBe(403);
      expect(parallel.errors.slice(-3).map((e) => [e.file, e.code])).toEqual([
        ['zz-escape.txt', 'OUTSIDE_FOLDER'],
        ['zz-folder.txt', 'NOT_A_FILE'],
        ['zz-inside.txt', 'DUPLICATE_SOURCE_URL'],
      ]);
    });
  }, 180_000);
});
