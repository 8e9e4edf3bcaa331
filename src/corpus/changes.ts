import { isDeepStrictEqual } from 'node:util';
import type { ArticleRecord } from '../content/records.ts';
import type { Corpus } from './corpus.ts';
import { hasTimes, statusAt } from './editorial.ts';
import type { CorpusView } from './view.ts';

/** Article keys that differ between two snapshots, as one audience sees them; each sorted. */
export interface KeyChanges {
  readonly added: readonly string[];
  readonly updated: readonly string[];
  readonly removed: readonly string[];
}

/** What one swap changed. */
export interface ChangeSet {
  /** Snapshot versions: every swap moves them (preview subscribers see these). */
  readonly version: number;
  readonly previousVersion: number;
  /**
   * Public versions (Corpus.publicVersion): they move only when the public view changed, so a
   * public subscriber sees no gap and no event for a swap that changed only drafts or `secured`.
   */
  readonly publicVersion: number;
  readonly previousPublicVersion: number;
  /** Every key, drafts included: only for requests with the preview token. */
  readonly preview: KeyChanges;
  /**
   * What the public may learn: published articles only. A draft that gets published is
   * `added`, a published article turned back into a draft is `removed`; draft edits are absent.
   */
  readonly public: KeyChanges;
}

export const changesFor = (changes: ChangeSet, preview: boolean): KeyChanges =>
  preview ? changes.preview : changes.public;

export const hasChanges = (keys: KeyChanges): boolean =>
  keys.added.length > 0 || keys.updated.length > 0 || keys.removed.length > 0;

/**
 * Same content, even when read twice from the same bytes. `secured` is compared by value: its
 * blob hides the value from every serialiser, so a structural compare alone would miss it.
 */
export function sameArticle(a: ArticleRecord, b: ArticleRecord): boolean {
  if (a === b) return true;
  if (a.secured?.reveal() !== b.secured?.reveal()) return false;
  return isDeepStrictEqual({ ...a, secured: null }, { ...b, secured: null });
}

/**
 * Same content as the public sees it: `secured` is never served to anyone, so a change to it
 * alone is not a public change (it would tell the public that something secret moved).
 */
function samePublicArticle(a: ArticleRecord, b: ArticleRecord): boolean {
  return a === b || isDeepStrictEqual({ ...a, secured: null }, { ...b, secured: null });
}

function diffViews(
  previous: CorpusView,
  next: CorpusView,
  same: (a: ArticleRecord, b: ArticleRecord) => boolean,
): KeyChanges {
  const added: string[] = [];
  const updated: string[] = [];
  const removed: string[] = [];
  for (const [key, article] of next.byKey) {
    const before = previous.byKey.get(key);
    if (before === undefined) added.push(key);
    else if (!same(before, article)) updated.push(key);
  }
  for (const key of previous.byKey.keys()) if (!next.byKey.has(key)) removed.push(key);
  return { added: added.sort(), updated: updated.sort(), removed: removed.sort() };
}

/**
 * Linear in the corpus size. Records a reload did not touch are the same objects in both
 * snapshots, so they cost one identity check each.
 */
export function diffCorpora(
  previous: Pick<Corpus, 'preview' | 'public' | 'version' | 'publicVersion' | 'asOf'>,
  next: Pick<Corpus, 'preview' | 'public' | 'version' | 'asOf' | 'all'>,
): ChangeSet {
  const preview = withStatusChanges(
    diffViews(previous.preview, next.preview, sameArticle),
    previous,
    next,
  );
  const publicKeys = diffViews(previous.public, next.public, samePublicArticle);
  return {
    version: next.version,
    previousVersion: previous.version,
    publicVersion: previous.publicVersion + (hasChanges(publicKeys) ? 1 : 0),
    previousPublicVersion: previous.publicVersion,
    preview,
    public: publicKeys,
  };
}

/**
 * The preview also sees each article's status: an embargo lifting or an expiry is an `updated`
 * article there (the public sees it `added` or `removed`).
 */
function withStatusChanges(
  keys: KeyChanges,
  previous: Pick<Corpus, 'asOf'>,
  next: Pick<Corpus, 'asOf' | 'all'>,
): KeyChanges {
  const before = previous.asOf.getTime();
  const after = next.asOf.getTime();
  if (before === after) return keys;
  const known = new Set([...keys.added, ...keys.updated]);
  const changed = next.all.filter(
    (a) => hasTimes(a) && !known.has(a.key) && statusAt(a, before) !== statusAt(a, after),
  );
  if (changed.length === 0) return keys;
  return { ...keys, updated: [...keys.updated, ...changed.map((a) => a.key)].sort() };
}
