import path from 'node:path';
import type { ContentError, ContentWarning } from './errors.ts';
import { type Interner, normaliseSeed } from './normalise.ts';
import { decodeUtf8, parseSeed } from './parse.ts';
import type { ArticleRecord } from './records.ts';
import { KNOWN_SEED_KEYS, type Seed } from './seed-schema.ts';
import { validateSeed } from './validate.ts';

/** What one seed file yields: an article, or the errors that rejected it. */
export interface SeedFileOutcome {
  readonly file: string;
  readonly key: string;
  readonly article: ArticleRecord | null;
  readonly errors: readonly ContentError[];
  readonly warnings: readonly ContentWarning[];
}

/**
 * A seed file checked but not yet normalised: plain, structured-cloneable data (the validated
 * seed keeps `secured` as a string and dates as Date), so worker threads can hand it over.
 */
export interface CheckedSeedFile {
  readonly file: string;
  readonly key: string;
  readonly seed: Seed | null;
  readonly extra: Record<string, unknown>;
  readonly errors: readonly ContentError[];
  readonly warnings: readonly ContentWarning[];
}

export function seedKey(file: string): string {
  return path.basename(file, path.extname(file));
}

const rejected = (file: string, errors: readonly ContentError[]): CheckedSeedFile => ({
  file,
  key: seedKey(file),
  seed: null,
  extra: {},
  errors,
  warnings: [],
});

/** What reading a seed file gave (its bytes, or why it could not be read), checked. */
export function checkSeedRead(
  file: string,
  read: Uint8Array | Omit<ContentError, 'file'>,
): CheckedSeedFile {
  return read instanceof Uint8Array
    ? checkSeedBytes(file, read)
    : rejected(file, [{ file, ...read }]);
}

/** bytes → text → front matter → validated seed; pure, so workers can run it too. */
export function checkSeedBytes(file: string, bytes: Uint8Array): CheckedSeedFile {
  const key = seedKey(file);

  const text = decodeUtf8(bytes);
  if (typeof text !== 'string') return rejected(file, [{ file, ...text }]);
  const parsed = parseSeed(text);
  if (!('data' in parsed)) return rejected(file, [{ file, ...parsed }]);
  const validation = validateSeed(file, parsed);
  if (!validation.ok) return rejected(file, validation.errors);

  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parsed.data)) if (!KNOWN_SEED_KEYS.has(k)) extra[k] = v;
  return { file, key, seed: validation.seed, extra, errors: [], warnings: validation.warnings };
}

/** A checked file to its outcome: the frozen record, with `secured` sealed in a SecuredBlob. */
export function finishSeedFile(checked: CheckedSeedFile, intern?: Interner): SeedFileOutcome {
  const { file, key, seed, extra, errors, warnings } = checked;
  const article = seed ? normaliseSeed(key, file, seed, extra, intern) : null;
  return { file, key, article, errors, warnings };
}

/** bytes → text → front matter → validated seed → record. */
export function processSeedBytes(file: string, bytes: Uint8Array): SeedFileOutcome {
  return finishSeedFile(checkSeedBytes(file, bytes));
}
