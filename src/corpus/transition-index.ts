import type { ArticleRecord } from '../content/records.ts';
import { lowerBound, withChanges } from './sorted.ts';
import { compareStrings } from './view.ts';

/** One instant at which an article's visibility may change: its embargo or its expiry. */
interface Moment {
  readonly at: number;
  readonly article: ArticleRecord;
  /** 0 for the embargo, 1 for the expiry: a total order even when both fall on one instant. */
  readonly kind: number;
}

/** Each record's moments, made once so the same objects can be found again to take out. */
const momentsByRecord = new WeakMap<ArticleRecord, readonly Moment[]>();

function momentsOf(article: ArticleRecord): readonly Moment[] {
  let moments = momentsByRecord.get(article);
  if (moments === undefined) {
    const times = article.published ? [article.publishAt, article.expiresAt] : [];
    moments = times.flatMap((time, kind) =>
      time === null ? [] : [{ at: time.getTime(), article, kind }],
    );
    momentsByRecord.set(article, moments);
  }
  return moments;
}

const byInstant = (a: Moment, b: Moment): number =>
  a.at - b.at || compareStrings(a.article.file, b.article.file) || a.kind - b.kind;

/**
 * Every embargo and expiry instant of a snapshot's articles, in time order: the next transition
 * and the articles whose status changes between two instants are binary searches, not scans of
 * every record; a swap updates it by the records the delta names.
 */
export class TransitionIndex {
  readonly #moments: readonly Moment[];

  private constructor(moments: readonly Moment[]) {
    this.#moments = moments;
  }

  static of(articles: readonly ArticleRecord[]): TransitionIndex {
    return new TransitionIndex(articles.flatMap(momentsOf).sort(byInstant));
  }

  /** The index after records left and entered (drafts and records without times are not in it). */
  with(removed: readonly ArticleRecord[], added: readonly ArticleRecord[]): TransitionIndex {
    const out = removed.flatMap(momentsOf);
    const into = added.flatMap(momentsOf);
    if (out.length + into.length === 0) return this;
    return new TransitionIndex(withChanges(this.#moments, out, into, byInstant));
  }

  /** The first instant after `instant` at which some article's visibility changes; null: none. */
  nextAfter(instant: number): number | null {
    const at = lowerBound(this.#moments, { at: instant, article: LAST, kind: 0 }, byInstantOnly);
    for (let i = at; i < this.#moments.length; i++) {
      const moment = this.#moments[i] as Moment;
      if (moment.at > instant) return moment.at;
    }
    return null;
  }

  /** Articles with an embargo or expiry after `from` and no later than `to` (either way round). */
  between(from: number, to: number): ArticleRecord[] {
    const low = Math.min(from, to);
    const high = Math.max(from, to);
    const found = new Set<ArticleRecord>();
    const start = lowerBound(this.#moments, { at: low, article: LAST, kind: 0 }, byInstantOnly);
    for (let i = start; i < this.#moments.length; i++) {
      const moment = this.#moments[i] as Moment;
      if (moment.at > high) break;
      if (moment.at > low) found.add(moment.article);
    }
    return [...found];
  }
}

/** A probe for binary searches by instant alone. */
const LAST = {} as ArticleRecord;
const byInstantOnly = (a: Moment, b: Moment): number => a.at - b.at;
