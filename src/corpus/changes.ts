import { isDeepStrictEqual } from 'node:util';
import type { ArticleRecord } from '../content/records.ts';
import type { Corpus } from './corpus.ts';
import type { ArticleDelta } from './delta.ts';
import { statusAt } from './editorial.ts';
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
   * The version the previous preview change event carried (Corpus.previewEventVersion): a swap
   * that changed no key (only a file's problems) sends no event, so this, not previousVersion,
   * is what a preview subscriber compares with the last version it saw.
   */
  readonly previousPreviewEventVersion: number;
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

/**
 * Keys a delta changed: a key both leaving and entering is `updated` unless `same` says its
 * content did not change; one only leaving is `removed`, one only entering `added`.
 */
function keysOf(
  delta: ArticleDelta,
  same: (a: ArticleRecord, b: ArticleRecord) => boolean,
): { added: string[]; updated: string[]; removed: string[] } {
  const leaving = new Map(delta.removed.map((a) => [a.key, a]));
  const added: string[] = [];
  const updated: string[] = [];
  for (const article of delta.added) {
    const before = leaving.get(article.key);
    if (before === undefined) added.push(article.key);
    else {
      leaving.delete(article.key);
      if (!same(before, article)) updated.push(article.key);
    }
  }
  return { added, updated, removed: [...leaving.keys()] };
}

const sorted = (keys: { added: string[]; updated: string[]; removed: string[] }): KeyChanges => ({
  added: keys.added.sort(),
  updated: keys.updated.sort(),
  removed: keys.removed.sort(),
});

/**
 * What a swap changed, from its deltas alone (never a walk over both snapshots): the preview's
 * records, plus the untouched records `crossing` an embargo or expiry between the two instants
 * (an `updated` status for the preview), and the public view's own delta.
 */
export function changesOf(
  previous: Pick<Corpus, 'version' | 'publicVersion' | 'previewEventVersion'>,
  version: number,
  preview: ArticleDelta,
  crossing: readonly ArticleRecord[],
  before: number,
  after: number,
  publicDelta: ArticleDelta,
): ChangeSet {
  const previewKeys = keysOf(preview, sameArticle);
  for (const article of crossing) {
    if (statusAt(article, before) !== statusAt(article, after))
      previewKeys.updated.push(article.key);
  }
  const publicKeys = sorted(keysOf(publicDelta, samePublicArticle));
  return {
    version,
    previousVersion: previous.version,
    previousPreviewEventVersion: previous.previewEventVersion,
    publicVersion: previous.publicVersion + (hasChanges(publicKeys) ? 1 : 0),
    previousPublicVersion: previous.publicVersion,
    preview: sorted(previewKeys),
    public: publicKeys,
  };
}

/** The public articles a swap added, removed or changed, in both their old and new versions. */
export function changedPublicArticles(
  next: { readonly public: Pick<CorpusView, 'byKey'> },
  previous: { readonly public: Pick<CorpusView, 'byKey'> },
  changes: ChangeSet,
): ArticleRecord[] {
  const out: ArticleRecord[] = [];
  const push = (article: ArticleRecord | undefined) => {
    if (article) out.push(article);
  };
  for (const key of changes.public.added) push(next.public.byKey.get(key));
  for (const key of changes.public.removed) push(previous.public.byKey.get(key));
  for (const key of changes.public.updated) {
    push(previous.public.byKey.get(key));
    push(next.public.byKey.get(key));
  }
  return out;
}
