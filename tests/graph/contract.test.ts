import { describe, expect, it } from 'vitest';
import {
  fixtureSeeds,
  PROVIDERS,
  PUBLISHED_COUNT,
  sourceUrlOf,
  TOPICS,
} from '../fixtures/graph-corpus.ts';
import { assertNoSecured, createHarness, type Loose, type TestEdge } from './harness.ts';

const ARTICLE_FIELDS = /* GraphQL */ `
  id key category type title excerpt publishedDateTime sourceUrl ampUrl cdnAmpUrl quality heat
  provider { id name domain }
  topics { id name }
  images { url width height title }
  related {
    title excerpt publishedDateTime sourceUrl type quality
    provider { id name domain }
    images { url width height title }
    article { key }
  }
`;

describe('the public contract', () => {
  const graph = createHarness();

  it('serves every article field as the seed file states it', async () => {
    const { data, errors } = await graph.run(`{ article(key: "a05") { ${ARTICLE_FIELDS} } }`);
    expect(errors).toBeUndefined();
    const seed: Loose = fixtureSeeds().get('a05');
    expect(data.article).toEqual({
      id: expect.any(String),
      key: 'a05',
      category: seed.category,
      type: seed.type,
      title: seed.title,
      excerpt: seed.excerpt,
      publishedDateTime: seed.publishedDateTime,
      sourceUrl: seed.sourceUrl,
      ampUrl: seed.ampUrl,
      cdnAmpUrl: seed.cdnAmpUrl,
      quality: seed.quality,
      heat: seed.heat,
      provider: { id: expect.any(String), ...seed.provider },
      topics: seed.topics.map((name: string) => ({ id: expect.any(String), name })),
      images: seed.images,
      related: [
        {
          ...seed.related[0],
          provider: { id: expect.any(String), ...seed.related[0].provider },
          images: [{ ...seed.related[0].images[0], title: null }],
          article: { key: 'a06' },
        },
        {
          title: 'Draft coverage',
          excerpt: null,
          publishedDateTime: null,
          sourceUrl: sourceUrlOf('draft_01'),
          type: null,
          quality: null,
          provider: { id: expect.any(String), name: 'Alpha News', domain: 'alpha.example' },
          images: [],
          article: null,
        },
        expect.objectContaining({ sourceUrl: 'https://outside.example/story', article: null }),
      ],
    });
  });

  it('leaves missing scores and AMP links null', async () => {
    const { data } = await graph.run('{ article(key: "a07") { quality heat ampUrl } }');
    expect(data.article).toEqual({
      quality: null,
      heat: null,
      ampUrl: 'https://news.example/a07.amp',
    });
  });

  it('finds an article by sourceUrl and answers null for an unknown one', async () => {
    const { data } = await graph.run(
      `{ hit: article(sourceUrl: "${sourceUrlOf('a03')}") { key } miss: article(key: "nope") { key } }`,
    );
    expect(data).toEqual({ hit: { key: 'a03' }, miss: null });
  });

  it('refuses article() with both or neither argument, with a clear message', async () => {
    for (const args of ['', '(key: "a01", sourceUrl: "https://news.example/a01")']) {
      const { data, errors } = await graph.run(`{ article${args} { key } }`);
      expect(data?.article).toBeNull();
      expect(errors?.[0]?.message).toBe('Pass exactly one of "key" or "sourceUrl".');
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('resolves node and nodes for articles, providers and topics by global ID', async () => {
    const { data } = await graph.run(`{
      article(key: "a01") { id provider { id } topics { id } }
    }`);
    const ids = [data.article.id, data.article.provider.id, data.article.topics[0].id];
    const nodes = await graph.run(
      `query ($ids: [ID!]!, $id: ID!) {
        node(id: $id) { id ... on Article { key } }
        nodes(ids: $ids) {
          __typename id
          ... on Article { key } ... on Provider { domain } ... on Topic { name }
        }
      }`,
      { ids, id: ids[0] },
    );
    expect(nodes.errors).toBeUndefined();
    expect(nodes.data.node).toEqual({ id: ids[0], key: 'a01' });
    expect(nodes.data.nodes).toEqual([
      { __typename: 'Article', id: ids[0], key: 'a01' },
      { __typename: 'Provider', id: ids[1], domain: 'beta.example' },
      { __typename: 'Topic', id: ids[2], name: 'Climate' },
    ]);
  });

  it('answers null for a well-formed ID of nothing and an INVALID_ID error for garbage', async () => {
    const missing = Buffer.from('Article:nope').toString('base64');
    const ok = await graph.run(
      `{ node(id: "${missing}") { id } nodes(ids: ["${missing}"]) { id } }`,
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data).toEqual({ node: null, nodes: [null] });
    const bad = await graph.run('{ node(id: "not-an-id") { id } }');
    expect(bad.errors?.[0]?.extensions?.code).toBe('INVALID_ID');
  });

  it('refuses more than 100 IDs in one nodes() call', async () => {
    const ids = Array.from({ length: 101 }, (_, i) =>
      Buffer.from(`Article:k${i}`).toString('base64'),
    );
    const { errors } = await graph.run('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expect(errors?.[0]?.message).toMatch(/at most 100/);
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('looks up providers by domain and topics by name in any case', async () => {
    const { data } = await graph.run(`{
      provider(domain: "alpha.example") { name domain articles { totalCount } }
      unknown: provider(domain: "nobody.example") { name }
      topic(name: "climate") { name articles(first: 1) { totalCount edges { node { key } } } }
    }`);
    expect(data.provider).toEqual({
      name: 'Alpha News',
      domain: 'alpha.example',
      articles: { totalCount: 8 },
    });
    expect(data.unknown).toBeNull();
    expect(data.topic.name).toBe('Climate');
    expect(data.topic.articles.totalCount).toBe(12);
    expect(data.topic.articles.edges[0].node.key).toBe('a21');
  });

  it('lists providers (including related-only ones) and topics alphabetically with counts', async () => {
    const { data } = await graph.run(`{
      providers { totalCount edges { node { domain } } }
      topics { totalCount edges { node { name } } }
    }`);
    expect(data.providers.edges.map((e: TestEdge) => e.node.domain)).toEqual(
      [...PROVIDERS.map((p) => p.domain)].sort(),
    );
    expect(data.providers.totalCount).toBe(3);
    expect(data.topics.edges.map((e: TestEdge) => e.node.name)).toEqual([...TOPICS]);
    expect(data.topics.totalCount).toBe(4);
  });

  it('pages providers and topics with cursors', async () => {
    const first = await graph.run(
      '{ topics(first: 3) { pageInfo { hasNextPage endCursor } edges { node { name } } } }',
    );
    expect(first.data.topics.pageInfo.hasNextPage).toBe(true);
    const next = await graph.run(
      'query ($after: String) { topics(first: 3, after: $after) { pageInfo { hasNextPage hasPreviousPage } edges { node { name } } } }',
      { after: first.data.topics.pageInfo.endCursor },
    );
    expect(next.data.topics.edges.map((e: TestEdge) => e.node.name)).toEqual(['Space']);
    expect(next.data.topics.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true });
    const providers = await graph.run('{ providers(last: 1) { edges { node { domain } } } }');
    expect(providers.data.providers.edges[0].node.domain).toBe('gamma.example');
  });

  it('counts every published article in totalCount', async () => {
    const { data } = await graph.run('{ articles(first: 0) { totalCount edges { cursor } } }');
    expect(data.articles).toEqual({ totalCount: PUBLISHED_COUNT, edges: [] });
  });

  it('never serves the secured value', () => {
    expect(graph.bodies.length).toBeGreaterThan(5);
    assertNoSecured(graph.bodies);
  });
});
