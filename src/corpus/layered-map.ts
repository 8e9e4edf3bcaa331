import { Map as PersistentMap } from 'immutable';

/** Marks a base entry deleted in the changes layer. */
const GONE: unique symbol = Symbol('gone');
type Change<V> = V | typeof GONE;

/**
 * A read-only map for one snapshot that the next snapshot derives in time proportional to what
 * changed: a plain Map (the base, shared by every snapshot derived from it) under a persistent
 * hash trie of the changes since the base was built. Copying a million-entry Map per swap costs
 * about 100 ms; setting one key here is a few trie nodes. When the changes outnumber the base,
 * the next derivation folds them into a new base (amortised over as many changes as it copies).
 * Reads keep the ReadonlyMap API; iteration order is unspecified (no reader relies on it).
 */
export class LayeredMap<K, V> implements ReadonlyMap<K, V> {
  readonly #base: ReadonlyMap<K, V>;
  readonly #changes: PersistentMap<K, Change<V>>;
  readonly size: number;

  private constructor(base: ReadonlyMap<K, V>, changes: PersistentMap<K, Change<V>>, size: number) {
    this.#base = base;
    this.#changes = changes;
    this.size = size;
  }

  /** Takes ownership of `base`: it must not be changed afterwards. */
  static of<K, V>(base: Map<K, V>): LayeredMap<K, V> {
    return new LayeredMap(base, PersistentMap<K, Change<V>>(), base.size);
  }

  get(key: K): V | undefined {
    const changed = this.#changes.get(key, undefined as Change<V> | undefined);
    if (changed === undefined) return this.#base.get(key);
    return changed === GONE ? undefined : changed;
  }

  has(key: K): boolean {
    const changed = this.#changes.get(key, undefined as Change<V> | undefined);
    if (changed === undefined) return this.#base.has(key);
    return changed !== GONE;
  }

  /** A new map with `set` entries set and `remove` keys removed (sets win over removes). */
  with(set: Iterable<readonly [K, V]>, remove: Iterable<K> = []): LayeredMap<K, V> {
    let size = this.size;
    const changes = this.#changes.withMutations((draft) => {
      // Presence is read from the draft, so a key named twice counts once.
      const present = (key: K) => {
        const current = draft.get(key, undefined as Change<V> | undefined);
        return current === undefined ? this.#base.has(key) : current !== GONE;
      };
      for (const key of remove) {
        if (!present(key)) continue;
        size--;
        if (this.#base.has(key)) draft.set(key, GONE);
        else draft.remove(key);
      }
      for (const [key, value] of set) {
        if (!present(key)) size++;
        draft.set(key, value);
      }
    });
    const next = new LayeredMap(this.#base, changes, size);
    return changes.size > Math.max(this.#base.size, 1024) ? LayeredMap.of(new Map(next)) : next;
  }

  *entries(): MapIterator<[K, V]> {
    for (const [key, value] of this.#base) {
      const changed = this.#changes.get(key, undefined as Change<V> | undefined);
      if (changed === undefined) yield [key, value];
      else if (changed !== GONE) yield [key, changed];
    }
    for (const [key, changed] of this.#changes) {
      if (changed !== GONE && !this.#base.has(key)) yield [key, changed];
    }
  }

  *keys(): MapIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  forEach(run: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) run.call(thisArg, value, key, this);
  }
}
