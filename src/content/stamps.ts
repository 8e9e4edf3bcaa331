import { lstat, type Stats, stat } from 'node:fs';

/** What identifies a file's version without reading it: changes when it is written or replaced. */
export interface Stamp {
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
}

const stampOf = (s: Stats): Stamp => ({
  dev: s.dev,
  ino: s.ino,
  size: s.size,
  mtimeMs: s.mtimeMs,
  ctimeMs: s.ctimeMs,
});

export const sameStamp = (a: Stamp | null, b: Stamp | null): boolean =>
  a !== null &&
  b !== null &&
  a.dev === b.dev &&
  a.ino === b.ino &&
  a.size === b.size &&
  a.mtimeMs === b.mtimeMs &&
  a.ctimeMs === b.ctimeMs;

/** A file neither stat nor lstat can read: never equal to any stamp, so each rescan retries it. */
export const UNSTAMPED: Stamp = {
  dev: -1,
  ino: -1,
  size: -1,
  mtimeMs: Number.NaN,
  ctimeMs: Number.NaN,
};

/**
 * Follows links like the reader does; null when the file is gone. A file stat cannot follow (a
 * link to itself: ELOOP; a dangling link; EACCES on a link's target) is stamped by the link
 * itself, so it is read (and rejected) like any other file instead of failing the whole load
 * or passing for removed.
 */
export function stampFile(full: string): Promise<Stamp | null> {
  return new Promise((resolve) =>
    stat(full, (error, stats) => {
      if (!error) return resolve(stampOf(stats));
      lstat(full, (linkError, linkStats) => {
        if (!linkError) resolve(stampOf(linkStats));
        else if (linkError.code === 'ENOENT' || linkError.code === 'ENOTDIR') resolve(null);
        else resolve(UNSTAMPED);
      });
    }),
  );
}
