import type { MessagePort } from 'node:worker_threads';
import { MAX_SEED_BYTES, readSeedFileSync, type SeedEntry } from './read.ts';
import { type CheckedSeedFile, checkSeedRead } from './seed-file.ts';

export interface CheckRequest {
  readonly batch: number;
  readonly files: readonly SeedEntry[];
}

export interface CheckReply {
  readonly batch: number;
  readonly checked: readonly CheckedSeedFile[];
}

/** Reads and checks one seed file without the event loop (a worker thread's whole job). */
export function checkSeedFileSync(root: string, entry: SeedEntry): CheckedSeedFile {
  return checkSeedRead(entry.name, readSeedFileSync(root, entry.name, MAX_SEED_BYTES, entry.kind));
}

/** Answers batches of file names with their checked contents, in the order asked. */
export function serveCheckRequests(port: MessagePort, root: string): void {
  port.on('message', (request: CheckRequest) => {
    const checked = request.files.map((entry) => checkSeedFileSync(root, entry));
    port.postMessage({ batch: request.batch, checked } satisfies CheckReply);
  });
}
