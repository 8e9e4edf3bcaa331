import { type FSWatcher, watch } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { isSeedFileName } from '../content/read.ts';
import { batchNames, type DebounceOptions } from './debounce.ts';

/** A burst settles when no event came for this long… */
export const DEFAULT_QUIET_MS = 50;
/** …and no change waits longer than this, even under a steady stream of writes. */
export const DEFAULT_MAX_WAIT_MS = 1_000;
/** How often a watcher whose folder went away looks for it again. */
const RESTART_RETRY_MS = 1_000;

export interface WatchOptions extends Partial<DebounceOptions> {
  /** Told about watcher failures (such as running out of inotify watches). */
  readonly onError?: (error: unknown) => void;
}

export interface SeedWatcher {
  close(): Promise<void>;
}

export interface SeedFolderListener {
  /** The names of seed files added, changed or removed, a burst at a time. */
  readonly onChanges: (names: ReadonlySet<string>) => void;
  /**
   * An event could not say which file changed (no name, a watch error, the folder replaced
   * and watched again): the whole folder has to be compared with the snapshot.
   */
  readonly onRescan: () => void;
}

/**
 * Watches one flat seeds folder with the platform's own folder watch (`fs.watch`: inotify,
 * FSEvents, ReadDirectoryChangesW), which names the file of each event. So a change costs what
 * changed: the folder is never listed for an event, and no event is lost while the process is
 * busy (the kernel queues them). Only seed names reach `onChanges`: editor temp files
 * (`.x.txt.swp`, `x.txt~`, `.#x`) never do, and an atomic save (temp file renamed over the seed)
 * arrives as a change of the seed itself. Subfolders are not followed.
 */
export async function watchSeedFolder(
  root: string,
  listener: SeedFolderListener,
  options: WatchOptions = {},
): Promise<SeedWatcher> {
  const folder = path.resolve(root);
  const batcher = batchNames(
    {
      quietMs: options.quietMs ?? DEFAULT_QUIET_MS,
      maxWaitMs: options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS,
    },
    listener.onChanges,
  );
  let closed = false;
  let watcher: FSWatcher | undefined;
  let watchedInode: number | undefined;
  let retry: NodeJS.Timeout | undefined;
  let checking = false;
  // A folder that stays missing (or inotify watches that stay exhausted) is reported once, not
  // on every retry.
  let failing = false;

  const stop = () => {
    watcher?.close();
    watcher = undefined;
  };

  /** Starts (or restarts) the watch on whatever folder is at the path now. */
  const start = async (): Promise<boolean> => {
    stop();
    try {
      const inode = (await stat(folder)).ino;
      if (closed) return false;
      watcher = watch(folder, { persistent: true }, onEvent);
      watcher.on('error', onFailure);
      watchedInode = inode;
      failing = false;
      return true;
    } catch (error) {
      if (!failing) options.onError?.(error);
      failing = true;
      return false;
    }
  };

  /** Watches again until it works, then compares the whole folder (events were missed). */
  const restart = async () => {
    clearTimeout(retry);
    retry = undefined;
    if (closed) return;
    if (await start()) listener.onRescan();
    else if (!closed) retry = setTimeout(restart, RESTART_RETRY_MS);
  };

  function onFailure(error: unknown) {
    options.onError?.(error);
    stop();
    void restart();
  }

  /**
   * An event naming the folder itself (or none) may mean the folder was moved, deleted or
   * replaced: a watch follows the old folder, so watch the path again if it is another one.
   */
  const checkFolder = async () => {
    if (checking || closed) return;
    checking = true;
    try {
      const inode = await stat(folder).then(
        (s) => s.ino,
        () => undefined,
      );
      if (closed) return;
      if (inode === undefined || inode !== watchedInode) await restart();
      else listener.onRescan();
    } finally {
      checking = false;
    }
  };

  function onEvent(_event: string, file: string | Buffer | null) {
    if (closed) return;
    const name = file === null ? null : file.toString();
    if (name === null || name === '' || name === path.basename(folder)) {
      void checkFolder();
      return;
    }
    // Flat folder: a name with a separator is no seed of ours.
    if (!name.includes(path.sep) && isSeedFileName(name)) batcher.add(name);
  }

  // Not watching yet (the error is reported) is no reason to stop serving: keep trying.
  if (!(await start())) retry = setTimeout(restart, RESTART_RETRY_MS);
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      batcher.cancel();
      stop();
    },
  };
}
