import type DataLoader from 'dataloader';

export const NOT_FOUND = 'NOT_FOUND';

/**
 * Pothos loadable types expect an Error for a key with no object; our loaders say null. The
 * `node`/`nodes` fields turn the Error back into null, so a hidden draft looks like nothing.
 */
export async function loadOrError<V>(
  loader: DataLoader<string, V | null>,
  keys: readonly string[],
  typename: string,
): Promise<(V | Error)[]> {
  const values = await loader.loadMany(keys);
  return values.map((value) =>
    value === null ? Object.assign(new Error(`${typename} not found`), { code: NOT_FOUND }) : value,
  );
}
