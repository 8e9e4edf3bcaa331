import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedWorkerCode, stripsTypes } from '../../src/content/worker-code.ts';
import { withTempDir } from './helpers.ts';

describe('seed worker code', () => {
  it('needs no TypeScript compiler in the worker: the sources where Node strips types, else one kept bundle', async () => {
    await withTempDir(async (dir) => {
      const folder = path.join(dir, 'workers');
      const first = await seedWorkerCode(folder);
      if (stripsTypes()) {
        expect(first.kind).toBe('file');
        return;
      }
      if (first.kind !== 'eval') throw new Error('expected a bundle on this Node');
      expect(first.code).not.toMatch(/tsx/);
      const files = await readdir(folder);
      const bundle = files.find((name) => name.endsWith('.cjs')) as string;
      expect((await stat(path.join(folder, bundle))).mode & 0o777).toBe(0o600);
      // The next start reuses the kept bundle as it is.
      const second = await seedWorkerCode(folder);
      expect(second).toEqual(first);
      expect(await readdir(folder)).toEqual(files);
    });
  }, 60_000);
});
