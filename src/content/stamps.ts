import { lstatSync, type Stats, statSync } from 'node:fs';
import path from 'node:path';
import { mapInBatches } from './map-limit.ts';

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

/** Files stamped per turn of the event loop by `stampFiles`: ~10 ms of work. */
const STAMP_BATCH = 2_000;

/**
 * `stampFileSync` for every file of a listing, in its order. The stats are synchronous, in batches
 * with a yield to the event loop between two: a stat through the thread pool costs ~30 µs of CPU
 * in callbacks and promises, a synchronous one ~6 µs (a start stamps every file: at 100,000
 * files 3.2 s of CPU against 0.6 s, BENCHMARKS.md "Service start").
 */
export async function stampFiles(
  root: string,
  names: readonly string[],
): Promise<(Stamp | null)[]> {
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  return mapInBatches(names, STAMP_BATCH, (name) => stampFileSync(prefix + name));
}

/**
 * Follows links like the reader does; null when the file is gone. A file stat cannot follow (a
 * link to itself: ELOOP; a dangling link; EACCES on a link's target) is stamped by the link
 * itself, so it is read (and rejected) like any other file instead of failing the whole load
 * or passing for removed.
 */
export function stampFileSync(full: string): Stamp | null {
  try {
    const stats = statSync(full, { throwIfNoEntry: false });
    if (stats) return stampOf(stats);
  } catch {
    // ELOOP, EACCES on a link's target...: stamped by the link itself below.
  }
  try {
    const linkStats = lstatSync(full, { throwIfNoEntry: false });
    return linkStats ? stampOf(linkStats) : null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? null : UNSTAMPED;
  }
}
