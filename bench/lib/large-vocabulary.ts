import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateSeedFiles, seedBytes } from '../../src/seedgen/generate.ts';
import { mulberry32, type Random } from '../../src/seedgen/random.ts';

/** Made-up words added to each generated article's excerpt. */
const EXTRA_WORDS_PER_ARTICLE = 12;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** A random lower-case word of `min`..`max` letters. */
export function randomWord(rng: Random, min: number, max: number): string {
  let word = '';
  for (let n = rng.int(min, max); n > 0; n--) word += LETTERS[rng.int(0, 25)];
  return word;
}

/**
 * Generated seeds whose excerpts also carry a dozen made-up 5–12-letter words each, so the search
 * index holds a vocabulary of about 12 words per article (240,000 at 20,000 articles): what a
 * corpus of many languages, names and typos looks like to the typo scan. Resolves with the count.
 */
export async function writeLargeVocabularyFolder(dir: string, count: number): Promise<number> {
  await mkdir(dir, { recursive: true });
  const rng = mulberry32(16);
  let written = 0;
  for (const seed of generateSeedFiles({ count, seed: 16, draftShare: 0 })) {
    const extra = Array.from({ length: EXTRA_WORDS_PER_ARTICLE }, () => randomWord(rng, 5, 12));
    const text = seedBytes(seed)
      .toString('utf8')
      .replace(/^excerpt: "/m, `excerpt: "${extra.join(' ')} `);
    await writeFile(path.join(dir, seed.name), text);
    written++;
  }
  return written;
}
