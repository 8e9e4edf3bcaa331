import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentErrorCode } from '../../src/content/errors.ts';
import { assembleOutcomes } from '../../src/content/load.ts';
import { processSeedBytes } from '../../src/content/seed-file.ts';
import {
  BROKEN_KINDS,
  type BrokenKind,
  generateSeedFiles,
  seedBytes,
  writeSeedFolder,
} from '../../src/seedgen/generate.ts';
import { withTempDir } from './helpers.ts';

const EXPECTED_CODE: Record<BrokenKind, string> = {
  'yaml-syntax': ContentErrorCode.YamlSyntax,
  'missing-field': ContentErrorCode.InvalidField,
  'wrong-type': ContentErrorCode.InvalidField,
  'score-out-of-range': ContentErrorCode.InvalidField,
  'bad-url': ContentErrorCode.InvalidField,
  'bad-date': ContentErrorCode.InvalidField,
  'bad-secured': ContentErrorCode.InvalidField,
  'no-front-matter': ContentErrorCode.NoFrontMatter,
  'unclosed-front-matter': ContentErrorCode.UnclosedFrontMatter,
  'js-engine': ContentErrorCode.ForbiddenEngine,
  'yaml-alias': ContentErrorCode.YamlAlias,
  'proto-key': ContentErrorCode.ForbiddenKey,
  'deep-nesting': ContentErrorCode.NestingTooDeep,
  'not-utf8': ContentErrorCode.NotUtf8,
  empty: ContentErrorCode.EmptyFile,
  'duplicate-source-url': ContentErrorCode.DuplicateSourceUrl,
  'expiry-before-publication': ContentErrorCode.InvalidField,
  'correction-before-publication': ContentErrorCode.InvalidField,
  'time-without-zone': ContentErrorCode.InvalidField,
};

// Generous timeouts: these parse hundreds of files, slow on a busy shared machine.
const HEAVY = 120_000;

describe('the synthetic corpus generator', () => {
  it(
    'gives byte-identical folders for the same seed and different ones for another',
    async () => {
      await withTempDir(async (dir) => {
        const options = { count: 120, seed: 42, brokenShare: 0.1 };
        await writeSeedFolder(path.join(dir, 'a'), options);
        await writeSeedFolder(path.join(dir, 'b'), options);
        const names = await readdir(path.join(dir, 'a'));
        expect(await readdir(path.join(dir, 'b'))).toEqual(names);
        for (const name of names) {
          const [a, b] = await Promise.all([
            readFile(path.join(dir, 'a', name)),
            readFile(path.join(dir, 'b', name)),
          ]);
          expect(a.equals(b)).toBe(true);
        }
        const other = [...generateSeedFiles({ ...options, seed: 43 })].map((g) => g.name);
        expect(other).not.toEqual(names);
      });
    },
    HEAVY,
  );

  it(
    'names files like the sample, in order',
    () => {
      const names = [...generateSeedFiles({ count: 30 })].map((g) => g.name);
      for (const name of names) expect(name).toMatch(/^\d{6}_[0-9a-f]{16}\.txt$/);
      expect([...names].sort()).toEqual(names);
    },
    HEAVY,
  );

  it(
    'writes realistic valid seeds: many providers and topics, drafts, story links',
    () => {
      const generated = [...generateSeedFiles({ count: 800, seed: 3, draftShare: 0.1 })];
      const load = assembleOutcomes(generated.map((g) => processSeedBytes(g.name, seedBytes(g))));
      expect(load.errors).toEqual([]);
      expect(load.articles).toHaveLength(800);
      const providers = new Set(load.articles.map((a) => a.provider.domain));
      const topics = new Set(load.articles.flatMap((a) => a.topics));
      expect(providers.size).toBeGreaterThan(150);
      expect(topics.size).toBeGreaterThan(250);
      const drafts = load.articles.filter((a) => !a.published).length;
      expect(drafts).toBe(generated.filter((g) => g.draft).length);
      expect(drafts).toBeGreaterThan(50);

      const urls = new Set(load.articles.map((a) => a.sourceUrl));
      const related = load.articles.flatMap((a) => a.related);
      const internal = related.filter((r) => urls.has(r.sourceUrl)).length;
      expect(internal / related.length).toBeGreaterThan(0.6);
      expect(internal).toBeLessThan(related.length);
      expect(load.articles.some((a) => a.ampUrl === null)).toBe(true);
      expect(load.articles.some((a) => a.excerpt === null)).toBe(true);
      expect(load.articles.some((a) => a.heat === null)).toBe(true);
      expect(load.articles.some((a) => a.secured === null)).toBe(true);
      const sizes = generated.map((g) => g.text.length);
      const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
      expect(mean).toBeGreaterThan(2000);
      expect(mean).toBeLessThan(4000);
    },
    HEAVY,
  );

  it(
    'breaks files in every documented way, each rejected with its own code',
    () => {
      const generated = [...generateSeedFiles({ count: 400, seed: 5, brokenShare: 0.2 })];
      const load = assembleOutcomes(generated.map((g) => processSeedBytes(g.name, seedBytes(g))));
      const byFile = new Map(load.errors.map((e) => [e.file, e.code]));
      const kinds = new Set<BrokenKind>();
      for (const g of generated) {
        if (g.broken === null) {
          expect(byFile.has(g.name)).toBe(false);
          continue;
        }
        kinds.add(g.broken);
        expect(byFile.get(g.name), `${g.name} (${g.broken})`).toBe(EXPECTED_CODE[g.broken]);
      }
      expect([...kinds].sort()).toEqual([...BROKEN_KINDS].sort());
    },
    HEAVY,
  );
});
