import type { LoadResult } from '../content/load.ts';
import type { Corpus } from '../corpus/corpus.ts';
import type { ContentStore } from '../corpus/store.ts';
import { type LiveLogger, Reloader, type ReloaderOptions, type ReloadResult } from './reloader.ts';
import type { ContentStatus } from './status.ts';
import { type SeedWatcher, type WatchOptions, watchSeedFolder } from './watcher.ts';

export interface LiveContentOptions extends ReloaderOptions {
  /** Follow the folder as it changes; `true` for the default debounce. */
  readonly watch?: boolean | WatchOptions;
}

/** The seeds folder as a store that follows it: watched, or reloaded on demand. */
export interface LiveContent {
  readonly store: ContentStore;
  readonly reloader: Reloader;
  readonly watching: boolean;
  /** Starts following the folder (once); resolves when the watcher is ready. */
  watch(options?: WatchOptions): Promise<void>;
  /** A full rescan (SIGHUP, POST /admin/reload): for file syncs that raise no watch events. */
  reload(options?: { force?: boolean }): Promise<ReloadResult>;
  status(): ContentStatus;
  /** Stops watching and waits for a running reload to finish. */
  close(): Promise<void>;
}

/** A snapshot's content as a load result, for code that reports on loads. */
export const loadResultOf = (corpus: Corpus): LoadResult => ({
  articles: corpus.all,
  errors: corpus.errors,
  warnings: corpus.warnings,
  files: corpus.files,
});

export async function openLiveContent(options: LiveContentOptions): Promise<LiveContent> {
  const logger: LiveLogger = options.logger ?? { info: () => {}, warn: () => {} };
  const reloader = await Reloader.open(options);
  let watcher: SeedWatcher | undefined;
  const live: LiveContent = {
    store: reloader.store,
    reloader,
    get watching() {
      return watcher !== undefined;
    },
    async watch(watchOptions = {}) {
      if (watcher) return;
      watcher = await watchSeedFolder(
        reloader.root,
        // A failed reload is logged by the reloader and keeps the previous snapshot.
        {
          onChanges: (names) => void reloader.update(names).catch(() => {}),
          onRescan: () => void reloader.rescan().catch(() => {}),
        },
        {
          ...watchOptions,
          onError: (error) => logger.warn({ err: error }, 'watching the seeds folder failed'),
        },
      );
      reloader.watching = true;
      // Files written between the first read and the watcher's start raised no event.
      await reloader.rescan();
    },
    reload: (reloadOptions) => reloader.rescan(reloadOptions),
    status: () => reloader.status(),
    async close() {
      await watcher?.close();
      watcher = undefined;
      reloader.watching = false;
      await reloader.settled();
      await reloader.cacheWritten;
      reloader.store.close();
    },
  };
  if (options.watch) await live.watch(options.watch === true ? {} : options.watch);
  return live;
}
