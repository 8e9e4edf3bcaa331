import type { LoadResult } from '../content/load.ts';
import { Corpus } from './corpus.ts';

type Listener = (next: Corpus, previous: Corpus) => void;

/** Holds the current snapshot and swaps it atomically; readers never see a half-built one. */
export class ContentStore {
  #current: Corpus;
  readonly #listeners = new Set<Listener>();

  constructor(initial: LoadResult) {
    this.#current = new Corpus(initial, 1);
  }

  get current(): Corpus {
    return this.#current;
  }

  /** Builds the next snapshot from a complete load and makes it current in one assignment. */
  replace(load: LoadResult): Corpus {
    const previous = this.#current;
    const next = new Corpus(load, previous.version + 1);
    this.#current = next;
    for (const listener of this.#listeners) listener(next, previous);
    return next;
  }

  onSwap(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
