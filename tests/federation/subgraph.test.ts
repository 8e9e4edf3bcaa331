import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ContentStore } from '../../src/corpus/store.ts';
import type { LoaderName } from '../../src/schema/context.ts';
import { encodeGlobalId } from '../../src/schema/global-id.ts';
import { resolveConfig } from '../../src/server/config.ts';
import { fixtureSeeds, loadFromSeeds } from '../fixtures/graph-corpus.ts';
import {
  createSubgraphYoga,
  findSecured,
  type GraphResult,
  type Loose,
  loadStore,
  PREVIEW_AUTHORIZATION,
  postGraphQL,
} from './harness.ts';
import {
  articleKey,
  DRAFT_KEY,
  DRAFT_PROVIDER_DOMAIN,
  DRAFT_TITLE,
  DRAFT_TOPIC,
  type SeedsFolder,
  writeSeedsFolder,
} from './seeds.ts';

const ARTICLE_COUNT = 60;
const REFERENCE_COUNT = 50;

const ENTITIES = /* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      __typename
      ... on Article { id key title provider { domain } topics { name } }
      ... on Provider { id domain name }
      ... on Topic { id name }
    }
  }
`;

let seeds: SeedsFolder;
let store: ContentStore;
const bodies: string[] = [];

beforeAll(async () => {
  seeds = await writeSeedsFolder(ARTICLE_COUNT);
  store = await loadStore(seeds.dir);
});

afterAll(async () => {
  await seeds.remove();
});

afterEach(() => {
  expect(findSecured(bodies)).toEqual([]);
});

function client(options: Parameters<typeof createSubgraphYoga>[1] = {}) {
  const yoga = createSubgraphYoga(store, options);
  return (query: string, variables?: Record<string, unknown>, authorization?: string) =>
    postGraphQL(
      (url, init) => Promise.resolve(yoga.fetch(url, init)),
      'http://newsgraph.test/graphql',
      bodies,
      query,
      variables,
      authorization,
    );
}

const entities = (
  representations: Record<string, unknown>[],
  authorization?: string,
): Promise<GraphResult> => client()(ENTITIES, { representations }, authorization);

describe('newsgraph as a federation subgraph', () => {
  it('resolves an Article reference by its Relay global ID and by its key to the same article', async () => {
    const run = client();
    const { data } = await run('{ article(key: "fed_007") { id key title } }');
    const article = data.article;
    expect(article.id).toBe(encodeGlobalId('Article', 'fed_007'));

    const result = await entities([
      { __typename: 'Article', id: article.id },
      { __typename: 'Article', key: 'fed_007' },
    ]);
    expect(result.errors).toBeUndefined();
    expect(result.data._entities).toEqual([
      expect.objectContaining({ __typename: 'Article', ...article }),
      expect.objectContaining({ __typename: 'Article', ...article }),
    ]);
    expect(result.data._entities[0].provider).toEqual({ domain: 'news1.example' });
    expect(result.data._entities[0].topics).toEqual([{ name: 'Topic 3' }]);
  });

  it('gives an Article reached through _entities the same story coverage as article(key:)', async () => {
    // The fixture corpus chains its 24 published articles into one story by related links.
    const storied = createSubgraphYoga(new ContentStore(loadFromSeeds(fixtureSeeds())));
    const run = (query: string, variables?: Record<string, unknown>) =>
      postGraphQL(
        (url, init) => Promise.resolve(storied.fetch(url, init)),
        'http://newsgraph.test/graphql',
        bodies,
        query,
        variables,
      );
    const coverage = 'coverage { articleCount articles(first: 3) { key } providers { domain } }';
    const direct = await run(`{ article(key: "a05") { ${coverage} } }`);
    const viaEntities = await run(
      `query Entities($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on Article { ${coverage} } }
      }`,
      { representations: [{ __typename: 'Article', key: 'a05' }] },
    );
    expect(viaEntities.errors).toBeUndefined();
    expect(direct.data.article.coverage.articleCount).toBe(23);
    expect(viaEntities.data._entities[0].coverage).toEqual(direct.data.article.coverage);
    expect(viaEntities.data._entities[0].coverage.articles.map((a: Loose) => a.key)).not.toContain(
      'a05',
    );
  });

  it('resolves Provider references by domain and Topic references by name', async () => {
    const result = await entities([
      { __typename: 'Provider', domain: 'news2.example' },
      { __typename: 'Topic', name: 'Topic 1' },
    ]);
    expect(result.errors).toBeUndefined();
    expect(result.data._entities).toEqual([
      {
        __typename: 'Provider',
        id: encodeGlobalId('Provider', 'news2.example'),
        domain: 'news2.example',
        name: 'Provider news2.example',
      },
      { __typename: 'Topic', id: encodeGlobalId('Topic', 'topic 1'), name: 'Topic 1' },
    ]);
  });

  it('answers null for references to nothing, and for a global ID of another type', async () => {
    const result = await entities([
      { __typename: 'Article', key: 'no_such_article' },
      { __typename: 'Article', id: encodeGlobalId('Article', 'no_such_article') },
      { __typename: 'Article', id: encodeGlobalId('Provider', 'news1.example') },
      { __typename: 'Provider', domain: 'unknown.example' },
      { __typename: 'Topic', name: 'No Such Topic' },
    ]);
    expect(result.errors).toBeUndefined();
    expect(result.data._entities).toEqual([null, null, null, null, null]);
  });

  it('refuses a malformed ID or a key that is not a string with a client error', async () => {
    const result = await entities([
      { __typename: 'Article', id: 'not-a-global-id' },
      { __typename: 'Provider', domain: 42 },
    ]);
    expect(result.data._entities).toEqual([null, null]);
    expect(result.errors?.map((e) => e.extensions?.code).sort()).toEqual([
      'BAD_USER_INPUT',
      'INVALID_ID',
    ]);
  });

  it('hides drafts and what only drafts mention from the public, exactly as public fields do', async () => {
    const draftReferences = [
      { __typename: 'Article', key: DRAFT_KEY },
      { __typename: 'Article', id: encodeGlobalId('Article', DRAFT_KEY) },
      { __typename: 'Provider', domain: DRAFT_PROVIDER_DOMAIN },
      { __typename: 'Topic', name: DRAFT_TOPIC },
    ];
    const publicResult = await entities(draftReferences);
    expect(publicResult.errors).toBeUndefined();
    expect(publicResult.data._entities).toEqual([null, null, null, null]);
    const lookup = await client()(
      `{ article(key: "${DRAFT_KEY}") { key } provider(domain: "${DRAFT_PROVIDER_DOMAIN}") { domain } }`,
    );
    expect(lookup.data).toEqual({ article: null, provider: null });

    const preview = await entities(draftReferences, PREVIEW_AUTHORIZATION);
    expect(preview.errors).toBeUndefined();
    expect(preview.data._entities.map((e: { __typename: string }) => e.__typename)).toEqual([
      'Article',
      'Article',
      'Provider',
      'Topic',
    ]);
    expect(preview.data._entities[0].title).toBe(DRAFT_TITLE);
    expect(preview.data._entities[1].key).toBe(DRAFT_KEY);

    const wrongToken = await entities(draftReferences, 'Bearer not-the-preview-token-at-all');
    expect(wrongToken.data._entities).toEqual([null, null, null, null]);
  });

  it(`resolves ${REFERENCE_COUNT} Article references with one articleByKey batch`, async () => {
    const batches: { loader: LoaderName; size: number }[] = [];
    const run = client({ onBatch: (loader, keys) => batches.push({ loader, size: keys.length }) });
    // Half by global ID, half by key: both forms share the request's one loader.
    const representations = Array.from({ length: REFERENCE_COUNT }, (_, index) =>
      index % 2 === 0
        ? { __typename: 'Article', id: encodeGlobalId('Article', articleKey(index)) }
        : { __typename: 'Article', key: articleKey(index) },
    );
    const result = await run(ENTITIES, { representations });
    expect(result.errors).toBeUndefined();
    expect(result.data._entities.map((a: { key: string }) => a.key)).toEqual(
      Array.from({ length: REFERENCE_COUNT }, (_, index) => articleKey(index)),
    );
    expect(batches.filter((b) => b.loader === 'articleByKey')).toEqual([
      { loader: 'articleByKey', size: REFERENCE_COUNT },
    ]);
    // Their providers and topics are read from the snapshot as each field resolves (a
    // synchronous map lookup): no loader batch, no promise per field.
    expect(batches.filter((b) => b.loader !== 'articleByKey')).toEqual([]);
  });

  it('serves the subgraph SDL with entity keys through _service', async () => {
    const { data } = await client()('{ _service { sdl } }');
    expect(data._service.sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.6"');
    expect(data._service.sdl).toMatch(
      /type Article implements Node\s+@key\(fields: "id"\)\s+@key\(fields: "key"\)/,
    );
    expect(data._service.sdl).toMatch(/type Provider implements Node\s+@key\(fields: "domain"\)/);
    expect(data._service.sdl).toMatch(/type Topic implements Node\s+@key\(fields: "name"\)/);
    expect(data._service.sdl).toMatch(/type PageInfo\s+@shareable/);
    expect(data._service.sdl).toMatch(/type Image\s+@shareable/);
    expect(data._service.sdl).not.toMatch(/\bsecured\b/);
  });

  it('keeps _service and _entities out of the public schema unless federation is turned on', async () => {
    const result = await client({ federation: false })('{ _service { sdl } }');
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0]?.message).toMatch(/Cannot query field "_service"/);
  });

  it('turns federation on from NEWSGRAPH_FEDERATION or --federation, off by default', () => {
    const federation = (args: string[], env: NodeJS.ProcessEnv) => {
      const resolved = resolveConfig(args, env);
      return resolved.kind === 'config' ? resolved.config.federation : resolved.kind;
    };
    expect(federation([], {})).toBe(false);
    expect(federation([], { NEWSGRAPH_FEDERATION: 'true' })).toBe(true);
    expect(federation(['--federation'], {})).toBe(true);
    expect(federation([], { NEWSGRAPH_FEDERATION: 'maybe' })).toBe('error');
  });
});
