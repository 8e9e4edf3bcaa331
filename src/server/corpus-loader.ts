import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ContentError } from '../content/errors.ts';
import { type LoadResult, loadSeeds } from '../content/load.ts';
import type { Logger } from '../observability/logger.ts';
import { traceCorpusLoad } from '../observability/tracing.ts';

export const StartupErrorCode = {
  ContentErrors: 'CONTENT_ERRORS',
  SeedsFolderMissing: 'SEEDS_FOLDER_MISSING',
} as const;

export class StartupError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'StartupError';
    this.code = code;
  }
}

/** Where a problem is, never what the file says: content values stay out of logs. */
function place(problem: ContentError) {
  return {
    file: problem.file,
    line: problem.line,
    column: problem.column,
    path: problem.path,
    code: problem.code,
  };
}

/**
 * Loads the seeds folder and reports every problem as a warning; with `strict`, any error
 * refuses the load. Run `newsgraph check` for the full messages.
 */
export async function loadCorpus(
  seedsDir: string,
  logger: Logger,
  strict: boolean,
  /** How the folder is read; live content passes its reloader's first load. */
  load: (root: string) => Promise<LoadResult> = loadSeeds,
): Promise<LoadResult> {
  const root = path.resolve(seedsDir);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new StartupError(
      StartupErrorCode.SeedsFolderMissing,
      `The seeds folder ${root} does not exist or is not a folder.`,
    );
  }
  const started = performance.now();
  const result = await traceCorpusLoad(
    { 'newsgraph.seeds_dir': root },
    () => load(root),
    (r) => ({
      'newsgraph.corpus.files': r.files,
      'newsgraph.corpus.accepted': r.articles.length,
      'newsgraph.corpus.errors': r.errors.length,
    }),
  );
  for (const error of result.errors) logger.warn(place(error), 'seed file rejected');
  for (const warning of result.warnings) logger.warn(place(warning), 'seed file warning');
  logger.info(
    {
      seedsDir: root,
      files: result.files,
      accepted: result.articles.length,
      errors: result.errors.length,
      warnings: result.warnings.length,
      ms: Math.round(performance.now() - started),
    },
    'corpus loaded',
  );
  if (strict && result.errors.length > 0) {
    throw new StartupError(
      StartupErrorCode.ContentErrors,
      `Strict mode: ${result.errors.length} seed file error(s); run "newsgraph check" for details.`,
    );
  }
  return result;
}
