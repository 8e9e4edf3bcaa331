import type { LoadResult } from '../content/load.ts';
import type { ChangeSet } from './changes.ts';
import { type Clock, systemClock } from './clock.ts';
import { Corpus, type CorpusStep } from './corpus.ts';
import { TransitionScheduler } from './transitions.ts';

/**
 * Told after every swap, in registration order. This is the single hook for anything derived
 * from a snapshot (response caches, subscriptions, metrics): invalidate or publish here.
 */
export type SwapListener = (next: Corpus, previous: Corpus, changes: ChangeSet) => void;

export interface Swap {
  readonly corpus: Corpus;
  readonly previous: Corpus;
  readonly changes: ChangeSet;
}

export interface ContentStoreOptions {
  /** What snapshots are evaluated at and the transition timer runs on (tests inject one). */
  readonly clock?: Clock;
}

/**
 * Holds the current snapshot and swaps it atomically; readers never see a half-built one.
 * Snapshots are evaluated at the clock's instant, and the clock passing an embargo or an expiry
 * is a swap like a file change (same listeners, same cost): one timer waits for the next
 * transition, and reading `current` after that instant swaps at once even if the timer is late.
 */
export class ContentStore {
  readonly clock: Clock;
  #current: Corpus;
  readonly #listeners = new Set<SwapListener>();
  readonly #scheduler: TransitionScheduler;
  /** True while listeners hear of a swap: a transition then waits until they all have. */
  #notifying = false;

  constructor(initial: LoadResult, options: ContentStoreOptions = {}) {
    this.clock = options.clock ?? systemClock;
    const now = new Date(this.clock.now());
    this.#current = new Corpus(initial, 1, now, now);
    this.#scheduler = new TransitionScheduler(this.clock, () => this.advance());
    this.#scheduler.schedule(this.#current.nextTransition);
  }

  get current(): Corpus {
    if (!this.#notifying && this.#due()) this.advance();
    return this.#current;
  }

  /** Builds the next snapshot from a complete load and makes it current in one assignment. */
  replace(load: LoadResult): Corpus {
    return this.swap(load).corpus;
  }

  /**
   * `replace`, also answering what changed. The records the load shares with the current
   * snapshot are kept and the rest applied as a step (finding them is one pass over the load).
   */
  swap(load: LoadResult): Swap {
    const now = new Date(this.clock.now());
    return this.#install(
      (version, previous) => new Corpus(load, version, now, now, undefined, previous),
    );
  }

  /**
   * The next snapshot from the records that changed (`step`), derived from the current one at a
   * cost that follows the step, not the corpus; made current in one assignment.
   */
  apply(step: CorpusStep): Swap {
    const now = new Date(this.clock.now());
    return this.#install((version, previous) => Corpus.next(previous, step, version, now, now));
  }

  /**
   * Re-evaluates the current records at the clock's instant when a transition is due; answers
   * the swap, or null when nothing was due. Only the articles whose embargo or expiry was
   * passed change (found in the snapshot's transition index).
   */
  advance(): Swap | null {
    const previous = this.#current;
    const now = this.clock.now();
    if (previous.nextTransition === null || now < previous.nextTransition.getTime()) return null;
    const step: CorpusStep = {
      added: [],
      removed: [],
      problems: previous.problems,
      files: previous.files,
    };
    return this.#install((version) =>
      Corpus.next(previous, step, version, previous.loadedAt, new Date(now)),
    );
  }

  onSwap(listener: SwapListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops the transition timer (server shutdown); reads still catch up on `current`. */
  close(): void {
    this.#scheduler.stop();
  }

  #install(build: (version: number, previous: Corpus) => Corpus): Swap {
    const previous = this.#current;
    const corpus = build(previous.version + 1, previous);
    this.#current = corpus;
    this.#scheduler.schedule(corpus.nextTransition);
    const changes = corpus.changes as ChangeSet;
    // Listeners reading `current` must not start the next swap inside this one: every listener
    // hears of the swaps in order.
    const outer = this.#notifying;
    this.#notifying = true;
    try {
      for (const listener of this.#listeners) {
        try {
          listener(corpus, previous, changes);
        } catch (error) {
          // The swap has happened; one failing listener must not starve the others.
          process.emitWarning(`a content swap listener failed: ${error}`);
        }
      }
    } finally {
      this.#notifying = outer;
    }
    if (!outer && this.#due()) this.advance();
    return { corpus, previous, changes };
  }

  #due(): boolean {
    const next = this.#current.nextTransition;
    return next !== null && this.clock.now() >= next.getTime();
  }
}
