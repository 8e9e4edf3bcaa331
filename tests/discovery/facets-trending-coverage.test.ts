import { describe, expect, it } from 'vitest';
import { Corpus } from '../../src/corpus/corpus.ts';
import { articlePredicate } from '../../src/corpus/filter.ts';
import type { ArticleFilter } from '../../src/corpus/query.ts';
import type { ArticleRecord } from '../../src/corpus/records.ts';
import {
  compareTrending,
  DEFAULT_TRENDING_HALF_LIFE_HOURS,
  setTrendingHalfLife,
  trendingComparator,
  trendingRank,
} from '../../src/corpus/trending.ts';
import type { CorpusView } from '../../src/corpus/view.ts';
import { coverageOf } from '../../src/discovery/coverage.ts';
import { type FacetName, facetsOfView, positionPredicate } from '../../src/discovery/facets.ts';
import { searchArticles } from '../../src/discovery/search.ts';
import {
  ALPHA,
  DRAFT_KEY,
  DRAFT_TOPIC,
  EMBARGO,
  GAMMA,
  generatedLoad,
  knownCorpus,
  OUTSIDE,
} from './corpus.ts';

const generated = new Corpus(generatedLoad(400), 1);
const known = knownCorpus();

/** Facet counts the slow, obvious way: a Map per facet over the matching articles. */
function countIndependently(articles: readonly ArticleRecord[]) {
  const counts: Record<FacetName, Map<string, number>> = {
    topics: new Map(),
    providers: new Map(),
    categories: new Map(),
    days: new Map(),
  };
  const bump = (map: Map<string, number>, value: string) =>
    map.set(value, (map.get(value) ?? 0) + 1);
  for (const a of articles) {
    bump(counts.providers, a.provider.domain);
    bump(counts.categories, a.category);
    bump(counts.days, a.publishedDateTime.toISOString().slice(0, 10));
    for (const t of new Set(a.topics.map((t) => t.toLowerCase()))) bump(counts.topics, t);
  }
  return counts;
}

function expectFacetsMatch(
  view: CorpusView,
  matching: readonly ArticleRecord[],
  where: ArticleFilter,
) {
  const facets = facetsOfView(view, where);
  const expected = countIndependently(matching);
  expect(facets.total).toBe(matching.length);
  for (const name of ['topics', 'providers', 'categories', 'days'] as const) {
    const listed = facets.list(name, 100);
    const asMap = new Map(
      listed.map((f) => [name === 'topics' ? f.value.toLowerCase() : f.value, f.count]),
    );
    for (const [value, count] of asMap) expect(count).toBe(expected[name].get(value));
    expect(asMap.size).toBe(Math.min(100, expected[name].size));
    const unlisted = [...expected[name]].filter(([value]) => !asMap.has(value));
    if (name === 'days') {
      // The newest days are listed.
      const oldestListed = listed[listed.length - 1]?.value ?? '';
      for (const [day] of unlisted) expect(day < oldestListed).toBe(true);
    } else {
      // The most frequent values are listed.
      const lowestListed = Math.min(...asMap.values());
      for (const [, count] of unlisted) expect(count).toBeLessThanOrEqual(lowestListed);
    }
  }
}

describe('facets', () => {
  const cases: [string, ArticleFilter, (a: ArticleRecord) => boolean][] = [
    ['no filter', {}, () => true],
    ['a category', { category: 'science' }, (a) => a.category === 'science'],
    ['a minimum heat', { minHeat: 50 }, (a) => a.heat !== null && a.heat >= 50],
    [
      'a date range and a type',
      { publishedAfter: new Date('2020-01-01T00:00:00Z'), type: 'article' },
      (a) => a.publishedDateTime > new Date('2020-01-01T00:00:00Z') && a.type === 'article',
    ],
  ];
  it.each(cases)('count exactly what an independent count finds for %s', (_what, where, test) => {
    const view = generated.public;
    expectFacetsMatch(view, view.articles.filter(test), where);
  });

  it('list the most frequent values first and the newest days first', () => {
    const facets = facetsOfView(generated.public);
    const topics = facets.list('topics', 100).map((f) => f.count);
    expect(topics).toEqual([...topics].sort((a, b) => b - a));
    const days = facets.list('days', 100).map((f) => f.value);
    expect(days).toEqual([...days].sort().reverse());
    expect(facets.list('providers', 3)).toHaveLength(3);
  });

  it('label providers by name and give their domain as the value to filter with', () => {
    const providers = facetsOfView(known.public).list('providers');
    expect(providers).toContainEqual({ value: ALPHA.domain, label: ALPHA.name, count: 4 });
  });

  it('count the matches of a search, with its filter, across all pages', async () => {
    const view = generated.public;
    const page = await searchArticles(view, {
      query: 'climate',
      where: { minQuality: 40 },
      first: 1,
    });
    const all = await searchArticles(view, {
      query: 'climate',
      where: { minQuality: 40 },
      first: 100,
    });
    expect(page.facets.total).toBe(page.totalCount);
    let walked = [...all.edges.map((e) => e.node)];
    let cursor = all.pageInfo.hasNextPage ? all.pageInfo.endCursor : null;
    while (cursor) {
      const next = await searchArticles(view, {
        query: 'climate',
        where: { minQuality: 40 },
        first: 100,
        after: cursor,
      });
      walked = walked.concat(next.edges.map((e) => e.node));
      cursor = next.pageInfo.hasNextPage ? next.pageInfo.endCursor : null;
    }
    expect(walked).toHaveLength(page.totalCount);
    const expected = countIndependently(walked);
    for (const f of page.facets.list('categories')) {
      expect(f.count).toBe(expected.categories.get(f.value));
    }
  });

  it('never count drafts for the public', () => {
    const facets = facetsOfView(known.public);
    expect(facets.list('providers').map((f) => f.value)).not.toContain(EMBARGO.domain);
    expect(facets.list('topics').map((f) => f.value)).not.toContain(DRAFT_TOPIC);
    expect(
      facetsOfView(known.preview)
        .list('topics')
        .map((f) => f.value),
    ).toContain(DRAFT_TOPIC);
    const draftsInGenerated = generated.all.filter((a) => !a.published).length;
    expect(draftsInGenerated).toBeGreaterThan(0);
    expect(facetsOfView(generated.public).total).toBe(generated.all.length - draftsInGenerated);
  });
});

describe('the filter', () => {
  it('gives the same answer on facet columns as on article records, field by field', () => {
    const view = generated.preview;
    const filters: ArticleFilter[] = [
      { topics: ['ai', 'CLIMATE POLICY', 'no such topic'] },
      { providerDomains: [view.articles[0]?.provider.domain ?? '', 'nowhere.example'] },
      { category: 'business' },
      { type: 'video' },
      { publishedAfter: new Date('2021-01-01T00:00:00Z') },
      { publishedBefore: new Date('2021-01-01T00:00:00Z') },
      { minQuality: 0 },
      { minHeat: 70 },
      { category: 'news', minQuality: 30, topics: ['AI'], type: 'article' },
    ];
    for (const where of filters) {
      const columns = positionPredicate(view, where);
      const records = articlePredicate(where);
      const expected = view.articles.map((a) => records?.(a) ?? true);
      expect(view.articles.map((_, i) => columns?.(i) ?? true)).toEqual(expected);
    }
  });
});

describe('trending', () => {
  const expectFormulaOrder = (articles: readonly ArticleRecord[], halfLifeHours: number) => {
    const newest = new Date(Math.max(...articles.map((a) => a.publishedDateTime.getTime())));
    for (const now of [newest, new Date('2026-06-01T00:00:00Z')]) {
      const ageInHalfLives = (a: ArticleRecord) =>
        (now.getTime() - a.publishedDateTime.getTime()) / (halfLifeHours * 3_600_000);
      const score = (a: ArticleRecord) => (a.heat ? a.heat * 2 ** -ageInHalfLives(a) : 0);
      for (let i = 1; i < articles.length; i++) {
        const [a, b] = [articles[i - 1] as ArticleRecord, articles[i] as ArticleRecord];
        const [sa, sb] = [score(a), score(b)];
        const tie = Math.abs(sa - sb) <= 1e-9 * Math.max(sa, sb);
        expect(tie ? a.key < b.key : sa > sb).toBe(true);
      }
    }
  };

  it('orders by heat × 2^(−age / 24 h) by default, ties by key, whatever "now" is', () => {
    expectFormulaOrder([...known.public.articles].sort(compareTrending), 24);
  });

  it('orders by the same formula with another half-life', () => {
    // Thirty days, so eight years of generated articles keep scores above double underflow.
    const articles = [...generated.public.articles].sort(trendingComparator(720));
    expectFormulaOrder(articles, 720);
  });

  it('sorts every snapshot built after start with the configured half-life', () => {
    // What `serve` does with NEWSGRAPH_TRENDING_HALF_LIFE_HOURS: the setting reaches the order
    // through the configuration, not through a read of the environment inside the ordering.
    setTrendingHalfLife(720);
    try {
      const keys = (list: Iterable<ArticleRecord>) => [...list].map((a) => a.key);
      const corpus = new Corpus(generatedLoad(400), 1);
      const ordered = keys(corpus.public.ordered.TRENDING);
      expect(ordered).toEqual(keys([...generated.public.articles].sort(trendingComparator(720))));
      expect(ordered).not.toEqual(
        keys([...generated.public.articles].sort(trendingComparator(24))),
      );
    } finally {
      setTrendingHalfLife(DEFAULT_TRENDING_HALF_LIFE_HOURS);
    }
  });

  it('puts articles without heat last, by key', () => {
    const articles = [...generated.public.articles].sort(compareTrending);
    const cold = articles.filter((a) => !a.heat);
    expect(cold.length).toBeGreaterThan(0);
    expect(articles.slice(-cold.length)).toEqual(cold);
    expect(cold.map((a) => a.key)).toEqual(cold.map((a) => a.key).sort());
  });

  it('ranks a newer article above a slightly hotter one six hours older', () => {
    // d11: heat 65, the newest; d06: heat 70, six hours earlier, so 70 × 2^(−6/24) ≈ 58.9 < 65.
    const d11 = known.public.byKey.get('d11') as ArticleRecord;
    const d06 = known.public.byKey.get('d06') as ArticleRecord;
    expect(trendingRank(d11)).toBeGreaterThan(trendingRank(d06));
  });
});

describe('story coverage', () => {
  const keys = (list: readonly { key: string }[]) => list.map((a) => a.key);

  it('joins articles whose related links point at each other, either way', async () => {
    const view = known.public;
    const of = (key: string) => coverageOf(view, view.byKey.get(key) as ArticleRecord);
    expect(keys((await of('d01')).articles(10))).toEqual(['d06']);
    expect(keys((await of('d06')).articles(10))).toEqual(['d01']);
    expect(keys((await of('d02')).articles(10))).toEqual(['d03']);
    expect(keys((await of('d09')).articles(10))).toEqual(['d11', 'd10']);
    expect((await of('d11')).articleCount).toBe(2);
    expect((await of('d05')).articleCount).toBe(0);
  });

  it('lists the distinct providers covering the story, related coverage included', async () => {
    const view = known.public;
    const d01 = await coverageOf(view, view.byKey.get('d01') as ArticleRecord);
    expect(d01.providers.map((p) => p.domain)).toEqual([
      ALPHA.domain,
      GAMMA.domain,
      OUTSIDE.domain,
    ]);
  });

  it('keeps drafts out of stories for the public, and lets them join stories in preview', async () => {
    const pub = known.public;
    const d01 = await coverageOf(pub, pub.byKey.get('d01') as ArticleRecord);
    expect(keys(d01.articles(10))).not.toContain(DRAFT_KEY);
    const d04 = await coverageOf(pub, pub.byKey.get('d04') as ArticleRecord);
    expect(d04.articleCount).toBe(0);
    const preview = known.preview;
    const inPreview = await coverageOf(preview, preview.byKey.get('d04') as ArticleRecord);
    expect(keys(inPreview.articles(10)).sort()).toEqual(['d01', 'd06', DRAFT_KEY]);
  });

  it('matches the connected components of the related links of a generated corpus', async () => {
    const view = generated.public;
    const bySourceUrl = view.bySourceUrl;
    const neighbours = new Map<string, Set<string>>(view.articles.map((a) => [a.key, new Set()]));
    for (const a of view.articles) {
      for (const r of a.related) {
        const other = bySourceUrl.get(r.sourceUrl);
        if (!other || other.key === a.key) continue;
        neighbours.get(a.key)?.add(other.key);
        neighbours.get(other.key)?.add(a.key);
      }
    }
    const component = (start: string) => {
      const seen = new Set([start]);
      const queue = [start];
      while (queue.length > 0) {
        for (const next of neighbours.get(queue.pop() as string) ?? []) {
          if (!seen.has(next)) {
            seen.add(next);
            queue.push(next);
          }
        }
      }
      seen.delete(start);
      return [...seen].sort();
    };
    for (const article of view.articles.slice(0, 60)) {
      const coverage = await coverageOf(view, article);
      expect(keys(coverage.articles(view.articles.length)).sort()).toEqual(component(article.key));
    }
  });
});
