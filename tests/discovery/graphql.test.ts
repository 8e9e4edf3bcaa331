import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentStore } from '../../src/corpus/store.ts';
import { compareTrending } from '../../src/corpus/trending.ts';
import type { RunningServer } from '../../src/server/http.ts';
import { loadFromSeeds, PREVIEW_TOKEN } from '../fixtures/graph-corpus.ts';
import { post as postTo } from '../fixtures/http-client.ts';
import { startFixtureServer } from '../fixtures/server.ts';
import { assertNoSecured, createHarness, type Loose } from '../graph/harness.ts';
import { ALPHA, DRAFT_KEY, EMBARGO, GAMMA, generatedLoad, knownSeeds, OUTSIDE } from './corpus.ts';

const known = createHarness({ load: loadFromSeeds(knownSeeds()) });
const generated = createHarness({ load: generatedLoad(300) });
afterAll(() => {
  assertNoSecured(known.bodies);
  assertNoSecured(generated.bodies);
});

const SEARCH = /* GraphQL */ `
  query ($query: String!, $where: ArticleFilter, $first: Int, $after: String) {
    search(query: $query, where: $where, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        score
        node { key title }
        highlights {
          title { text html ranges { start end } }
          excerpt { text html }
        }
      }
      facets { total providers { value label count } topics(first: 5) { value count } }
    }
  }
`;

const keysOf = (data: Loose): string[] => data.search.edges.map((e: Loose) => e.node.key);

describe('search over GraphQL', () => {
  it('finds exact, prefix and one-typo queries first, with score and highlights', async () => {
    for (const [query, expected] of [
      ['methane satellite', 'd03'],
      ['photosynth', 'd08'],
      ['vacine', 'd04'],
    ] as const) {
      const { data, errors } = await known.run(SEARCH, { query });
      expect(errors).toBeUndefined();
      expect(keysOf(data)[0]).toBe(expected);
      expect(data.search.edges[0].score).toBeGreaterThan(0);
    }
    const { data } = await known.run(SEARCH, { query: 'vacine' });
    expect(data.search.edges[0].highlights.title.html).toBe(
      '<mark>Vaccine</mark> trial shows strong results',
    );
    expect(data.search.edges[0].highlights.title.ranges).toEqual([{ start: 0, end: 7 }]);
  });

  it('applies the articles filters and counts facets of every match', async () => {
    const { data } = await known.run(SEARCH, {
      query: 'quantum',
      where: { providerDomains: [GAMMA.domain] },
    });
    expect(keysOf(data)).toEqual(['d06']);
    expect(data.search.totalCount).toBe(1);
    expect(data.search.facets.providers).toEqual([
      { value: GAMMA.domain, label: GAMMA.name, count: 1 },
    ]);
  });

  it('pages with cursors through every match exactly once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    do {
      const { data, errors }: Loose = await generated.run(SEARCH, {
        query: 'climate',
        first: 7,
        after,
      });
      expect(errors).toBeUndefined();
      total = data.search.totalCount;
      seen.push(...keysOf(data));
      after = data.search.pageInfo.hasNextPage ? data.search.pageInfo.endCursor : null;
    } while (after);
    expect(total).toBeGreaterThan(7);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('answers concurrent searches as it answers each alone (matches share one scratch space)', async () => {
    const queries = ['climate', 'rese', 'markets new', 'vacine'];
    const alone: Loose[] = [];
    for (const query of queries) {
      const { data, errors } = await generated.run(SEARCH, { query, first: 5 });
      expect(errors).toBeUndefined();
      alone.push(data.search);
    }
    // Aliases in one operation: every search runs before any facets are read.
    const aliased = /* GraphQL */ `
      query {
        ${queries
          .map(
            (query, i) => `s${i}: search(query: ${JSON.stringify(query)}, first: 5) {
              totalCount
              pageInfo { hasNextPage endCursor }
              edges { cursor score node { key title } highlights { title { text html ranges { start end } } excerpt { text html } } }
              facets { total providers { value label count } topics(first: 5) { value count } }
            }`,
          )
          .join('\n')}
      }
    `;
    const together = await generated.run(aliased);
    expect(together.errors).toBeUndefined();
    expect(queries.map((_, i) => together.data[`s${i}`])).toEqual(alone);
    // And across requests in flight at once.
    const parallel = await Promise.all(
      queries.map((query) => generated.run(SEARCH, { query, first: 5 })),
    );
    expect(parallel.map(({ data }) => data.search)).toEqual(alone);
    expect(alone.some((s) => s.totalCount > 5 && s.facets.total === s.totalCount)).toBe(true);
  });

  it('never lets a draft match for the public, and lets it match in preview', async () => {
    const pub = await known.run(SEARCH, { query: 'secret quantum chip' });
    expect(pub.data.search.totalCount).toBe(0);
    const quantum = await known.run(SEARCH, { query: 'quantum' });
    expect(keysOf(quantum.data)).not.toContain(DRAFT_KEY);
    expect(quantum.data.search.facets.providers.map((p: Loose) => p.value)).not.toContain(
      EMBARGO.domain,
    );
    const preview = await known.run(SEARCH, { query: 'secret quantum chip' }, true);
    expect(keysOf(preview.data)).toEqual([DRAFT_KEY]);
  });

  it('refuses a bad cursor and an overlong query with client errors', async () => {
    const cursor = await known.run(SEARCH, { query: 'quantum', after: 'not-a-cursor' });
    expect(cursor.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
    const long = await known.run(SEARCH, { query: 'a'.repeat(300) });
    expect(long.errors?.[0]?.extensions?.code).toBe('SEARCH_QUERY_TOO_LONG');
  });
});

describe('facets on article connections', () => {
  const FACETS = /* GraphQL */ `
    query ($where: ArticleFilter) {
      articles(where: $where, first: 1) {
        totalCount
        facets {
          total
          topics(first: 100) { value count }
          providers(first: 100) { value label count }
          categories { value count }
          days(first: 100) { value count }
        }
      }
      topic(name: "climate") { articles(first: 1) { facets { total categories { value count } } } }
    }
  `;

  it('count every match of the filter, not just the page', async () => {
    const where = { minHeat: 55 };
    const { data, errors } = await known.run(FACETS, { where });
    expect(errors).toBeUndefined();
    const matching = ['d01', 'd02', 'd03', 'd06', 'd08', 'd09', 'd10', 'd11'];
    expect(data.articles.totalCount).toBe(matching.length);
    expect(data.articles.facets.total).toBe(matching.length);
    expect(data.articles.facets.providers).toEqual([
      { value: ALPHA.domain, label: ALPHA.name, count: 3 },
      { value: GAMMA.domain, label: GAMMA.name, count: 3 },
      { value: 'beta.example', label: 'Beta Daily', count: 2 },
    ]);
    expect(data.articles.facets.categories).toEqual(
      [
        { value: 'science', count: 3 },
        { value: 'business', count: 2 },
        { value: 'news', count: 3 },
      ].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)),
    );
    expect(data.articles.facets.days[0]).toEqual({ value: '2024-03-02', count: 2 });
  });

  it('count within a topic’s articles', async () => {
    const { data } = await known.run(FACETS, {});
    // Climate: d02 (news), d03 (science), d08 (science).
    expect(data.topic.articles.facets).toEqual({
      total: 3,
      categories: [
        { value: 'science', count: 2 },
        { value: 'news', count: 1 },
      ],
    });
  });

  it('leave drafts out for the public', async () => {
    const pub = await known.run(FACETS, {});
    expect(pub.data.articles.facets.providers.map((p: Loose) => p.value)).not.toContain(
      EMBARGO.domain,
    );
    const preview = await known.run(FACETS, {}, true);
    expect(preview.data.articles.facets.providers.map((p: Loose) => p.value)).toContain(
      EMBARGO.domain,
    );
  });
});

describe('TRENDING order', () => {
  const TRENDING = /* GraphQL */ `
    query ($after: String, $direction: OrderDirection!) {
      articles(first: 9, after: $after, orderBy: { field: TRENDING, direction: $direction }) {
        pageInfo { hasNextPage endCursor }
        edges { node { key } }
      }
    }
  `;

  async function walk(direction: 'ASC' | 'DESC') {
    const keys: string[] = [];
    let after: string | null = null;
    do {
      const { data, errors }: Loose = await generated.run(TRENDING, { after, direction });
      expect(errors).toBeUndefined();
      keys.push(...data.articles.edges.map((e: Loose) => e.node.key));
      after = data.articles.pageInfo.hasNextPage ? data.articles.pageInfo.endCursor : null;
    } while (after);
    return keys;
  }

  it('pages through the trending formula order with cursors, and ASC is its reverse', async () => {
    const expected = [...generated.store.current.public.articles]
      .sort(compareTrending)
      .map((a) => a.key);
    const desc = await walk('DESC');
    expect(desc).toEqual(expected);
    expect(await walk('ASC')).toEqual([...expected].reverse());
  });
});

describe('story coverage over GraphQL', () => {
  const COVERAGE = /* GraphQL */ `
    query ($key: String!) {
      article(key: $key) {
        coverage { articleCount articles { key } providers { domain name } }
      }
    }
  `;

  it('returns the other articles of the story and its providers', async () => {
    const { data, errors } = await known.run(COVERAGE, { key: 'd01' });
    expect(errors).toBeUndefined();
    expect(data.article.coverage).toEqual({
      articleCount: 1,
      articles: [{ key: 'd06' }],
      providers: [ALPHA, GAMMA, OUTSIDE],
    });
  });

  it('keeps drafts out of stories for the public and in them for preview', async () => {
    const pub = await known.run(COVERAGE, { key: 'd04' });
    expect(pub.data.article.coverage.articles).toEqual([]);
    const preview = await known.run(COVERAGE, { key: 'd04' }, true);
    expect(preview.data.article.coverage.articles.map((a: Loose) => a.key).sort()).toEqual([
      'd01',
      'd06',
      DRAFT_KEY,
    ]);
  });
});

describe('discovery over a real HTTP port', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startFixtureServer({ store: new ContentStore(loadFromSeeds(knownSeeds())) });
  });
  afterAll(() => server?.close());

  const post = async (query: string, variables: object, token?: string) => {
    const answer = await postTo(
      server.url,
      { query, variables },
      token ? { authorization: `Bearer ${token}` } : {},
    );
    assertNoSecured([answer.text]);
    return answer;
  };

  it('answers a search with highlights, and hides drafts without the preview token', async () => {
    const hit = await post(SEARCH, { query: 'photosynth' });
    expect(hit.status).toBe(200);
    expect(hit.body.data.search.edges[0].highlights.excerpt.html).toContain('&lt;b&gt;');
    const draft = await post(SEARCH, { query: 'embargoed' });
    expect(draft.body.data.search.totalCount).toBe(0);
    const preview = await post(SEARCH, { query: 'embargoed' }, PREVIEW_TOKEN);
    expect(keysOf(preview.body.data)).toEqual([DRAFT_KEY]);
  });
});
