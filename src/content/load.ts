import { type ContentError, ContentErrorCode, type ContentWarning } from './errors.ts';
import { listSeedFiles, readSeedFile } from './read.ts';
import type { ArticleRecord } from './records.ts';
import { processSeedBytes, type SeedFileOutcome, seedKey } from './seed-file.ts';

export interface LoadResult {
  /** Accepted articles, in file-name order. */
  readonly articles: readonly ArticleRecord[];
  /** Rejected files: one entry per problem. */
  readonly errors: readonly ContentError[];
  readonly warnings: readonly ContentWarning[];
  /** Every seed file seen, accepted or not. */
  readonly files: number;
}

export async function loadSeedFile(root: string, file: string): Promise<SeedFileOutcome> {
  const bytes = await readSeedFile(root, file);
  if (!(bytes instanceof Uint8Array)) {
    return { file, key: seedKey(file), article: null, errors: [{ file, ...bytes }], warnings: [] };
  }
  return processSeedBytes(file, bytes);
}

/** Reads a seeds folder. Bad files become errors; they never hide or take down good ones. */
export async function loadSeeds(root: string): Promise<LoadResult> {
  const files = await listSeedFiles(root);
  const outcomes: SeedFileOutcome[] = [];
  for (const file of files) outcomes.push(await loadSeedFile(root, file));
  return assembleOutcomes(outcomes);
}

/**
 * Per-file outcomes to one consistent set. Duplicates are decided by file-name order: the first
 * file to claim a key (`a.txt` vs `a.md`) or a sourceUrl keeps it, later ones are rejected with
 * an error naming the file they clash with.
 */
export function assembleOutcomes(outcomes: readonly SeedFileOutcome[]): LoadResult {
  const sorted = [...outcomes].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const byKey = new Map<string, string>();
  const bySourceUrl = new Map<string, string>();
  const articles: ArticleRecord[] = [];
  const errors: ContentError[] = [];
  const warnings: ContentWarning[] = [];
  for (const outcome of sorted) {
    errors.push(...outcome.errors);
    warnings.push(...outcome.warnings);
    const article = outcome.article;
    if (!article) continue;
    const keyOwner = byKey.get(article.key);
    const urlOwner = bySourceUrl.get(article.sourceUrl);
    if (keyOwner !== undefined) {
      errors.push({
        file: outcome.file,
        path: '',
        code: ContentErrorCode.DuplicateKey,
        message: `the key "${article.key}" is already used by ${keyOwner}`,
      });
    } else if (urlOwner !== undefined) {
      errors.push({
        file: outcome.file,
        path: 'sourceUrl',
        code: ContentErrorCode.DuplicateSourceUrl,
        message: `the sourceUrl is already used by ${urlOwner}`,
      });
    } else {
      byKey.set(article.key, outcome.file);
      bySourceUrl.set(article.sourceUrl, outcome.file);
      articles.push(article);
    }
  }
  return { articles, errors, warnings, files: outcomes.length };
}
