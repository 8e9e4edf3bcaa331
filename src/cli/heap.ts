import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { constants, totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { isSeedFileName } from '../content/read.ts';

/**
 * The heap a seeds folder needs, so nobody passes --max-old-space-size by hand. Measured on a
 * served 100,000-article folder (BENCHMARKS.md, "Service start"): ~5.2 KB of heap per article
 * once started, with peaks during the first load (checked seeds and records side by side) about
 * twice that; the budget below leaves room above the peak.
 */
export const HEAP_BYTES_PER_FILE = 12 * 1024;
const HEAP_BASE_BYTES = 512 * 1024 * 1024;
/** Never more than this share of the machine's memory: the OS, page cache and workers need the rest. */
const MAX_SHARE_OF_MEMORY = 0.75;

/** The heap limit in MiB for a folder of `files` seed files on a machine with `memory` bytes. */
export function heapLimitMiB(files: number, memory: number): number {
  const wanted = HEAP_BASE_BYTES + files * HEAP_BYTES_PER_FILE;
  return Math.floor(Math.min(wanted, memory * MAX_SHARE_OF_MEMORY) / 1024 / 1024);
}

const chosenByHand = (args: readonly string[]) =>
  args.some((arg) => arg.startsWith('--max-old-space-size'));

/**
 * When the folder needs more heap than this process has, runs the same command again in a child
 * process with the limit it needs (signals forwarded, its exit code returned); undefined when this
 * process can go on as it is. A limit given by hand (flags or NODE_OPTIONS) is always kept.
 */
export async function rerunWithHeapFor(seedsDir: string): Promise<number | undefined> {
  if (
    chosenByHand(process.execArgv) ||
    chosenByHand((process.env.NODE_OPTIONS ?? '').split(/\s+/))
  ) {
    return undefined;
  }
  const names = await readdir(seedsDir).catch(() => null);
  if (names === null) return undefined; // the command itself reports a missing folder
  const files = names.filter(isSeedFileName).length;
  const limit = heapLimitMiB(files, totalmem());
  const current = getHeapStatistics().heap_size_limit / 1024 / 1024;
  if (limit <= current) return undefined;
  // Its own process group: a Ctrl-C reaches the child once (forwarded), not twice.
  const child = spawn(
    process.execPath,
    [...process.execArgv, `--max-old-space-size=${limit}`, ...process.argv.slice(1)],
    { stdio: 'inherit', detached: true },
  );
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of signals) process.on(signal, forward);
  const code = await new Promise<number>((resolve) =>
    child.once('exit', (exitCode, signal) =>
      resolve(exitCode ?? 128 + (signal ? constants.signals[signal] : 0)),
    ),
  );
  for (const signal of signals) process.off(signal, forward);
  return code;
}
