// Worker entry for the parallel seed loader where Node strips TypeScript types itself (22.18+,
// 24): the sources load as they are, no compiler in the worker. On Node 20 the worker runs an
// esbuild bundle of the same sources instead (worker-code.ts). tsconfig's `erasableSyntaxOnly`
// keeps every source strippable.
import { parentPort, workerData } from 'node:worker_threads';
import { serveCheckRequests } from './load-worker.ts';

serveCheckRequests(parentPort, workerData.root);
