import { afterAll, describe, expect, it } from 'vitest';
import {
  ARTICLE_FACETS_COST,
  SEARCH_COST,
  SEARCH_FACETS_COST,
  SEARCH_TERM_COST,
} from '../../src/schema/complexity.ts';
import { DEFAULT_MAX_COST } from '../../src/server/security/settings.ts';
import { assertNoSecured, createHarness, type Loose } from '../graph/harness.ts';

const graph = createHarness();
afterAll(() => assertNoSecured(graph.bodies));

async function cost(query: string, variables?: Record<string, unknown>): Promise<number> {
  const result: Loose = await graph.run(query, variables);
  expect(result.errors).toBeUndefined();
  return result.extensions.cost.requested;
}

const FACETS = 'facets { total topics { value count } providers { value count } }';

describe('operation prices', () => {
  it('multiply a connection’s edges by its page size, and its totalCount and pageInfo once', async () => {
    const page = (n: number) => `{ articles(first: ${n}) { edges { node { key title } } } }`;
    // 1 for the connection, then per edge: edges, node, key, title.
    expect(await cost(page(20))).toBe(1 + 20 * 4);
    expect(await cost(page(100))).toBe(1 + 100 * 4);
    expect(
      await cost('{ articles(first: 100) { totalCount pageInfo { hasNextPage endCursor } } }'),
    ).toBe(1 + 1 + 3);
  });

  it('price facets once per connection, whatever its page size', async () => {
    for (const first of [1, 20, 100]) {
      const plain = await cost(`{ articles(first: ${first}) { edges { node { key } } } }`);
      const faceted = await cost(
        `{ articles(first: ${first}) { edges { node { key } } ${FACETS} } }`,
      );
      // facets, total, then two lists of 20 values with two fields each.
      expect(faceted - plain).toBe(ARTICLE_FACETS_COST + 1 + 2 * (1 + 20 * 2));
    }
  });

  it('charge a search for running its query, beyond the page it returns', async () => {
    // "quantum" has 7 letters: one typo allowed.
    const quantum = SEARCH_COST + (SEARCH_TERM_COST[1] as number);
    const page = await cost('{ search(query: "quantum", first: 10) { edges { node { key } } } }');
    expect(page).toBe(quantum + 10 * 3);
    const faceted = await cost(`{ search(query: "quantum", first: 10) { totalCount ${FACETS} } }`);
    expect(faceted).toBe(quantum + 1 + SEARCH_FACETS_COST + 1 + 2 * (1 + 20 * 2));
  });

  it('charge each word of a search by its typo allowance, the work it takes', async () => {
    const [exact, oneTypo, twoTypos] = SEARCH_TERM_COST as [number, number, number];
    const priced = (query: string) =>
      cost(`{ search(query: "${query}", first: 0) { totalCount } }`);
    expect(await priced('ai')).toBe(SEARCH_COST + exact + 1);
    expect(await priced('ai space')).toBe(SEARCH_COST + exact + oneTypo + 1);
    expect(await priced('ai space researchers')).toBe(SEARCH_COST + exact + oneTypo + twoTypos + 1);
    // Repeated words count once, as the search runs them once.
    expect(await priced('space Space SPACE')).toBe(SEARCH_COST + oneTypo + 1);
  });

  it('allow an operation’s searches 16 typo-tolerant words in all, and refuse the search past them', async () => {
    const eight = 'alpha bravo delta hotel india lima oscar romeo';
    const query = `{
      first: search(query: "${eight}", first: 0) { totalCount }
      second: search(query: "${eight}", first: 0) { totalCount }
      third: search(query: "tango ai", first: 0) { totalCount }
    }`;
    // Sixteen words in two searches are served.
    const twoSearches: Loose = await graph.run(query.replace(/third: .*\n/, ''));
    expect(twoSearches.errors).toBeUndefined();
    expect(twoSearches.data).toEqual({ first: { totalCount: 0 }, second: { totalCount: 0 } });
    // One more (search is non-null, so the whole answer is null).
    const result: Loose = await graph.run(query);
    expect(result.data).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0].path).toEqual(['third']);
    expect(result.errors[0].extensions.code).toBe('SEARCH_TOO_MANY_TYPO_TERMS');
  });

  it('refuse the search stall: nine searches of eight long words in one operation', async () => {
    const words =
      'abcdefghij klmnopqrst uvwxyzabcd efghijklmn opqrstuvwx yzabcdefgh ijklmnopqr stuvwxyzab';
    const query = `query Stall($q: String!) { ${Array.from(
      { length: 9 },
      (_, i) => `s${i}: search(query: $q, first: 0) { totalCount }`,
    ).join(' ')} }`;
    const result: Loose = await graph.run(query, { q: words });
    expect(result.data).toBeUndefined();
    expect(result.errors[0].extensions.code).toBe('COST_LIMIT_EXCEEDED');
    expect(result.errors[0].extensions.cost.requested).toBe(
      9 * (SEARCH_COST + 8 * (SEARCH_TERM_COST[2] as number) + 1),
    );
  });

  it('price fragments where they are spread, connection edges included', async () => {
    const inline = await cost(
      '{ articles(first: 50) { totalCount edges { node { key provider { name } } } } }',
    );
    const spread = await cost(`
      query { articles(first: 50) { ...Page } }
      fragment Page on ArticleConnection { totalCount ...Edges }
      fragment Edges on ArticleConnection { edges { node { ...Card } } }
      fragment Card on Article { key provider { name } }
    `);
    expect(spread).toBe(inline);
  });

  it('refuse a burst of searches in one operation before any runs', async () => {
    const searches = Math.ceil(DEFAULT_MAX_COST / SEARCH_COST) + 1;
    const query = `{ ${Array.from(
      { length: searches },
      (_, i) => `s${i}: search(query: "q${i}", first: 1) { totalCount }`,
    ).join(' ')} }`;
    const result: Loose = await graph.run(query);
    expect(result.data).toBeUndefined();
    expect(result.errors[0].extensions.code).toBe('COST_LIMIT_EXCEEDED');
    expect(result.errors[0].extensions.cost.requested).toBeGreaterThan(DEFAULT_MAX_COST);
  });
});
