import { lstat, mkdir, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stampFiles } from '../../src/content/stamps.ts';
import { SAMPLE, withTempDir } from './helpers.ts';

describe('stamping every file of a listing (the start path)', () => {
  it('follows links like the reader, stamps what cannot be followed by the link itself, and gives null for vanished names', async () => {
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
      const inode = async (name: string, follow: boolean) =>
        (await (follow ? stat : lstat)(path.join(dir, name))).ino;
      const expected = [
        await inode('a.txt', true),
        await inode('folder.txt', true),
        await inode('a.txt', true),
        await inode('loop.txt', false),
        await inode('dangling.txt', false),
        await inode('not-a-folder.txt', false),
        null,
      ];
      expect(batched.map((stamp) => stamp?.ino ?? null)).toEqual(
        many.map((name) => expected[names.indexOf(name)]),
      );
    });
  });
});
