import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { removeFolder } from './folder.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ARTICLES = 2_000;
const CYCLES = 300;
/** Generous: the benchmark reports the real figure; this only catches a leak. */
const MAX_GROWTH = 1.25;

describe('memory across reloads', () => {
  it(`does not grow over ${CYCLES} edit/reload cycles on ${ARTICLES} articles`, async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--expose-gc',
        '--import',
        'tsx',
        'tests/live/memory-probe.ts',
        String(ARTICLES),
        String(CYCLES),
      ],
      { cwd: ROOT, maxBuffer: 1 << 20 },
    );
    const probe = JSON.parse(stdout.trim().split('\n').at(-1) as string);
    await removeFolder(probe.dir);
    expect(probe.version).toBe(CYCLES + 1);
    expect(probe.after / probe.baseline).toBeLessThanOrEqual(MAX_GROWTH);
  }, 180_000);
});
