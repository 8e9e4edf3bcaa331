import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ContentStore } from '../../src/corpus/store.ts';
import { DEFAULT_TRENDING_HALF_LIFE_HOURS } from '../../src/corpus/trending.ts';
import { loadFromSeeds, type SeedObject } from '../fixtures/graph-corpus.ts';
import { ManualClock } from '../fixtures/manual-clock.ts';
import { createHarness, type Loose } from '../graph/harness.ts';

/** Title words: distinct enough that search's prefix and typo matching never confuses them. */
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'kilo', 'oscar'] as const;
const PROVIDERS = [
  { name: 'North Wire', domain: 'north.example' },
  { name: 'South Post', domain: 'south.example' },
  { name: 'East Daily', domain: 'east.example' },
] as const;
const TOPICS = ['Rivers', 'Mountains', 'Cities'] as const;
const CATEGORIES = ['news', 'sport', 'science'] as const;

const BASE = Date.parse('2025-01-01T00:00:00Z');
const SPAN = 10 * 24 * 3_600_000;
const minute = fc.integer({ min: 0, max: SPAN / 60_000 }).map((m) => BASE + m * 60_000);

interface Spec {
  readonly published: boolean;
  readonly date: number;
  readonly embargo: number | null;
  /** Minutes after publication the article expires; null: never. */
  readonly life: number | null;
  readonly updated: number | null;
  readonly heat: number | null;
  readonly provider: number;
  readonly topics: readonly number[];
  readonly category: number;
  readonly words: readonly number[];
}

const specArb: fc.Arbitrary<Spec> = fc.record({
  // Mostly published: one draft in ten.
  published: fc.nat({ max: 9 }).map((n) => n > 0),
  date: minute,
  embargo: fc.option(minute, { nil: null }),
  life: fc.option(fc.integer({ min: 1, max: SPAN / 60_000 }), { nil: null }),
  updated: fc.option(fc.integer({ min: 0, max: 5_000 }), { nil: null }),
  heat: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
  provider: fc.nat({ max: PROVIDERS.length - 1 }),
  topics: fc.uniqueArray(fc.nat({ max: TOPICS.length - 1 }), { maxLength: 2 }),
  category: fc.nat({ max: CATEGORIES.length - 1 }),
  words: fc.uniqueArray(fc.nat({ max: WORDS.length - 1 }), { minLength: 1, maxLength: 3 }),
});

const iso = (ms: number) => new Date(ms).toISOString();

interface Article {
  key: string;
  spec: Spec;
  publishAt: number | null;
  expiresAt: number | null;
  updatedAt: number;
}

function toSeeds(specs: readonly Spec[]): { seeds: Map<string, SeedObject>; articles: Article[] } {
  const seeds = new Map<string, SeedObject>();
  const articles: Article[] = [];
  specs.forEach((spec, i) => {
    const key = `k${String(i).padStart(2, '0')}`;
    const publishAt = spec.embargo;
    const publication = publishAt ?? spec.date;
    const expiresAt = spec.life === null ? null : publication + spec.life * 60_000;
    const updatedAt = spec.updated === null ? spec.date : spec.date + spec.updated * 60_000;
    seeds.set(key, {
      category: CATEGORIES[spec.category],
      type: 'article',
      title: spec.words.map((w) => WORDS[w]).join(' '),
      publishedDateTime: iso(spec.date),
      ...(publishAt === null ? {} : { publishAt: iso(publishAt) }),
      ...(expiresAt === null ? {} : { expiresAt: iso(expiresAt) }),
      ...(spec.updated === null ? {} : { updatedDateTime: iso(updatedAt) }),
      sourceUrl: `https://property.example/${key}`,
      ...(spec.heat === null ? {} : { heat: spec.heat }),
      published: spec.published,
      provider: PROVIDERS[spec.provider],
      topics: spec.topics.map((t) => TOPICS[t]),
    });
    articles.push({ key, spec, publishAt, expiresAt, updatedAt });
  });
  return { seeds, articles };
}

/** The rule, written out plainly: a draft never; otherwise from publishAt until expiresAt. */
const publicAt = (a: Article, t: number) =>
  a.spec.published &&
  (a.publishAt === null || a.publishAt <= t) &&
  (a.expiresAt === null || t < a.expiresAt);

const byValueThenKey = (value: (a: Article) => number) => (a: Article, b: Article) =>
  value(b) - value(a) || (a.key < b.key ? -1 : 1);

/** heat × 2^(−age / half-life) ranks as log2(heat) + published / half-life; no heat sorts last. */
const trendingValue = (a: Article) =>
  a.spec.heat === null || a.spec.heat === 0
    ? -Number.MAX_VALUE
    : Math.log2(a.spec.heat) + a.spec.date / (DEFAULT_TRENDING_HALF_LIFE_HOURS * 3_600_000);

const counts = (values: readonly (string | undefined)[]) => {
  const out: Record<string, number> = {};
  for (const v of values) if (v !== undefined) out[v] = (out[v] ?? 0) + 1;
  return out;
};
const facetMap = (list: { value: string; count: number }[]) =>
  Object.fromEntries(list.map((f) => [f.value, f.count]));

const QUERY = /* GraphQL */ `
  query ($asOf: DateTime, $word: String!, $category: String!) {
    articles(first: 100, asOf: $asOf) {
      totalCount
      edges { node { key } }
      facets {
        total
        categories(first: 50) { value count }
        providers(first: 50) { value count }
        topics(first: 50) { value count }
      }
    }
    updated: articles(first: 100, asOf: $asOf, orderBy: { field: UPDATED_DATE_TIME }) { edges { node { key } } }
    trending: articles(first: 100, asOf: $asOf, orderBy: { field: TRENDING }) { edges { node { key } } }
    inCategory: articles(first: 100, asOf: $asOf, where: { category: $category }) { totalCount }
    providers(first: 100, asOf: $asOf) { totalCount edges { node { domain } } }
    topics(first: 100, asOf: $asOf) { totalCount edges { node { name } } }
    search(query: $word, asOf: $asOf) { totalCount edges { node { key } } facets { total } }
  }
`;

describe('visibility at an instant (property)', () => {
  it('every list, count, facet and search equals a brute-force filter at that instant', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(specArb, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: -1, max: SPAN / 60_000 + 30 * 24 * 60 }).map((m) => BASE + m * 60_000),
        fc.nat({ max: WORDS.length - 1 }),
        fc.nat({ max: CATEGORIES.length - 1 }),
        async (specs, instant, word, category) => {
          const { seeds, articles } = toSeeds(specs);
          const clock = new ManualClock(BASE - 60_000);
          const store = new ContentStore(loadFromSeeds(seeds), { clock });
          const graph = createHarness({ store });
          const visible = articles.filter((a) => publicAt(a, instant));
          const expected = {
            keys: [...visible].sort(byValueThenKey((a) => a.spec.date)).map((a) => a.key),
            updated: [...visible].sort(byValueThenKey((a) => a.updatedAt)).map((a) => a.key),
            trending: [...visible].sort(byValueThenKey(trendingValue)).map((a) => a.key),
            categories: counts(visible.map((a) => CATEGORIES[a.spec.category])),
            providers: counts(visible.map((a) => PROVIDERS[a.spec.provider]?.domain)),
            topics: counts(visible.flatMap((a) => a.spec.topics.map((t) => TOPICS[t]))),
            inCategory: visible.filter((a) => a.spec.category === category).length,
            found: visible
              .filter((a) => a.spec.words.includes(word))
              .map((a) => a.key)
              .sort(),
          };
          const variables = { word: WORDS[word], category: CATEGORIES[category] };

          // The same instant two ways: preview `asOf` now, and the public once the clock is there.
          const asOf = await graph.run(QUERY, { ...variables, asOf: iso(instant) }, true);
          clock.set(instant);
          const live = await graph.run(QUERY, { ...variables, asOf: null });
          for (const { data, errors } of [asOf, live]) {
            expect(errors).toBeUndefined();
            const d = data as Loose;
            const keys = (edges: Loose[]) => edges.map((e) => e.node.key);
            expect(keys(d.articles.edges)).toEqual(expected.keys);
            expect(d.articles.totalCount).toBe(visible.length);
            expect(d.articles.facets.total).toBe(visible.length);
            expect(facetMap(d.articles.facets.categories)).toEqual(expected.categories);
            expect(facetMap(d.articles.facets.providers)).toEqual(expected.providers);
            expect(facetMap(d.articles.facets.topics)).toEqual(expected.topics);
            expect(keys(d.updated.edges)).toEqual(expected.updated);
            expect(keys(d.trending.edges)).toEqual(expected.trending);
            expect(d.inCategory.totalCount).toBe(expected.inCategory);
            expect(d.providers.edges.map((e: Loose) => e.node.domain)).toEqual(
              Object.keys(expected.providers).sort(),
            );
            expect(d.topics.totalCount).toBe(Object.keys(expected.topics).length);
            expect(keys(d.search.edges).sort()).toEqual(expected.found);
            expect(d.search.totalCount).toBe(expected.found.length);
            expect(d.search.facets.total).toBe(expected.found.length);
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});
