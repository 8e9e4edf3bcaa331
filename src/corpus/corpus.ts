import type { ContentError, ContentWarning } from '../content/errors.ts';
import type { LoadResult } from '../content/load.ts';
import type { ArticleRecord } from '../content/records.ts';
import { type ChangeSet, diffCorpora } from './changes.ts';
import { isPublicAt, nextTransitionAfter } from './editorial.ts';
import { CorpusView } from './view.ts';

/** Views built for preview `asOf` instants, kept per snapshot; the oldest goes first. */
export const MAX_AS_OF_VIEWS = 8;

/**
 * One immutable snapshot of the seeds folder, evaluated at one instant (`asOf`): the public
 * view holds the articles public at that instant, so the clock moving on is a new snapshot,
 * like a file change. A request takes one snapshot at its start and reads only it, so a reload
 * or a transition never mixes two versions into one response.
 */
export class Corpus {
  /** Moves with every swap; for operators and preview clients. */
  readonly version: number;
  /**
   * Moves only when the public view changed (an article published, unpublished, added, removed,
   * edited in what the public sees, or reaching its embargo or expiry), so public signals
   * (`/readyz`, public change events, public ETags) say nothing about draft activity.
   */
  readonly publicVersion: number;
  readonly loadedAt: Date;
  /** When the public view last changed: the loadedAt of the snapshot that changed it. */
  readonly publicLoadedAt: Date;
  /** What changed since the snapshot this one replaced; undefined for the first. */
  readonly changes: ChangeSet | undefined;
  /** The instant the public view is evaluated at (embargoes and expiry). */
  readonly asOf: Date;
  /** The first later instant at which the public view changes; null: it never will. */
  readonly nextTransition: Date | null;
  /** Every accepted article, drafts included. */
  readonly all: readonly ArticleRecord[];
  readonly public: CorpusView;
  readonly preview: CorpusView;
  readonly errors: readonly ContentError[];
  readonly warnings: readonly ContentWarning[];
  readonly files: number;
  readonly #asOfViews = new Map<number, CorpusView>();

  /**
   * `sameRecords`: a snapshot of the very same records at another instant (a transition); its
   * preview view, which does not depend on the instant, is reused with everything built on it.
   * `replaces`: the snapshot this one takes over from, to tell what changed and whether the
   * public version moves.
   */
  constructor(
    load: LoadResult,
    version: number,
    loadedAt = new Date(),
    asOf = loadedAt,
    sameRecords?: Corpus,
    replaces?: Corpus,
  ) {
    this.version = version;
    this.loadedAt = loadedAt;
    this.asOf = asOf;
    this.all = load.articles;
    this.preview =
      sameRecords?.all === load.articles ? sameRecords.preview : new CorpusView(load.articles);
    this.public = this.#publicView(asOf.getTime());
    const next = nextTransitionAfter(load.articles, asOf.getTime());
    this.nextTransition = next === null ? null : new Date(next);
    this.errors = load.errors;
    this.warnings = load.warnings;
    this.files = load.files;
    this.changes = replaces ? diffCorpora(replaces, this) : undefined;
    this.publicVersion = this.changes?.publicVersion ?? version;
    const publicMoved = replaces === undefined || this.publicVersion !== replaces.publicVersion;
    // A transition is evaluated at its own instant: that is when its public view changed.
    this.publicLoadedAt = publicMoved
      ? new Date(Math.max(loadedAt.getTime(), asOf.getTime()))
      : replaces.publicLoadedAt;
    Object.freeze(this);
  }

  /** The records this snapshot was built from, to evaluate them at another instant. */
  get load(): LoadResult {
    return { articles: this.all, errors: this.errors, warnings: this.warnings, files: this.files };
  }

  /** The view a request may read: drafts, scheduled and expired articles only with the token. */
  view(preview: boolean): CorpusView {
    return preview ? this.preview : this.public;
  }

  /**
   * What the public sees at `instant` (preview `asOf`): this snapshot's public view while no
   * transition lies between, otherwise one built for that instant and kept for a few reuses.
   */
  publicAt(instant: Date): CorpusView {
    const at = instant.getTime();
    const next = this.nextTransition?.getTime() ?? Number.POSITIVE_INFINITY;
    if (at >= this.asOf.getTime() && at < next) return this.public;
    let view = this.#asOfViews.get(at);
    if (view === undefined) {
      view = this.#publicView(at);
      if (this.#asOfViews.size >= MAX_AS_OF_VIEWS) {
        this.#asOfViews.delete(this.#asOfViews.keys().next().value as number);
      }
      this.#asOfViews.set(at, view);
    }
    return view;
  }

  #publicView(instant: number): CorpusView {
    const visible = this.all.filter((a) => isPublicAt(a, instant));
    return visible.length === this.all.length
      ? this.preview
      : new CorpusView(visible, this.preview);
  }
}
