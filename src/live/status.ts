import type { ContentError } from '../content/errors.ts';
import { seedKey } from '../content/seed-file.ts';
import type { Corpus } from '../corpus/corpus.ts';

/** A rejected file's problem; `servingLastGood` when its previous good version is still served. */
export interface FileProblem extends ContentError {
  readonly servingLastGood: boolean;
}

export interface ReloadStats {
  readonly at: Date;
  readonly durationMs: number;
  readonly filesRead: number;
}

export interface ReloadFailure {
  readonly at: Date;
  readonly message: string;
}

/** The health of the content, for operators: counts, per-file problems and reload timing. */
export interface ContentStatus {
  readonly version: number;
  readonly loadedAt: Date;
  /** Corpus.publicVersion and publicLoadedAt: what public status may show. */
  readonly publicVersion: number;
  readonly publicLoadedAt: Date;
  readonly files: number;
  /** Accepted articles, drafts included. */
  readonly articles: number;
  /** Public at the snapshot's instant. */
  readonly published: number;
  /** `published: false`. */
  readonly drafts: number;
  /** Embargoed: public from their publishAt on. */
  readonly scheduled: number;
  /** Past their expiresAt. */
  readonly expired: number;
  /** When the public view next changes by itself (an embargo or an expiry); null: never. */
  readonly nextTransition: Date | null;
  /** Files with errors and nothing served for them. */
  readonly rejectedFiles: number;
  /** Files with errors whose last good version is still served. */
  readonly staleFiles: number;
  readonly errors: number;
  readonly warnings: number;
  readonly problems: readonly FileProblem[];
  readonly lastReload: ReloadStats | null;
  /** Set while the last reload attempt failed (such as a vanished folder); cleared by the next. */
  readonly lastFailure: ReloadFailure | null;
  readonly watching: boolean;
}

/** What the reloader knows beyond the snapshot. */
export type ReloadInfo = Pick<ContentStatus, 'lastReload' | 'lastFailure' | 'watching'>;

const NO_RELOADS: ReloadInfo = { lastReload: null, lastFailure: null, watching: false };

/** Derived from one snapshot, so counts and problems always agree with what is served. */
export function contentStatus(corpus: Corpus, extra: ReloadInfo = NO_RELOADS): ContentStatus {
  const served = (file: string, key: string) => corpus.preview.byKey.get(key)?.file === file;
  const problems = corpus.errors.map(
    (error): FileProblem => ({
      ...error,
      servingLastGood: served(error.file, seedKey(error.file)),
    }),
  );
  const rejected = new Set<string>();
  const stale = new Set<string>();
  for (const problem of problems) (problem.servingLastGood ? stale : rejected).add(problem.file);
  const published = corpus.public.size;
  // Kept by each swap from its delta: a readiness probe or a scrape never counts the corpus.
  const { drafts, scheduled } = corpus.counts;
  return {
    version: corpus.version,
    loadedAt: corpus.loadedAt,
    publicVersion: corpus.publicVersion,
    publicLoadedAt: corpus.publicLoadedAt,
    files: corpus.files,
    articles: corpus.preview.size,
    published,
    drafts,
    scheduled,
    expired: corpus.preview.size - published - drafts - scheduled,
    nextTransition: corpus.nextTransition,
    rejectedFiles: rejected.size,
    staleFiles: stale.size,
    errors: corpus.errors.length,
    warnings: corpus.warnings.length,
    problems,
    ...extra,
  };
}

/**
 * What anyone may see (readiness): no file names, no per-file problems and nothing that counts
 * drafts, because seed file names are article keys. The version and load time are the public
 * view's, which a draft-only edit does not move; reload times are left out for the same reason
 * (the preview's contentStatus and the metrics have them).
 */
export function publicStatus(status: ContentStatus) {
  return {
    version: status.publicVersion,
    loadedAt: status.publicLoadedAt.toISOString(),
    watching: status.watching,
    rejectedFiles: status.rejectedFiles,
    staleFiles: status.staleFiles,
    errors: status.errors,
    warnings: status.warnings,
    reloadFailing: status.lastFailure !== null,
  };
}
