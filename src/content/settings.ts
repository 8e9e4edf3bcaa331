import { homedir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { SWITCH_WORDS } from '../config/switch.ts';

const OFF_WORDS: ReadonlySet<string> = new Set(
  SWITCH_WORDS.filter((w) => ['off', 'false', 'no', '0'].includes(w)),
);

/**
 * NEWSGRAPH_CACHE_DIR: the base folder of the persisted load cache (one subfolder per seeds
 * folder) and of the Node 20 worker bundle; `off` turns both off. Unset: the OS cache folder.
 */
export const contentConfigShape = {
  cacheDir: z
    .string()
    .min(1)
    .transform((value) => (OFF_WORDS.has(value.trim().toLowerCase()) ? null : path.resolve(value)))
    .optional(),
};

export const CACHE_DIR_DEFAULT = '$XDG_CACHE_HOME/newsgraph, else ~/.cache/newsgraph';

export const CONTENT_CONFIG_SOURCES = [
  {
    flag: undefined,
    env: 'NEWSGRAPH_CACHE_DIR',
    key: 'cacheDir',
    help: 'load cache folder (outside the seeds folder): restarts parse only changed files; off: none',
    default: CACHE_DIR_DEFAULT,
  },
] as const;

/** The default cache base: XDG_CACHE_HOME when set (absolute, per the XDG spec), else ~/.cache. */
export function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(homedir(), '.cache');
  return path.join(base, 'newsgraph');
}

/** The setting's value, or the default when unset; null when turned off. */
export function resolveCacheDir(
  value: string | null | undefined,
  env: NodeJS.ProcessEnv,
): string | null {
  return value === undefined ? defaultCacheDir(env) : value;
}

/** A cache inside the seeds folder would be part of what it caches (and could be served). */
export function cacheDirProblem(cacheDir: string | null, seedsDir: string): string | undefined {
  if (cacheDir === null) return undefined;
  const seeds = path.resolve(seedsDir);
  const relative = path.relative(seeds, cacheDir);
  const inside = relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  return inside ? 'must be outside the seeds folder' : undefined;
}

/** For commands without the server's config (`check`): the same setting, the same rules. */
export function cacheDirFromEnv(
  env: NodeJS.ProcessEnv,
  seedsDir: string,
): { cacheDir: string | null } | { problem: string } {
  const parsed = z
    .object(contentConfigShape)
    .safeParse({ cacheDir: env.NEWSGRAPH_CACHE_DIR || undefined });
  if (!parsed.success)
    return { problem: `NEWSGRAPH_CACHE_DIR: ${parsed.error.issues[0]?.message}` };
  const cacheDir = resolveCacheDir(parsed.data.cacheDir, env);
  const problem = cacheDirProblem(cacheDir, seedsDir);
  return problem ? { problem: `NEWSGRAPH_CACHE_DIR: ${problem}` } : { cacheDir };
}
