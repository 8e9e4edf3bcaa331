import { assembleOutcomes, type LoadResult } from '../../src/content/load.ts';
import { processSeedBytes } from '../../src/content/seed-file.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import { generateSeedFiles, seedBytes } from '../../src/seedgen/generate.ts';
import { loadFromSeeds, SECURED_VALUE, type SeedObject } from '../fixtures/graph-corpus.ts';

export const ALPHA = { name: 'Alpha News', domain: 'alpha.example' };
export const BETA = { name: 'Beta Daily', domain: 'beta.example' };
export const GAMMA = { name: 'Gamma Post', domain: 'gamma.example' };
export const EMBARGO = { name: 'Embargo Wire', domain: 'embargo.example' };
export const OUTSIDE = { name: 'Outside Herald', domain: 'outside.example' };
export const DRAFT_KEY = 'd07';
export const DRAFT_TOPIC = 'Secret Launch';

export const urlOf = (key: string) => `https://news.example/${key}`;

interface Known {
  readonly title: string;
  readonly excerpt?: string;
  readonly topics: readonly string[];
  readonly provider: { name: string; domain: string };
  readonly category: string;
  readonly published: string;
  readonly heat?: number;
  readonly quality?: number;
  readonly related?: readonly string[];
  readonly draft?: boolean;
}

/**
 * Articles with known words, for ranking, filter, trending and story assertions. Stories: d01+d06
 * (d06 links d01), d02+d03 (d03 links d02), d09+d10+d11 (a chain in both directions). The draft
 * d07 links d01 and d04: for the public that must not join them.
 */
export const KNOWN: Readonly<Record<string, Known>> = {
  d01: {
    title: 'Quantum computing breakthrough at Zurich lab',
    excerpt: 'Physicists report a stable qubit array built from superconducting chips.',
    topics: ['Physics', 'Chips'],
    provider: ALPHA,
    category: 'science',
    published: '2024-03-01T10:00:00Z',
    heat: 80,
    quality: 90,
  },
  d02: {
    title: 'Climate summit agrees on methane targets',
    excerpt: 'Delegates commit to cutting emissions from gas fields by half.',
    topics: ['Climate'],
    provider: BETA,
    category: 'news',
    published: '2024-03-01T08:00:00Z',
    heat: 60,
    quality: 70,
  },
  d03: {
    title: 'Methane leaks tracked by satellite',
    excerpt: 'A new orbiting sensor maps plumes over oil basins every day.',
    topics: ['Climate', 'Space'],
    provider: GAMMA,
    category: 'science',
    published: '2024-02-28T12:00:00Z',
    heat: 90,
    quality: 80,
    related: ['d02'],
  },
  d04: {
    title: 'Vaccine trial shows strong results',
    excerpt: 'Hospitals in three countries enrolled patients for the phase three trial.',
    topics: ['Health'],
    provider: ALPHA,
    category: 'news',
    published: '2024-02-20T09:00:00Z',
    heat: 40,
    quality: 60,
  },
  d05: {
    title: 'Electric batteries get cheaper',
    excerpt: 'Cell prices fell again as factories scaled up; satellite makers are buying in.',
    topics: ['Energy'],
    provider: BETA,
    category: 'business',
    published: '2024-03-02T07:00:00Z',
    quality: 50,
  },
  d06: {
    title: 'Zurich lab spins out quantum startup',
    excerpt: 'The founders say investors lined up within weeks.',
    topics: ['Chips', 'Startups'],
    provider: GAMMA,
    category: 'business',
    published: '2024-03-02T15:00:00Z',
    heat: 70,
    quality: 75,
    related: ['d01'],
  },
  d07: {
    title: 'Secret quantum chip unveiled',
    excerpt: 'Embargoed until launch: the chip doubles qubit counts.',
    topics: [DRAFT_TOPIC, 'Chips'],
    provider: EMBARGO,
    category: 'science',
    published: '2024-03-03T06:00:00Z',
    heat: 100,
    quality: 100,
    related: ['d01', 'd04'],
    draft: true,
  },
  d08: {
    title: 'Photosynthesis research blooms in deserts',
    excerpt: 'Botanists <b>found</b> plants & algae that thrive at 50 degrees.',
    topics: ['Climate', 'Science'],
    provider: ALPHA,
    category: 'science',
    published: '2024-02-25T18:00:00Z',
    heat: 55,
    quality: 85,
  },
  d09: {
    title: 'Harbour strike halts container traffic',
    topics: ['Trade'],
    provider: BETA,
    category: 'news',
    published: '2024-02-26T11:00:00Z',
    heat: 55,
    related: ['d10'],
  },
  d10: {
    title: 'Shippers reroute as harbour strike enters second week',
    excerpt: 'Freight rates rose sharply on the news.',
    topics: ['Trade', 'Transport'],
    provider: GAMMA,
    category: 'business',
    published: '2024-02-29T11:00:00Z',
    heat: 65,
    related: ['d09', 'd11'],
  },
  d11: {
    title: 'Strike ends with pay deal',
    excerpt: 'Unions accepted the offer late on Sunday.',
    topics: ['Trade'],
    provider: ALPHA,
    category: 'news',
    published: '2024-03-02T21:00:00Z',
    heat: 65,
  },
};

export const PUBLIC_KEYS = Object.keys(KNOWN).filter((key) => !KNOWN[key]?.draft);

export function knownSeeds(extra: Readonly<Record<string, Known>> = {}): Map<string, SeedObject> {
  const seeds = new Map<string, SeedObject>();
  for (const [key, known] of Object.entries({ ...KNOWN, ...extra })) {
    seeds.set(key, {
      category: known.category,
      type: 'article',
      title: known.title,
      ...(known.excerpt ? { excerpt: known.excerpt } : {}),
      publishedDateTime: known.published,
      sourceUrl: urlOf(key),
      ...(known.heat === undefined ? {} : { heat: known.heat }),
      ...(known.quality === undefined ? {} : { quality: known.quality }),
      published: !known.draft,
      provider: known.provider,
      topics: known.topics,
      images: [],
      related: [
        ...(known.related ?? []).map((other) => ({
          title: KNOWN[other]?.title ?? other,
          sourceUrl: urlOf(other),
          provider: KNOWN[other]?.provider ?? OUTSIDE,
        })),
        { title: 'Elsewhere', sourceUrl: `https://outside.example/${key}`, provider: OUTSIDE },
      ],
      secured: SECURED_VALUE,
    });
  }
  return seeds;
}

export const knownCorpus = (extra?: Readonly<Record<string, Known>>): Corpus =>
  new Corpus(loadFromSeeds(knownSeeds(extra)), 1);

/** A generated corpus (the project's seed generator, through the real pipeline), drafts included. */
export function generatedLoad(count: number, seed = 11): LoadResult {
  const outcomes = [];
  for (const file of generateSeedFiles({ count, seed, draftShare: 0.1 })) {
    outcomes.push(processSeedBytes(file.name, seedBytes(file)));
  }
  return assembleOutcomes(outcomes);
}
