import path from 'node:path';
import { watch } from 'chokidar';
import { isSeedFileName } from '../content/read.ts';
import { batchNames, type DebounceOptions } from './debounce.ts';

/** A burst settles when no event came for this long… */
export const DEFAULT_QUIET_MS = 50;
/** …and no change waits longer than this, even under a steady stream of writes. */
export const DEFAULT_MAX_WAIT_MS = 1_000;

export interface WatchOptions extends Partial<DebounceOptions> {
  /**
   * Also let chokidar hold each event until the file's size stopped changing for this long
   * (its awaitWriteFinish). Off by default: the quiet window already waits out ordinary writes,
   * a torn read keeps the last good version, and the write's final event reads it again.
   */
  readonly writeFinishMs?: number;
  /** Poll instead of inotify (network and some container filesystems). */
  readonly usePolling?: boolean;
  /** Told about watcher failures (such as running out of inotify watches). */
  readonly onError?: (error: unknown) => void;
}

export interface SeedWatcher {
  close(): Promise<void>;
}

/**
 * Watches one seeds folder (not its subfolders) and hands over the names of seed files that
 * were added, changed or removed, a burst at a time. Editor temp files (`.x.txt.swp`, `x.txt~`,
 * `.#x`) are not seed names and never reach `onChanges`; an atomic save (temp file renamed over
 * the seed) arrives as a change of the seed itself.
 */
export async function watchSeedFolder(
  root: string,
  onChanges: (names: ReadonlySet<string>) => void,
  options: WatchOptions = {},
): Promise<SeedWatcher> {
  const folder = path.resolve(root);
  const batcher = batchNames(
    {
      quietMs: options.quietMs ?? DEFAULT_QUIET_MS,
      maxWaitMs: options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS,
    },
    onChanges,
  );
  const watcher = watch(folder, {
    ignoreInitial: true,
    depth: 0,
    ignored: (p: string) => path.resolve(p) !== folder && !isSeedFileName(path.basename(p)),
    awaitWriteFinish:
      options.writeFinishMs === undefined
        ? false
        : { stabilityThreshold: options.writeFinishMs, pollInterval: 10 },
    usePolling: options.usePolling ?? false,
  });
  const onEvent = (file: string) => {
    const name = path.relative(folder, path.resolve(folder, file));
    if (isSeedFileName(name)) batcher.add(name);
  };
  watcher.on('add', onEvent).on('change', onEvent).on('unlink', onEvent);
  watcher.on('error', (error) => {
    // A seed chokidar cannot stat (a link to itself, no permission) is the reader's to report,
    // as that file's rejection; it is no failure of the watch.
    const file = (error as NodeJS.ErrnoException).path;
    if (
      file &&
      path.dirname(path.resolve(file)) === folder &&
      isSeedFileName(path.basename(file))
    ) {
      return;
    }
    options.onError?.(error);
  });
  await new Promise<void>((resolve) => watcher.once('ready', resolve));
  return {
    async close() {
      batcher.cancel();
      await watcher.close();
    },
  };
}
