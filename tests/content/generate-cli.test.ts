import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGenerate } from '../../src/cli/generate-seeds.ts';
import { withTempDir } from './helpers.ts';

describe('newsgraph generate', () => {
  it('writes the requested number of seed files', async () => {
    await withTempDir(async (dir) => {
      const out = path.join(dir, 'seeds');
      expect(
        await runGenerate(['--count', '25', '--out', out, '--seed', '4', '--broken', '0.2']),
      ).toBe(0);
      expect(await readdir(out)).toHaveLength(25);
    });
  });

  it('refuses a folder that already holds files, so nothing is mixed in', async () => {
    await withTempDir(async (dir) => {
      expect(await runGenerate(['--count', '3', '--out', dir, '--seed', '1'])).toBe(0);
      expect(await runGenerate(['--count', '3', '--out', dir, '--seed', '2'])).toBe(1);
    });
  });

  it.each([
    [['--count', '3']],
    [['--count', 'many', '--out', 'x']],
    [['--count', '3', '--out', 'x', '--broken', '2']],
    [['--count', '3', '--out', 'x', '--colour', 'red']],
  ])('rejects bad usage %j with exit code 2', async (args) => {
    expect(await runGenerate(args)).toBe(2);
  });
});
