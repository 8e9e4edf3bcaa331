import { describe, expect, it } from 'vitest';
import { createContextFactory } from '../../src/schema/context.ts';
import {
  DRAFT_KEYS,
  DRAFT_ONLY_PROVIDER,
  DRAFT_ONLY_TOPIC,
  PREVIEW_TOKEN,
  PUBLISHED_COUNT,
  sourceUrlOf,
} from '../fixtures/graph-corpus.ts';
import { assertNoSecured, createHarness, type TestEdge } from './harness.ts';

const draftKey = DRAFT_KEYS[0];
const draftId = Buffer.from(`Article:${draftKey}`).toString('base64');
const draftProviderId = Buffer.from(`Provider:${DRAFT_ONLY_PROVIDER.domain}`).toString('base64');
const draftTopicId = Buffer.from(`Topic:${DRAFT_ONLY_TOPIC.toLowerCase()}`).toString('base64');

const EVERY_PATH = /* GraphQL */ `
  query ($ids: [ID!]!) {
    byKey: article(key: "${draftKey}") { key }
    bySourceUrl: article(sourceUrl: "${sourceUrlOf(draftKey)}") { key }
    node(id: "${draftId}") { id }
    nodes(ids: $ids) { id }
    articles(first: 100) { totalCount edges { node { key } } }
    newestFirst: articles(first: 1) { edges { node { key } } }
    byQuality: articles(first: 2, orderBy: { field: QUALITY }) { edges { node { key } } }
    filtered: articles(first: 100, where: { providerDomains: ["${DRAFT_ONLY_PROVIDER.domain}"] }) { totalCount }
    byTopic: articles(first: 100, where: { topics: ["${DRAFT_ONLY_TOPIC}"] }) { totalCount }
    provider(domain: "${DRAFT_ONLY_PROVIDER.domain}") { name articles { totalCount } }
    providers(first: 100) { totalCount edges { node { domain } } }
    topic(name: "${DRAFT_ONLY_TOPIC}") { name }
    ai: topic(name: "AI") { articles(first: 100) { totalCount edges { node { key } } } }
    topics(first: 100) { totalCount edges { node { name } } }
    related: article(key: "a03") { related { sourceUrl article { key title excerpt } } }
  }
`;

const VARIABLES = { ids: [draftId, draftProviderId, draftTopicId] };

describe('drafts', () => {
  it('are invisible to the public on every path', async () => {
    const graph = createHarness();
    const { data, errors } = await graph.run(EVERY_PATH, VARIABLES);
    expect(errors).toBeUndefined();
    expect(data.byKey).toBeNull();
    expect(data.bySourceUrl).toBeNull();
    expect(data.node).toBeNull();
    expect(data.nodes).toEqual([null, null, null]);
    expect(data.articles.totalCount).toBe(PUBLISHED_COUNT);
    expect(data.articles.edges.map((e: TestEdge) => e.node.key)).not.toContain(draftKey);
    expect(data.newestFirst.edges[0].node.key).toBe('a23');
    expect(data.byQuality.edges.map((e: TestEdge) => e.node.key)).not.toContain(draftKey);
    expect(data.filtered.totalCount).toBe(0);
    expect(data.byTopic.totalCount).toBe(0);
    expect(data.provider).toBeNull();
    expect(data.providers.edges.map((e: TestEdge) => e.node.domain)).not.toContain(
      DRAFT_ONLY_PROVIDER.domain,
    );
    expect(data.providers.totalCount).toBe(3);
    expect(data.topic).toBeNull();
    expect(data.ai.articles.edges.map((e: TestEdge) => e.node.key)).not.toContain(draftKey);
    expect(data.topics.totalCount).toBe(4);
    const draftLink = data.related.related.find(
      (r: { sourceUrl: string }) => r.sourceUrl === sourceUrlOf(draftKey),
    );
    expect(draftLink.article).toBeNull();
    const body = graph.bodies.join('\n');
    expect(body).not.toContain('Embargoed');
    expect(body).not.toContain('Draft draft_');
    assertNoSecured(graph.bodies);
  });

  it('are visible on every path with the preview token', async () => {
    const graph = createHarness();
    const { data, errors } = await graph.run(EVERY_PATH, VARIABLES, true);
    expect(errors).toBeUndefined();
    expect(data.byKey).toEqual({ key: draftKey });
    expect(data.bySourceUrl).toEqual({ key: draftKey });
    expect(data.node).toEqual({ id: draftId });
    expect(data.nodes).toEqual([{ id: draftId }, { id: draftProviderId }, { id: draftTopicId }]);
    expect(data.articles.totalCount).toBe(PUBLISHED_COUNT + DRAFT_KEYS.length);
    expect(data.newestFirst.edges[0].node.key).toBe(DRAFT_KEYS[1]);
    expect(data.byQuality.edges.map((e: TestEdge) => e.node.key)).toEqual([...DRAFT_KEYS]);
    expect(data.filtered.totalCount).toBe(2);
    expect(data.byTopic.totalCount).toBe(2);
    expect(data.provider).toEqual({ name: DRAFT_ONLY_PROVIDER.name, articles: { totalCount: 2 } });
    expect(data.providers.totalCount).toBe(4);
    expect(data.topic).toEqual({ name: DRAFT_ONLY_TOPIC });
    expect(data.ai.articles.edges.map((e: TestEdge) => e.node.key)).toContain(draftKey);
    expect(data.topics.totalCount).toBe(5);
    const draftLink = data.related.related.find(
      (r: { sourceUrl: string }) => r.sourceUrl === sourceUrlOf(draftKey),
    );
    expect(draftLink.article).toMatchObject({
      key: draftKey,
      excerpt: `Embargoed excerpt ${draftKey}`,
    });
    assertNoSecured(graph.bodies);
  });

  it('stay hidden for a wrong, malformed or non-bearer token, and with no token configured', () => {
    const { store } = createHarness();
    const withToken = createContextFactory({ store, previewToken: PREVIEW_TOKEN });
    const request = (authorization?: string) => ({
      request: new Request('http://x/graphql', authorization ? { headers: { authorization } } : {}),
    });
    for (const header of [
      undefined,
      'Bearer wrong-token-of-some-length',
      `Bearer ${PREVIEW_TOKEN}x`,
      `Basic ${PREVIEW_TOKEN}`,
      PREVIEW_TOKEN,
      'Bearer',
    ]) {
      const ctx = withToken(request(header));
      expect(ctx.preview, String(header)).toBe(false);
      expect(ctx.view.byKey.has(draftKey)).toBe(false);
    }
    expect(withToken(request(`Bearer ${PREVIEW_TOKEN}`)).preview).toBe(true);
    expect(withToken(request(`bearer  ${PREVIEW_TOKEN}`)).view.byKey.has(draftKey)).toBe(true);
    const noToken = createContextFactory({ store });
    expect(noToken(request(`Bearer ${PREVIEW_TOKEN}`)).preview).toBe(false);
  });
});
