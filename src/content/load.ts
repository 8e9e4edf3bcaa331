import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { ResourceLimits } from 'node:worker_threads';
import { type ContentError, ContentErrorCode, type ContentWarning } from './errors.ts';
import {
  type CacheEntry,
  cacheFolderFor,
  readLoadCache,
  type StoredOutcome,
  writeLoadCache,
} from './load-cache.ts';
import { checkInWorkers } from './load-parallel.ts';
import { mapInBatches, mapLimit } from './map-limit.ts';
import { createInterner, type Interner, reviveRecord } from './normalise.ts';
import {
  listSeedEntries,
  MAX_SEED_BYTES,
  readSeedFile,
  readSeedFileSync,
  type SeedEntry,
} from './read.ts';
import type { ArticleRecord } from './records.ts';
import {
  type CheckedSeedFile,
  checkSeedRead,
  finishSeedFile,
  type SeedFileOutcome,
} from './seed-file.ts';
import { type Stamp, stampFileSync, stampFiles, UNSTAMPED } from './stamps.ts';
import { seedWorkerCode } from './worker-code.ts';

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
   * Worker threads: `'auto'` (default) uses them when at least PARALLEL_MIN_FILES files need
   * parsing, `true` always, `false` never. The result is the same either way.
   */
  readonly parallel?: boolean | 'auto';
  /** How many worker threads; default: the machine's available parallelism. */
  readonly workers?: number;
  /** Caps each worker's memory; a worker that fails makes the load fall back to one thread. */
  readonly workerResourceLimits?: ResourceLimits;
  /** Called as files are checked, for progress bars. */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * The cache base folder (NEWSGRAPH_CACHE_DIR): files whose stamp matches the persisted load
   * cache are not parsed again, and the worker bundle is kept there. Absent or null: no cache.
   */
  readonly cacheDir?: string | null;
  /** Where the load's own warnings go (worker fallback, refused cache); process warnings by default. */
  readonly warn?: (message: string) => void;
}

/** Below this many files to parse, starting workers costs more than it saves: the CPU break-even measured at 10k and 100k files is ~23k (BENCHMARKS.md). */
export const PARALLEL_MIN_FILES = 20_000;

/** One seed file as loaded: its stamp when it was read, and what it gave. */
export interface LoadedFile {
  readonly name: string;
  /** Null when the file vanished between the listing and its stat. */
  readonly stamp: Stamp | null;
  readonly outcome: SeedFileOutcome;
}

export interface LoadedFolder {
  /** Every seed file, in file-name order. */
  readonly files: readonly LoadedFile[];
  /** How many files the persisted cache answered without a parse. */
  readonly fromCache: number;
  /**
   * Resolves once the load cache is written (in slices, after the load resolved, so it never
   * delays the first answer); never rejects, a failed write is a warning.
   */
  readonly cacheWritten: Promise<void>;
}

const processWarning = (message: string) => process.emitWarning(message);

/**
 * The one loading pipeline, for `check`, `serve` and the reloader's first read: list, stamp,
 * take unchanged files from the persisted cache, check the rest (on worker threads for many,
 * falling back to this thread when a worker fails), normalise, then persist the cache.
 */
export async function loadSeedFolder(
  folder: string,
  options: LoadOptions = {},
): Promise<LoadedFolder> {
  const root = path.resolve(folder);
  const warn = options.warn ?? processWarning;
  const info = await stat(root);
  if (!info.isDirectory()) throw new Error(`${root} is not a folder`);
  const cacheFolder = options.cacheDir ? cacheFolderFor(options.cacheDir, root) : null;
  const [listed, cached] = await Promise.all([
    listSeedEntries(root),
    cacheFolder ? readLoadCache(cacheFolder, root, warn) : new Map(),
  ]);
  const cachedFiles = cached.size;
  const stamps = await stampFiles(
    root,
    listed.map((entry) => entry.name),
  );

  const intern = createInterner();
  const outcomes: (SeedFileOutcome | undefined)[] = new Array(listed.length);
  const misses: number[] = [];
  listed.forEach((entry, i) => {
    const hit = cached.get(entry.name);
    if (hit && sameCachedStamp(hit.stamp, stamps[i] ?? null)) {
      outcomes[i] = reviveOutcome(hit.outcome, intern);
    } else misses.push(i);
  });
  cached.clear();
  const parsed = await checkFiles(
    root,
    misses.map((i) => listed[i] as SeedEntry),
    options,
    warn,
  );
  misses.forEach((fileIndex, i) => {
    outcomes[fileIndex] = finishSeedFile(parsed[i] as CheckedSeedFile, intern);
  });

  const files = listed.map((entry, i) => ({
    name: entry.name,
    stamp: stamps[i] ?? null,
    outcome: outcomes[i] as SeedFileOutcome,
  }));
  const unchanged = misses.length === 0 && cachedFiles === listed.length;
  const cacheWritten =
    cacheFolder === null || unchanged
      ? Promise.resolve()
      : afterThisTurn(() =>
          writeLoadCache(cacheFolder, root, cacheEntries(listed, stamps, outcomes), warn),
        );
  return { files, fromCache: listed.length - misses.length, cacheWritten };
}

/** A stamp the cache may match: a real one, taken from a file that exists. */
const sameCachedStamp = (a: Stamp, b: Stamp | null): boolean =>
  b !== null &&
  b !== UNSTAMPED &&
  a.dev === b.dev &&
  a.ino === b.ino &&
  a.size === b.size &&
  a.mtimeMs === b.mtimeMs &&
  a.ctimeMs === b.ctimeMs;

/** Files whose outcome may be reused: read failures are transient, they are retried. */
function cacheEntries(
  listed: readonly SeedEntry[],
  stamps: readonly (Stamp | null)[],
  outcomes: readonly (SeedFileOutcome | undefined)[],
): CacheEntry[] {
  const entries: CacheEntry[] = [];
  listed.forEach((entry, i) => {
    const stamp = stamps[i];
    const outcome = outcomes[i];
    if (!stamp || stamp === UNSTAMPED || !outcome) return;
    if (outcome.errors.some((e) => e.code === ContentErrorCode.ReadFailed)) return;
    entries.push({ name: entry.name, stamp, outcome });
  });
  return entries;
}

/** A cached outcome, decoded for this load alone, as the outcome a parse gives. */
const reviveOutcome = (stored: StoredOutcome, intern: Interner): SeedFileOutcome => ({
  file: stored.file,
  key: stored.key,
  article: stored.article && reviveRecord(stored.article, intern),
  errors: stored.errors,
  warnings: stored.warnings,
});

const afterThisTurn = (run: () => Promise<void>): Promise<void> =>
  new Promise((resolve) => setImmediate(() => void run().then(resolve, resolve)));

/** Reads a seeds folder. Bad files become errors; they never hide or take down good ones. */
export async function loadSeeds(root: string, options: LoadOptions = {}): Promise<LoadResult> {
  const loaded = await loadSeedFolder(root, options);
  return assembleOutcomes(loaded.files.map((file) => file.outcome));
}

/** Reads and checks files on worker threads when there are many, else on this thread. */
async function checkFiles(
  root: string,
  files: readonly SeedEntry[],
  options: LoadOptions,
  warn: (message: string) => void,
): Promise<CheckedSeedFile[]> {
  const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), files.length));
  const parallel =
    files.length > 0 &&
    (options.parallel === true ||
      ((options.parallel ?? 'auto') === 'auto' &&
        files.length >= PARALLEL_MIN_FILES &&
        workers > 1));
  if (parallel) {
    try {
      const code = await seedWorkerCode(
        options.cacheDir ? path.join(options.cacheDir, 'workers') : null,
      );
      return await checkInWorkers(root, files, workers, code, {
        onProgress: options.onProgress,
        resourceLimits: options.workerResourceLimits,
      });
    } catch (error) {
      // Correctness first: the sequential path gives the same result, only slower.
      warn(`parallel seed loading failed, loading sequentially: ${error}`);
    }
  }
  let done = 0;
  return mapLimit(files, async (entry) => {
    const checked = await checkSeedFile(root, entry);
    options.onProgress?.(++done, files.length);
    return checked;
  });
}

/** `kind: 'link'` makes no assumption about the entry (the read checks it itself). */
async function checkSeedFile(root: string, entry: SeedEntry): Promise<CheckedSeedFile> {
  return checkSeedRead(
    entry.name,
    await readSeedFile(root, entry.name, MAX_SEED_BYTES, entry.kind),
  );
}

/** Files read again per turn of the event loop by `rereadSeedFiles`: a few milliseconds of work. */
const REREAD_BATCH = 32;

/**
 * Files read again (a reload): each one's stamp and outcome, null when it is gone; in the
 * names' order. The reads are synchronous, in batches with a yield to the event loop between
 * two: through the thread pool a reread took six round trips (stat, open, fstat, read, close,
 * stat), each waiting behind the requests queued meanwhile, which under read load put most of
 * the write-to-visible time in the queue rather than in the work (BENCHMARKS.md "Ingestion").
 */
export async function rereadSeedFiles(
  root: string,
  names: readonly string[],
  intern: Interner,
): Promise<(LoadedFile | null)[]> {
  return mapInBatches(names, REREAD_BATCH, (name) => rereadSeedFileSync(root, name, intern));
}

function rereadSeedFileSync(root: string, name: string, intern: Interner): LoadedFile | null {
  const full = path.join(root, name);
  // The stamp is taken before the read: a write in between shows up as a new stamp later.
  const stamp = stampFileSync(full);
  if (stamp === null) return null;
  const outcome = finishSeedFile(checkSeedRead(name, readSeedFileSync(root, name)), intern);
  const unreadable = outcome.errors[0]?.code === ContentErrorCode.ReadFailed;
  if (unreadable && stampFileSync(full) === null) return null;
  return { name, stamp, outcome };
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
