import { afterAll, describe, expect, it } from 'vitest';
import { generatedLoad } from '../discovery/corpus.ts';
import { assertNoSecured, createHarness, type Loose, type TestEdge } from './harness.ts';
import { type RefArticle, referenceArticles, referenceOrder } from './reference.ts';

const QUERY = /* GraphQL */ `
  query ($where: ArticleFilter, $orderBy: ArticleOrder) {
    articles(first: 100, where: $where, orderBy: $orderBy) {
      totalCount
      edges { node { key } }
    }
  }
`;

const graph = createHarness();
afterAll(() => assertNoSecured(graph.bodies));

async function keys(variables: Record<string, unknown>) {
  const { data, errors } = await graph.run(QUERY, variables);
  expect(errors).toBeUndefined();
  const list = data.articles.edges.map((e: { node: { key: string } }) => e.node.key);
  expect(data.articles.totalCount).toBe(list.length);
  return list;
}

const newest = (list: RefArticle[]) => referenceOrder(list, 'PUBLISHED_DATE_TIME', 'DESC');
const all = referenceArticles();

describe('article filters', () => {
  const cases: [string, Record<string, unknown>, (a: RefArticle) => boolean][] = [
    [
      'any of several topics, in any case',
      { topics: ['space', 'HEALTH'] },
      (a) => a.topics.some((t) => t === 'Space' || t === 'Health'),
    ],
    ['one topic', { topics: ['AI'] }, (a) => a.topics.includes('AI')],
    [
      'any of several provider domains',
      { providerDomains: ['alpha.example', 'gamma.example'] },
      (a) => a.provider.domain !== 'beta.example',
    ],
    ['category', { category: 'science' }, (a) => a.category === 'science'],
    ['type', { type: 'video' }, (a) => a.type === 'video'],
    [
      'publishedAfter, strictly',
      { publishedAfter: '2024-01-10T12:00:00Z' },
      (a) => Date.parse(a.publishedDateTime) > Date.parse('2024-01-10T12:00:00Z'),
    ],
    [
      'publishedBefore, strictly',
      { publishedBefore: '2024-01-05T12:00:00Z' },
      (a) => Date.parse(a.publishedDateTime) < Date.parse('2024-01-05T12:00:00Z'),
    ],
    [
      'minQuality (articles without quality are left out)',
      { minQuality: 60 },
      (a) => (a.quality ?? -1) >= 60,
    ],
    ['minHeat', { minHeat: 45 }, (a) => (a.heat ?? -1) >= 45],
    [
      'several conditions together',
      { topics: ['AI'], providerDomains: ['beta.example'], minHeat: 15 },
      (a) =>
        a.topics.includes('AI') && a.provider.domain === 'beta.example' && (a.heat ?? -1) >= 15,
    ],
    ['an empty list as no condition', { topics: [] }, () => true],
  ];

  for (const [name, where, predicate] of cases) {
    it(`filters by ${name}`, async () => {
      const expected = newest(all.filter(predicate));
      expect(expected.length).toBeGreaterThan(0);
      expect(await keys({ where })).toEqual(expected);
    });
  }

  it('returns an empty connection when nothing matches', async () => {
    expect(await keys({ where: { topics: ['nothing-like-this'] } })).toEqual([]);
  });

  it('applies filters inside Provider.articles and Topic.articles', async () => {
    const { data } = await graph.run(`{
      provider(domain: "alpha.example") { articles(first: 100, where: { topics: ["AI"] }) { totalCount edges { node { key } } } }
      topic(name: "ai") { articles(first: 100, where: { minQuality: 50 }, orderBy: { field: QUALITY }) { edges { node { key } } } }
    }`);
    const alphaAi = newest(
      all.filter((a) => a.provider.domain === 'alpha.example' && a.topics.includes('AI')),
    );
    expect(data.provider.articles.edges.map((e: TestEdge) => e.node.key)).toEqual(alphaAi);
    expect(data.provider.articles.totalCount).toBe(alphaAi.length);
    const aiGood = referenceOrder(
      all.filter((a) => a.topics.includes('AI') && (a.quality ?? -1) >= 50),
      'QUALITY',
      'DESC',
    );
    expect(data.topic.articles.edges.map((e: TestEdge) => e.node.key)).toEqual(aiGood);
  });
});

describe('article ordering', () => {
  for (const field of ['PUBLISHED_DATE_TIME', 'QUALITY', 'HEAT'] as const) {
    for (const direction of ['DESC', 'ASC'] as const) {
      it(`orders by ${field} ${direction} with key as tie-break`, async () => {
        expect(await keys({ orderBy: { field, direction } })).toEqual(
          referenceOrder(all, field, direction),
        );
      });
      it(`orders a provider's filtered subset by ${field} ${direction}`, async () => {
        const where = { providerDomains: ['beta.example'], minHeat: 0 };
        const subset = all.filter(
          (a) => a.provider.domain === 'beta.example' && a.heat !== undefined,
        );
        expect(await keys({ where, orderBy: { field, direction } })).toEqual(
          referenceOrder(subset, field, direction),
        );
      });
    }
  }

  it('defaults to newest first, and to DESC when only a field is given', async () => {
    expect(await keys({})).toEqual(newest(all));
    expect(await keys({ orderBy: { field: 'HEAT' } })).toEqual(referenceOrder(all, 'HEAT', 'DESC'));
  });
});

describe('filtered orderings over a larger corpus', () => {
  // 600 articles: one provider's or topic's articles are under 1/8 of them (sorted per request),
  // a union of several broad ones over it (the presorted whole, filtered); both must agree with
  // filtering the unfiltered order.
  const big = createHarness({ load: generatedLoad(600) });
  afterAll(() => assertNoSecured(big.bodies));
  const PAGE = /* GraphQL */ `
    query ($where: ArticleFilter, $orderBy: ArticleOrder, $after: String) {
      articles(first: 100, where: $where, orderBy: $orderBy, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { key provider { domain } topics { name } } }
      }
    }
  `;
  interface Node {
    key: string;
    provider: { domain: string };
    topics: { name: string }[];
  }
  async function every(variables: Record<string, unknown>): Promise<Node[]> {
    const out: Node[] = [];
    let after: string | null = null;
    do {
      const { data, errors }: Loose = await big.run(PAGE, { ...variables, after });
      expect(errors).toBeUndefined();
      out.push(...data.articles.edges.map((e: { node: Node }) => e.node));
      after = data.articles.pageInfo.hasNextPage ? data.articles.pageInfo.endCursor : null;
    } while (after);
    return out;
  }

  it('agrees with the unfiltered order for narrow and broad provider and topic filters', async () => {
    const whole = await every({});
    const count = (pick: (n: Node) => boolean) => whole.filter(pick).length;
    const domains = [...new Set(whole.map((n) => n.provider.domain))].sort(
      (a, b) => count((n) => n.provider.domain === a) - count((n) => n.provider.domain === b),
    );
    const topics = [...new Set(whole.flatMap((n) => n.topics.map((t) => t.name)))].sort(
      (a, b) =>
        count((n) => n.topics.some((t) => t.name === a)) -
        count((n) => n.topics.some((t) => t.name === b)),
    );
    const filters: [Record<string, unknown>, (n: Node) => boolean][] = [
      [{ providerDomains: [domains[0]] }, (n) => n.provider.domain === domains[0]],
      [
        { providerDomains: domains.slice(0, 2) },
        (n) => domains.slice(0, 2).includes(n.provider.domain),
      ],
      [
        { providerDomains: domains.slice(-4) },
        (n) => domains.slice(-4).includes(n.provider.domain),
      ],
      [{ topics: [topics[0]] }, (n) => n.topics.some((t) => t.name === topics[0])],
      [
        { topics: topics.slice(-3) },
        (n) => n.topics.some((t) => topics.slice(-3).includes(t.name)),
      ],
    ];
    const narrow = whole.filter(filters[0]?.[1] as (n: Node) => boolean).length;
    const broad = whole.filter(filters[4]?.[1] as (n: Node) => boolean).length;
    expect(narrow * 8).toBeLessThan(whole.length);
    expect(broad * 8).toBeGreaterThan(whole.length);
    for (const field of ['PUBLISHED_DATE_TIME', 'QUALITY', 'HEAT', 'TRENDING'] as const) {
      for (const direction of ['DESC', 'ASC'] as const) {
        const orderBy = { field, direction };
        const ordered = await every({ orderBy });
        for (const [where, pick] of filters) {
          const got = (await every({ where, orderBy })).map((n) => n.key);
          expect(got, `${JSON.stringify(where)} ${field} ${direction}`).toEqual(
            ordered.filter(pick).map((n) => n.key),
          );
        }
      }
    }
  });
});
