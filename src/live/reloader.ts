import path from 'node:path';
import type { ResourceLimits } from 'node:worker_threads';
import {
  assembleOutcomes,
  type LoadedFile,
  loadSeedFolder,
  rereadSeedFiles,
} from '../content/load.ts';
import { createInterner } from '../content/normalise.ts';
import { isSeedFileName, listSeedFiles } from '../content/read.ts';
import type { SeedFileOutcome } from '../content/seed-file.ts';
import { type Stamp, sameStamp, stampFiles } from '../content/stamps.ts';
import { type ChangeSet, sameArticle } from '../corpus/changes.ts';
import type { Clock } from '../corpus/clock.ts';
import { ContentStore } from '../corpus/store.ts';
import { Assembly } from './assembly.ts';
import {
  type ContentStatus,
  contentStatus,
  type ReloadFailure,
  type ReloadInfo,
  type ReloadStats,
} from './status.ts';

/** The part of a logger the live layer needs; a pino logger fits. */
export interface LiveLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

const silent: LiveLogger = { info: () => {}, warn: () => {} };

interface FileEntry {
  readonly stamp: Stamp | null;
  /** What the file says now. */
  readonly latest: SeedFileOutcome;
  /** What the corpus uses: `latest` when accepted, else the last good article with the new errors. */
  readonly served: SeedFileOutcome;
}

export interface ReloadResult {
  /** False when nothing a reader could see changed; the snapshot was then kept. */
  readonly swapped: boolean;
  readonly version: number;
  readonly changes: ChangeSet | null;
  readonly filesRead: number;
  readonly durationMs: number;
}

export interface ReloaderOptions {
  /** The seeds folder. */
  readonly root: string;
  readonly logger?: LiveLogger;
  /** Initial load on worker threads: as `loadSeeds` (`'auto'` from PARALLEL_MIN_FILES files). */
  readonly parallel?: boolean | 'auto';
  /** The persisted load cache's base folder (NEWSGRAPH_CACHE_DIR); absent or null: none. */
  readonly cacheDir?: string | null;
  /** Caps each load worker's memory (see LoadOptions). */
  readonly workerResourceLimits?: ResourceLimits;
  /** The store's clock (editorial transitions); the system clock by default. */
  readonly clock?: Clock;
}

const sameProblems = (a: SeedFileOutcome, b: SeedFileOutcome): boolean =>
  JSON.stringify([a.errors, a.warnings]) === JSON.stringify([b.errors, b.warnings]);

/** Same article (or same rejection) and same problems: readers could not tell them apart. */
function sameOutcome(a: SeedFileOutcome, b: SeedFileOutcome): boolean {
  if (a.file !== b.file || !sameProblems(a, b)) return false;
  if (a.article === null || b.article === null) return a.article === b.article;
  return sameArticle(a.article, b.article);
}

function entryFor(stamp: Stamp | null, latest: SeedFileOutcome, before?: FileEntry): FileEntry {
  if (latest.article !== null || !before?.served.article) return { stamp, latest, served: latest };
  // A file that turns bad keeps its last good article; its new errors are reported beside it.
  const { article } = before.served;
  return {
    stamp,
    latest,
    served: { ...latest, article },
  };
}

type Work =
  | { readonly kind: 'files'; readonly names: ReadonlySet<string> }
  | { readonly kind: 'rescan'; readonly force: boolean };

interface Waiter {
  resolve(result: ReloadResult): void;
  reject(error: unknown): void;
}

/**
 * Keeps one outcome per seed file and turns file changes into snapshot swaps: only the files
 * that changed are read again, and the next snapshot is derived from the current one by what
 * they changed (Assembly.step, ContentStore.apply), swapped into the store in one step. Reloads run one at a time; requests that arrive meanwhile are
 * merged into the next one.
 */
export class Reloader {
  readonly root: string;
  readonly store: ContentStore;
  readonly #logger: LiveLogger;
  readonly #entries: Map<string, FileEntry>;
  readonly #assembly: Assembly;
  #pendingNames = new Set<string>();
  #pendingRescan: { force: boolean } | null = null;
  #waiters: Waiter[] = [];
  #draining: Promise<void> | null = null;
  #lastReload: ReloadStats | null = null;
  #lastFailure: ReloadFailure | null = null;
  #watching = false;
  #cacheWritten: Promise<void> = Promise.resolve();

  private constructor(
    root: string,
    entries: Map<string, FileEntry>,
    logger: LiveLogger,
    clock?: Clock,
  ) {
    this.root = root;
    this.#entries = entries;
    this.#logger = logger;
    this.store = new ContentStore(this.#assemble(), clock ? { clock } : {});
    this.#assembly = new Assembly(
      [...entries.values()].map((entry) => entry.served),
      this.store.current,
    );
  }

  /** Reads the whole folder once (through the one loading pipeline) and holds it in a new store. */
  static async open(options: ReloaderOptions): Promise<Reloader> {
    const root = path.resolve(options.root);
    const started = performance.now();
    const logger = options.logger ?? silent;
    const loaded = await loadSeedFolder(root, {
      parallel: options.parallel ?? 'auto',
      cacheDir: options.cacheDir ?? null,
      ...(options.workerResourceLimits
        ? { workerResourceLimits: options.workerResourceLimits }
        : {}),
      warn: (message) => logger.warn({}, message),
    });
    const entries = new Map<string, FileEntry>();
    for (const file of loaded.files) {
      entries.set(file.name, { stamp: file.stamp, latest: file.outcome, served: file.outcome });
    }
    const reloader = new Reloader(root, entries, logger, options.clock);
    reloader.#lastReload = {
      at: new Date(),
      durationMs: performance.now() - started,
      filesRead: entries.size,
    };
    reloader.#cacheWritten = loaded.cacheWritten;
    logger.info({ files: loaded.files.length, fromCache: loaded.fromCache }, 'seeds folder read');
    return reloader;
  }

  /** Resolves once the persisted load cache of the first read is written (see loadSeedFolder). */
  get cacheWritten(): Promise<void> {
    return this.#cacheWritten;
  }

  /** Reads the named files again (names relative to the folder; anything not a seed is ignored). */
  update(names: Iterable<string>): Promise<ReloadResult> {
    for (const name of names) if (isSeedFileName(name)) this.#pendingNames.add(name);
    return this.#schedule();
  }

  /**
   * Lists the folder again and reads what is new or whose stamp (inode, size, times) changed;
   * for file syncs that raise no watch events. `force` reads every file.
   */
  rescan(options: { force?: boolean } = {}): Promise<ReloadResult> {
    const force = (this.#pendingRescan?.force ?? false) || (options.force ?? false);
    this.#pendingRescan = { force };
    return this.#schedule();
  }

  /** Marks whether a watcher feeds this reloader (shown in the status). */
  set watching(value: boolean) {
    this.#watching = value;
  }

  /** The status of the current snapshot. */
  status(): ContentStatus {
    return contentStatus(this.store.current, this.reloadInfo());
  }

  reloadInfo(): ReloadInfo {
    return {
      lastReload: this.#lastReload,
      lastFailure: this.#lastFailure,
      watching: this.#watching,
    };
  }

  #schedule(): Promise<ReloadResult> {
    const done = new Promise<ReloadResult>((resolve, reject) =>
      this.#waiters.push({ resolve, reject }),
    );
    this.#draining ??= this.#drain();
    return done;
  }

  /** Resolves once no reload is running or queued. */
  async settled(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#waiters.length > 0) {
        const waiters = this.#waiters;
        this.#waiters = [];
        const work: Work[] = [];
        if (this.#pendingRescan) work.push({ kind: 'rescan', ...this.#pendingRescan });
        if (this.#pendingNames.size > 0) work.push({ kind: 'files', names: this.#pendingNames });
        this.#pendingRescan = null;
        this.#pendingNames = new Set();
        try {
          const result = await this.#reload(work);
          this.#lastFailure = null;
          for (const waiter of waiters) waiter.resolve(result);
        } catch (error) {
          this.#lastFailure = { at: new Date(), message: String(error) };
          this.#logger.warn(
            { err: error },
            'content reload failed; still serving the previous snapshot',
          );
          for (const waiter of waiters) waiter.reject(error);
        }
      }
    } finally {
      this.#draining = null;
    }
  }

  async #reload(work: readonly Work[]): Promise<ReloadResult> {
    const started = performance.now();
    const targets = new Set<string>();
    for (const item of work) {
      if (item.kind === 'files') for (const name of item.names) targets.add(name);
      else for (const name of await this.#stale(item.force)) targets.add(name);
    }
    const intern = createInterner();
    const names = [...targets];
    const read = await rereadSeedFiles(this.root, names, intern);
    // Each changed file with what it served before (undefined: new), for the step.
    const changed = new Map<string, SeedFileOutcome | undefined>();
    names.forEach((name, index) => {
      const result = read[index] as LoadedFile | null;
      const before = this.#entries.get(name);
      if (result === null) {
        if (this.#entries.delete(name)) changed.set(name, before?.served);
        return;
      }
      if (before && sameOutcome(before.latest, result.outcome)) {
        // Same content: keep the old records so the snapshot sees no change.
        this.#entries.set(name, { ...before, stamp: result.stamp });
        return;
      }
      const entry = entryFor(result.stamp, result.outcome, before);
      this.#entries.set(name, entry);
      this.#report(entry);
      changed.set(name, before?.served);
    });
    const durationOf = () => performance.now() - started;
    if (changed.size === 0) {
      this.#lastReload = { at: new Date(), durationMs: durationOf(), filesRead: names.length };
      return {
        swapped: false,
        version: this.store.current.version,
        changes: null,
        filesRead: names.length,
        durationMs: durationOf(),
      };
    }
    // The next snapshot from the changed files alone: the cost follows the change.
    const step = this.#assembly.step(
      changed,
      (file) => this.#entries.get(file)?.served,
      this.store.current,
      this.#entries.size,
    );
    const { corpus, changes } = this.store.apply(step);
    const durationMs = durationOf();
    this.#lastReload = { at: corpus.loadedAt, durationMs, filesRead: names.length };
    this.#logger.info(
      {
        corpusVersion: corpus.version,
        filesRead: names.length,
        added: changes.preview.added.length,
        updated: changes.preview.updated.length,
        removed: changes.preview.removed.length,
        errors: corpus.errors.length,
        ms: Math.round(durationMs),
      },
      'content reloaded',
    );
    return { swapped: true, version: corpus.version, changes, filesRead: names.length, durationMs };
  }

  /** Files to read again for a rescan; files gone from the folder are dropped here. */
  async #stale(force: boolean): Promise<string[]> {
    const listed = await listSeedFiles(this.root);
    const present = new Set(listed);
    const gone = [...this.#entries.keys()].filter((name) => !present.has(name));
    const stamps = force ? [] : await stampFiles(this.root, listed);
    const stale = listed.filter(
      (name, i) => force || !sameStamp(this.#entries.get(name)?.stamp ?? null, stamps[i] ?? null),
    );
    // Read the vanished ones too: that confirms the removal and drops their entries.
    return [...stale, ...gone];
  }

  #report(entry: FileEntry): void {
    const servingLastGood = entry.latest.article === null && entry.served.article !== null;
    for (const error of entry.latest.errors) {
      // Where the problem is, never what the file says: content stays out of logs.
      this.#logger.warn(
        {
          file: error.file,
          line: error.line,
          column: error.column,
          path: error.path,
          code: error.code,
          servingLastGood,
        },
        servingLastGood
          ? 'seed file rejected; serving its last good version'
          : 'seed file rejected',
      );
    }
  }

  #assemble() {
    return assembleOutcomes([...this.#entries.values()].map((entry) => entry.served));
  }
}
