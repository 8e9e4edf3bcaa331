import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stampFile, stampFiles } from '../../src/content/stamps.ts';
import { SAMPLE, withTempDir } from './helpers.ts';

describe('stamping every file of a listing (the start path)', () => {
  it('gives the same stamp as a single stamp for files, links, loops, dangling links and vanished names', async () => {
    await withTempDir(async (dir) => {
      await writeFile(path.join(dir, 'a.txt'), SAMPLE);
      await mkdir(path.join(dir, 'folder.txt'));
      await symlink('a.txt', path.join(dir, 'link.txt'));
      await symlink('loop.txt', path.join(dir, 'loop.txt'));
      await symlink('missing.txt', path.join(dir, 'dangling.txt'));
      await symlink('a.txt/below', path.join(dir, 'not-a-folder.txt'));
      const names = [
        'a.txt',
        'folder.txt',
        'link.txt',
        'loop.txt',
        'dangling.txt',
        'not-a-folder.txt',
        'gone.txt',
      ];
      // Enough names to cross a batch boundary (the stats yield to the event loop between two).
      const many = Array.from({ length: 4_100 }, (_, i) => names[i % names.length] as string);
      const batched = await stampFiles(dir, many);
      const single = await Promise.all(many.map((name) => stampFile(path.join(dir, name))));
      expect(batched).toEqual(single);
      expect(batched[names.indexOf('gone.txt')]).toBeNull();
      expect(batched[names.indexOf('dangling.txt')]).not.toBeNull();
      expect(batched[names.indexOf('loop.txt')]).not.toBeNull();
    });
  });
});
