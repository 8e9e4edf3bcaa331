import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { formatContentError } from '../content/errors.ts';
import { assembleOutcomes, type LoadResult, loadSeedFolder } from '../content/load.ts';
import { cacheDirFromEnv } from '../content/settings.ts';

const USAGE = `Usage: newsgraph check [DIR] [--json]

Lints a seeds folder (default: seeds/) and lists every problem as
  file:line:col  field  message [CODE]
followed by a summary. Exits 1 when a file is rejected, 0 otherwise (warnings do not fail).

  --json   one JSON document on stdout instead, for machines`;

/** Folders at least this large get a progress bar (on a terminal only). */
export const PROGRESS_MIN_FILES = 2_000;

export interface CheckReport {
  readonly folder: string;
  readonly files: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly errors: LoadResult['errors'];
  readonly warnings: LoadResult['warnings'];
}

export function checkReport(folder: string, load: LoadResult): CheckReport {
  return {
    folder,
    files: load.files,
    accepted: load.articles.length,
    rejected: new Set(load.errors.map((e) => e.file)).size,
    errors: load.errors,
    warnings: load.warnings,
  };
}

export function formatSummary(report: CheckReport): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(report.files, 'file')}: ${report.accepted} accepted, ${report.rejected} rejected, ${plural(report.errors.length, 'error')}, ${plural(report.warnings.length, 'warning')}`;
}

/** `newsgraph check`: 0 when every file is accepted, 1 when one is rejected, 2 on bad usage. */
export async function runCheck(args: string[]): Promise<number> {
  let folder: string;
  let json: boolean;
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    if (positionals.length > 1) throw new Error('give at most one folder');
    folder = positionals[0] ?? 'seeds';
    json = values.json ?? false;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (!(await stat(folder).catch(() => null))?.isDirectory()) {
    console.error(`newsgraph check: ${folder} is not a folder`);
    return 2;
  }

  const cache = cacheDirFromEnv(process.env, folder);
  if ('problem' in cache) {
    console.error(`newsgraph check: ${cache.problem}`);
    return 2;
  }

  const bar = process.stderr.isTTY && !json ? new SingleBar({ stream: process.stderr }) : null;
  let barStarted = false;
  // The same pipeline as `serve`, its load cache included: an unchanged file is not parsed again.
  const loaded = await loadSeedFolder(folder, {
    cacheDir: cache.cacheDir,
    onProgress: bar
      ? (done, total) => {
          if (total < PROGRESS_MIN_FILES) return;
          if (!barStarted) bar.start(total, done);
          else bar.update(done);
          barStarted = true;
        }
      : undefined,
  });
  if (barStarted) bar?.stop();
  const load = assembleOutcomes(loaded.files.map((file) => file.outcome));

  const report = checkReport(folder, load);
  if (json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const lines = [
      ...report.errors.map(formatContentError),
      ...report.warnings.map((w) => `${formatContentError(w)} (warning)`),
      formatSummary(report),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  await loaded.cacheWritten;
  return report.errors.length > 0 ? 1 : 0;
}
