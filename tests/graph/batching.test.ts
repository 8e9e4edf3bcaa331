import { describe, expect, it } from 'vitest';
import type { LoaderName } from '../../src/schema/context.ts';
import { createHarness } from './harness.ts';

const FEED = /* GraphQL */ `
  {
    articles(first: 20) {
      edges {
        node {
          key title
          provider { name domain }
          topics { name }
          images { url width height }
          related {
            title
            provider { name domain }
            images { url }
            article { key title }
          }
        }
      }
    }
  }
`;

describe('DataLoader batching', () => {
  it('costs one corpus lookup per loader for a 20-article feed, not one per field', async () => {
    const batches: { loader: LoaderName; size: number }[] = [];
    const graph = createHarness({
      onBatch: (loader, keys) => batches.push({ loader, size: keys.length }),
    });
    const { data, errors } = await graph.run(FEED);
    expect(errors).toBeUndefined();
    expect(data.articles.edges).toHaveLength(20);
    const perLoader: Partial<Record<LoaderName, { size: number }[]>> = {};
    for (const b of batches) perLoader[b.loader] = [...(perLoader[b.loader] ?? []), b];
    expect(Object.keys(perLoader).sort()).toEqual([
      'articleBySourceUrl',
      'providerByDomain',
      'topicByName',
    ]);
    for (const list of Object.values(perLoader)) expect(list).toHaveLength(1);
    // 60 related links: 20 distinct corpus articles, one draft and one outside page.
    expect(perLoader.articleBySourceUrl?.[0]?.size).toBe(22);
    expect(perLoader.providerByDomain?.[0]?.size).toBe(3);
    expect(perLoader.topicByName?.[0]?.size).toBe(4);
  });

  it('batches node lookups of many IDs into one', async () => {
    const batches: LoaderName[] = [];
    const graph = createHarness({ onBatch: (loader) => batches.push(loader) });
    const ids = ['a01', 'a02', 'a03', 'a04'].map((k) =>
      Buffer.from(`Article:${k}`).toString('base64'),
    );
    const { data } = await graph.run('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expect(data.nodes).toHaveLength(4);
    expect(batches).toEqual(['articleByKey']);
  });
});
