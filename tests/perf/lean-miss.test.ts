import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/http.ts';
import { GRAPHQL_JSON } from '../fixtures/http-client.ts';
import { parseExposition, type Sample } from '../ops/prometheus.ts';
import { startSecuredServer } from '../security/harness.ts';
import { PREVIEW, type Seen, send, yogaCounter } from './server.ts';

const ORIGIN = 'https://app.example';
const LOOKUP = 'query Page($key: String!) { article(key: $key) { key title provider { name } } }';
const TINY = '{ articles(first: 1) { edges { node { id title } } } }';
const WALK =
  'query Walk($after: String, $first: Int) { articles(first: $first, after: $after) { edges { cursor node { key } } pageInfo { endCursor hasNextPage } } }';
const SEARCHED =
  'query Search($q: String!) { search(query: $q, first: 3) { edges { node { key } } } }';

interface Call {
  readonly method: 'GET' | 'POST';
  readonly query: string;
  readonly variables?: unknown;
  readonly operationName?: string;
  readonly headers?: Record<string, string>;
  /** Sent as the raw POST body instead of query/variables. */
  readonly raw?: string;
}

function call(base: string, c: Call): Promise<Seen> {
  const headers = { 'x-request-id': 'same-id', ...c.headers };
  if (c.method === 'GET') {
    const url = new URL(base);
    url.searchParams.set('query', c.query);
    if (c.variables !== undefined) url.searchParams.set('variables', JSON.stringify(c.variables));
    if (c.operationName !== undefined) url.searchParams.set('operationName', c.operationName);
    return send(url.toString(), { headers });
  }
  return send(base, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body:
      c.raw ??
      JSON.stringify({
        query: c.query,
        ...(c.variables === undefined ? {} : { variables: c.variables }),
        ...(c.operationName === undefined ? {} : { operationName: c.operationName }),
      }),
  });
}

let servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

/** The same server twice: lean misses on (with a Yoga counter) and off. */
async function pair(settings: Record<string, unknown> = {}) {
  const yoga = yogaCounter();
  const lean = await startSecuredServer(
    { corsOrigins: [ORIGIN], responseCache: false, ...settings },
    [yoga.plugin],
  );
  const plain = await startSecuredServer(
    { corsOrigins: [ORIGIN], responseCache: false, ...settings, leanMisses: false },
    [],
  );
  servers.push(lean, plain);
  return { lean, plain, yoga };
}

const common = { accept: GRAPHQL_JSON, origin: ORIGIN };

describe('public misses executed before Yoga', () => {
  it('answer exactly as Yoga does, without entering it, GET and POST, any variables', async () => {
    const { lean, plain, yoga } = await pair();
    const calls: Call[] = [
      { method: 'POST', query: LOOKUP, variables: { key: 'a03' }, headers: common },
      { method: 'GET', query: LOOKUP, variables: { key: 'a03' }, headers: common },
      { method: 'POST', query: TINY, headers: { 'content-type': 'application/json' } },
    ];
    for (const c of calls) {
      // The first two of a shape go through Yoga, which prepares it, then compiles it.
      expect(await call(lean.url, c)).toEqual(await call(plain.url, c));
      expect(await call(lean.url, c)).toEqual(await call(plain.url, c));
      for (const key of ['a05', 'a10', 'a23', 'missing']) {
        const entered = yoga.requests;
        const variables = c.variables === undefined ? undefined : { key };
        const fast = await call(lean.url, { ...c, variables });
        expect(yoga.requests).toBe(entered);
        expect(fast).toEqual(await call(plain.url, { ...c, variables }));
        expect(fast.status).toBe(200);
      }
    }
  });

  it('leave errors, refusals and preview requests to Yoga, answered as before', async () => {
    const { lean, plain, yoga } = await pair();
    const post = (variables: unknown, headers: Record<string, string> = common) =>
      ({ method: 'POST', query: WALK, variables, headers }) as Call;
    await call(lean.url, post({ first: 2 }));
    await call(lean.url, post({ first: 2 }));
    const refused: Call[] = [
      // A bad cursor: a resolver error, masked or coded by Yoga.
      post({ first: 2, after: 'not-a-cursor' }),
      // Over the page-size and cost limits.
      post({ first: 1_000_000 }),
      // Variables that do not coerce.
      post({ first: 'two' }),
      // Preview.
      post({ first: 2 }, { ...common, ...PREVIEW }),
      // If-None-Match.
      post({ first: 2 }, { ...common, 'if-none-match': '"x"' }),
      // Another parameter.
      { method: 'POST', query: WALK, raw: JSON.stringify({ query: WALK, extensions: {} }) },
    ];
    for (const c of refused) {
      const entered = yoga.requests;
      const answer = await call(lean.url, c);
      expect(yoga.requests).toBe(entered + 1);
      expect(answer).toEqual(await call(plain.url, c));
    }
    const entered = yoga.requests;
    expect((await call(lean.url, post({ first: 3 }))).status).toBe(200);
    expect(yoga.requests).toBe(entered);
  });

  it('never prepares what Yoga refused: limits, introspection, CSRF, CORS', async () => {
    const { lean, plain, yoga } = await pair({ csrfPrevention: 'strict', preset: 'production' });
    const deep = `{ articles(first: 1) { edges { node { related { article { related { article { related { article { related { article { related { article { related { article { key } } } } } } } } } } } } } } } }`;
    const calls: Call[] = [
      { method: 'GET', query: deep, headers: { ...common, 'x-graphql-csrf': '1' } },
      {
        method: 'GET',
        query: '{ __schema { types { name } } }',
        headers: { ...common, 'x-graphql-csrf': '1' },
      },
      // Strict CSRF: a GET without the header is a 403, however often it comes.
      { method: 'GET', query: TINY, headers: common },
      // A disallowed origin.
      { method: 'POST', query: TINY, headers: { ...common, origin: 'https://evil.example' } },
      { method: 'POST', query: '{ articles(first: 1) {', headers: common },
    ];
    for (const c of calls) {
      for (let i = 0; i < 3; i += 1) {
        const entered = yoga.requests;
        const answer = await call(lean.url, c);
        expect(answer).toEqual(await call(plain.url, c));
        if (answer.status === 200) continue;
        expect(yoga.requests).toBe(entered + 1);
      }
    }
    // Preflights are Yoga's, unchanged.
    const preflight = {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'x-request-id': 'id' },
    };
    expect(await send(lean.url, preflight)).toEqual(await send(plain.url, preflight));
  });

  it('record the metrics Yoga records for the same answers', async () => {
    const { lean, plain } = await pair({ metrics: true });
    const counts = async (server: RunningServer) => {
      const samples: Sample[] = parseExposition(
        await (await fetch(`${server.origin}/metrics`)).text(),
      );
      const out: Record<string, number> = {};
      for (const s of samples) {
        if (!s.name.startsWith('graphql_') || s.name.endsWith('_bucket') || s.name.endsWith('_sum'))
          continue;
        out[`${s.name}${JSON.stringify(s.labels)}`] = s.value;
      }
      return out;
    };
    for (const key of ['a01', 'a02', 'a03']) {
      const c: Call = { method: 'POST', query: LOOKUP, variables: { key }, headers: common };
      await call(lean.url, c);
      await call(plain.url, c);
    }
    expect(await counts(lean)).toEqual(await counts(plain));
  });

  it('write the access log line of the Yoga path', async () => {
    const yoga = yogaCounter();
    const logs: string[] = [];
    const server = await startSecuredServer({ responseCache: false }, [yoga.plugin], logs);
    servers.push(server);
    const c = (key: string): Call => ({ method: 'POST', query: LOOKUP, variables: { key } });
    const lines = () =>
      logs
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.msg === 'request')
        .map(({ time: _t, ms: _ms, pid: _p, hostname: _h, ...rest }) => rest);
    await call(server.url, c('a01'));
    await call(server.url, c('a02'));
    const entered = yoga.requests;
    await call(server.url, c('a03'));
    expect(yoga.requests).toBe(entered);
    const [first, second, third] = lines();
    expect(third).toEqual(first);
    expect(third).toEqual(second);
    expect(logs.filter((line) => JSON.parse(line).level >= 40)).toEqual([]);
  });

  it('store into the response cache as Yoga does: the next same request is a hit with that answer', async () => {
    const yoga = yogaCounter();
    const server = await startSecuredServer({ corsOrigins: [ORIGIN] }, [yoga.plugin]);
    servers.push(server);
    const c = (key: string): Call => ({
      method: 'GET',
      query: LOOKUP,
      variables: { key },
      headers: common,
    });
    await call(server.url, c('a01'));
    await call(server.url, c('a03'));
    const entered = yoga.requests;
    const lean = await call(server.url, c('a02'));
    expect(yoga.requests).toBe(entered);
    expect(lean.headers.etag).toMatch(/^"/);
    expect(lean.headers['surrogate-key']).toContain('article:a02');
    // Another spelling of the same operation (parameters reordered) is a hit inside Yoga.
    const url = new URL(server.url);
    url.searchParams.set('variables', JSON.stringify({ key: 'a02' }));
    url.searchParams.set('query', LOOKUP);
    const hit = await send(url.toString(), { headers: { 'x-request-id': 'same-id', ...common } });
    expect(yoga.requests).toBe(entered + 1);
    expect(hit).toEqual(lean);
  });

  it('for any sequence of operations, answer what Yoga answers', async () => {
    const { lean, plain, yoga } = await pair({ csrfPrevention: 'on' });
    let sent = 0;
    const operation = fc.oneof(
      fc.record({
        query: fc.constant(LOOKUP),
        variables: fc.oneof(
          fc.constantFrom('a00', 'a07', 'a23', 'nope', '').map((key) => ({ key })),
          fc.constant({ key: 3 }),
          fc.constant(undefined),
        ),
      }),
      fc.record({
        query: fc.constant(WALK),
        variables: fc.record({
          first: fc.oneof(fc.integer({ min: -1, max: 30 }), fc.constant(5000)),
          after: fc.constantFrom(undefined, 'bad', null),
        }),
      }),
      fc.record({ query: fc.constant(TINY), variables: fc.constant(undefined) }),
      fc.record({
        query: fc.constant(
          `${TINY.replace('{', 'query One {')} query Two { articles(first: 2) { totalCount } }`,
        ),
        variables: fc.constant(undefined),
        operationName: fc.constantFrom('One', 'Two'),
      }),
      fc.record({
        query: fc.constant(SEARCHED),
        variables: fc.constantFrom('berlin', 'zzz', '').map((q) => ({ q })),
      }),
    );
    const request = fc.record({
      method: fc.constantFrom<'GET' | 'POST'>('GET', 'POST'),
      op: operation,
      origin: fc.constantFrom(ORIGIN, 'https://evil.example', undefined),
      accept: fc.constantFrom(
        GRAPHQL_JSON,
        'application/json',
        'text/event-stream',
        'multipart/mixed',
        undefined,
      ),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 12 }), async (sequence) => {
        for (const r of sequence) {
          const headers: Record<string, string> = {};
          if (r.origin) headers.origin = r.origin;
          if (r.accept) headers.accept = r.accept;
          const c: Call = { method: r.method, ...r.op, headers };
          sent += 1;
          expect(await call(lean.url, c)).toEqual(await call(plain.url, c));
        }
      }),
      { numRuns: 25 },
    );
    // Repeated shapes were answered before Yoga (the rest: first runs, errors, streams).
    expect(yoga.requests).toBeLessThan(sent * 0.95);
  });
});
