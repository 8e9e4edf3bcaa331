import type { ContentError, ContentWarning } from '../content/errors.ts';
import type { LoadResult } from '../content/load.ts';
import type { ArticleRecord } from '../content/records.ts';
import { CorpusView } from './view.ts';

/**
 * One immutable snapshot of the seeds folder. A request takes one snapshot at its start and
 * reads only it, so a reload never mixes two versions into one response.
 */
export class Corpus {
  readonly version: number;
  readonly loadedAt: Date;
  /** Every accepted article, drafts included. */
  readonly all: readonly ArticleRecord[];
  readonly public: CorpusView;
  readonly preview: CorpusView;
  readonly errors: readonly ContentError[];
  readonly warnings: readonly ContentWarning[];
  readonly files: number;

  constructor(load: LoadResult, version: number, loadedAt = new Date()) {
    this.version = version;
    this.loadedAt = loadedAt;
    this.all = load.articles;
    this.preview = new CorpusView(load.articles);
    const published = load.articles.filter((a) => a.published);
    this.public =
      published.length === load.articles.length
        ? this.preview
        : new CorpusView(published, this.preview);
    this.errors = load.errors;
    this.warnings = load.warnings;
    this.files = load.files;
    Object.freeze(this);
  }

  /** The view a request may read: drafts only with the preview token. */
  view(preview: boolean): CorpusView {
    return preview ? this.preview : this.public;
  }
}
