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
