import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  ArticleCardFragmentDoc,
  ArticleDetailDocument,
  type ArticleOrderField,
  createNewsgraphClient,
  FeedPageDocument,
  type FeedPageQuery,
  type FragmentType,
  getFragmentData,
  NewsgraphRequestError,
  PageCursorFragmentDoc,
  ProviderPageDocument,
  TopicPageDocument,
} from '../../client/index.ts';
import type { RunningServer } from '../../src/server/http.ts';
import { DRAFT_KEYS, PREVIEW_TOKEN, PUBLISHED_COUNT } from '../fixtures/graph-corpus.ts';
import { startClientServer } from './server.ts';

let server: RunningServer;

beforeAll(async () => {
  server = await startClientServer();
});
afterAll(() => server.close());

// Fragment masking is on: a fragment's fields are read through getFragmentData.
const card = (node: FragmentType<typeof ArticleCardFragmentDoc>) =>
  getFragmentData(ArticleCardFragmentDoc, node);
const cursor = (pageInfo: FragmentType<typeof PageCursorFragmentDoc>) =>
  getFragmentData(PageCursorFragmentDoc, pageInfo);
const keysOf = (page: FeedPageQuery) => page.articles.edges.map((edge) => card(edge.node).key);
const keyRange = (from: number, to: number) =>
  Array.from({ length: from - to + 1 }, (_, i) => `a${String(from - i).padStart(2, '0')}`);

describe('the typed client over HTTP', () => {
  it('pages through the feed with FeedPage, following pageInfo.endCursor', async () => {
    const { request } = createNewsgraphClient({ endpoint: server.url });
    const first = await request(FeedPageDocument, { first: 10 });
    expectTypeOf(
      first.articles.edges.map((edge) => card(edge.node).publishedDateTime)[0],
    ).toEqualTypeOf<string | undefined>();
    expect(first.articles.totalCount).toBe(PUBLISHED_COUNT);
    expect(keysOf(first)).toEqual(keyRange(23, 14));
    expect(cursor(first.articles.pageInfo).hasNextPage).toBe(true);

    const second = await request(FeedPageDocument, {
      first: 10,
      after: cursor(first.articles.pageInfo).endCursor,
    });
    expect(keysOf(second)).toEqual(keyRange(13, 4));
    const last = await request(FeedPageDocument, {
      first: 10,
      after: cursor(second.articles.pageInfo).endCursor,
    });
    expect(keysOf(last)).toEqual(keyRange(3, 0));
    expect(cursor(last.articles.pageInfo).hasNextPage).toBe(false);
  });

  it('runs FeedPage with its defaults when no variables are given', async () => {
    const { request } = createNewsgraphClient({ endpoint: server.url });
    const page = await request(FeedPageDocument);
    expect(page.articles.edges).toHaveLength(20);
    const [newest] = page.articles.edges;
    expect(newest && card(newest.node)).toMatchObject({
      key: 'a23',
      title: 'Article a23',
      provider: { domain: 'gamma.example' },
      images: [{ url: 'https://img.example/a23.jpg', width: 800, height: 600, title: 'a23' }],
    });
  });

  it('filters and orders the feed with typed input variables', async () => {
    const { request } = createNewsgraphClient({ endpoint: server.url });
    const field: ArticleOrderField = 'QUALITY';
    const page = await request(FeedPageDocument, {
      first: 50,
      where: { providerDomains: ['beta.example'] },
      orderBy: { field, direction: 'DESC' },
    });
    const nodes = page.articles.edges.map((edge) => card(edge.node));
    expect(nodes.length).toBe(PUBLISHED_COUNT / 3);
    expect(new Set(nodes.map((node) => node.provider.domain))).toEqual(new Set(['beta.example']));
    const qualities = nodes.map((node) => node.quality ?? -1);
    expect(qualities).toEqual([...qualities].sort((a, b) => b - a));
  });

  it('opens an article with its related coverage, linked to our own article when we have it', async () => {
    const { request } = createNewsgraphClient({ endpoint: server.url });
    const { article } = await request(ArticleDetailDocument, { key: 'a05' });
    expect(article && card(article).title).toBe('Article a05');
    expect(article?.category).toBe('news');
    const [sameStory, draftCoverage, outside] = article?.related ?? [];
    expect(sameStory?.article?.key).toBe('a06');
    expect(sameStory?.article?.title).toBe('Article a06');
    expect(sameStory?.provider?.name).toBe('Alpha News');
    expect(sameStory?.images[0]?.width).toBe(100);
    // Coverage of a draft is listed by its title, but the draft itself stays hidden.
    expect(draftCoverage?.title).toBe('Draft coverage');
    expect(draftCoverage?.article).toBeNull();
    expect(outside?.sourceUrl).toBe('https://outside.example/story');
    expect(outside?.article).toBeNull();
  });

  it("shows a provider's page and a topic's page, the topic named in any case", async () => {
    const { request } = createNewsgraphClient({ endpoint: server.url });
    const { provider } = await request(ProviderPageDocument, { domain: 'alpha.example', first: 5 });
    expect(provider?.name).toBe('Alpha News');
    expect(provider?.articles.totalCount).toBe(PUBLISHED_COUNT / 3);
    const providerKeys = provider?.articles.edges.map((edge) => card(edge.node).key);
    expect(providerKeys).toEqual(['a21', 'a18', 'a15', 'a12', 'a09']);

    const { topic } = await request(TopicPageDocument, {
      name: 'climate',
      first: 100,
      orderBy: { field: 'PUBLISHED_DATE_TIME', direction: 'ASC' },
    });
    expect(topic?.name).toBe('Climate');
    const articles = topic?.articles.edges.map((edge) => card(edge.node)) ?? [];
    expect(articles).toHaveLength(PUBLISHED_COUNT / 2);
    expect(articles[0]?.key).toBe('a00');
    for (const node of articles) {
      expect(node.topics.map((t) => t.name)).toContain('Climate');
    }
  });

  it('gets null for an article, provider or topic that does not exist', async () => {
    const { request } = createNewsgraphClient({ endpoint: server.url });
    expect((await request(ArticleDetailDocument, { key: 'nope' })).article).toBeNull();
    expect((await request(ProviderPageDocument, { domain: 'nope.example' })).provider).toBeNull();
    expect((await request(TopicPageDocument, { name: 'Nope' })).topic).toBeNull();
  });

  it('rejects an oversized page with a typed error carrying PAGE_SIZE_TOO_LARGE', async () => {
    const { request } = createNewsgraphClient({ endpoint: server.url });
    const failure = await request(FeedPageDocument, { first: 1000 }).catch((error) => error);
    expect(failure).toBeInstanceOf(NewsgraphRequestError);
    expect((failure as NewsgraphRequestError).errorCodes).toEqual(['PAGE_SIZE_TOO_LARGE']);
  });

  it('sees drafts only when it sends the preview token', async () => {
    const publicClient = createNewsgraphClient({ endpoint: server.url });
    const preview = createNewsgraphClient({
      endpoint: server.url,
      headers: { authorization: `Bearer ${PREVIEW_TOKEN}` },
    });
    const [draftKey] = DRAFT_KEYS;
    expect((await publicClient.request(ArticleDetailDocument, { key: draftKey })).article).toBe(
      null,
    );
    const { article } = await preview.request(ArticleDetailDocument, { key: draftKey });
    expect(article && card(article).title).toBe(`Draft ${draftKey}`);
    const feed = await preview.request(FeedPageDocument, { first: 1 });
    expect(feed.articles.totalCount).toBe(PUBLISHED_COUNT + DRAFT_KEYS.length);
  });
});

describe('the typed client against a server running trusted documents only', () => {
  let trusted: RunningServer;

  beforeAll(async () => {
    trusted = await startClientServer({
      persistedOperations: 'only',
      persistedManifest: 'client/generated/persisted-documents.json',
    });
  });
  afterAll(() => trusted.close());

  it('runs every operation by its hash alone (documentId), with the same typed results', async () => {
    const { request } = createNewsgraphClient({ endpoint: trusted.url, persisted: true });
    const first = await request(FeedPageDocument, { first: 3 });
    expect(keysOf(first)).toEqual(keyRange(23, 21));
    const next = await request(FeedPageDocument, {
      first: 3,
      after: cursor(first.articles.pageInfo).endCursor,
    });
    expect(keysOf(next)).toEqual(keyRange(20, 18));
    const { article } = await request(ArticleDetailDocument, { key: 'a05' });
    expect(article?.related[0]?.article?.key).toBe('a06');
    const { provider } = await request(ProviderPageDocument, { domain: 'gamma.example' });
    expect(provider?.name).toBe('Gamma Post');
    const { topic } = await request(TopicPageDocument, { name: 'Space' });
    expect(topic?.articles.totalCount).toBe(PUBLISHED_COUNT / 2);
  });

  it('is refused when it sends the full query text instead', async () => {
    const { request } = createNewsgraphClient({ endpoint: trusted.url });
    const failure = await request(FeedPageDocument, { first: 3 }).catch((error) => error);
    expect(failure).toBeInstanceOf(NewsgraphRequestError);
    expect((failure as NewsgraphRequestError).status).toBe(400);
    expect((failure as NewsgraphRequestError).errorCodes).toEqual(['PERSISTED_QUERY_ONLY']);
  });

  it('previews drafts in trusted-documents mode with the token', async () => {
    const preview = createNewsgraphClient({
      endpoint: trusted.url,
      persisted: true,
      headers: { authorization: `Bearer ${PREVIEW_TOKEN}` },
    });
    const { article } = await preview.request(ArticleDetailDocument, { key: 'a05' });
    expect(article?.related[1]?.article?.key).toBe(DRAFT_KEYS[0]);
  });
});
