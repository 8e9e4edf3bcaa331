import type { SecuredBlob } from './secured.ts';

/** Validated, normalised records: what the rest of newsgraph reads. Plain, frozen data. */

export interface ProviderRef {
  readonly name: string;
  readonly domain: string;
}

export interface ImageRecord {
  readonly url: string;
  readonly width: number | null;
  readonly height: number | null;
  readonly title: string | null;
}

export interface RelatedRecord {
  readonly title: string;
  readonly excerpt: string | null;
  readonly publishedDateTime: Date | null;
  readonly sourceUrl: string;
  readonly type: string | null;
  readonly provider: ProviderRef | null;
  readonly quality: number | null;
  readonly images: readonly ImageRecord[];
}

/** A public correction notice: when it was made and what it says. */
export interface CorrectionRecord {
  readonly at: Date;
  readonly text: string;
}

export interface ArticleRecord {
  /** File name without its extension: the stable key. */
  readonly key: string;
  /** File name relative to the seeds folder, for error reports. */
  readonly file: string;
  readonly category: string;
  readonly type: string;
  readonly title: string;
  readonly excerpt: string | null;
  readonly publishedDateTime: Date;
  readonly sourceUrl: string;
  readonly ampUrl: string | null;
  readonly cdnAmpUrl: string | null;
  readonly quality: number | null;
  readonly heat: number | null;
  /** `false` marks a draft: visible only with the preview token. */
  readonly published: boolean;
  readonly provider: ProviderRef;
  readonly topics: readonly string[];
  readonly images: readonly ImageRecord[];
  readonly related: readonly RelatedRecord[];
  /** Embargo: not public before this instant; null when public from the start. */
  readonly publishAt: Date | null;
  /** Not public from this instant on; null when it never expires. */
  readonly expiresAt: Date | null;
  /** The last substantive update; null when never updated. */
  readonly updatedDateTime: Date | null;
  /** Oldest first. */
  readonly corrections: readonly CorrectionRecord[];
  /** Confidential; redacts itself when serialised or logged. */
  readonly secured: SecuredBlob | null;
  /** Keys the format does not know yet, kept verbatim (and reported as warnings). */
  readonly extra: Readonly<Record<string, unknown>>;
}

/**
 * When an article last changed for its readers: its last substantive update, else its
 * publication. The UPDATED_DATE_TIME order, feeds' update dates and sitemaps' lastmod all use it.
 */
export const lastUpdateOf = (article: ArticleRecord): Date =>
  article.updatedDateTime ?? article.publishedDateTime;
