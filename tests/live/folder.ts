import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fixtureSeeds, type SeedObject, seedText, sourceUrlOf } from '../fixtures/graph-corpus.ts';

export { fixtureSeeds, seedText, sourceUrlOf };

/** A fixture article under a new key: its own sourceUrl, so it never clashes. */
export function articleSeed(key: string, overrides: SeedObject = {}): SeedObject {
  const base = fixtureSeeds().get('a01') as SeedObject;
  return { ...base, title: `Article ${key}`, sourceUrl: sourceUrlOf(key), ...overrides };
}

export const writeSeed = (dir: string, name: string, seed: SeedObject) =>
  writeFile(path.join(dir, name), seedText(seed));

/** What editors do on save: write a temp file beside the seed, then rename it over the seed. */
export async function atomicSave(dir: string, name: string, seed: SeedObject): Promise<void> {
  const temp = path.join(dir, `.${name}.swp`);
  await writeFile(temp, seedText(seed));
  await rename(temp, path.join(dir, name));
}

export const BROKEN_TEXT = '---\ntitle: [unclosed\n---\n';

export const removeFolder = (dir: string) => rm(dir, { recursive: true, force: true });
