import {
  close,
  closeSync,
  constants,
  fstat,
  fstatSync,
  lstat,
  lstatSync,
  open,
  openSync,
  read,
  readSync,
  realpath,
  realpathSync,
  type Stats,
} from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
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

export function isSeedFileName(name: string): boolean {
  return (
    !name.startsWith('.') && SEED_EXTENSIONS.includes(path.extname(name)) && !name.includes('/')
  );
}

/**
 * O_NONBLOCK: opening a FIFO (or a link to one) for reading would otherwise wait for a writer
 * forever, holding a thread-pool thread and the reload with it; non-blocking, the open returns
 * at once and fstat on the descriptor rejects it. O_NOFOLLOW (for entries listed as regular
 * files) makes the open fail on a link, so such an entry needs no lstat of its own and cannot
 * be swapped for a link in between.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const OPEN_NO_FOLLOW =
  constants.O_NOFOLLOW === undefined ? undefined : OPEN_FLAGS | constants.O_NOFOLLOW;
const isLinkError = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ELOOP';

/** One file-system step of a read; the same steps run blocking (workers) or async (the loop). */
type Step =
  | { readonly op: 'lstat'; readonly path: string }
  | { readonly op: 'realpath'; readonly path: string }
  | { readonly op: 'open'; readonly path: string; readonly flags: number }
  | { readonly op: 'fstat'; readonly fd: number }
  | {
      readonly op: 'read';
      readonly fd: number;
      readonly buffer: Buffer;
      readonly offset: number;
      readonly length: number;
      readonly position: number;
    }
  | { readonly op: 'close'; readonly fd: number };

type StepResult = Stats | string | number;
type ReadSteps = Generator<Step, Uint8Array | Problem, StepResult>;

/**
 * The one set of rules for reading a seed, whatever calls it (first load, worker threads,
 * reloads, rescans, `check`): a regular file (or a link that stays inside the folder),
 * checked with fstat on the opened descriptor, at most `maxBytes`, the read capped so a file
 * that grows in between cannot slip through. Any error (ELOOP, EACCES, EIO, a vanished file)
 * becomes a problem for this file only.
 */
function* seedReadSteps(
  root: string,
  name: string,
  maxBytes: number,
  kind: SeedEntryKind | undefined,
): ReadSteps {
  const full = path.join(root, name);
  if (kind === 'other') return notAFile();
  try {
    let fd: number | undefined;
    if (kind === 'file' && OPEN_NO_FOLLOW !== undefined) {
      try {
        fd = (yield { op: 'open', path: full, flags: OPEN_NO_FOLLOW }) as number;
      } catch (error) {
        if (!isLinkError(error)) throw error;
      }
    }
    if (fd === undefined) {
      if (((yield { op: 'lstat', path: full }) as Stats).isSymbolicLink()) {
        const target = (yield { op: 'realpath', path: full }) as string;
        const base = (yield { op: 'realpath', path: root }) as string;
        if (!target.startsWith(base + path.sep)) return outsideFolder();
      }
      fd = (yield { op: 'open', path: full, flags: OPEN_FLAGS }) as number;
    }
    try {
      const stat = (yield { op: 'fstat', fd }) as Stats;
      if (!stat.isFile()) return notAFile();
      if (stat.size > maxBytes) return tooLarge(stat.size, maxBytes);
      const buffer = Buffer.allocUnsafe(stat.size + 1);
      let bytesRead = 0;
      for (;;) {
        const n = (yield {
          op: 'read',
          fd,
          buffer,
          offset: bytesRead,
          length: buffer.length - bytesRead,
          position: bytesRead,
        }) as number;
        if (n === 0) break;
        bytesRead += n;
        if (bytesRead === buffer.length) break;
      }
      if (bytesRead > maxBytes) return tooLarge(bytesRead, maxBytes);
      if (bytesRead > stat.size) return grewWhileRead();
      return buffer.subarray(0, bytesRead);
    } finally {
      yield { op: 'close', fd };
    }
  } catch (error) {
    return readFailed(error);
  }
}

const fsAsync = {
  lstat: promisify(lstat),
  realpath: promisify(realpath),
  open: promisify(open),
  fstat: promisify(fstat),
  read: promisify(read),
  close: promisify(close),
};

function runStepSync(step: Step): StepResult {
  switch (step.op) {
    case 'lstat':
      return lstatSync(step.path);
    case 'realpath':
      return realpathSync(step.path);
    case 'open':
      return openSync(step.path, step.flags);
    case 'fstat':
      return fstatSync(step.fd);
    case 'read':
      return readSync(step.fd, step.buffer, step.offset, step.length, step.position);
    case 'close':
      closeSync(step.fd);
      return 0;
  }
}

async function runStep(step: Step): Promise<StepResult> {
  switch (step.op) {
    case 'lstat':
      return fsAsync.lstat(step.path);
    case 'realpath':
      return fsAsync.realpath(step.path);
    case 'open':
      return fsAsync.open(step.path, step.flags);
    case 'fstat':
      return fsAsync.fstat(step.fd);
    case 'read':
      return (await fsAsync.read(step.fd, step.buffer, step.offset, step.length, step.position))
        .bytesRead;
    case 'close':
      await fsAsync.close(step.fd);
      return 0;
  }
}

/** Reads one seed (see seedReadSteps) on the event loop. */
export async function readSeedFile(
  root: string,
  name: string,
  maxBytes = MAX_SEED_BYTES,
  kind?: SeedEntryKind,
): Promise<Uint8Array | Problem> {
  const steps = seedReadSteps(root, name, maxBytes, kind);
  let next = steps.next();
  while (!next.done) {
    let result: StepResult;
    try {
      result = await runStep(next.value);
    } catch (error) {
      next = steps.throw(error);
      continue;
    }
    next = steps.next(result);
  }
  return next.value;
}

/**
 * The same read without the event loop: for worker threads, where a blocking read is cheaper
 * than five thread-pool round trips per small file.
 */
export function readSeedFileSync(
  root: string,
  name: string,
  maxBytes = MAX_SEED_BYTES,
  kind?: SeedEntryKind,
): Uint8Array | Problem {
  const steps = seedReadSteps(root, name, maxBytes, kind);
  let next = steps.next();
  while (!next.done) {
    let result: StepResult;
    try {
      result = runStepSync(next.value);
    } catch (error) {
      next = steps.throw(error);
      continue;
    }
    next = steps.next(result);
  }
  return next.value;
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
