import { afterAll, describe, expect, it } from 'vitest';
import {
  fixtureSeeds,
  loadFromSeeds,
  PUBLISHED_COUNT,
  sourceUrlOf,
} from '../fixtures/graph-corpus.ts';
import { assertNoSecured, createHarness } from './harness.ts';
import { referenceArticles, referenceOrder } from './reference.ts';

const PAGE = /* GraphQL */ `
  query ($first: Int, $after: String, $last: Int, $before: String, $orderBy: ArticleOrder, $where: ArticleFilter) {
    articles(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy, where: $where) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { key } }
    }
  }
`;

type Conn = {
  totalCount: number;
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string;
    endCursor: string;
  };
  edges: { cursor: string; node: { key: string } }[];
};
const keysOf = (c: Conn) => c.edges.map((e) => e.node.key);

async function page(graph: ReturnType<typeof createHarness>, variables: Record<string, unknown>) {
  return graph.run<{ articles: Conn }>(PAGE, variables);
}

/** The connection of a request that must succeed. */
async function conn(graph: ReturnType<typeof createHarness>, variables: Record<string, unknown>) {
  const { data, errors } = await page(graph, variables);
  expect(errors).toBeUndefined();
  return data?.articles as Conn;
}

describe('pagination', () => {
  const graph = createHarness();
  afterAll(() => assertNoSecured(graph.bodies));
  const expected = referenceOrder(referenceArticles(), 'QUALITY', 'DESC');
  const orderBy = { field: 'QUALITY' };

  it('walks forwards across page boundaries with first/after and sees every article once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const articles = await conn(graph, { first: 5, after, orderBy });
      seen.push(...keysOf(articles));
      pages++;
      expect(articles.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!articles.pageInfo.hasNextPage) break;
      after = articles.pageInfo.endCursor;
    }
    expect(pages).toBe(Math.ceil(PUBLISHED_COUNT / 5));
    expect(seen).toEqual(expected);
  });

  it('walks backwards with last/before and meets the same order', async () => {
    const seen: string[] = [];
    let before: string | null = null;
    for (;;) {
      const articles = await conn(graph, { last: 7, before, orderBy });
      seen.unshift(...keysOf(articles));
      expect(articles.pageInfo.hasNextPage).toBe(before !== null);
      if (!articles.pageInfo.hasPreviousPage) break;
      before = articles.pageInfo.startCursor;
    }
    expect(seen).toEqual(expected);
  });

  it('continues exactly after an edge cursor in the middle of a page', async () => {
    const articles = await conn(graph, { first: 10, orderBy });
    const middle = articles.edges[4]?.cursor;
    const next = await conn(graph, { first: 3, after: middle, orderBy });
    expect(keysOf(next)).toEqual(expected.slice(5, 8));
    const back = await conn(graph, { last: 2, before: middle, orderBy });
    expect(keysOf(back)).toEqual(expected.slice(2, 4));
  });

  it('paginates a filtered list and keeps totalCount for the whole filter', async () => {
    const where = { topics: ['AI', 'Space'] };
    const first = await conn(graph, { first: 4, where });
    const second = await conn(graph, {
      first: 4,
      where,
      after: first.pageInfo.endCursor,
    });
    const all = referenceOrder(
      referenceArticles().filter((a) => a.topics.includes('AI') || a.topics.includes('Space')),
      'PUBLISHED_DATE_TIME',
      'DESC',
    );
    expect([...keysOf(first), ...keysOf(second)]).toEqual(all.slice(0, 8));
    expect(second.totalCount).toBe(all.length);
  });

  it('gives 20 articles by default', async () => {
    const articles = await conn(graph, {});
    expect(articles.edges).toHaveLength(20);
    expect(articles.pageInfo.hasNextPage).toBe(true);
  });

  it('accepts 100 and refuses 101 with a clear error instead of cutting silently', async () => {
    expect((await page(graph, { first: 100 })).errors).toBeUndefined();
    for (const variables of [{ first: 101 }, { last: 500 }]) {
      const { errors } = await page(graph, variables);
      expect(errors?.[0]?.extensions?.code).toBe('PAGE_SIZE_TOO_LARGE');
      expect(errors?.[0]?.message).toMatch(/maximum page size of 100/);
    }
  });

  it('refuses negative page sizes, first with last, and cursors that are not ours', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ first: -1 }, 'NEGATIVE_PAGE_SIZE'],
      [{ first: 2, last: 2 }, 'FIRST_AND_LAST'],
      [{ after: 'bm90IGEgY3Vyc29y' }, 'INVALID_CURSOR'],
      [{ after: '%%%' }, 'INVALID_CURSOR'],
      [{ before: 'x'.repeat(5000) }, 'INVALID_CURSOR'],
    ];
    for (const [variables, code] of cases) {
      const { errors } = await page(graph, variables);
      expect(errors?.[0]?.extensions?.code, JSON.stringify(variables).slice(0, 60)).toBe(code);
    }
  });

  it('refuses a cursor from another ordering, naming both orderings', async () => {
    const articles = await conn(graph, { first: 1 });
    const cursor = articles.pageInfo.endCursor;
    const { errors } = await page(graph, { first: 1, after: cursor, orderBy: { field: 'HEAT' } });
    expect(errors?.[0]?.extensions?.code).toBe('CURSOR_ORDER_MISMATCH');
    expect(errors?.[0]?.message).toMatch(/PUBLISHED_DATE_TIME DESC.*HEAT DESC/);
    const providerCursor = await graph.run('{ providers(first: 1) { pageInfo { endCursor } } }');
    const mixed = await page(graph, { after: providerCursor.data.providers.pageInfo.endCursor });
    expect(mixed.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
  });
});

describe('cursor stability across reloads', () => {
  it('continues right after the cursor when an article is added before and after it', async () => {
    const seeds = fixtureSeeds();
    const graph = createHarness({ load: loadFromSeeds(seeds) });
    const articles = await conn(graph, { first: 5 });
    expect(keysOf(articles)).toEqual(['a23', 'a22', 'a21', 'a20', 'a19']);
    const cursor = articles.pageInfo.endCursor;

    const template = seeds.get('a10');
    seeds.set('n_newest', {
      ...template,
      sourceUrl: sourceUrlOf('n_newest'),
      publishedDateTime: '2025-01-01T00:00:00Z',
    });
    seeds.set('n_between', {
      ...template,
      sourceUrl: sourceUrlOf('n_between'),
      publishedDateTime: '2024-01-19T18:00:00Z',
    });
    graph.store.replace(loadFromSeeds(seeds));

    const next = await conn(graph, { first: 3, after: cursor });
    expect(keysOf(next)).toEqual(['n_between', 'a18', 'a17']);
    expect(next.totalCount).toBe(PUBLISHED_COUNT + 2);
  });

  it('continues by position when the cursor article itself was deleted', async () => {
    const seeds = fixtureSeeds();
    const graph = createHarness({ load: loadFromSeeds(seeds) });
    const articles = await conn(graph, { first: 3 });
    const cursor = articles.pageInfo.endCursor;
    seeds.delete('a21');
    graph.store.replace(loadFromSeeds(seeds));
    const next = await conn(graph, { first: 2, after: cursor });
    expect(keysOf(next)).toEqual(['a20', 'a19']);
    const back = await conn(graph, { last: 5, before: cursor });
    expect(keysOf(back)).toEqual(['a23', 'a22']);
  });
});
