import type { MessagePort } from 'node:worker_threads';
import { readSeedFileSync } from './read.ts';
import { type CheckedSeedFile, checkSeedBytes, seedKey } from './seed-file.ts';

export interface CheckRequest {
  readonly batch: number;
  readonly files: readonly string[];
}

export interface CheckReply {
  readonly batch: number;
  readonly checked: readonly CheckedSeedFile[];
}

/** Reads and checks one seed file without the event loop (a worker thread's whole job). */
export function checkSeedFileSync(root: string, file: string): CheckedSeedFile {
  const bytes = readSeedFileSync(root, file);
  if (bytes instanceof Uint8Array) return checkSeedBytes(file, bytes);
  return { file, key: seedKey(file), seed: null, extra: {}, errors: [{ file, ...bytes }], warnings: [] };
}

/** Answers batches of file names with their checked contents, in the order asked. */
export function serveCheckRequests(port: MessagePort, root: string): void {
  port.on('message', (request: CheckRequest) => {
    const checked = request.files.map((file) => checkSeedFileSync(root, file));
    port.postMessage({ batch: request.batch, checked } satisfies CheckReply);
  });
}
