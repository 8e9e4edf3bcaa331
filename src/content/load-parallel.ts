import { type ResourceLimits, Worker } from 'node:worker_threads';
import type { CheckReply, CheckRequest } from './load-worker.ts';
import type { SeedEntry } from './read.ts';
import type { CheckedSeedFile } from './seed-file.ts';
import type { WorkerCode } from './worker-code.ts';

/** Files per message: large enough to amortise messaging, small enough to balance the workers. */
const BATCH_SIZE = 250;
/** Batches queued per worker, so it never waits for the main thread between two. */
const BATCHES_IN_FLIGHT = 2;

/**
 * Checks seed files on worker threads. Each worker reads and parses whole batches; the replies
 * are plain data, put back in file order, so the caller cannot tell this path from the
 * sequential one.
 */
export async function checkInWorkers(
  root: string,
  files: readonly SeedEntry[],
  workerCount: number,
  code: WorkerCode,
  options: {
    readonly onProgress?: ((done: number, total: number) => void) | undefined;
    /** Caps each worker's memory; a worker that runs out fails this path (the caller falls back). */
    readonly resourceLimits?: ResourceLimits | undefined;
  } = {},
): Promise<CheckedSeedFile[]> {
  const { onProgress, resourceLimits } = options;
  const batches: (readonly SeedEntry[])[] = [];
  for (let i = 0; i < files.length; i += BATCH_SIZE) batches.push(files.slice(i, i + BATCH_SIZE));
  const results: (readonly CheckedSeedFile[])[] = new Array(batches.length);
  let next = 0;
  let done = 0;

  const workers = Array.from(
    { length: Math.min(workerCount, batches.length) },
    () =>
      new Worker(code.kind === 'file' ? code.url : code.code, {
        eval: code.kind === 'eval',
        workerData: { root },
        // Not the parent's flags: a `--import tsx` would compile every module again per worker.
        execArgv: [],
        ...(resourceLimits ? { resourceLimits } : {}),
      }),
  );
  const drive = (worker: Worker) =>
    new Promise<void>((resolve, reject) => {
      let inFlight = 0;
      const feed = () => {
        while (inFlight < BATCHES_IN_FLIGHT && next < batches.length) {
          const batch = next++;
          inFlight++;
          worker.postMessage({ batch, files: batches[batch] ?? [] } satisfies CheckRequest);
        }
        if (inFlight === 0) resolve();
      };
      worker.on('message', (reply: CheckReply) => {
        results[reply.batch] = reply.checked;
        inFlight--;
        done += reply.checked.length;
        onProgress?.(done, files.length);
        feed();
      });
      worker.once('error', reject);
      worker.once('exit', (code) => {
        if (inFlight > 0) reject(new Error(`a seed worker stopped early (exit code ${code})`));
      });
      feed();
    });

  try {
    await Promise.all(workers.map(drive));
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results.flat();
}
