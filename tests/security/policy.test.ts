import { useOnResolve } from '@envelop/on-resolve';
import fc from 'fast-check';
import type { Plugin } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/server/config.ts';
import type { RunningServer } from '../../src/server/http.ts';
import { DEFAULT_CACHE_CONTROL, DEFAULT_MAX_COST } from '../../src/server/security/settings.ts';
import { PREVIEW_TOKEN } from '../fixtures/graph-corpus.ts';
import { get, post } from '../fixtures/http-client.ts';
import { FEED_QUERY, resolverCounter, startSecuredServer } from './harness.ts';

const INTERNAL_DETAIL = 'internal detail at /srv/newsgraph/src/secret-module.ts:42';
const FAULT_HEADER = 'x-test-fault';
const SLOW_HEADER = 'x-test-slow';
const BUSY_HEADER = 'x-test-busy';
/** Longer than the hurried server's timeout: the timer cannot fire while a resolver computes. */
const BUSY_MS = 400;

/**
 * Faults injected through the public plugin extension point, only into requests that ask for
 * them by header: `Article.title` throws an internal error, or answers after 2 s.
 */
const faults = useOnResolve(({ info, context, replaceResolver }) => {
  if (info.parentType.name !== 'Article' || info.fieldName !== 'title') return;
  const headers = (context as { request: Request }).request.headers;
  if (headers.has(FAULT_HEADER)) {
    replaceResolver(() => {
      throw new Error(INTERNAL_DETAIL);
    });
  } else if (headers.has(BUSY_HEADER)) {
    // Synchronous work, like a long search loop: no timer fires until it is done.
    replaceResolver(() => {
      const until = performance.now() + BUSY_MS;
      while (performance.now() < until) {}
      return 'busy';
    });
  } else if (headers.has(SLOW_HEADER)) {
    replaceResolver(() => new Promise((resolve) => setTimeout(() => resolve('late'), 2_000)));
  }
}) as Plugin;

const counter = resolverCounter();
const logs: string[] = [];
let open: RunningServer;
let production: RunningServer;
let cors: RunningServer;
let strict: RunningServer;
let hurried: RunningServer;

beforeAll(async () => {
  const plugins = [faults, counter.plugin];
  open = await startSecuredServer({}, plugins, logs);
  production = await startSecuredServer({ preset: 'production' }, plugins);
  cors = await startSecuredServer(
    { corsOrigins: 'https://app.example, https://www.example' },
    plugins,
  );
  strict = await startSecuredServer({ csrfPrevention: 'strict' }, plugins);
  hurried = await startSecuredServer({ operationTimeoutMs: 200, responseCache: false }, plugins);
});
afterAll(async () => {
  await Promise.all([open, production, cors, strict, hurried].map((server) => server?.close()));
});

describe('error masking and request ids', () => {
  it('masks an unexpected error, giving the client the request id the log has in full', async () => {
    const { status, headers, body, text } = await post(
      open.url,
      { query: '{ articles(first: 1) { edges { node { title } } } }' },
      { [FAULT_HEADER]: '1', 'x-request-id': 'client-chosen.id-42' },
    );
    expect(status).toBe(200);
    expect(headers.get('x-request-id')).toBe('client-chosen.id-42');
    expect(body.errors[0].message).toBe('Unexpected error.');
    expect(body.errors[0].extensions).toMatchObject({
      code: 'INTERNAL_SERVER_ERROR',
      requestId: 'client-chosen.id-42',
    });
    expect(text).not.toMatch(/secret-module|\/srv\/|at .*\.ts|stack/);
    // Other tests log errors into the same lines: look for this request's.
    const errors = logs.map((line) => JSON.parse(line)).filter((line) => line.err);
    expect(errors).toContainEqual(
      expect.objectContaining({
        reqId: 'client-chosen.id-42',
        err: expect.objectContaining({ message: INTERNAL_DETAIL }),
      }),
    );
  });

  it('replaces an insane incoming request id with its own', async () => {
    const { headers, body } = await post(
      open.url,
      { query: '{ articles(first: 1) { edges { node { title } } } }' },
      { [FAULT_HEADER]: '1', 'x-request-id': 'bad id\twith spaces' },
    );
    const id = headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.errors[0].extensions.requestId).toBe(id);
  });
});

describe('operation cost reporting and HTTP caching', () => {
  it('reports the cost of every operation in extensions.cost', async () => {
    const { body } = await post(open.url, { query: FEED_QUERY });
    expect(body.extensions.cost).toEqual({ requested: 3765, maximum: DEFAULT_MAX_COST });
  });

  it('marks public GET results cacheable, POSTs and errors not', async () => {
    const query = '{ articles(first: 2) { edges { node { key } } } }';
    const got = await get(open.url, { query });
    expect(got.headers.get('cache-control')).toBe(DEFAULT_CACHE_CONTROL);
    const posted = await post(open.url, { query });
    expect(posted.headers.get('cache-control')).toBe('no-store');
    const failed = await get(open.url, { query: '{ articles(first: 101) { totalCount } }' });
    expect(failed.headers.get('cache-control')).toBe('no-store');
    const preview = await get(open.url, { query }, { authorization: `Bearer ${PREVIEW_TOKEN}` });
    expect(preview.headers.get('cache-control')).toBe('private, no-store');
  });

  it('repeats the caching rules on a 304 answer to If-None-Match', async () => {
    const query = '{ articles(first: 3) { edges { node { key } } } }';
    const first = await get(open.url, { query });
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await get(open.url, { query }, { 'if-none-match': etag as string });
    expect(again.status).toBe(304);
    expect(again.headers.get('cache-control')).toBe(DEFAULT_CACHE_CONTROL);
  });
});

describe('operation timeout', () => {
  it('stops an execution that runs past NEWSGRAPH_OPERATION_TIMEOUT_MS with a clear 503', async () => {
    // Twice: the second run of a document is the compiled (graphql-jit) one.
    for (let run = 0; run < 2; run++) {
      const { status, body } = await post(
        hurried.url,
        { query: '{ articles(first: 1) { edges { node { title } } } }' },
        { [SLOW_HEADER]: '1' },
      );
      expect(status).toBe(503);
      expect(body.errors[0].extensions.code).toBe('OPERATION_TIMEOUT');
      expect(body.errors[0].message).toMatch(/took longer than 200 ms/);
    }
    const normal = await post(hurried.url, { query: '{ articles(first: 1) { totalCount } }' });
    expect(normal.status).toBe(200);
  });

  it('ends searches and facets that start past the deadline: the timeout error, no data', async () => {
    const query = `{
      articles(first: 1) { edges { node { title } } }
      search(query: "article", first: 5) { totalCount edges { node { key } } facets { total } }
      counted: articles(first: 0) { facets { total } }
    }`;
    for (let run = 0; run < 2; run++) {
      const { status, body } = await post(hurried.url, { query }, { [BUSY_HEADER]: `${run}` });
      expect(status).toBe(503);
      expect(body.data).toBeUndefined();
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0].extensions.code).toBe('OPERATION_TIMEOUT');
    }
    // The search index is left clean for the next request.
    const after = await post(hurried.url, { query: '{ search(query: "article") { totalCount } }' });
    expect(after.status).toBe(200);
    expect(after.body.data.search.totalCount).toBeGreaterThan(0);
  });
});

describe('introspection, field suggestions and GraphiQL', () => {
  const introspection = '{ __schema { queryType { name } } }';
  const typo = '{ articles { totalCont } }';

  it('are on by default', async () => {
    expect((await post(open.url, { query: introspection })).body.data.__schema).toBeDefined();
    expect((await post(open.url, { query: typo })).body.errors[0].message).toMatch(
      /Did you mean "totalCount"\?/,
    );
    const page = await fetch(open.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('<title>newsgraph</title>');
  });

  it('are off under NEWSGRAPH_PRESET=production', async () => {
    const refused = await post(production.url, { query: introspection });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].message).toMatch(/introspection has been disabled/);
    const hidden = await post(production.url, { query: typo });
    expect(hidden.body.errors[0].message).toBe(
      'Cannot query field "totalCont" on type "ArticleConnection".',
    );
    const page = await fetch(production.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('<title>newsgraph</title>');
    const typename = await post(production.url, { query: '{ __typename }' });
    expect(typename.body.data).toEqual({ __typename: 'Query' });
  });

  it('can be switched one by one over the preset', () => {
    const result = resolveConfig([], {
      NEWSGRAPH_PRESET: 'production',
      NEWSGRAPH_INTROSPECTION: 'on',
    });
    expect(result.kind === 'config' && result.config.introspection).toBe(true);
  });
});

describe('CORS', () => {
  const fromOrigin = (origin: string) => ({ origin, 'content-type': 'application/json' });

  it('sends no CORS headers by default, so only same-origin pages can read answers', async () => {
    const response = await fetch(open.url, {
      method: 'POST',
      headers: fromOrigin('https://evil.example'),
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows exactly the origins in NEWSGRAPH_CORS_ORIGINS', async () => {
    const allowed = await fetch(cors.url, {
      method: 'POST',
      headers: fromOrigin('https://www.example'),
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://www.example');
    expect(allowed.headers.get('access-control-expose-headers')).toBe('x-request-id');
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    const other = await fetch(cors.url, {
      method: 'POST',
      headers: fromOrigin('https://evil.example'),
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(other.headers.get('access-control-allow-origin')).toBe('null');
    const preflight = await fetch(cors.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST');
  });

  // A browser shows the preflight's answer in its network tab: it must name the setting to change.
  it('answers a preflight from an origin that is not allowed with the setting to change', async () => {
    const preflight = (url: string, origin: string) =>
      fetch(url, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const unset = await preflight(open.url, 'http://localhost:5173');
    expect(unset.status).toBe(403);
    expect(unset.headers.get('access-control-allow-origin')).toBeNull();
    const unsetError = (await unset.json()).errors[0];
    expect(unsetError.extensions.code).toBe('CORS_ORIGIN_NOT_ALLOWED');
    expect(unsetError.message).toContain('NEWSGRAPH_CORS_ORIGINS is unset');
    expect(unsetError.message).toContain('NEWSGRAPH_CORS_ORIGINS=http://localhost:5173');
    expect(unsetError.message).not.toContain('CSRF');

    const other = await preflight(cors.url, 'https://evil.example');
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect((await other.json()).errors[0].message).toContain(
      'NEWSGRAPH_CORS_ORIGINS=https://app.example,https://www.example,https://evil.example',
    );
  });

  it('names the setting for every origin not on the list, and never answers it with CORS headers', async () => {
    const origin = fc
      .webUrl({ withQueryParameters: false, withFragments: false })
      .map((url) => new URL(url).origin)
      .filter((value) => value !== 'https://app.example' && value !== 'https://www.example');
    await fc.assert(
      fc.asyncProperty(origin, async (from) => {
        for (const server of [open, cors]) {
          const answer = await server.yoga.fetch(server.url, {
            method: 'OPTIONS',
            headers: { origin: from, 'access-control-request-method': 'POST' },
          });
          expect(answer.status).toBe(403);
          expect(answer.headers.get('access-control-allow-origin')).toBeNull();
          const [error] = (await answer.json()).errors;
          expect(error.message).toContain(`NEWSGRAPH_CORS_ORIGINS=`);
          expect(error.message).toContain(from);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('refuses origins that are not bare origins at start', () => {
    const result = resolveConfig([], { NEWSGRAPH_CORS_ORIGINS: 'https://app.example/path' });
    expect(result.kind === 'error' && result.problems.join()).toMatch(/NEWSGRAPH_CORS_ORIGINS/);
  });
});

describe('CSRF prevention', () => {
  const form = (headers: Record<string, string> = {}) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ query: '{ __typename }' }).toString(),
  });

  it('refuses a form POST a foreign page could send, unless a CSRF header shows a script', async () => {
    const before = counter.calls;
    const refused = await fetch(open.url, form());
    expect(refused.status).toBe(403);
    expect((await refused.json()).errors[0].message).toBe('Required CSRF header(s) not present');
    expect(counter.calls).toBe(before);
    const allowed = await fetch(open.url, form({ 'x-graphql-csrf': '1' }));
    expect(allowed.status).toBe(200);
  });

  it('keeps plain GETs working by default, and asks for the header on them in strict mode', async () => {
    const query = { query: '{ __typename }' };
    expect((await get(open.url, query)).status).toBe(200);
    expect((await get(strict.url, query)).status).toBe(403);
    expect((await get(strict.url, query, { 'x-graphql-csrf': '1' })).status).toBe(200);
  });
});
