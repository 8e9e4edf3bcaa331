import { type ChangeSet, changedPublicArticles } from '../corpus/changes.ts';
import type { Corpus } from '../corpus/corpus.ts';
import type { ArticlePredicate } from '../corpus/filter.ts';

/** Rendered documents kept; least recently used go first. */
export const MAX_CACHED_DOCUMENTS = 1_000;

export interface Rendered {
  readonly body: Buffer;
  readonly contentType: string;
  /** Strong, from the canonical URL and the bytes: equal bytes, equal tag, on every replica. */
  readonly etag: string;
  /** Surrogate-Key and Cache-Tag, from the dependency's tags. */
  readonly tagHeaders: Readonly<Record<string, string>>;
  /** When these bytes were first served by this process (kept while the bytes stay equal). */
  readonly lastModified: Date;
}

/**
 * What a document's content depends on: the articles its filter matches (`matches`; undefined
 * for "any article", as the sitemap index) and, for the news sitemap, the clock (`validUntil`).
 */
export interface Dependency {
  readonly matches: ArticlePredicate | undefined;
  /**
   * Its cache tags (src/corpus/cache-tags.ts): served in Surrogate-Key/Cache-Tag, and a swap
   * that moves none of them keeps the document without testing `matches`.
   */
  readonly tags: readonly string[];
  /** Epoch ms from which the document is right (the instant it was rendered for). */
  readonly validFrom?: number;
  /** Epoch ms from which the document must be rendered again. */
  readonly validUntil?: number;
}

interface Entry extends Rendered {
  /** The snapshot version the bytes are known to be right for. */
  version: number;
  stale: boolean;
  readonly dependency: Dependency;
}

/**
 * Rendered feeds and sitemaps by canonical URL. On a swap only documents whose content can have
 * changed are dropped: a document whose filter matches none of the changed articles (in their
 * old or new version) shows exactly the same articles, whatever its order and limit, so it is
 * kept and marked right for the new version. Dropped entries stay as tombstones with their tag,
 * so a re-render that gives the same bytes keeps its Last-Modified.
 */
export class RenderedCache {
  readonly #entries = new Map<string, Entry>();
  readonly #max: number;

  constructor(max = MAX_CACHED_DOCUMENTS) {
    this.#max = max;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The document if it is right for `version` at `now`. */
  get(key: string, version: number, now: number): Rendered | undefined {
    const entry = this.#entries.get(key);
    if (!entry || entry.stale || entry.version !== version) return undefined;
    const { validFrom, validUntil } = entry.dependency;
    // Outside the interval it was rendered for (a clock set back included): render again.
    if (
      (validUntil !== undefined && now >= validUntil) ||
      (validFrom !== undefined && now < validFrom)
    ) {
      entry.stale = true;
      return undefined;
    }
    // Re-insert: Map order is the LRU order.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry;
  }

  /** Stores a render made from snapshot `version`; `current` is the version now being served. */
  set(
    key: string,
    version: number,
    current: number,
    made: Omit<Rendered, 'lastModified'>,
    dependency: Dependency,
    renderedAt: Date,
  ): Rendered {
    const before = this.#entries.get(key);
    const lastModified = before?.etag === made.etag ? before.lastModified : renderedAt;
    const entry: Entry = { ...made, lastModified, version, stale: false, dependency };
    // A render from a snapshot that was swapped out meanwhile is answered but never kept.
    if (version !== current) return entry;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
    return entry;
  }

  /**
   * The swap hook (store.onSwap), with the tags the swap moved (tagsOfSwap). A document is
   * dropped only when one of its tags moved and its filter matches a changed article: each test
   * alone never misses a change, so neither does both.
   */
  onSwap(next: Corpus, previous: Corpus, changes: ChangeSet, moved: ReadonlySet<string>): void {
    const changed = changedPublicArticles(next, previous, changes);
    for (const entry of this.#entries.values()) {
      if (entry.stale || entry.version !== previous.version) {
        entry.stale = true;
        continue;
      }
      const { matches, tags } = entry.dependency;
      const touched =
        tags.some((tag) => moved.has(tag)) &&
        (matches ? changed.some(matches) : changed.length > 0);
      if (touched) entry.stale = true;
      else entry.version = next.version;
    }
  }
}
