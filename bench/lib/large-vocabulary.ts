import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateSeedFiles, seedBytes } from '../../src/seedgen/generate.ts';
import { mulberry32, type Random } from '../../src/seedgen/random.ts';

/** Made-up words added to each generated article's excerpt: long ones (two typos allowed)... */
const LONG_WORDS_PER_ARTICLE = 8;
/** ...and shorter ones (one typo). */
const SHORT_WORDS_PER_ARTICLE = 4;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** A random lower-case word of `min`..`max` letters. */
export function randomWord(rng: Random, min: number, max: number): string {
  let word = '';
  for (let n = rng.int(min, max); n > 0; n--) word += LETTERS[rng.int(0, 25)];
  return word;
}

export interface MadeUpWords {
  /** 9–10 letters: each is matched with up to two typos. */
  readonly long: readonly string[];
  /** 5–8 letters: one typo. */
  readonly short: readonly string[];
}

/**
 * Generated seeds whose excerpts also carry a dozen made-up words each, so the search index holds
 * a vocabulary of about 12 words per article (240,000 at 20,000 articles): what a corpus of many
 * languages, names and typos looks like to the typo scan. Resolves with each article's made-up
 * words, in file order, so an attacker can pick words that all match one article (a query whose
 * every word still has candidates left is the slowest kind).
 */
export async function writeLargeVocabularyFolder(
  dir: string,
  count: number,
): Promise<MadeUpWords[]> {
  await mkdir(dir, { recursive: true });
  const rng = mulberry32(16);
  const words: MadeUpWords[] = [];
  for (const seed of generateSeedFiles({ count, seed: 16, draftShare: 0 })) {
    const made: MadeUpWords = {
      long: Array.from({ length: LONG_WORDS_PER_ARTICLE }, () => randomWord(rng, 9, 10)),
      short: Array.from({ length: SHORT_WORDS_PER_ARTICLE }, () => randomWord(rng, 5, 8)),
    };
    const text = seedBytes(seed)
      .toString('utf8')
      .replace(/^excerpt: "/m, `excerpt: "${[...made.long, ...made.short].join(' ')} `);
    await writeFile(path.join(dir, seed.name), text);
    words.push(made);
  }
  return words;
}
