import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assembleOutcomes,
  type LoadOptions,
  type LoadResult,
  loadSeedFolder,
  loadSeeds,
} from '../../src/content/load.ts';
import { CACHE_FORMAT } from '../../src/content/load-cache.ts';
import { SecuredBlob } from '../../src/content/secured.ts';
import { cacheDirFromEnv } from '../../src/content/settings.ts';
import { writeSeedFolder } from '../../src/seedgen/generate.ts';
import { resolveConfig } from '../../src/server/config.ts';
import { SAMPLE, withLine, withTempDir } from './helpers.ts';

/** A load through the pipeline with a cache: the result, how many files the cache answered, the warnings. */
async function cachedLoad(seeds: string, cacheDir: string, options: LoadOptions = {}) {
  const warnings: string[] = [];
  const loaded = await loadSeedFolder(seeds, {
    ...options,
    cacheDir,
    warn: (m) => warnings.push(m),
  });
  await loaded.cacheWritten;
  return {
    result: assembleOutcomes(loaded.files.map((f) => f.outcome)),
    fromCache: loaded.fromCache,
    warnings,
  };
}

/** Where a record is not frozen all the way down (Dates and the secured blob aside). */
function unfrozenPaths(value: unknown, at = 'record'): string[] {
  if (value === null || typeof value !== 'object') return [];
  if (value instanceof Date || value instanceof SecuredBlob) return [];
  const own = Object.isFrozen(value) ? [] : [at];
  return [
    ...own,
    ...Object.entries(value).flatMap(([key, inner]) => unfrozenPaths(inner, `${at}.${key}`)),
  ];
}

const secrets = (load: LoadResult) => load.articles.map((a) => a.secured?.reveal() ?? null);

async function cacheFile(cacheDir: string): Promise<string> {
  const [folder] = await readdir(cacheDir);
  return path.join(cacheDir, folder as string, 'load-cache.bin');
}

/** Rewrites the cache's header (with a valid checksum): what an older newsgraph would have left. */
async function rewriteHeader(file: string, change: (header: Record<string, unknown>) => void) {
  const bytes = await readFile(file);
  const magic = 'newsgraph-cache\n'.length;
  const length = bytes.readUInt32LE(magic);
  const header = JSON.parse(bytes.toString('utf8', magic + 4, magic + 4 + length));
  change(header);
  const json = Buffer.from(JSON.stringify(header));
  const size = Buffer.alloc(4);
  size.writeUInt32LE(json.length);
  const body = Buffer.concat([
    bytes.subarray(0, magic),
    size,
    json,
    bytes.subarray(magic + 4 + length, bytes.length - 32),
  ]);
  await writeFile(file, Buffer.concat([body, createHash('sha256').update(body).digest()]));
}

describe('the persisted load cache', () => {
  it('answers unchanged files on the next load with the same result, and re-reads changed ones', async () => {
    await withTempDir(async (dir) => {
      const seeds = path.join(dir, 'seeds');
      const cacheDir = path.join(dir, 'cache');
      await writeSeedFolder(seeds, { count: 60, seed: 3, brokenShare: 0.1, draftShare: 0.1 });
      const reference = await loadSeeds(seeds, { parallel: false });

      const cold = await cachedLoad(seeds, cacheDir);
      expect(cold.fromCache).toBe(0);
      expect(cold.result).toEqual(reference);
      const warm = await cachedLoad(seeds, cacheDir);
      expect(warm.fromCache).toBe(60);
      expect(warm.warnings).toEqual([]);
      expect(warm.result).toEqual(reference);
      expect(secrets(warm.result)).toEqual(secrets(reference));
      expect(warm.result.articles[0]?.publishedDateTime).toBeInstanceOf(Date);
      // Records from the cache are the frozen records a parse gives, the blob sealed again.
      for (const article of warm.result.articles) expect(unfrozenPaths(article)).toEqual([]);
      expect(warm.result.articles.some((a) => a.secured instanceof SecuredBlob)).toBe(true);
      expect(JSON.stringify(warm.result)).not.toContain(secrets(reference).find(Boolean));

      const [first] = (await readdir(seeds)).sort();
      await writeFile(path.join(seeds, first as string), withLine('title:', 'title: "Edited"'));
      const edited = await cachedLoad(seeds, cacheDir);
      expect(edited.fromCache).toBe(59);
      expect(edited.result).toEqual(await loadSeeds(seeds, { parallel: false }));
      expect(edited.result.articles.some((a) => a.title === 'Edited')).toBe(true);

      // Deleting the cache changes no result.
      await rm(cacheDir, { recursive: true });
      const again = await cachedLoad(seeds, cacheDir);
      expect(again.fromCache).toBe(0);
      expect(again.result).toEqual(edited.result);
    });
  }, 120_000);

  it('keeps drafts and secured blobs readable by the owner only (folder 0700, file 0600)', async () => {
    await withTempDir(async (dir) => {
      const seeds = path.join(dir, 'seeds');
      const cacheDir = path.join(dir, 'cache');
      await writeSeedFolder(seeds, { count: 5, seed: 4 });
      await cachedLoad(seeds, cacheDir);
      const file = await cacheFile(cacheDir);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    });
  });

  it.each([
    [
      'corrupt',
      'corrupt or truncated',
      async (file: string) => {
        const bytes = await readFile(file);
        const middle = Math.floor(bytes.length / 2);
        bytes.writeUInt8((bytes.readUInt8(middle) ^ 0xff) & 0xff, middle);
        await writeFile(file, bytes);
      },
    ],
    [
      'truncated',
      'corrupt or truncated',
      async (file: string) => {
        const bytes = await readFile(file);
        await writeFile(file, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
      },
    ],
    [
      'cut to a few bytes',
      'not a newsgraph load cache',
      async (file: string) => {
        await writeFile(file, 'newsgr');
      },
    ],
    [
      'well summed but with a chunk longer than the file',
      'corrupt (a part runs past the end)',
      async (file: string) => {
        const bytes = await readFile(file);
        const magic = 'newsgraph-cache\n'.length;
        const chunkAt = magic + 4 + bytes.readUInt32LE(magic);
        bytes.writeUInt32LE(0xffff_fff0, chunkAt);
        const body = bytes.subarray(0, bytes.length - 32);
        await writeFile(file, Buffer.concat([body, createHash('sha256').update(body).digest()]));
      },
    ],
    [
      'of an older format',
      'of another format',
      (file: string) =>
        rewriteHeader(file, (header) => {
          header.format = CACHE_FORMAT - 1;
        }),
    ],
    [
      'from an older newsgraph',
      'from another version of newsgraph',
      (file: string) =>
        rewriteHeader(file, (header) => {
          header.code = 'an older version';
        }),
    ],
  ])(
    'ignores a cache that is %s, with a warning, and loads every file',
    async (_, reason, spoil) => {
      await withTempDir(async (dir) => {
        const seeds = path.join(dir, 'seeds');
        const cacheDir = path.join(dir, 'cache');
        await writeSeedFolder(seeds, { count: 30, seed: 5, brokenShare: 0.1 });
        const reference = (await cachedLoad(seeds, cacheDir)).result;
        await spoil(await cacheFile(cacheDir));
        const spoiled = await cachedLoad(seeds, cacheDir);
        expect(spoiled.fromCache).toBe(0);
        expect(spoiled.warnings).toEqual([expect.stringContaining(reason)]);
        expect(spoiled.result).toEqual(reference);
        // The refused cache was replaced by a good one.
        const next = await cachedLoad(seeds, cacheDir);
        expect(next.fromCache).toBe(30);
        expect(next.warnings).toEqual([]);
      });
    },
    60_000,
  );

  it('gives the result of a load without cache after any sequence of edits, breakages and removals', async () => {
    await withTempDir(async (dir) => {
      const seeds = path.join(dir, 'seeds');
      const cacheDir = path.join(dir, 'cache');
      const names = ['a.txt', 'b.txt', 'c.md', 'd.txt'];
      const contents = [
        SAMPLE,
        withLine(
          'title:',
          'title: "Second"',
          withLine('sourceUrl:', 'sourceUrl: "https://x.test/2"'),
        ),
        withLine('quality:', 'quality: 101'),
        'not a seed at all',
      ];
      await writeSeedFolder(seeds, { count: 3, seed: 6 });
      const step = fc.record({
        name: fc.constantFrom(...names),
        action: fc.oneof(fc.constant(-1), fc.nat({ max: contents.length - 1 })),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(step, { maxLength: 6 }), async (steps) => {
          for (const { name, action } of steps) {
            const file = path.join(seeds, name);
            if (action < 0) await rm(file, { force: true });
            else await writeFile(file, contents[action] as string);
            const cached = await cachedLoad(seeds, cacheDir);
            expect(cached.warnings).toEqual([]);
            expect(cached.result).toEqual(await loadSeeds(seeds, { parallel: false }));
          }
        }),
        { numRuns: 12 },
      );
    });
  }, 120_000);
});

describe('NEWSGRAPH_CACHE_DIR', () => {
  it('defaults to the OS cache folder, turns off with off, and refuses a folder inside the seeds', () => {
    const config = (env: NodeJS.ProcessEnv) => {
      const resolved = resolveConfig(['--seeds', '/srv/seeds'], env);
      return resolved.kind === 'config' ? resolved.config.cacheDir : resolved;
    };
    expect(config({ XDG_CACHE_HOME: '/var/cache/me' })).toBe('/var/cache/me/newsgraph');
    expect(config({ NEWSGRAPH_CACHE_DIR: '/tmp/ng' })).toBe('/tmp/ng');
    expect(config({ NEWSGRAPH_CACHE_DIR: 'OFF' })).toBeNull();
    expect(config({ NEWSGRAPH_CACHE_DIR: '/srv/seeds/.cache' })).toEqual({
      kind: 'error',
      problems: ['NEWSGRAPH_CACHE_DIR: must be outside the seeds folder'],
    });
    // `check` reads the same setting with the same rules.
    expect(cacheDirFromEnv({ NEWSGRAPH_CACHE_DIR: '/srv/seeds' }, '/srv/seeds')).toEqual({
      problem: 'NEWSGRAPH_CACHE_DIR: must be outside the seeds folder',
    });
    expect(cacheDirFromEnv({ NEWSGRAPH_CACHE_DIR: 'off' }, '/srv/seeds')).toEqual({
      cacheDir: null,
    });
  });
});
