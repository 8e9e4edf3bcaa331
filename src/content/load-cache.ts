import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { chmod, type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Packr } from 'msgpackr';
import { type StoredRecord, storedRecord } from './normalise.ts';
import type { SeedFileOutcome } from './seed-file.ts';
import type { Stamp } from './stamps.ts';

/**
 * The persisted load cache: for each seed file, its stamp (dev, inode, size, mtime, ctime) and
 * what checking it gave, so a restart parses only files whose stamp changed. Only a cache:
 * without it, or when it cannot be trusted, every file is read again and the result is the
 * same.
 *
 * One file, written whole to a temporary name and renamed (a crash leaves the old cache or the
 * new one, never a mix):
 *   MAGIC | u32 header length | header JSON | (u32 chunk length | msgpack chunk)* | u32 0 | sha256
 * The SHA-256 covers everything before it, so a truncated or corrupt file is refused before a
 * byte of it is decoded; the header names the format, the code version and the seeds folder.
 * msgpackr won the measurement against v8.serialize and lmdb (BENCHMARKS.md, "Load cache format").
 *
 * It stores what the seed files hold, drafts and the `secured` blob included (the ciphertext as
 * written in the file; newsgraph never decrypts it, so no plaintext exists to store). The folder
 * is created 0700 and the file 0600: readable by the service's user only, like the seeds folder.
 */
/** A file's outcome as stored: its record as plain data (see `storedRecord`). */
export interface StoredOutcome extends Omit<SeedFileOutcome, 'article'> {
  readonly article: StoredRecord | null;
}

/** A cached file as read: decoded for this load only (`reviveRecord` freezes it in place). */
export interface CachedFile {
  readonly stamp: Stamp;
  readonly outcome: StoredOutcome;
}

export interface CacheEntry {
  readonly name: string;
  readonly stamp: Stamp;
  readonly outcome: SeedFileOutcome;
}

const MAGIC = Buffer.from('newsgraph-cache\n');
/** Bump when the file layout or the entry shape changes (2: outcomes with normalised records). */
export const CACHE_FORMAT = 2;
const CACHE_FILE = 'load-cache.bin';
const DIGEST_BYTES = 32;
/** Entries per chunk: the write yields to the event loop between two. */
const CHUNK_ENTRIES = 1_000;

/** What the cached outcomes depend on besides the file: our checking code and its parsers. */
let codeVersion: string | undefined;
export function loadCodeVersion(): string {
  if (codeVersion !== undefined) return codeVersion;
  const hash = createHash('sha256');
  const dir = import.meta.dirname;
  // Sync: runs once per process, over ~20 small files.
  const sources = readdirSync(dir)
    .filter((name) => name.endsWith('.ts') || name.endsWith('.mjs'))
    .sort();
  for (const name of sources) hash.update(name).update(readFileSync(path.join(dir, name)));
  const require = createRequire(import.meta.url);
  for (const dependency of ['yaml', 'zod', 'gray-matter', 'msgpackr']) {
    hash.update(`${dependency}@${dependencyVersion(require, dependency)}`);
  }
  codeVersion = hash.digest('hex');
  return codeVersion;
}

function dependencyVersion(require: NodeJS.Require, name: string): string {
  try {
    const main = require.resolve(name);
    const marker = `${path.sep}node_modules${path.sep}${name}${path.sep}`;
    const root = main.slice(0, main.lastIndexOf(marker) + marker.length);
    return (
      JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }
    ).version;
  } catch {
    return 'unknown';
  }
}

/** The cache folder of one seeds folder under the cache base: one per absolute folder path. */
export function cacheFolderFor(base: string, root: string): string {
  return path.join(base, createHash('sha256').update(root).digest('hex').slice(0, 16));
}

type Row = [string, number, number, number, number, number, StoredOutcome];

const packr = () => new Packr({ useRecords: true, moreTypes: false });

/** Bytes hashed per read while checking the checksum. */
const READ_BLOCK = 8 * 1024 * 1024;

/**
 * The cached entries of a seeds folder, or an empty map with a warning when the cache is
 * missing (silently), corrupt, truncated, of another format or another code version. Read in
 * two passes over the open file: the checksum, block by block, before a byte is decoded; then
 * the chunks, one buffer each. The file is never in memory whole (at 1,000,000 files it holds
 * ~1.8 GB, and one read of a file above 2 GiB fails).
 */
export async function readLoadCache(
  folder: string,
  root: string,
  warn: (message: string) => void,
): Promise<Map<string, CachedFile>> {
  const file = path.join(folder, CACHE_FILE);
  const unreadable = (error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      warn(
        `the load cache ${file} could not be read (${(error as NodeJS.ErrnoException).code}); loading every seed file`,
      );
    }
    return new Map<string, CachedFile>();
  };
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    return unreadable(error);
  }
  const refusal = (reason: string) => {
    warn(`the load cache ${file} is ${reason}; ignoring it and loading every seed file`);
    return new Map<string, CachedFile>();
  };
  try {
    return await readOpenCache(handle, root, refusal);
  } catch (error) {
    return error instanceof CacheShapeError
      ? refusal(`corrupt or truncated (${error.message})`)
      : unreadable(error);
  } finally {
    await handle.close();
  }
}

async function readOpenCache(
  handle: FileHandle,
  root: string,
  refusal: (reason: string) => Map<string, CachedFile>,
): Promise<Map<string, CachedFile>> {
  const size = (await handle.stat()).size;
  if (size < MAGIC.length + 4 + DIGEST_BYTES) {
    return refusal('not a newsgraph load cache (or truncated)');
  }
  /** Exactly `length` bytes at `position`, in a buffer of their own. */
  const bytesAt = async (position: number, length: number): Promise<Buffer> => {
    const buffer = Buffer.allocUnsafe(length);
    for (let done = 0; done < length; ) {
      const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
      if (bytesRead === 0) throw new CacheShapeError('it was cut while being read');
      done += bytesRead;
    }
    return buffer;
  };
  const bodyLength = size - DIGEST_BYTES;
  if (!(await bytesAt(0, MAGIC.length)).equals(MAGIC)) {
    return refusal('not a newsgraph load cache (or truncated)');
  }
  const hash = createHash('sha256');
  for (let position = 0; position < bodyLength; position += READ_BLOCK) {
    hash.update(await bytesAt(position, Math.min(READ_BLOCK, bodyLength - position)));
  }
  if (!hash.digest().equals(await bytesAt(bodyLength, DIGEST_BYTES))) {
    return refusal('corrupt or truncated (checksum mismatch)');
  }
  try {
    let offset = MAGIC.length;
    /** The next `length` bytes of the body (past its end: corrupt). */
    const next = async (length: number): Promise<Buffer> => {
      if (offset + length > bodyLength) throw new CacheShapeError('a part runs past the end');
      const bytes = await bytesAt(offset, length);
      offset += length;
      return bytes;
    };
    const headerLength = (await next(4)).readUInt32LE(0);
    const header = JSON.parse((await next(headerLength)).toString('utf8')) as {
      format?: unknown;
      code?: unknown;
      root?: unknown;
    };
    if (header.format !== CACHE_FORMAT)
      return refusal(`of another format (${String(header.format)})`);
    if (header.code !== loadCodeVersion()) return refusal('from another version of newsgraph');
    if (header.root !== root) return refusal('for another seeds folder');
    const entries = new Map<string, CachedFile>();
    const unpackr = packr();
    for (;;) {
      const length = (await next(4)).readUInt32LE(0);
      if (length === 0) break;
      // One buffer per chunk: msgpackr keeps its last input alive, never more than that.
      const rows = unpackr.unpack(await next(length)) as Row[];
      for (const [name, dev, ino, size, mtimeMs, ctimeMs, outcome] of rows) {
        entries.set(name, { stamp: { dev, ino, size, mtimeMs, ctimeMs }, outcome });
      }
    }
    if (offset !== bodyLength) return refusal('corrupt (bytes after the end)');
    return entries;
  } catch (error) {
    return refusal(`corrupt (${(error as Error).message})`);
  }
}

/** The file's parts do not fit together (caught as a refusal, not as a read failure). */
class CacheShapeError extends Error {}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes the cache in chunks, yielding to the event loop between two so requests keep being
 * answered; to a temporary file renamed at the end. Failures are warnings: the cache is optional.
 */
export async function writeLoadCache(
  folder: string,
  root: string,
  entries: readonly CacheEntry[],
  warn: (message: string) => void,
): Promise<void> {
  const file = path.join(folder, CACHE_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    // mkdir keeps the mode of a folder that exists; the cache holds drafts, so make sure.
    await chmod(folder, 0o700);
    const handle = await open(temp, 'w', 0o600);
    try {
      const hash = createHash('sha256');
      const write = async (chunk: Uint8Array) => {
        hash.update(chunk);
        await handle.write(chunk);
      };
      const header = Buffer.from(
        JSON.stringify({ format: CACHE_FORMAT, code: loadCodeVersion(), root }),
      );
      const u32 = (n: number) => {
        const b = Buffer.alloc(4);
        b.writeUInt32LE(n);
        return b;
      };
      await write(Buffer.concat([MAGIC, u32(header.length), header]));
      const packer = packr();
      for (let i = 0; i < entries.length; i += CHUNK_ENTRIES) {
        const rows: Row[] = entries
          .slice(i, i + CHUNK_ENTRIES)
          .map(({ name, stamp, outcome }) => [
            name,
            stamp.dev,
            stamp.ino,
            stamp.size,
            stamp.mtimeMs,
            stamp.ctimeMs,
            { ...outcome, article: outcome.article && storedRecord(outcome.article) },
          ]);
        const packed = packer.pack(rows);
        await write(Buffer.concat([u32(packed.length), packed]));
        await yieldToEventLoop();
      }
      await write(u32(0));
      await handle.write(hash.digest());
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    warn(
      `the load cache could not be written to ${file} (${(error as Error).message}); the next start parses every file`,
    );
  }
}
