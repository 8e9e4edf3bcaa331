import path from 'node:path';
import type { ContentError, ContentWarning } from './errors.ts';
import { normaliseSeed } from './normalise.ts';
import { decodeUtf8, parseSeed } from './parse.ts';
import type { ArticleRecord } from './records.ts';
import { KNOWN_SEED_KEYS } from './seed-schema.ts';
import { validateSeed } from './validate.ts';

/** What one seed file yields: an article, or the errors that rejected it. */
export interface SeedFileOutcome {
  readonly file: string;
  readonly key: string;
  readonly article: ArticleRecord | null;
  readonly errors: readonly ContentError[];
  readonly warnings: readonly ContentWarning[];
}

export function seedKey(file: string): string {
  return path.basename(file, path.extname(file));
}

/** bytes → text → front matter → validated seed → record; pure, so workers can run it too. */
export function processSeedBytes(file: string, bytes: Uint8Array): SeedFileOutcome {
  const key = seedKey(file);
  const rejected = (problem: Omit<ContentError, 'file'>): SeedFileOutcome => ({
    file,
    key,
    article: null,
    errors: [{ file, ...problem }],
    warnings: [],
  });

  const text = decodeUtf8(bytes);
  if (typeof text !== 'string') return rejected(text);
  const parsed = parseSeed(text);
  if (!('data' in parsed)) return rejected(parsed);
  const validation = validateSeed(file, parsed);
  if (!validation.ok) return { file, key, article: null, errors: validation.errors, warnings: [] };

  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parsed.data)) if (!KNOWN_SEED_KEYS.has(k)) extra[k] = v;
  return {
    file,
    key,
    article: normaliseSeed(key, file, validation.seed, extra),
    errors: [],
    warnings: validation.warnings,
  };
}
