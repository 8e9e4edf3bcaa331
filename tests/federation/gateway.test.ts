import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { serverConfigSchema } from '../../src/server/config.ts';
import { type RunningServer, startServer } from '../../src/server/http.ts';
import { composeSupergraph, warningHints } from './compose.ts';
import {
  EDITORIAL_SUBGRAPH_NAME,
  editorialTypeDefs,
  startEditorialSubgraph,
} from './editorial-subgraph.ts';
import {
  ENGAGEMENT_SUBGRAPH_NAME,
  engagementTypeDefs,
  startEngagementSubgraph,
} from './engagement-subgraph.ts';
import { NEWSGRAPH_SUBGRAPH_NAME } from './gateway.config.ts';
import {
  findSecured,
  type GraphResult,
  PREVIEW_AUTHORIZATION,
  PREVIEW_TOKEN,
  postGraphQL,
} from './harness.ts';
import { type RunningGateway, startHiveGateway } from './hive-gateway.ts';
import { articleKey, DRAFT_KEY, DRAFT_TITLE, type SeedsFolder, writeSeedsFolder } from './seeds.ts';
import type { RunningSubgraph } from './serve-subgraph.ts';

const ARTICLE_COUNT = 8;
/** Views the engagement service counts for the first articles; the most viewed trend first. */
const VIEWS = [120, 950, 40, 500];
/** Two servers, a composition and a gateway process; generous for a shared two-core machine. */
const START_TIMEOUT_MS = 120_000;

let seeds: SeedsFolder;
let newsgraph: RunningServer;
let engagement: RunningSubgraph;
let editorial: RunningSubgraph;
let gateway: RunningGateway;
const ids = new Map<string, string>();
const bodies: string[] = [];

const direct = (query: string, authorization?: string) =>
  postGraphQL(fetch, newsgraph.url, bodies, query, {}, authorization);
const throughGateway = (query: string, authorization?: string): Promise<GraphResult> =>
  postGraphQL(fetch, gateway.url, bodies, query, {}, authorization);

beforeAll(async () => {
  seeds = await writeSeedsFolder(ARTICLE_COUNT);
  const config = serverConfigSchema.parse({
    port: 0,
    host: '127.0.0.1',
    seedsDir: seeds.dir,
    previewToken: PREVIEW_TOKEN,
    federation: true,
  });
  newsgraph = await startServer({ config, logger: pino({ level: 'silent' }) });

  // The engagement team stores newsgraph's IDs as it received them; in preview, drafts' too.
  const listed = await direct(
    '{ articles(first: 20) { edges { node { id key } } } }',
    PREVIEW_AUTHORIZATION,
  );
  for (const { node } of listed.data.articles.edges) ids.set(node.key, node.id);
  const idOf = (key: string) => ids.get(key) as string;

  engagement = await startEngagementSubgraph({
    views: new Map(VIEWS.map((views, index) => [idOf(articleKey(index)), views])),
    featured: idOf(DRAFT_KEY),
    providerFollowers: new Map([['news1.example', 31]]),
    topicFollowers: new Map([['Topic 1', 7]]),
  });

  editorial = await startEditorialSubgraph(articleKey(2));

  // As a registry would: newsgraph's SDL from its running _service field.
  const service = await direct('{ _service { sdl } }');
  const { supergraphSdl, hints } = composeSupergraph([
    { name: NEWSGRAPH_SUBGRAPH_NAME, url: newsgraph.url, sdl: service.data._service.sdl },
    { name: ENGAGEMENT_SUBGRAPH_NAME, url: engagement.url, sdl: engagementTypeDefs },
    { name: EDITORIAL_SUBGRAPH_NAME, url: editorial.url, sdl: editorialTypeDefs },
  ]);
  expect(warningHints(hints)).toEqual([]);
  gateway = await startHiveGateway(supergraphSdl);
}, START_TIMEOUT_MS);

afterAll(async () => {
  const stops = [gateway?.stop(), engagement?.close(), editorial?.close(), newsgraph?.close()];
  await Promise.allSettled(stops);
  await seeds?.remove();
});

afterEach(() => {
  expect(findSecured(bodies)).toEqual([]);
});

describe('newsgraph behind Hive Gateway', () => {
  it('extends a newsgraph article with views and follower counts from the engagement subgraph', async () => {
    const result = await throughGateway(/* GraphQL */ `
      {
        article(key: "fed_001") {
          key
          title
          views
          provider { domain name followers }
          topics { name followers }
        }
      }
    `);
    expect(result.errors).toBeUndefined();
    expect(result.data.article).toEqual({
      key: 'fed_001',
      title: 'Federated article 1',
      views: 950,
      provider: { domain: 'news1.example', name: 'Provider news1.example', followers: 31 },
      topics: [{ name: 'Topic 1', followers: 7 }],
    });
  });

  it("resolves the engagement subgraph's trending references to newsgraph articles", async () => {
    const result = await throughGateway(/* GraphQL */ `
      { trending { id key title views provider { domain } } }
    `);
    expect(result.errors).toBeUndefined();
    expect(result.data.trending).toEqual(
      [1, 3, 0, 2].map((index) => ({
        id: ids.get(articleKey(index)),
        key: articleKey(index),
        title: `Federated article ${index}`,
        views: VIEWS[index],
        provider: { domain: `news${index % 3}.example` },
      })),
    );
  });

  it("resolves a reference by article key, then the article's views by its ID", async () => {
    const result = await throughGateway('{ editorsPick { key id title views } }');
    expect(result.errors).toBeUndefined();
    expect(result.data.editorsPick).toEqual({
      key: articleKey(2),
      id: ids.get(articleKey(2)),
      title: 'Federated article 2',
      views: VIEWS[2],
    });
  });

  it('crosses the subgraphs inside one connection page', async () => {
    const result = await throughGateway(/* GraphQL */ `
      { articles(first: 8, orderBy: { field: HEAT, direction: ASC }) { edges { node { key views } } } }
    `);
    expect(result.errors).toBeUndefined();
    expect(result.data.articles.edges.map((e: { node: unknown }) => e.node)).toEqual(
      Array.from({ length: ARTICLE_COUNT }, (_, index) => ({
        key: articleKey(index),
        views: VIEWS[index] ?? 0,
      })),
    );
  });

  it('hides a draft referenced by another subgraph from the public', async () => {
    // newsgraph answers null for the reference, as for an article that does not exist; the
    // gateway then nulls the nullable field and reports its non-null title as missing.
    const result = await throughGateway('{ featured { id title } }');
    expect(result.data).toEqual({ featured: null });
    expect(result.errors?.map((e) => e.message)).toEqual(['Unexpected error.']);
    expect(JSON.stringify(result)).not.toContain(DRAFT_TITLE);
    const lookup = await throughGateway(`{ article(key: "${DRAFT_KEY}") { title views } }`);
    expect(lookup).toEqual({ data: { article: null } });
  });

  it('shows the draft to a request carrying the preview token, forwarded to newsgraph only', async () => {
    const result = await throughGateway('{ featured { id title views } }', PREVIEW_AUTHORIZATION);
    expect(result.errors).toBeUndefined();
    expect(result.data.featured).toEqual({ id: ids.get(DRAFT_KEY), title: DRAFT_TITLE, views: 0 });
    const lookup = await throughGateway(
      `{ article(key: "${DRAFT_KEY}") { title views } }`,
      PREVIEW_AUTHORIZATION,
    );
    expect(lookup).toEqual({ data: { article: { title: DRAFT_TITLE, views: 0 } } });
    expect(engagement.authorizations.length).toBeGreaterThan(0);
    const others = [...engagement.authorizations, ...editorial.authorizations];
    expect(others.filter((value) => value !== null)).toEqual([]);
  });
});
