import type { ArticleDelta } from '../corpus/delta.ts';
import type { ArticleRecord } from '../corpus/records.ts';
import type { CorpusView } from '../corpus/view.ts';

/** Slots per chunk of dead markers (a power of two). */
const DEAD_CHUNK_BITS = 12;
const DEAD_CHUNK = 1 << DEAD_CHUNK_BITS;

/**
 * Which slots of a layout are dead, in chunks copied on write: a change marks a slot or two and
 * copies their chunks and the chunk table, where one marker per slot, copied whole, made every
 * change cost a million-byte copy per view at a million articles. The chunks are plain arrays,
 * in V8's heap: a typed array's store is allocated outside it, and while a large heap is being
 * marked each such allocation pays for a marking step of several milliseconds.
 */
export class DeadSlots {
  /** Chunk c holds the markers of slots c·DEAD_CHUNK onwards (1: dead); none: all alive. */
  readonly #chunks: readonly (readonly number[] | undefined)[];
  /** Dead slots marked. */
  readonly count: number;

  private constructor(chunks: readonly (readonly number[] | undefined)[], count: number) {
    this.#chunks = chunks;
    this.count = count;
  }

  static readonly NONE = new DeadSlots([], 0);

  has(slot: number): boolean {
    return this.#chunks[slot >>> DEAD_CHUNK_BITS]?.[slot & (DEAD_CHUNK - 1)] === 1;
  }

  /** These markers and `slots` (alive here) marked dead. */
  with(slots: readonly number[]): DeadSlots {
    if (slots.length === 0) return this;
    const chunks = this.#chunks.slice();
    const copied = new Set<number>();
    let count = this.count;
    for (const slot of slots) {
      const c = slot >>> DEAD_CHUNK_BITS;
      let chunk = chunks[c] as number[] | undefined;
      if (!copied.has(c)) {
        chunk = chunk ? chunk.slice() : new Array<number>(DEAD_CHUNK).fill(0);
        chunks[c] = chunk;
        copied.add(c);
      }
      const at = slot & (DEAD_CHUNK - 1);
      if ((chunk as number[])[at] !== 1) count++;
      (chunk as number[])[at] = 1;
    }
    return new DeadSlots(chunks, count);
  }
}

/**
 * Where the discovery structures of one view (search index, facet table, story groups) keep each
 * article: a slot number. A view built from scratch has slot = position in `view.articles`. A
 * view derived from the previous one by a delta keeps every slot of the previous view, marks the
 * removed records' slots dead and appends the added records after the last slot, so the
 * structures over it are derived by the delta instead of built again from every record: the
 * cost of a change follows the change, not the corpus (Lucene's segments and deleted markers).
 * Dead slots and appended records are folded back into a fresh layout by a compaction (see
 * `compactionDue`), built in slices in the background.
 */
export class ArticleSlots {
  readonly view: CorpusView;
  /** Slots in use; `records[s]` for s < size is the record of slot s, or dead. */
  readonly size: number;
  /** Slots of the base layout (a from-scratch build); later slots were appended by deltas. */
  readonly baseSize: number;
  /** Live articles: size less the dead. */
  readonly live: number;
  /** Base slots marked dead plus appended slots: what a compaction would fold back. */
  readonly pressure: number;
  /** Shared by every layout derived from one base: each reads only its first `size` slots. */
  readonly #records: ArticleRecord[] | readonly ArticleRecord[];
  /** The dead slots; shared with the layouts derived from this one, which add theirs. */
  readonly dead: DeadSlots;
  /** Slot of each base record, shared; built on the first derivation (or ahead, see `prepare`). */
  #baseSlots: Map<ArticleRecord, number> | undefined;
  /** True when `#records` is the view's own `articles` array (a layout built from scratch). */
  readonly #sharesViewRecords: boolean;
  /** Slot of each appended record still live; copied on write (small: a compaction bounds it). */
  readonly #appended: ReadonlyMap<ArticleRecord, number>;
  /** The structures built over this layout, by kind (see `defineSlotStructure`). */
  readonly structures = new Map<SlotStructure<unknown>, unknown>();

  private constructor(
    view: CorpusView,
    records: ArticleRecord[] | readonly ArticleRecord[],
    size: number,
    baseSize: number,
    dead: DeadSlots,
    baseSlots: Map<ArticleRecord, number> | undefined,
    appended: ReadonlyMap<ArticleRecord, number>,
  ) {
    this.view = view;
    this.#records = records;
    this.size = size;
    this.baseSize = baseSize;
    this.dead = dead;
    this.live = size - dead.count;
    this.pressure = size - baseSize + dead.count;
    this.#baseSlots = baseSlots;
    this.#appended = appended;
    // Asked without reading `view.articles`, which a derived view would have to make.
    this.#sharesViewRecords = baseSize === size && dead.count === 0 && appended.size === 0;
  }

  /** The layout of a view built from scratch: slot = position in `view.articles`. */
  static of(view: CorpusView): ArticleSlots {
    const n = view.articles.length;
    return new ArticleSlots(view, view.articles, n, n, DeadSlots.NONE, undefined, new Map());
  }

  /** The record of a slot, undefined when it is dead. */
  record(slot: number): ArticleRecord | undefined {
    return this.dead.has(slot) ? undefined : this.#records[slot];
  }

  /** Every record with its slot, in slot order (dead slots skipped). */
  *entries(): Generator<[number, ArticleRecord]> {
    for (let s = 0; s < this.size; s++) {
      if (!this.dead.has(s)) yield [s, this.#records[s] as ArticleRecord];
    }
  }

  /** The slot of a live record of this layout (by identity), else undefined. */
  slotOf(record: ArticleRecord): number | undefined {
    const appended = this.#appended.get(record);
    if (appended !== undefined) return appended;
    const slot = this.#base().get(record);
    return slot === undefined || this.dead.has(slot) ? undefined : slot;
  }

  #base(): Map<ArticleRecord, number> {
    if (!this.#baseSlots) {
      const map = new Map<ArticleRecord, number>();
      for (let s = 0; s < this.baseSize; s++) map.set(this.#records[s] as ArticleRecord, s);
      this.#baseSlots = map;
    }
    return this.#baseSlots;
  }

  /**
   * Builds the base records' slot map in slices, so the first derivation from this layout does
   * not build it in one synchronous step proportional to the corpus.
   */
  async prepare(yieldNow: () => Promise<void>): Promise<void> {
    if (this.#baseSlots) return;
    const map = new Map<ArticleRecord, number>();
    for (let s = 0; s < this.baseSize; s++) {
      if (s > 0 && s % 20_000 === 0) await yieldNow();
      if (this.#baseSlots) return;
      map.set(this.#records[s] as ArticleRecord, s);
    }
    this.#baseSlots ??= map;
  }

  /**
   * The layout of `view`, derived from this one (its previous view's) by `delta`: removed
   * records' slots dead, added records appended. Undefined when the delta does not fit this
   * layout (a removed record it does not hold, an added one it already holds): then the caller
   * builds from scratch.
   */
  derive(view: CorpusView, delta: ArticleDelta): SlotDelta | undefined {
    const removedSlots: number[] = [];
    for (const record of delta.removed) {
      const slot = this.slotOf(record);
      if (slot === undefined || removedSlots.includes(slot)) return undefined;
      removedSlots.push(slot);
    }
    for (const record of delta.added) {
      if (this.slotOf(record) !== undefined && !delta.removed.includes(record)) return undefined;
    }
    // Appending in place is safe while no other layout appended past this one's end (one chain
    // of snapshots); a second layout derived from the same one copies first.
    let records = this.#records as ArticleRecord[];
    if (this.#sharesViewRecords || records.length !== this.size) {
      records = records.slice(0, this.size);
    }
    const appended = new Map(this.#appended);
    for (const record of delta.removed) appended.delete(record);
    const addedSlots: number[] = [];
    for (const record of delta.added) {
      const slot = records.length;
      records.push(record);
      appended.set(record, slot);
      addedSlots.push(slot);
    }
    const slots = new ArticleSlots(
      view,
      records,
      records.length,
      this.baseSize,
      this.dead.with(removedSlots),
      this.#base(),
      appended,
    );
    return {
      slots,
      added: delta.added.map((record, i) => [addedSlots[i] as number, record]),
      removed: delta.removed.map((record, i) => [removedSlots[i] as number, record]),
    };
  }
}

/** A delta as slots: what a structure over the previous layout applies to reach `slots`. */
export interface SlotDelta {
  readonly slots: ArticleSlots;
  readonly added: readonly (readonly [number, ArticleRecord])[];
  readonly removed: readonly (readonly [number, ArticleRecord])[];
}

/**
 * A structure kept per layout: built from scratch over a layout, or derived from the previous
 * layout's one by a slot delta. `derive` must give exactly what `build` over the new layout
 * gives (the property tests in tests/discovery/derived.test.ts hold every kind to it).
 */
export interface SlotStructure<T> {
  readonly build: (slots: ArticleSlots) => T;
  readonly derive: (previous: T, delta: SlotDelta) => T;
}

const kinds: SlotStructure<unknown>[] = [];

export interface SlotStructureAccess<T> {
  /** The structure over the layout, built now if it has none. */
  of(slots: ArticleSlots): T;
  /** The structure over the layout if it has one (built or being built). */
  peek(slots: ArticleSlots): T | undefined;
  /** Sets the structure a layout has (a build in slices that finished, see warm.ts). */
  set(slots: ArticleSlots, value: T): void;
}

/**
 * Registers a kind of structure; returns its accessors. A structure that is a promise and fails
 * is forgotten, so the next use builds it again.
 */
export function defineSlotStructure<T>(kind: SlotStructure<T>): SlotStructureAccess<T> {
  const key = kind as SlotStructure<unknown>;
  kinds.push(key);
  const set = (slots: ArticleSlots, value: T) => {
    slots.structures.set(key, value);
    if (value instanceof Promise) {
      value.catch(() => {
        if (slots.structures.get(key) === value) slots.structures.delete(key);
      });
    }
  };
  return {
    of(slots) {
      if (slots.structures.has(key)) return slots.structures.get(key) as T;
      const value = kind.build(slots);
      set(slots, value);
      return value;
    },
    peek: (slots) => slots.structures.get(key) as T | undefined,
    set,
  };
}

/**
 * Base slots dead or appended past which a layout is due for compaction: big enough that a
 * steady trickle of changes compacts rarely, small enough that the appended part (rebuilt per
 * change by the search index) stays cheap.
 */
export const compactionThreshold = (live: number): number =>
  Math.min(4_096, Math.max(256, Math.floor(live / 64)));

export const compactionDue = (slots: ArticleSlots): boolean =>
  slots.pressure > compactionThreshold(slots.live);

const layouts = new WeakMap<CorpusView, ArticleSlots>();
/** The view derived from each view, for re-deriving after a compaction (see `installCompacted`). */
const successors = new WeakMap<CorpusView, WeakRef<CorpusView>>();

/** True when the view was derived from a view that has a layout (deriving one costs the delta). */
export function hasDerivableLayout(view: CorpusView): boolean {
  const previous = view.derivation?.previous.deref() as CorpusView | undefined;
  return previous !== undefined && layouts.has(previous);
}

/** The layout the view has, without making one. */
export const peekSlots = (view: CorpusView): ArticleSlots | undefined => layouts.get(view);

/**
 * The layout of a view: derived from its previous view's layout when the view was derived by a
 * delta and that layout is still alive, with every structure the previous layout had derived
 * too (so a change never starts a from-scratch build of what existed); else a fresh one.
 */
export function slotsOf(view: CorpusView): ArticleSlots {
  let slots = layouts.get(view);
  if (slots) return slots;
  const derivation = view.derivation;
  const previousView = derivation?.previous.deref() as CorpusView | undefined;
  const previous = previousView && layouts.get(previousView);
  slots = (previous && derivation && deriveLayout(previous, view, derivation.delta)) ?? undefined;
  if (slots && previousView) successors.set(previousView, new WeakRef(view));
  slots ??= ArticleSlots.of(view);
  layouts.set(view, slots);
  return slots;
}

function deriveLayout(
  previous: ArticleSlots,
  view: CorpusView,
  delta: ArticleDelta,
): ArticleSlots | undefined {
  const slotDelta = previous.derive(view, delta);
  if (!slotDelta) return undefined;
  for (const kind of kinds) {
    if (!previous.structures.has(kind)) continue;
    const value = kind.derive(previous.structures.get(kind), slotDelta);
    slotDelta.slots.structures.set(kind, value);
    if (value instanceof Promise) {
      value.catch(() => {
        if (slotDelta.slots.structures.get(kind) === value) slotDelta.slots.structures.delete(kind);
      });
    }
  }
  return slotDelta.slots;
}

/**
 * Installs a compacted layout of `view` (built from scratch, with its structures) in place of the
 * one derived by deltas, and re-derives the newer views' layouts from it by their deltas, so the
 * next change derives from the compacted one. Requests already holding a layout keep it: every
 * layout of a view answers alike.
 */
export function installCompacted(view: CorpusView, compacted: ArticleSlots): void {
  if (layouts.get(view) === undefined) return;
  layouts.set(view, compacted);
  let slots = compacted;
  let previous = view;
  for (;;) {
    const next = successors.get(previous)?.deref();
    const delta = next?.derivation?.delta;
    if (!next || !delta || !layouts.has(next)) return;
    const derived = deriveLayout(slots, next, delta);
    if (!derived) return;
    layouts.set(next, derived);
    slots = derived;
    previous = next;
  }
}
