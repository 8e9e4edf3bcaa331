/**
 * Copy-on-write updates of sorted arrays: the next snapshot's list is the previous one with a
 * few records taken out and put in by binary search. Copying a million-entry array costs about
 * a millisecond; sorting it again costs hundreds.
 */

/** The first position whose element is not before `item` (the insertion point). */
export function lowerBound<T>(
  list: readonly T[],
  item: T,
  compare: (a: T, b: T) => number,
): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(list[middle] as T, item) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Below this many changes, splicing a copy beats one merging pass in plain JavaScript. */
const SPLICE_MAX_CHANGES = 16;

/**
 * `list` (sorted by `compare`, a total order) without the `removed` elements (each present, by
 * identity) and with the `added` ones, still sorted. Neither input is changed.
 */
export function withChanges<T>(
  list: readonly T[],
  removed: readonly T[],
  added: readonly T[],
  compare: (a: T, b: T) => number,
): T[] {
  if (removed.length + added.length <= SPLICE_MAX_CHANGES) {
    const next = list.slice();
    for (const item of removed) {
      const at = positionOf(next, item, compare);
      if (at >= 0) next.splice(at, 1);
    }
    for (const item of added) next.splice(lowerBound(next, item, compare), 0, item);
    return next;
  }
  const gone = new Set(removed);
  const incoming = [...added].sort(compare);
  const next: T[] = [];
  let i = 0;
  for (const item of list) {
    if (gone.has(item)) continue;
    while (i < incoming.length && compare(incoming[i] as T, item) < 0)
      next.push(incoming[i++] as T);
    next.push(item);
  }
  while (i < incoming.length) next.push(incoming[i++] as T);
  return next;
}

/** Where `item` (by identity) is in `list`, or -1; equal neighbours are checked both ways. */
function positionOf<T>(list: readonly T[], item: T, compare: (a: T, b: T) => number): number {
  const start = lowerBound(list, item, compare);
  for (let i = start; i < list.length && compare(list[i] as T, item) === 0; i++) {
    if (list[i] === item) return i;
  }
  return -1;
}
