import { availableParallelism } from 'node:os';
import { type ContentError, ContentErrorCode, type ContentWarning } from './errors.ts';
import { checkInWorkers } from './load-parallel.ts';
import { createInterner } from './normalise.ts';
import { listSeedEntries, MAX_SEED_BYTES, readSeedFile, type SeedEntry } from './read.ts';
import type { ArticleRecord } from './records.ts';
import {
  type CheckedSeedFile,
  checkSeedRead,
  finishSeedFile,
  type SeedFileOutcome,
} from './seed-file.ts';

export interface LoadResult {
  /** Accepted articles, in file-name order. */
  readonly articles: readonly ArticleRecord[];
  /** Rejected files: one entry per problem. */
  readonly errors: readonly ContentError[];
  readonly warnings: readonly ContentWarning[];
  /** Every seed file seen, accepted or not. */
  readonly files: number;
}

export interface LoadOptions {
  /**
   * Worker threads: `'auto'` (default) uses them for folders of at least PARALLEL_MIN_FILES
   * files, `true` always, `false` never. The result is the same either way.
   */
  readonly parallel?: boolean | 'auto';
  /** How many worker threads; default: the machine's available parallelism. */
  readonly workers?: number;
  /** Called as files are checked, for progress bars. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Below this many files, starting workers costs more than it saves: the CPU break-even measured at 10k and 100k files is ~23k (BENCHMARKS.md). */
export const PARALLEL_MIN_FILES = 20_000;
/** Files read at once on the sequential path: enough to keep the thread pool busy. */
const READ_CONCURRENCY = 32;

/** `kind: 'link'` makes no assumption about the entry (the read checks it itself). */
async function checkSeedFile(root: string, entry: SeedEntry): Promise<CheckedSeedFile> {
  return checkSeedRead(
    entry.name,
    await readSeedFile(root, entry.name, MAX_SEED_BYTES, entry.kind),
  );
}

/** Reads a seeds folder. Bad files become errors; they never hide or take down good ones. */
export async function loadSeeds(root: string, options: LoadOptions = {}): Promise<LoadResult> {
  const files = await listSeedEntries(root);
  const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), files.length));
  const parallel =
    options.parallel === true ||
    ((options.parallel ?? 'auto') === 'auto' && files.length >= PARALLEL_MIN_FILES && workers > 1);
  let checked: readonly CheckedSeedFile[] | undefined;
  if (parallel) {
    try {
      checked = await checkInWorkers(root, files, workers, options.onProgress);
    } catch (error) {
      // Correctness first: the sequential path gives the same result, only slower.
      process.emitWarning(`parallel seed loading failed, loading sequentially: ${error}`);
    }
  }
  checked ??= await checkSequentially(root, files, options.onProgress);
  const intern = createInterner();
  return assembleOutcomes(checked.map((c) => finishSeedFile(c, intern)));
}

async function checkSequentially(
  root: string,
  files: readonly SeedEntry[],
  onProgress?: (done: number, total: number) => void,
): Promise<CheckedSeedFile[]> {
  const checked: CheckedSeedFile[] = new Array(files.length);
  let next = 0;
  let done = 0;
  const lane = async () => {
    while (next < files.length) {
      const index = next++;
      checked[index] = await checkSeedFile(root, files[index] as SeedEntry);
      onProgress?.(++done, files.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, lane));
  return checked;
}

/**
 * Per-file outcomes to one consistent set. Duplicates are decided by file-name order: the first
 * file to claim a key (`a.md` before `a.txt`) or a sourceUrl keeps it, later ones are rejected
 * with an error naming the file they clash with.
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
