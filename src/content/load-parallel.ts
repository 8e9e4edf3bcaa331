import { Worker } from 'node:worker_threads';
import type { CheckReply, CheckRequest } from './load-worker.ts';
import type { SeedEntry } from './read.ts';
import type { CheckedSeedFile } from './seed-file.ts';

const WORKER_ENTRY = new URL('./load-worker.mjs', import.meta.url);
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
  onProgress?: (done: number, total: number) => void,
): Promise<CheckedSeedFile[]> {
  const batches: (readonly SeedEntry[])[] = [];
  for (let i = 0; i < files.length; i += BATCH_SIZE) batches.push(files.slice(i, i + BATCH_SIZE));
  const results: (readonly CheckedSeedFile[])[] = new Array(batches.length);
  let next = 0;
  let done = 0;

  const workers = Array.from(
    { length: Math.min(workerCount, batches.length) },
    () => new Worker(WORKER_ENTRY, { workerData: { root } }),
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
