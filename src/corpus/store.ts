import type { LoadResult } from '../content/load.ts';
import { type ChangeSet, diffCorpora } from './changes.ts';
import { Corpus } from './corpus.ts';

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

/** Holds the current snapshot and swaps it atomically; readers never see a half-built one. */
export class ContentStore {
  #current: Corpus;
  readonly #listeners = new Set<SwapListener>();

  constructor(initial: LoadResult) {
    this.#current = new Corpus(initial, 1);
  }

  get current(): Corpus {
    return this.#current;
  }

  /** Builds the next snapshot from a complete load and makes it current in one assignment. */
  replace(load: LoadResult): Corpus {
    return this.swap(load).corpus;
  }

  /** `replace`, also answering what changed. */
  swap(load: LoadResult): Swap {
    const previous = this.#current;
    const corpus = new Corpus(load, previous.version + 1);
    this.#current = corpus;
    const changes = diffCorpora(previous, corpus);
    for (const listener of this.#listeners) {
      try {
        listener(corpus, previous, changes);
      } catch (error) {
        // The swap has happened; one failing listener must not starve the others.
        process.emitWarning(`a content swap listener failed: ${error}`);
      }
    }
    return { corpus, previous, changes };
  }

  onSwap(listener: SwapListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
