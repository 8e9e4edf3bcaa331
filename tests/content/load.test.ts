import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSeeds } from '../../src/content/load.ts';
import { MAX_SEED_BYTES } from '../../src/content/read.ts';
import { generateSeedFiles, writeSeedFolder } from '../../src/seedgen/generate.ts';
import { SAMPLE, withLine, withTempDir } from './helpers.ts';

const otherUrl = (n: number) =>
  withLine('sourceUrl:', `sourceUrl: https://medicalxpress.com/news/other-${n}.html`);

describe('folder-level bounds', () => {
  it('rejects a file over the size limit without reading it whole', async () => {
    await withTempDir(async (dir) => {
      await writeFile(path.join(dir, 'big.txt'), `${SAMPLE}\n${'x'.repeat(MAX_SEED_BYTES)}`);
      await writeFile(path.join(dir, 'good.txt'), SAMPLE);
      const load = await loadSeeds(dir);
      expect(load.articles.map((a) => a.key)).toEqual(['good']);
      expect(load.errors).toEqual([
        {
          file: 'big.txt',
          path: '',
          code: 'FILE_TOO_LARGE',
          message: `the file has ${SAMPLE.length + 1 + MAX_SEED_BYTES} bytes or more; seeds may have at most ${MAX_SEED_BYTES}`,
        },
      ]);
    });
  });

  it('rejects a symlink that leads outside the folder and follows one that stays inside', async () => {
    await withTempDir(async (base) => {
      const dir = path.join(base, 'seeds');
      await mkdir(path.join(dir, 'archive'), { recursive: true });
      await writeFile(path.join(base, 'secret.txt'), SAMPLE);
      await writeFile(path.join(dir, 'archive', 'kept.txt'), otherUrl(1));
      await symlink(path.join(base, 'secret.txt'), path.join(dir, 'escape.txt'));
      await symlink(path.join(dir, 'archive', 'kept.txt'), path.join(dir, 'inside.txt'));
      const load = await loadSeeds(dir);
      expect(load.articles.map((a) => a.key)).toEqual(['inside']);
      expect(load.errors).toEqual([
        {
          file: 'escape.txt',
          path: '',
          code: 'OUTSIDE_FOLDER',
          message: 'the file is a link that leads outside the seeds folder',
        },
      ]);
    });
  });
});

describe('duplicates: the first file by name wins', () => {
  it('keeps the first file of a key and rejects the later one', async () => {
    await withTempDir(async (dir) => {
      await writeFile(path.join(dir, 'story.txt'), otherUrl(1));
      await writeFile(path.join(dir, 'story.md'), otherUrl(2));
      const load = await loadSeeds(dir);
      expect(load.articles.map((a) => a.file)).toEqual(['story.md']);
      expect(load.errors).toEqual([
        {
          file: 'story.txt',
          path: '',
          code: 'DUPLICATE_KEY',
          message: 'the key "story" is already used by story.md',
        },
      ]);
    });
  });

  it('keeps the first file of a sourceUrl and rejects the later one', async () => {
    await withTempDir(async (dir) => {
      await writeFile(path.join(dir, 'b.txt'), SAMPLE);
      await writeFile(path.join(dir, 'a.txt'), SAMPLE);
      const load = await loadSeeds(dir);
      expect(load.articles.map((a) => a.file)).toEqual(['a.txt']);
      expect(load.errors).toEqual([
        {
          file: 'b.txt',
          path: 'sourceUrl',
          code: 'DUPLICATE_SOURCE_URL',
          message: 'the sourceUrl is already used by a.txt',
        },
      ]);
    });
  });
});

describe('one bad file never hides the others', () => {
  it('loads every good file of a mixed folder and reports every bad one', async () => {
    await withTempDir(async (dir) => {
      const options = { count: 400, seed: 7, brokenShare: 0.1 };
      await writeSeedFolder(dir, options);
      const generated = [...generateSeedFiles(options)];
      const good = generated.filter((g) => g.broken === null);
      const bad = generated.filter((g) => g.broken !== null);
      expect(new Set(bad.map((g) => g.broken)).size).toBeGreaterThanOrEqual(15);

      const load = await loadSeeds(dir);
      expect(load.files).toBe(400);
      expect(load.articles.map((a) => a.file)).toEqual(good.map((g) => g.name));
      expect([...new Set(load.errors.map((e) => e.file))]).toEqual(bad.map((g) => g.name));
      const drafts = load.articles.filter((a) => !a.published).map((a) => a.file);
      expect(drafts).toEqual(good.filter((g) => g.draft).map((g) => g.name));
      expect(load.warnings.map((w) => w.file)).toEqual(
        good.filter((g) => g.unknownKey).map((g) => g.name),
      );
    });
  }, 120_000);
});
