import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  realpathSync,
} from 'node:fs';
import { lstat, open, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { type ContentError, ContentErrorCode } from './errors.ts';

export const MAX_SEED_BYTES = 256 * 1024;
export const SEED_EXTENSIONS: readonly string[] = ['.txt', '.md'];

type Problem = Omit<ContentError, 'file'>;

/** What the folder listing says an entry is; `file` lets a read skip its own lstat. */
export type SeedEntryKind = 'file' | 'link' | 'other';

export interface SeedEntry {
  readonly name: string;
  readonly kind: SeedEntryKind;
}

/** Seed files in a folder (not recursive) with their kind, sorted by name (byte order). */
export async function listSeedEntries(root: string): Promise<SeedEntry[]> {
  const entries = await readdir(root, { withFileTypes: true });
  return entries
    .filter((e) => isSeedFileName(e.name))
    .map((e) => ({
      name: e.name,
      kind: e.isFile() ? 'file' : e.isSymbolicLink() ? 'link' : ('other' as SeedEntryKind),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Seed file names in a folder (not recursive), sorted so that every run sees the same order. */
export async function listSeedFiles(root: string): Promise<string[]> {
  return (await listSeedEntries(root)).map((e) => e.name);
}

/**
 * Opening with O_NOFOLLOW fails on a link, so an entry listed as a regular file needs no lstat of
 * its own (a third of the syscalls per file) and still cannot be swapped for a link in between.
 */
const OPEN_NO_FOLLOW =
  constants.O_NOFOLLOW === undefined ? undefined : constants.O_RDONLY | constants.O_NOFOLLOW;
const isLinkError = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ELOOP';

export function isSeedFileName(name: string): boolean {
  return (
    !name.startsWith('.') && SEED_EXTENSIONS.includes(path.extname(name)) && !name.includes('/')
  );
}

/**
 * Reads one seed with its bounds enforced before any parsing: a regular file (or a link that
 * stays inside the folder), at most MAX_SEED_BYTES. The size is checked on the open handle and
 * the read is capped, so a file that grows in between cannot slip through.
 */
export async function readSeedFile(
  root: string,
  name: string,
  maxBytes = MAX_SEED_BYTES,
  kind?: SeedEntryKind,
): Promise<Uint8Array | Problem> {
  const full = path.join(root, name);
  if (kind === 'other') return notAFile();
  try {
    let handle: Awaited<ReturnType<typeof open>> | undefined;
    if (kind === 'file' && OPEN_NO_FOLLOW !== undefined) {
      handle = await open(full, OPEN_NO_FOLLOW).catch((error) => {
        if (isLinkError(error)) return undefined;
        throw error;
      });
    }
    if (!handle) {
      if ((await lstat(full)).isSymbolicLink()) {
        const [target, base] = await Promise.all([realpath(full), realpath(root)]);
        if (!target.startsWith(base + path.sep)) return outsideFolder();
      }
      handle = await open(full, 'r');
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) return notAFile();
      if (stat.size > maxBytes) return tooLarge(stat.size, maxBytes);
      const buffer = Buffer.allocUnsafe(stat.size + 1);
      let bytesRead = 0;
      for (;;) {
        const { bytesRead: n } = await handle.read(
          buffer,
          bytesRead,
          buffer.length - bytesRead,
          bytesRead,
        );
        if (n === 0) break;
        bytesRead += n;
        if (bytesRead === buffer.length) break;
      }
      if (bytesRead > maxBytes) return tooLarge(bytesRead, maxBytes);
      if (bytesRead > stat.size) return grewWhileRead();
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    return readFailed(error);
  }
}

/**
 * readSeedFile without the event loop: for worker threads, where a blocking read is cheaper than
 * five thread-pool round trips per small file. Same bounds, same problems.
 */
export function readSeedFileSync(
  root: string,
  name: string,
  maxBytes = MAX_SEED_BYTES,
  kind?: SeedEntryKind,
): Uint8Array | Problem {
  const full = path.join(root, name);
  if (kind === 'other') return notAFile();
  try {
    let fd: number | undefined;
    if (kind === 'file' && OPEN_NO_FOLLOW !== undefined) {
      try {
        fd = openSync(full, OPEN_NO_FOLLOW);
      } catch (error) {
        if (!isLinkError(error)) throw error;
      }
    }
    if (fd === undefined) {
      if (lstatSync(full).isSymbolicLink()) {
        const target = realpathSync(full);
        if (!target.startsWith(realpathSync(root) + path.sep)) return outsideFolder();
      }
      fd = openSync(full, 'r');
    }
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) return notAFile();
      if (stat.size > maxBytes) return tooLarge(stat.size, maxBytes);
      const buffer = Buffer.allocUnsafe(stat.size + 1);
      let bytesRead = 0;
      for (;;) {
        const n = readSync(fd, buffer, bytesRead, buffer.length - bytesRead, bytesRead);
        if (n === 0) break;
        bytesRead += n;
        if (bytesRead === buffer.length) break;
      }
      if (bytesRead > maxBytes) return tooLarge(bytesRead, maxBytes);
      if (bytesRead > stat.size) return grewWhileRead();
      return buffer.subarray(0, bytesRead);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return readFailed(error);
  }
}

const outsideFolder = (): Problem => ({
  code: ContentErrorCode.OutsideFolder,
  path: '',
  message: 'the file is a link that leads outside the seeds folder',
});

const notAFile = (): Problem => ({
  code: ContentErrorCode.NotAFile,
  path: '',
  message: 'not a regular file',
});

const grewWhileRead = (): Problem => ({
  code: ContentErrorCode.ReadFailed,
  path: '',
  message: 'the file changed while it was read; check it again',
});

function readFailed(error: unknown): Problem {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
  return {
    code: ContentErrorCode.ReadFailed,
    path: '',
    message: `the file could not be read (${code})`,
  };
}

function tooLarge(size: number, maxBytes: number): Problem {
  return {
    code: ContentErrorCode.FileTooLarge,
    path: '',
    message: `the file has ${size} bytes or more; seeds may have at most ${maxBytes}`,
  };
}
