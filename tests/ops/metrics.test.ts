import { createHash } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentStore } from '../../src/corpus/store.ts';
import { resolveConfig, serverConfigSchema } from '../../src/server/config.ts';
import { type RunningServer, startServer } from '../../src/server/http.ts';
import {
  fixtureSeeds,
  loadFromSeeds,
  PREVIEW_TOKEN,
  writeSeedsFolder,
} from '../fixtures/graph-corpus.ts';
import { post } from '../fixtures/http-client.ts';
import { type ConfigInput, startOpsServer } from './helpers.ts';
import { parseExposition, sampleSum, sampleValue } from './prometheus.ts';

/** What fetch sends by default: these tests read Yoga's plain application/json answers. */
const ANY_TYPE = { accept: '*/*' };

const COUNTS = /* GraphQL */ `
  query Counts {
    articles { totalCount }
    providers { totalCount }
    topics { totalCount }
  }
`;

const running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function start(input: ConfigInput = {}, store?: ContentStore) {
  const server = await startOpsServer(input, store);
  running.push(server);
  return server;
}

async function scrape(server: RunningServer, path = '/metrics') {
  const response = await fetch(`${server.origin}${path}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return parseExposition(await response.text());
}

type Counts = Record<'articles' | 'providers' | 'topics', { totalCount: number }>;

describe('Prometheus metrics', () => {
  it('reports corpus gauges that match what the public and the preview see', async () => {
    const server = await start();
    const open = (await post(server.url, { query: COUNTS }, ANY_TYPE)).body.data as Counts;
    const preview = (
      await post(
        server.url,
        { query: COUNTS },
        { ...ANY_TYPE, authorization: `Bearer ${PREVIEW_TOKEN}` },
      )
    ).body.data as Counts;
    const samples = await scrape(server);
    const corpus = server.store.current;

    const published = sampleValue(samples, 'newsgraph_corpus_articles', { status: 'published' });
    const drafts = sampleValue(samples, 'newsgraph_corpus_articles', { status: 'draft' });
    expect(published).toBe(open.articles.totalCount);
    expect(drafts).toBe(preview.articles.totalCount - open.articles.totalCount);
    expect(drafts).toBeGreaterThan(0);
    for (const kind of ['providers', 'topics'] as const) {
      const name = `newsgraph_corpus_${kind}`;
      expect(sampleValue(samples, name, { view: 'public' })).toBe(open[kind].totalCount);
      expect(sampleValue(samples, name, { view: 'preview' })).toBe(preview[kind].totalCount);
    }
    expect(sampleValue(samples, 'newsgraph_corpus_files')).toBe(corpus.files);
    expect(sampleValue(samples, 'newsgraph_corpus_warnings')).toBe(corpus.warnings.length);
    expect(sampleValue(samples, 'newsgraph_corpus_version')).toBe(1);
    expect(sampleValue(samples, 'newsgraph_corpus_loaded_timestamp_seconds')).toBe(
      corpus.loadedAt.getTime() / 1000,
    );
    expect(sampleValue(samples, 'newsgraph_corpus_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(sampleValue(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('reads the current snapshot at every scrape, so a reload shows at once', async () => {
    const store = new ContentStore(loadFromSeeds(fixtureSeeds()));
    const server = await start({}, store);
    const seeds = fixtureSeeds();
    seeds.delete('a00');
    seeds.set('broken', { title: 'no other field' });
    store.replace(loadFromSeeds(seeds));

    const samples = await scrape(server);
    expect(sampleValue(samples, 'newsgraph_corpus_version')).toBe(2);
    expect(sampleValue(samples, 'newsgraph_corpus_articles', { status: 'published' })).toBe(23);
    expect(sampleValue(samples, 'newsgraph_corpus_rejected_files', { serving: 'nothing' })).toBe(1);
    const { body } = await post(server.url, { query: COUNTS }, ANY_TYPE);
    expect((body.data as Counts).articles.totalCount).toBe(23);
  });

  it('reports how long the last load took and whether reloads fail, for a seeds folder', async () => {
    const dir = await writeSeedsFolder(fixtureSeeds());
    try {
      const config = serverConfigSchema.parse({ port: 0, host: '127.0.0.1', seedsDir: dir });
      const server = await startServer({ config, logger: pino({ level: 'silent' }) });
      running.push(server);
      const samples = await scrape(server);
      const seconds = sampleValue(samples, 'newsgraph_corpus_last_reload_duration_seconds');
      expect(seconds).toBeGreaterThan(0);
      expect(sampleValue(samples, 'newsgraph_corpus_reload_failing')).toBe(0);
      expect(sampleValue(samples, 'newsgraph_corpus_articles', { status: 'draft' })).toBe(2);
    } finally {
      await Promise.all(running.splice(0).map((server) => server.close()));
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('counts requests, errors and latency per operation', async () => {
    const server = await start();
    // Different variables, so the response cache cannot answer the second one.
    const feed = 'query Feed($n: Int) { articles(first: $n) { edges { node { title } } } }';
    await post(server.url, { query: feed, variables: { n: 2 } }, ANY_TYPE);
    await post(server.url, { query: feed, variables: { n: 3 } }, ANY_TYPE);
    const invalid = await post(server.url, { query: 'query Broken { noSuchField }' }, ANY_TYPE);
    expect(invalid.body.errors).toHaveLength(1);

    const samples = await scrape(server);
    const feedLabels = { operationName: 'Feed', operationType: 'query' };
    expect(sampleValue(samples, 'graphql_envelop_request', feedLabels)).toBe(2);
    expect(sampleValue(samples, 'graphql_envelop_request_duration_count', feedLabels)).toBe(2);
    for (const phase of ['parse', 'validate', 'context', 'execute']) {
      expect(sampleValue(samples, `graphql_envelop_phase_${phase}_count`, feedLabels)).toBe(2);
    }
    expect(
      sampleValue(samples, 'graphql_yoga_http_duration_count', {
        ...feedLabels,
        method: 'POST',
        statusCode: '200',
      }),
    ).toBe(2);
    expect(
      sampleValue(samples, 'graphql_envelop_error_result', {
        operationName: 'Broken',
        phase: 'validate',
      }),
    ).toBe(1);
    // Buckets are cumulative: the +Inf bucket holds every observation.
    expect(
      sampleValue(samples, 'graphql_envelop_request_duration_bucket', {
        ...feedLabels,
        le: '+Inf',
      }),
    ).toBe(2);
  });

  it('keeps query text out of metric labels', async () => {
    const server = await start();
    const query = encodeURIComponent('query Probe { articles(first: 1) { totalCount } }');
    await fetch(`${server.url}?query=${query}`);
    const text = await (await fetch(`${server.origin}/metrics`)).text();
    expect(text).toContain('operationName="Probe"');
    expect(text).not.toContain('totalCount');
    expect(text).not.toContain('query=');
  });

  it('bounds the series clients can create: operation names past the cap share "(other)"', async () => {
    const server = await start({ metricsMaxOperations: 3 });
    // A name too long for a label never takes one of the three places.
    await post(
      server.url,
      { query: `query ${'Long'.repeat(40)} { articles(first: 1) { totalCount } }` },
      ANY_TYPE,
    );
    for (let i = 0; i < 6; i++) {
      // A new name each time, and an error under an alias the client chose.
      await post(
        server.url,
        { query: `query Op${i} { alias${i}: article(id: "nope") { title } }` },
        ANY_TYPE,
      );
    }
    await post(server.url, { query: 'query Op0 { articles(first: 1) { totalCount } }' }, ANY_TYPE);
    await post(server.url, { query: 'query Op5 { articles(first: 1) { totalCount } }' }, ANY_TYPE);

    const samples = await scrape(server);
    const names = new Set(
      samples.filter((s) => s.name.startsWith('graphql_')).map((s) => s.labels.operationName),
    );
    expect([...names].sort()).toEqual(['(other)', 'Op0', 'Op1', 'Op2']);
    // Op0 kept its own series; the long name and Op5 (after the cap) are counted under "(other)".
    const request = { operationType: 'query' };
    expect(
      sampleValue(samples, 'graphql_envelop_request', { ...request, operationName: 'Op0' }),
    ).toBe(1);
    expect(
      sampleValue(samples, 'graphql_envelop_request', { ...request, operationName: '(other)' }),
    ).toBe(2);
    expect(
      sampleValue(samples, 'graphql_envelop_error_result', {
        operationName: '(other)',
        phase: 'validate',
      }),
    ).toBe(3);
    expect(samples.some((s) => 'path' in s.labels || 'url' in s.labels)).toBe(false);
    expect(samples.some((s) => Object.values(s.labels).some((v) => v.startsWith('alias')))).toBe(
      false,
    );
  });

  it("keeps series for every trusted document's operation, however many names came first", async () => {
    const documents = ['Alpha', 'Beta', 'Gamma'].map(
      (name) => `query ${name} { articles(first: 1) { totalCount } }`,
    );
    const dir = await writeSeedsFolder(new Map());
    const manifest = path.join(dir, 'persisted-documents.json');
    const hash = (document: string) => createHash('sha256').update(document).digest('hex');
    await writeFile(
      manifest,
      JSON.stringify(Object.fromEntries(documents.map((d) => [`sha256:${hash(d)}`, d]))),
    );
    try {
      const server = await start({
        persistedOperations: 'allow',
        persistedManifest: manifest,
        metricsMaxOperations: 1,
      });
      // Made-up names first: the one free place goes, and the next name overflows.
      await post(
        server.url,
        { query: 'query Made1 { articles(first: 1) { totalCount } }' },
        ANY_TYPE,
      );
      await post(
        server.url,
        { query: 'query Made2 { articles(first: 1) { totalCount } }' },
        ANY_TYPE,
      );
      for (const document of documents) {
        const response = await fetch(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ documentId: `sha256:${hash(document)}` }),
        });
        expect((await response.json()).data).toEqual({ articles: { totalCount: 24 } });
      }
      const samples = await scrape(server);
      const names = samples
        .filter((s) => s.name === 'graphql_envelop_request')
        .map((s) => s.labels.operationName);
      expect(names.sort()).toEqual(['(other)', 'Alpha', 'Beta', 'Gamma', 'Made1']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('gives every server in a process its own registry and names its instance', async () => {
    const first = await start({ instanceId: 'replica-a' });
    const second = await start({ instanceId: 'replica-b' });
    await post(first.url, { query: 'query OnlyFirst { articles { totalCount } }' }, ANY_TYPE);

    const a = await scrape(first);
    const b = await scrape(second);
    expect(sampleValue(a, 'newsgraph_info', { instance_id: 'replica-a' })).toBe(1);
    expect(sampleValue(b, 'newsgraph_info', { instance_id: 'replica-b' })).toBe(1);
    expect(sampleSum(a, 'graphql_envelop_request', { operationName: 'OnlyFirst' })).toBe(1);
    expect(sampleSum(b, 'graphql_envelop_request', { operationName: 'OnlyFirst' })).toBe(0);
  });

  it('answers every response with the instance header', async () => {
    const server = await start({ instanceId: 'replica-z' });
    const graphql = await post(server.url, { query: COUNTS }, ANY_TYPE);
    const health = await fetch(`${server.origin}/healthz`);
    expect(graphql.headers.get('x-newsgraph-instance')).toBe('replica-z');
    expect(health.headers.get('x-newsgraph-instance')).toBe('replica-z');
  });

  it('moves the endpoint with NEWSGRAPH_METRICS_PATH and drops it with NEWSGRAPH_METRICS=off', async () => {
    const moved = resolveConfig([], { NEWSGRAPH_METRICS_PATH: '/internal/metrics' });
    const off = resolveConfig([], { NEWSGRAPH_METRICS: 'off' });
    if (moved.kind !== 'config' || off.kind !== 'config') throw new Error('config refused');
    const movedServer = await start({ metricsPath: moved.config.metricsPath });
    const offServer = await start({ metrics: off.config.metrics });

    expect(sampleValue(await scrape(movedServer, '/internal/metrics'), 'newsgraph_info', {})).toBe(
      1,
    );
    expect((await fetch(`${movedServer.origin}/metrics`)).status).toBe(404);
    expect((await fetch(`${offServer.origin}/metrics`)).status).toBe(404);
  });

  it('serves metrics only on NEWSGRAPH_METRICS_PORT when it is set, never on the GraphQL port', async () => {
    const moved = resolveConfig([], {
      NEWSGRAPH_METRICS_PORT: '0',
      NEWSGRAPH_METRICS_PATH: '/internal/metrics',
    });
    if (moved.kind !== 'config') throw new Error('config refused');
    const server = await start({
      metricsPort: moved.config.metricsPort,
      metricsPath: moved.config.metricsPath,
    });
    const metricsOrigin = server.metricsOrigin as string;
    expect(metricsOrigin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(metricsOrigin).not.toBe(server.origin);
    await post(server.url, { query: 'query Seen { articles { totalCount } }' }, ANY_TYPE);

    const text = await (await fetch(`${metricsOrigin}/internal/metrics`)).text();
    const samples = parseExposition(text);
    expect(sampleValue(samples, 'newsgraph_corpus_articles', { status: 'draft' })).toBe(2);
    expect(sampleValue(samples, 'graphql_envelop_request', { operationName: 'Seen' })).toBe(1);
    for (const path of ['/internal/metrics', '/metrics']) {
      expect((await fetch(`${server.origin}${path}`)).status).toBe(404);
    }
    expect((await fetch(`${metricsOrigin}/graphql`)).status).toBe(404);
    expect((await fetch(`${metricsOrigin}/internal/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('refuses a metrics path or instance id that is not header- and URL-safe', () => {
    const bad = resolveConfig([], {
      NEWSGRAPH_METRICS_PATH: 'metrics',
      NEWSGRAPH_INSTANCE_ID: 'a b',
      NEWSGRAPH_METRICS: 'maybe',
      NEWSGRAPH_METRICS_MAX_OPERATIONS: '0',
    });
    expect(bad.kind).toBe('error');
    const problems = bad.kind === 'error' ? bad.problems.join('\n') : '';
    expect(problems).toContain('NEWSGRAPH_METRICS_PATH');
    expect(problems).toContain('NEWSGRAPH_INSTANCE_ID');
    expect(problems).toContain('NEWSGRAPH_METRICS:');
    expect(problems).toContain('NEWSGRAPH_METRICS_MAX_OPERATIONS');
    // The refinement runs once the fields are valid: the same port twice is its own problem.
    const samePort = resolveConfig([], { PORT: '4100', NEWSGRAPH_METRICS_PORT: '4100' });
    expect(samePort.kind === 'error' && samePort.problems).toEqual([
      'NEWSGRAPH_METRICS_PORT: must differ from PORT',
    ]);
  });
});
