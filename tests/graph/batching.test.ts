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

describe('lookups and DataLoader batching', () => {
  it('answers a 20-article feed without a loader batch: fields read the snapshot directly', async () => {
    const batches: LoaderName[] = [];
    const graph = createHarness({ onBatch: (loader) => batches.push(loader) });
    const { data, errors } = await graph.run(FEED);
    expect(errors).toBeUndefined();
    expect(data.articles.edges).toHaveLength(20);
    // Providers, topics and related articles are synchronous map lookups in the request's
    // snapshot; a DataLoader would only add a promise and a microtask per field.
    expect(batches).toEqual([]);
    type Related = { provider: { domain: string } | null; article: { key: string } | null };
    type Node = { provider: { domain: string }; topics: { name: string }[]; related: Related[] };
    const nodes: Node[] = data.articles.edges.map((edge: { node: Node }) => edge.node);
    expect(nodes.every((node) => node.provider.domain.length > 0)).toBe(true);
    expect(nodes.every((node) => node.topics.every((topic) => topic.name.length > 0))).toBe(true);
    // 60 related links: 20 distinct corpus articles, one draft and one outside page; only
    // links to public articles resolve, the draft's stays null.
    const related = nodes.flatMap((node) => node.related);
    const linked = new Set(related.flatMap((r) => (r.article ? [r.article.key] : [])));
    expect(related).toHaveLength(60);
    expect(linked.size).toBe(20);
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
