import type { ArticleRecord } from '../content/records.ts';

/**
 * What one swap changed in a view's set of records. An edited article is its old record in
 * `removed` and its new record in `added`; records nobody touched are the same objects in both
 * snapshots. Anything built over a view (search index, facet table, story groups) can apply this
 * to what it built over the previous view instead of building again from every record.
 */
export interface ArticleDelta {
  /** Records that enter the view: new articles, and the new version of an edited one. */
  readonly added: readonly ArticleRecord[];
  /** Records that leave the view: removed articles, and the old version of an edited one. */
  readonly removed: readonly ArticleRecord[];
}

/**
 * How a view was derived from the one before it. The previous view is held weakly, so a chain of
 * snapshots never keeps old ones alive: a structure that is gone with it is built from scratch.
 */
export interface ViewDerivation {
  readonly previous: WeakRef<object>;
  readonly delta: ArticleDelta;
}
