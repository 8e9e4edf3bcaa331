import { lowerBound, withChanges } from './sorted.ts';

/** What readers need of a sorted list: its length, an element by position, and iteration. */
export interface ListView<T> extends Iterable<T> {
  readonly length: number;
  at(index: number): T | undefined;
}

/** Elements per chunk after a build; a chunk that grows past twice this is split. */
const CHUNK = 1_024;
/**
 * Changes at once edited chunk by chunk, at least: above both this and CHUNK_EDITS_PER_CHUNK per
 * chunk, one merging pass over the whole list beats chunk edits. A fixed 64 sent every reload of
 * a burst at a million articles (1,000 files) through merges of every million-entry order: three
 * whole-list arrays per list and view, and the collections of a 4.5 GB heap they set off (9 s
 * of stalled reads in a profile, 4 s of it GC).
 */
const CHUNK_EDITS_MIN = 64;
/** An edit copies one chunk at most; a merge copies the whole list three times, in large arrays. */
const CHUNK_EDITS_PER_CHUNK = 4;

/**
 * An immutable sorted list in chunks, for the per-snapshot orders of a view and the members of a
 * story (src/discovery/coverage.ts): the next snapshot's list shares every chunk a change does
 * not touch, so a change copies one chunk (about a thousand entries) and the chunk table (one
 * entry per thousand), not the whole list. A plain copy-on-write array costs ~1 ms per copy at
 * 100,000 entries (six such lists per view, two views per change) and ten times that at a
 * million, with the garbage to collect on top.
 */
export class ChunkedList<T> implements ListView<T> {
  readonly length: number;
  /** The chunk size of a build; a chunk past twice this is split (small in tests). */
  readonly #chunkSize: number;
  readonly #chunks: readonly (readonly T[])[];
  /**
   * `#starts[c]`: the position of chunk c's first element; one more entry holds the length. A
   * plain array, in V8's heap: a typed array's store lives outside it, and at a million articles
   * (a heap being marked for seconds) each such allocation paid for marking steps, which made
   * this constructor the largest item of a one-file change in a profile.
   */
  readonly #starts: readonly number[];
  /** The chunk of the last `at` (pages read neighbours in turn); not part of the value. */
  #lastChunk = 0;

  private constructor(chunks: readonly (readonly T[])[], chunkSize: number) {
    this.#chunks = chunks;
    this.#chunkSize = chunkSize;
    const starts: number[] = [0];
    let length = 0;
    for (const chunk of chunks) {
      length += chunk.length;
      starts.push(length);
    }
    this.#starts = starts;
    this.length = length;
  }

  /** A list of `sorted` (already in order), which it takes no ownership of. */
  static of<T>(sorted: readonly T[], chunkSize = CHUNK): ChunkedList<T> {
    const chunks: T[][] = [];
    for (let i = 0; i < sorted.length; i += chunkSize) chunks.push(sorted.slice(i, i + chunkSize));
    return new ChunkedList(chunks, chunkSize);
  }

  at(index: number): T | undefined {
    if (index < 0 || index >= this.length) return undefined;
    const starts = this.#starts;
    let c = this.#lastChunk;
    if (index < (starts[c] as number) || index >= (starts[c + 1] as number)) {
      // The last chunk whose start is not after `index`.
      let low = 0;
      let high = this.#chunks.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >>> 1;
        if ((starts[middle] as number) <= index) low = middle;
        else high = middle - 1;
      }
      c = low;
      this.#lastChunk = c;
    }
    return (this.#chunks[c] as readonly T[])[index - (starts[c] as number)];
  }

  *[Symbol.iterator](): Iterator<T> {
    for (const chunk of this.#chunks) yield* chunk;
  }

  toArray(): T[] {
    // Sized up front: grown by push, a million-entry copy reallocated its way up through the
    // large-object space (2.6 s over a dozen lists in one reload's profile, most of it GC).
    const out = new Array<T>(this.length);
    let at = 0;
    for (const chunk of this.#chunks) for (const item of chunk) out[at++] = item;
    return out;
  }

  /**
   * This list without `removed` (each present, by identity; an absent one is skipped) and with
   * `added`, still sorted by `compare` (a total order). Shares the chunks it does not touch.
   */
  withChanges(
    removed: readonly T[],
    added: readonly T[],
    compare: (a: T, b: T) => number,
  ): ChunkedList<T> {
    const edits = removed.length + added.length;
    if (edits === 0) return this;
    if (edits > Math.max(CHUNK_EDITS_MIN, CHUNK_EDITS_PER_CHUNK * this.#chunks.length)) {
      return ChunkedList.of(withChanges(this.toArray(), removed, added, compare), this.#chunkSize);
    }
    const chunks = this.#chunks.slice() as (readonly T[])[];
    // Chunks edited by this change are copied once, then edited in place.
    const own = new Set<readonly T[]>();
    const editable = (c: number): T[] => {
      let chunk = chunks[c] as T[];
      if (!own.has(chunk)) {
        chunk = chunk.slice();
        chunks[c] = chunk;
        own.add(chunk);
      }
      return chunk;
    };
    for (const item of removed) {
      // Equal neighbours (same sort value) may spread over chunks: look from the first that
      // can hold one onwards.
      for (let c = chunkFor(chunks, item, compare); c < chunks.length; c++) {
        const chunk = chunks[c] as readonly T[];
        const at = positionIn(chunk, item, compare);
        if (at >= 0) {
          const edited = editable(c);
          edited.splice(at, 1);
          // No empty chunk stays: the searches by a chunk's last element need one in each.
          if (edited.length === 0) chunks.splice(c, 1);
          break;
        }
        const last = chunk[chunk.length - 1];
        if (last !== undefined && compare(last, item) > 0) break;
      }
    }
    for (const item of added) {
      let c = chunkFor(chunks, item, compare);
      if (c === chunks.length) c = Math.max(0, chunks.length - 1);
      if (chunks.length === 0) chunks.push([]);
      const chunk = editable(c);
      chunk.splice(lowerBound(chunk, item, compare), 0, item);
      if (chunk.length > 2 * this.#chunkSize) {
        const half = chunk.length >>> 1;
        const tail = chunk.splice(half);
        own.add(tail);
        chunks.splice(c + 1, 0, tail);
      }
    }
    return new ChunkedList(chunks, this.#chunkSize);
  }
}

/** The first chunk whose last element is not before `item` (chunks.length: none). */
function chunkFor<T>(
  chunks: readonly (readonly T[])[],
  item: T,
  compare: (a: T, b: T) => number,
): number {
  let low = 0;
  let high = chunks.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const chunk = chunks[middle] as readonly T[];
    const last = chunk[chunk.length - 1];
    if (last === undefined || compare(last, item) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Where `item` (by identity) is in the sorted `chunk`, or -1. */
function positionIn<T>(chunk: readonly T[], item: T, compare: (a: T, b: T) => number): number {
  for (let i = lowerBound(chunk, item, compare); i < chunk.length; i++) {
    const here = chunk[i] as T;
    if (here === item) return i;
    if (compare(here, item) !== 0) return -1;
  }
  return -1;
}
