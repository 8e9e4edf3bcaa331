/**
 * Heap figures after forced GC, for benches run with `node --expose-gc`. Stops the bench when
 * the flag is missing: without it every figure would include garbage.
 */
const gc = (globalThis as { gc?: () => void }).gc;

/** Call first thing, so a bench without the flag stops before its slow set-up. */
export function requireExposedGc(script: string): () => void {
  if (!gc) {
    console.error(`run with node --expose-gc (npm run ${script} does)`);
    process.exit(2);
  }
  return gc;
}

function collect(script: string): void {
  const collectGarbage = requireExposedGc(script);
  for (let i = 0; i < 4; i++) collectGarbage();
}

/** `heapUsed` after forced GC. */
export function settledHeap(script: string): number {
  collect(script);
  return process.memoryUsage().heapUsed;
}

/** `heapUsed` plus ArrayBuffer memory after forced GC: typed arrays live off the JS heap. */
export function settledHeapWithBuffers(script: string): number {
  collect(script);
  const memory = process.memoryUsage();
  return memory.heapUsed + memory.arrayBuffers;
}
