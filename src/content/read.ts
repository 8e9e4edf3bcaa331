import { lstat, open, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { type ContentError, ContentErrorCode } from './errors.ts';

export const MAX_SEED_BYTES = 256 * 1024;
export const SEED_EXTENSIONS: readonly string[] = ['.txt', '.md'];

type Problem = Omit<ContentError, 'file'>;

/** Seed file names in a folder (not recursive), sorted so that every run sees the same order. */
export async function listSeedFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true });
  return entries
    .filter((e) => !e.name.startsWith('.') && SEED_EXTENSIONS.includes(path.extname(e.name)))
    .map((e) => e.name)
    .sort();
}

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
): Promise<Uint8Array | Problem> {
  const full = path.join(root, name);
  try {
    const info = await lstat(full);
    if (info.isSymbolicLink()) {
      const [target, base] = await Promise.all([realpath(full), realpath(root)]);
      if (!target.startsWith(base + path.sep)) {
        return {
          code: ContentErrorCode.OutsideFolder,
          path: '',
          message: 'the file is a link that leads outside the seeds folder',
        };
      }
    }
    const handle = await open(full, 'r');
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) {
        return { code: ContentErrorCode.NotAFile, path: '', message: 'not a regular file' };
      }
      if (stat.size > maxBytes) {
        return tooLarge(stat.size, maxBytes);
      }
      const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      if (bytesRead > maxBytes) return tooLarge(bytesRead, maxBytes);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
    return {
      code: ContentErrorCode.ReadFailed,
      path: '',
      message: `the file could not be read (${code})`,
    };
  }
}

function tooLarge(size: number, maxBytes: number): Problem {
  return {
    code: ContentErrorCode.FileTooLarge,
    path: '',
    message: `the file has ${size} bytes or more; seeds may have at most ${maxBytes}`,
  };
}
