import { describe, expect, it } from 'vitest';
import { PUBLISHED_COUNT } from '../fixtures/graph-corpus.ts';
import { createHarness, type TestEdge } from './harness.ts';

describe('the graph, in process', () => {
  it('serves the newest articles first with provider, topics and images', async () => {
    const graph = createHarness();
    const result = await graph.run(/* GraphQL */ `
      {
        articles(first: 2) {
          totalCount
          edges { node { key title provider { domain } topics { name } images { url } } }
        }
      }
    `);
    expect(result.errors).toBeUndefined();
    expect(result.data.articles.totalCount).toBe(PUBLISHED_COUNT);
    expect(result.data.articles.edges.map((e: TestEdge) => e.node.key)).toEqual(['a23', 'a22']);
    expect(result.data.articles.edges[0].node.provider.domain).toBe('gamma.example');
  });
});
