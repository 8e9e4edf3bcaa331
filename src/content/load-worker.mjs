// Worker entry for the parallel seed loader. Plain JavaScript because a worker thread does not
// inherit every TypeScript loader: under `tsx` the hooks come along, under vitest they do not, so
// the logic is imported directly and, if Node cannot load `.ts`, again after registering tsx.
// Node 24 strips the types itself (no tsx in the worker); tsconfig's `erasableSyntaxOnly` keeps
// every source strippable, so that path never falls back to a sequential load.
import { parentPort, workerData } from 'node:worker_threads';

async function importLogic() {
  try {
    return await import('./load-worker.ts');
  } catch (error) {
    if (error?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
    const { register } = await import('tsx/esm/api');
    register();
    // A fresh specifier: the failed import may be cached under the first one.
    return await import('./load-worker.ts?tsx');
  }
}

const { serveCheckRequests } = await importLogic();
serveCheckRequests(parentPort, workerData.root);
