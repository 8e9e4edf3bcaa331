import { afterAll, describe, expect, it } from 'vitest';
import {
  ARTICLE_FACETS_COST,
  SEARCH_COST,
  SEARCH_FACETS_COST,
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
    const page = await cost('{ search(query: "quantum", first: 10) { edges { node { key } } } }');
    expect(page).toBe(SEARCH_COST + 10 * 3);
    const faceted = await cost(`{ search(query: "quantum", first: 10) { totalCount ${FACETS} } }`);
    expect(faceted).toBe(SEARCH_COST + 1 + SEARCH_FACETS_COST + 1 + 2 * (1 + 20 * 2));
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
