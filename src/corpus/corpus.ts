import type { ContentError, ContentWarning } from '../content/errors.ts';
import type { LoadResult } from '../content/load.ts';
import type { ArticleRecord } from '../content/records.ts';
import { type ChangeSet, changesOf, hasChanges } from './changes.ts';
import type { ArticleDelta } from './delta.ts';
import { ArticleStatus, isPublicAt, statusAt } from './editorial.ts';
import { Problems } from './problems.ts';
import { withChanges } from './sorted.ts';
import { TransitionIndex } from './transition-index.ts';
import { byFile, CorpusView } from './view.ts';

/** Views built for preview `asOf` instants, kept per snapshot; the oldest goes first. */
export const MAX_AS_OF_VIEWS = 8;

/**
 * Above this share of the corpus changed at once, the next views are built from their records
 * rather than derived (a derivation touching most records costs more than a build).
 */
const DERIVE_MAX_SHARE = 0.25;

/** What one swap changes: the records entering and leaving (an edit is both), and the problems. */
export interface CorpusStep extends ArticleDelta {
  readonly problems: Problems;
  readonly files: number;
}

/**
 * How many accepted articles are drafts, and how many are scheduled (embargoed) at the snapshot's
 * instant: kept by every swap from the delta, so a status read (readiness probes, metrics
 * scrapes) never counts the corpus.
 */
export interface StatusCounts {
  readonly drafts: number;
  readonly scheduled: number;
}

/** +1 / -1 for each article's part in the counts at `instant`. */
function countInto(
  counts: { drafts: number; scheduled: number },
  articles: Iterable<ArticleRecord>,
  instant: number,
  sign: 1 | -1,
): void {
  for (const article of articles) {
    const status = statusAt(article, instant);
    if (status === ArticleStatus.Draft) counts.drafts += sign;
    else if (status === ArticleStatus.Scheduled) counts.scheduled += sign;
  }
}

/** A snapshot's content, built from a load or derived from the previous snapshot's. */
export interface CorpusParts {
  readonly counts: StatusCounts;
  readonly preview: CorpusView;
  readonly public: CorpusView;
  readonly transitions: TransitionIndex;
  readonly problems: Problems;
  readonly files: number;
}

/**
 * One immutable snapshot of the seeds folder, evaluated at one instant (`asOf`): the public
 * view holds the articles public at that instant, so the clock moving on is a new snapshot,
 * like a file change. A request takes one snapshot at its start and reads only it, so a reload
 * or a transition never mixes two versions into one response. The first snapshot is built from
 * the load; each next one is derived from the one it replaces by what changed (`Corpus.next`).
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
  /**
   * The version of the last snapshot that changed an article key the preview sees: what the
   * previous preview change event announced. A swap that changed only problems (a file turning
   * bad keeps serving its last good version) moves `version` but announces nothing, so the next
   * preview event names this as its previous version and shows no gap.
   */
  readonly previewEventVersion: number;
  readonly loadedAt: Date;
  /** When the public view last changed: the loadedAt of the snapshot that changed it. */
  readonly publicLoadedAt: Date;
  /** What changed since the snapshot this one replaced; undefined for the first. */
  readonly changes: ChangeSet | undefined;
  /** The instant the public view is evaluated at (embargoes and expiry). */
  readonly asOf: Date;
  /** The first later instant at which the public view changes; null: it never will. */
  readonly nextTransition: Date | null;
  readonly public: CorpusView;
  readonly preview: CorpusView;
  readonly files: number;
  /** Drafts, and articles scheduled at `asOf`: what a status reports without a scan. */
  readonly counts: StatusCounts;
  readonly #transitions: TransitionIndex;
  readonly #problems: Problems;
  readonly #asOfViews = new Map<number, CorpusView>();

  /**
   * From a complete load. `sameRecords`: a snapshot of the very same records at another instant
   * (a transition). `replaces`: the snapshot this one takes over from, to tell what changed and
   * whether the public version moves; the records the load shares with it are kept, the rest
   * found by one pass over the load (a complete load is linear anyway). `Corpus.next` passes
   * parts it derived, with their change set.
   */
  constructor(
    load: LoadResult | CorpusParts,
    version: number,
    loadedAt = new Date(),
    asOf = loadedAt,
    sameRecords?: Corpus,
    replaces?: Corpus,
    changes?: ChangeSet,
  ) {
    const previous = replaces ?? sameRecords;
    let parts: CorpusParts;
    if ('preview' in load) parts = load;
    else if (previous) {
      const derived = derive(previous, stepFromLoad(previous, load), asOf, version, load.articles);
      parts = derived.parts;
      changes = derived.changes;
    } else parts = partsFromLoad(load, asOf.getTime());
    this.version = version;
    this.loadedAt = loadedAt;
    this.asOf = asOf;
    this.preview = parts.preview;
    this.public = parts.public;
    this.#transitions = parts.transitions;
    this.#problems = parts.problems;
    this.files = parts.files;
    this.counts = parts.counts;
    const next = parts.transitions.nextAfter(asOf.getTime());
    this.nextTransition = next === null ? null : new Date(next);
    this.changes = changes;
    this.publicVersion = changes?.publicVersion ?? version;
    this.previewEventVersion =
      previous === undefined || (changes && hasChanges(changes.preview))
        ? version
        : previous.previewEventVersion;
    const publicMoved = previous === undefined || this.publicVersion !== previous.publicVersion;
    // A transition is evaluated at its own instant: that is when its public view changed.
    this.publicLoadedAt = publicMoved
      ? new Date(Math.max(loadedAt.getTime(), asOf.getTime()))
      : previous.publicLoadedAt;
    Object.freeze(this);
  }

  /**
   * The snapshot after `step`, derived from `previous` at a cost that follows the step: both
   * views, the transition index, the problems and the change set come from the delta.
   */
  static next(
    previous: Corpus,
    step: CorpusStep,
    version: number,
    loadedAt: Date,
    asOf: Date,
  ): Corpus {
    const { parts, changes } = derive(previous, step, asOf, version);
    return new Corpus(parts, version, loadedAt, asOf, undefined, previous, changes);
  }

  /** Every accepted article, drafts included, in file-name order. */
  get all(): readonly ArticleRecord[] {
    return this.preview.articles;
  }

  get errors(): readonly ContentError[] {
    return this.#problems.errors;
  }

  get warnings(): readonly ContentWarning[] {
    return this.#problems.warnings;
  }

  /** The problems per file, for the next swap to update. */
  get problems(): Problems {
    return this.#problems;
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
      view = publicViewAt(this.preview, at);
      if (this.#asOfViews.size >= MAX_AS_OF_VIEWS) {
        this.#asOfViews.delete(this.#asOfViews.keys().next().value as number);
      }
      this.#asOfViews.set(at, view);
    }
    return view;
  }

  /** The transitions of this snapshot's records, for the next snapshot to update. */
  get transitions(): TransitionIndex {
    return this.#transitions;
  }
}

function publicViewAt(preview: CorpusView, instant: number): CorpusView {
  const visible = preview.articles.filter((a) => isPublicAt(a, instant));
  return visible.length === preview.articles.length ? preview : new CorpusView(visible, preview);
}

function partsFromLoad(load: LoadResult, instant: number): CorpusParts {
  const preview = new CorpusView(load.articles);
  const counts = { drafts: 0, scheduled: 0 };
  countInto(counts, load.articles, instant, 1);
  return {
    counts,
    preview,
    public: publicViewAt(preview, instant),
    transitions: TransitionIndex.of(load.articles),
    problems: Problems.of(load.errors, load.warnings),
    files: load.files,
  };
}

/** A complete load as a step from `previous`: the records it does not share with it. */
function stepFromLoad(previous: Corpus, load: LoadResult): CorpusStep {
  const keep = new Set<ArticleRecord>();
  const added: ArticleRecord[] = [];
  for (const article of load.articles) {
    if (previous.preview.byKey.get(article.key) === article) keep.add(article);
    else added.push(article);
  }
  const removed = previous.all.filter((a) => !keep.has(a));
  const problems =
    load.errors === previous.errors && load.warnings === previous.warnings
      ? previous.problems
      : Problems.of(load.errors, load.warnings);
  return { added, removed, problems, files: load.files };
}

/**
 * The parts and change set of the snapshot after `step` at `asOf`. The public view follows its
 * own delta: the step's records as the public sees them at `asOf`, and the untouched records
 * whose embargo or expiry falls between the two instants (found in the transition index).
 * `all`: the complete record list when the caller has it (a complete load), used if the step is
 * too large to derive.
 */
function derive(
  previous: Corpus,
  step: CorpusStep,
  asOf: Date,
  version: number,
  all?: readonly ArticleRecord[],
): { parts: CorpusParts; changes: ChangeSet } {
  const both = new Set(step.removed);
  const added = step.added.filter((a) => !both.delete(a));
  const removed = step.removed.filter((a) => both.has(a));
  const before = previous.asOf.getTime();
  const after = asOf.getTime();
  const transitions = previous.transitions.with(removed, added);
  const entering = new Set(added);
  const crossing =
    before === after ? [] : transitions.between(before, after).filter((a) => !entering.has(a));

  const publicRemoved = removed.filter((a) => previous.public.byKey.get(a.key) === a);
  const publicAdded = added.filter((a) => isPublicAt(a, after));
  for (const article of crossing) {
    const was = isPublicAt(article, before);
    const is = isPublicAt(article, after);
    if (was && !is) publicRemoved.push(article);
    else if (!was && is) publicAdded.push(article);
  }

  const size = previous.preview.size + added.length;
  const rebuild = added.length + removed.length > Math.max(64, size * DERIVE_MAX_SHARE);
  let preview: CorpusView;
  let publicView: CorpusView;
  if (rebuild) {
    const records = all ?? withChanges(previous.all, removed, added, byFile);
    preview = new CorpusView(records);
    publicView = publicViewAt(preview, after);
  } else {
    preview =
      added.length + removed.length === 0
        ? previous.preview
        : previous.preview.derive({ added, removed });
    const sameAsPreview =
      previous.public === previous.preview &&
      publicAdded.length === added.length &&
      publicRemoved.length === removed.length;
    publicView = sameAsPreview
      ? preview
      : publicAdded.length + publicRemoved.length === 0
        ? previous.public
        : previous.public.derive({ added: publicAdded, removed: publicRemoved });
  }
  const changes = changesOf(previous, version, { added, removed }, crossing, before, after, {
    added: publicAdded,
    removed: publicRemoved,
  });
  const counts = { ...previous.counts };
  countInto(counts, removed, before, -1);
  countInto(counts, added, after, 1);
  countInto(counts, crossing, before, -1);
  countInto(counts, crossing, after, 1);
  return {
    parts: {
      counts,
      preview,
      public: publicView,
      transitions,
      problems: step.problems,
      files: step.files,
    },
    changes,
  };
}
