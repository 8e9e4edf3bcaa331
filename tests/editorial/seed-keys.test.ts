import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { assembleOutcomes } from '../../src/content/load.ts';
import { processSeedBytes } from '../../src/content/seed-file.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import {
  EDITORIAL_KINDS,
  type EditorialKind,
  generateSeedFiles,
  seedBytes,
} from '../../src/seedgen/generate.ts';
import { lineOf, outcomeOf, SAMPLE, withExtra, withTempDir } from '../content/helpers.ts';

/** The sample is published 2019-12-03T12:41:00Z. */
const errorsOf = (text: string) =>
  outcomeOf(text).errors.map(({ path, line, message }) => ({ path, line, message }));

describe('editorial seed keys', () => {
  it('are optional and read into the record, corrections oldest first', () => {
    const text = withExtra(
      'publishAt: 2019-12-03T12:41:00Z',
      'expiresAt: "2020-12-03T12:41:00+02:00"',
      'updatedDateTime: 2019-12-04T08:00:00Z',
      'corrections:',
      '  - at: 2019-12-05T08:00:00Z',
      '    text: Second fix.',
      '  - at: "2019-12-04T08:00:00Z"',
      '    text: First fix.',
    );
    const { article, errors, warnings } = outcomeOf(text);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(article?.publishAt?.toISOString()).toBe('2019-12-03T12:41:00.000Z');
    expect(article?.expiresAt?.toISOString()).toBe('2020-12-03T10:41:00.000Z');
    expect(article?.updatedDateTime?.toISOString()).toBe('2019-12-04T08:00:00.000Z');
    expect(article?.corrections.map((c) => c.text)).toEqual(['First fix.', 'Second fix.']);
    const plain = outcomeOf(SAMPLE).article;
    expect(plain).toMatchObject({ publishAt: null, expiresAt: null, updatedDateTime: null });
    expect(plain?.corrections).toEqual([]);
  });

  it('reject an expiry at or before publication, with file, line and field', () => {
    const noEmbargo = withExtra('expiresAt: 2019-12-03T12:41:00Z');
    expect(errorsOf(noEmbargo)).toEqual([
      {
        path: 'expiresAt',
        line: lineOf('expiresAt:', noEmbargo),
        message: 'expiresAt must be after publishedDateTime (2019-12-03T12:41:00.000Z)',
      },
    ]);
    const embargoed = withExtra(
      'publishAt: 2030-01-02T00:00:00Z',
      'expiresAt: 2030-01-01T00:00:00Z',
    );
    expect(errorsOf(embargoed)).toEqual([
      {
        path: 'expiresAt',
        line: lineOf('expiresAt:', embargoed),
        message: 'expiresAt must be after publishAt (2030-01-02T00:00:00.000Z)',
      },
    ]);
    expect(outcomeOf(embargoed, 'late.txt').errors[0]?.file).toBe('late.txt');
  });

  it('reject a correction dated before publication, or an update before it', () => {
    const text = withExtra(
      'publishAt: 2020-01-01T00:00:00Z',
      'updatedDateTime: 2019-01-01T00:00:00Z',
      'corrections:',
      '  - at: 2021-01-01T00:00:00Z',
      '    text: Fine.',
      '  - at: 2019-12-31T23:59:59Z',
      '    text: Before the embargo lifted.',
    );
    expect(errorsOf(text)).toEqual([
      {
        path: 'updatedDateTime',
        line: lineOf('updatedDateTime:', text),
        message: 'updatedDateTime must not be before publishedDateTime (2019-12-03T12:41:00.000Z)',
      },
      {
        path: 'corrections[1].at',
        line: lineOf('  - at: 2019-12-31', text),
        message: 'a correction cannot be dated before publishAt (2020-01-01T00:00:00.000Z)',
      },
    ]);
  });

  it('reject timestamps without a zone and corrections without text', () => {
    const text = withExtra(
      'publishAt: "2030-01-01T09:00:00"',
      'corrections:',
      '  - at: 2030-01-02T00:00:00Z',
    );
    const errors = errorsOf(text);
    expect(errors.map((e) => [e.path, e.line])).toEqual([
      ['publishAt', lineOf('publishAt:', text)],
      ['corrections[0].text', lineOf('  - at:', text)],
    ]);
    expect(errors[0]?.message).toMatch(/time zone|ISO 8601/);
    expect(errors[1]?.message).toBe('corrections[0].text is required');
  });

  it('are generated on request: embargoed, expiring, updated and corrected, all valid', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const generated = [
      ...generateSeedFiles({ count: 400, seed: 3, editorialShare: 0.3, editorialNow: now }),
    ];
    const load = assembleOutcomes(generated.map((g) => processSeedBytes(g.name, seedBytes(g))));
    expect(load.errors).toEqual([]);
    const kinds = new Set(generated.map((g) => g.editorial).filter((k) => k !== null));
    expect([...kinds].sort()).toEqual([...EDITORIAL_KINDS].sort());
    const byKey = new Map(load.articles.map((a) => [a.key, a]));
    const expect_ = (kind: EditorialKind) => generated.filter((g) => g.editorial === kind);
    for (const g of expect_('embargoed')) {
      expect(byKey.get(g.key)?.publishAt?.getTime()).toBe(g.transitionAt?.getTime());
      expect(g.transitionAt?.getTime()).toBeGreaterThan(now.getTime());
    }
    for (const g of expect_('expiring')) {
      expect(byKey.get(g.key)?.expiresAt?.getTime()).toBe(g.transitionAt?.getTime());
    }
    for (const g of expect_('corrected')) expect(byKey.get(g.key)?.corrections.length).toBe(1);
    // Evaluated at `now`: embargoed ones are not public yet, expiring ones still are.
    const corpus = new Corpus(load, 1, now, now);
    for (const g of expect_('embargoed')) expect(corpus.public.byKey.has(g.key)).toBe(false);
    for (const g of expect_('expiring')) expect(corpus.public.byKey.has(g.key)).toBe(true);
    const first = Math.min(...generated.flatMap((g) => g.transitionAt?.getTime() ?? []));
    expect(corpus.nextTransition?.getTime()).toBe(first);
    // Without the option the files are what they always were.
    const plain = [...generateSeedFiles({ count: 50, seed: 3 })];
    expect(plain.map((g) => g.text)).toEqual(
      [...generateSeedFiles({ count: 50, seed: 3, editorialShare: 0 })].map((g) => g.text),
    );
  });

  it('are reported by `newsgraph check` with place and field', async () => {
    await withTempDir(async (dir) => {
      await writeFile(
        path.join(dir, 'expiry.txt'),
        withExtra('publishAt: 2030-01-02T00:00:00Z', 'expiresAt: 2030-01-01T00:00:00Z'),
      );
      const root = path.resolve(import.meta.dirname, '../..');
      const run = promisify(execFile)(
        path.join(root, 'node_modules/.bin/tsx'),
        ['src/cli/main.ts', 'check', dir],
        { cwd: root },
      ).catch((error: { code: number; stdout: string }) => error);
      const result = (await run) as { code?: number; stdout: string };
      expect(result.code).toBe(1);
      const line = lineOf('expiresAt:', withExtra('publishAt: x', 'expiresAt: y'));
      // The column is the value's: `expiresAt: ` is 11 characters.
      expect(result.stdout).toContain(
        `expiry.txt:${line}:12  expiresAt  expiresAt must be after publishAt (2030-01-02T00:00:00.000Z) [INVALID_FIELD]`,
      );
    });
  }, 120_000);
});
