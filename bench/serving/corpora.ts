import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeSeedFolder } from '../../src/seedgen/generate.ts';
import { BENCH_DIR } from './settings.ts';

const GENERATOR_SOURCE = 'src/seedgen/generate.ts';
const COMPLETE_MARKER = '.complete';
/** Fixed so every run measures the same articles. */
const GENERATOR_SEED = 8;

export interface BenchCorpus {
  readonly articles: number;
  readonly dir: string;
  readonly hash: string;
  /** Null when an existing folder was reused. */
  readonly generatedMs: number | null;
}

/**
 * A generated seeds folder under .bench/, reused while the generator options and the generator's
 * source are unchanged (both go into the folder name); an interrupted generation is redone.
 */
export async function ensureCorpus(articles: number): Promise<BenchCorpus> {
  const options = { count: articles, seed: GENERATOR_SEED };
  const hash = createHash('sha256')
    .update(JSON.stringify(options))
    .update(readFileSync(GENERATOR_SOURCE))
    .digest('hex')
    .slice(0, 12);
  const dir = resolve(BENCH_DIR, `corpus-${articles}-${hash}`);
  if (existsSync(join(dir, COMPLETE_MARKER))) return { articles, dir, hash, generatedMs: null };
  await rm(dir, { recursive: true, force: true });
  const started = performance.now();
  await writeSeedFolder(dir, options);
  await writeFile(join(dir, COMPLETE_MARKER), `${JSON.stringify(options)}\n`);
  return { articles, dir, hash, generatedMs: performance.now() - started };
}
