import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../../src/server/http.ts';
import { EXAMPLE_FEED_QUERY } from '../../src/server/yoga.ts';
import { PREVIEW_TOKEN, PUBLISHED_COUNT, SECURED_CIPHERTEXT } from '../fixtures/graph-corpus.ts';
import { post } from '../fixtures/http-client.ts';
import { startFixtureServer } from '../fixtures/server.ts';

let server: RunningServer;
const logs: string[] = [];
const bodies: string[] = [];

/** Every body is kept: the test at the end checks none ever carried `secured`. */
async function postQuery(query: string, headers: Record<string, string> = {}) {
  const answer = await post(server.url, { query }, headers);
  bodies.push(answer.text);
  return answer;
}

beforeAll(async () => {
  server = await startFixtureServer({ logs });
});
afterAll(() => server.close());

describe('the HTTP server', () => {
  it('serves GraphiQL to browsers, opening on the example feed query', async () => {
    const response = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain('<title>newsgraph</title>');
    expect(html).toContain(JSON.stringify(EXAMPLE_FEED_QUERY).slice(1, 40));
  });

  it('runs the example feed query end to end', async () => {
    const { status, body } = await postQuery(EXAMPLE_FEED_QUERY);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.articles.totalCount).toBe(PUBLISHED_COUNT);
    expect(body.data.articles.edges).toHaveLength(10);
  });

  it('answers GET queries too, so HTTP caches can serve them', async () => {
    const query = encodeURIComponent('{ articles(first: 1) { edges { node { key } } } }');
    const response = await fetch(`${server.url}?query=${query}`, {
      headers: { accept: 'application/json' },
    });
    expect(response.status).toBe(200);
    expect((await response.json()).data.articles.edges[0].node.key).toBe('a23');
  });

  it('reports liveness and, once loaded, readiness with public counts only', async () => {
    const health = await fetch(`${server.origin}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${server.origin}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      articles: PUBLISHED_COUNT,
      providers: 3,
      topics: 4,
      contentErrors: 0,
    });
  });

  it('shows drafts only to requests with the preview bearer token', async () => {
    const query = '{ articles { totalCount } }';
    expect((await postQuery(query)).body.data.articles.totalCount).toBe(PUBLISHED_COUNT);
    const preview = await postQuery(query, { authorization: `Bearer ${PREVIEW_TOKEN}` });
    expect(preview.body.data.articles.totalCount).toBe(PUBLISHED_COUNT + 2);
    const wrong = await postQuery(query, { authorization: 'Bearer not-the-token-at-all' });
    expect(wrong.body.data.articles.totalCount).toBe(PUBLISHED_COUNT);
  });

  it('answers client mistakes with a useful message and a 200 (or 400 for invalid documents)', async () => {
    const bad = await postQuery('{ articles(first: 1000) { totalCount } }');
    expect(bad.body.errors[0].extensions.code).toBe('PAGE_SIZE_TOO_LARGE');
    const invalid = await postQuery('{ articles { secured } }');
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0].message).toMatch(/Cannot query field "secured"/);
  });

  it('echoes a valid x-request-id, makes one up otherwise, and logs requests with it', async () => {
    const echoed = await fetch(`${server.origin}/healthz`, {
      headers: { 'x-request-id': 'req-42.abc' },
    });
    expect(echoed.headers.get('x-request-id')).toBe('req-42.abc');
    const made = await fetch(`${server.origin}/healthz`, {
      headers: { 'x-request-id': 'x'.repeat(300) },
    });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const line = await vi.waitFor(() => {
      const found = logs.map((l) => JSON.parse(l)).find((l) => l.reqId === 'req-42.abc');
      if (!found) throw new Error('request not logged yet');
      return found;
    });
    expect(line).toMatchObject({ msg: 'request', status: 200, path: '/healthz' });
  });

  it('never puts the secured value, draft text or the preview token in responses or logs', () => {
    for (const text of [...bodies, ...logs]) {
      expect(text).not.toContain(SECURED_CIPHERTEXT);
      expect(text).not.toContain(PREVIEW_TOKEN);
    }
    expect(bodies.join('')).not.toContain('Embargoed');
  });
});

describe('unexpected errors', () => {
  it('are masked for the client and logged in full', async () => {
    const errorLogs: string[] = [];
    const { startServer } = await import('../../src/server/http.ts');
    const { serverConfigSchema } = await import('../../src/server/config.ts');
    const { pino } = await import('pino');
    const failing = await startServer({
      config: serverConfigSchema.parse({ port: 0, host: '127.0.0.1' }),
      logger: pino({ level: 'error' }, { write: (l: string) => void errorLogs.push(l) }),
      store: server.store,
      plugins: [
        {
          onExecute({ setExecuteFn }) {
            setExecuteFn(() => {
              throw new Error('internal detail: /etc/secret-path');
            });
          },
        },
      ],
    });
    try {
      const response = await fetch(failing.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ articles { totalCount } }' }),
      });
      const text = await response.text();
      expect(text).toContain('Unexpected error.');
      expect(text).not.toContain('secret-path');
      expect(errorLogs.join('')).toContain('secret-path');
    } finally {
      await failing.close();
    }
  });
});
