import type { MessagePort } from 'node:worker_threads';
import { MAX_SEED_BYTES, readSeedFileSync, type SeedEntry } from './read.ts';
import { type CheckedSeedFile, checkSeedBytes, seedKey } from './seed-file.ts';

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
  const file = entry.name;
  const bytes = readSeedFileSync(root, file, MAX_SEED_BYTES, entry.kind);
  if (bytes instanceof Uint8Array) return checkSeedBytes(file, bytes);
  return {
    file,
    key: seedKey(file),
    seed: null,
    extra: {},
    errors: [{ file, ...bytes }],
    warnings: [],
  };
}

/** Answers batches of file names with their checked contents, in the order asked. */
export function serveCheckRequests(port: MessagePort, root: string): void {
  port.on('message', (request: CheckRequest) => {
    const checked = request.files.map((entry) => checkSeedFileSync(root, entry));
    port.postMessage({ batch: request.batch, checked } satisfies CheckReply);
  });
}
