import type { ContentStore } from '../corpus/store.ts';
import { type LiveLogger, type ReloaderOptions, type ReloadResult, Reloader } from './reloader.ts';
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
  /** A full rescan (SIGHUP, POST /admin/reload): for file syncs that raise no watch events. */
  reload(options?: { force?: boolean }): Promise<ReloadResult>;
  status(): ContentStatus;
  /** Stops watching and waits for a running reload to finish. */
  close(): Promise<void>;
}

export async function openLiveContent(options: LiveContentOptions): Promise<LiveContent> {
  const logger: LiveLogger = options.logger ?? { info: () => {}, warn: () => {} };
  const reloader = await Reloader.open(options);
  let watcher: SeedWatcher | undefined;
  if (options.watch) {
    const watchOptions = options.watch === true ? {} : options.watch;
    watcher = await watchSeedFolder(
      reloader.root,
      // A failed reload is logged by the reloader and keeps the previous snapshot.
      (names) => void reloader.update(names).catch(() => {}),
      {
        ...watchOptions,
        onError: (error) => logger.warn({ err: error }, 'watching the seeds folder failed'),
      },
    );
    reloader.watching = true;
    // Files written between the first read and the watcher's start raised no event.
    await reloader.rescan();
  }
  return {
    store: reloader.store,
    reloader,
    watching: watcher !== undefined,
    reload: (reloadOptions) => reloader.rescan(reloadOptions),
    status: () => reloader.status(),
    async close() {
      await watcher?.close();
      reloader.watching = false;
      await reloader.settled();
    },
  };
}
