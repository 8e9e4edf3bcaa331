import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/**
 * Files handled at once on the event loop (reads, stats): enough to keep the thread pool busy,
 * few enough to bound open handles. The one concurrency setting of every load and reload.
 */
export const READ_CONCURRENCY = 32;

/** `run` over every item, READ_CONCURRENCY at a time; results in the items' order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  run: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      out[index] = await run(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, items.length) }, lane));
  return out;
}

/**
 * `run` (synchronous) over every item, `batch` at a time with a yield to the event loop between
 * two batches, so requests are served between them; results in the items' order.
 */
export async function mapInBatches<T, R>(
  items: readonly T[],
  batch: number,
  run: (item: T) => R,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    if (i > 0 && i % batch === 0) await yieldToEventLoop();
    out[i] = run(items[i] as T);
  }
  return out;
}
