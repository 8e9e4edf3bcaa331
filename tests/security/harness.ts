import { request as httpRequest } from 'node:http';
import { useOnResolve } from '@envelop/on-resolve';
import type { Plugin } from 'graphql-yoga';
import { expect } from 'vitest';
import type { RunningServer } from '../../src/server/http.ts';
import { GRAPHQL_JSON, post } from '../fixtures/http-client.ts';
import { startFixtureServer } from '../fixtures/server.ts';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked structurally per test
export type Loose = any;

/**
 * Counts every resolver call on the schema, through the public plugin extension point. It wraps
 * the schema's resolvers once, so one counter serves every server a test file starts.
 */
export function resolverCounter() {
  const counter = { calls: 0, plugin: undefined as unknown as Plugin };
  counter.plugin = useOnResolve(() => {
    counter.calls += 1;
  }) as Plugin;
  return counter;
}

/** A real listener on port 0 over the fixture corpus, with the given security settings. */
export async function startSecuredServer(
  settings: Record<string, unknown>,
  plugins: Plugin[],
  logs?: string[],
): Promise<RunningServer> {
  return startFixtureServer({
    settings: { logLevel: 'error', metrics: false, ...settings },
    plugins,
    ...(logs ? { logs, logLevel: 'info' } : {}),
  });
}

/**
 * Sends `size` bytes as a POST body with node:http, either announced in Content-Length or
 * chunked, and resolves with the answer even when the server refuses before reading it all.
 */
export function postRaw(
  url: string,
  size: number,
  framing: 'content-length' | 'chunked',
): Promise<{ status: number; body: Loose }> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const req = httpRequest(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: GRAPHQL_JSON,
        ...(framing === 'content-length' ? { 'content-length': String(size) } : {}),
      },
    });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (part) => (text += part));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      res.on('error', reject);
    });
    // Once the server has answered it may close the connection mid-upload; that is its right.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    // One chunk per turn of the event loop, as a real upload arrives: the server's early answer
    // is read as soon as it comes, before its close could reset a socket the client still
    // floods (a synchronous write loop let the reset win now and then: EPIPE, no answer).
    let sent = 0;
    const pump = () => {
      if (answered) return;
      if (sent >= size) {
        req.end();
        return;
      }
      const part = chunk.subarray(0, Math.min(chunk.length, size - sent));
      sent += part.length;
      if (req.write(part)) setImmediate(pump);
      else req.once('drain', pump);
    };
    pump();
  });
}

export const FEED_QUERY = /* GraphQL */ `
  query Feed($first: Int = 20) {
    articles(first: $first) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id key title excerpt publishedDateTime sourceUrl quality heat
          provider { id name domain }
          topics { id name }
          images { url width height title }
          related {
            title excerpt sourceUrl publishedDateTime quality
            provider { name domain }
            images { url width height }
            article { id key title }
          }
        }
      }
    }
  }
`;

let checks = 0;

/** The realistic 20-article feed still runs, its resolvers run, and it reports its cost. */
export async function expectFeedServed(
  server: RunningServer,
  counter: { calls: number },
): Promise<void> {
  const before = counter.calls;
  // A fresh comment makes a fresh document, so the response cache cannot answer for the resolvers.
  checks += 1;
  const feed = await post(server.url, { query: `${FEED_QUERY}# check ${checks}\n` });
  expect(feed.status).toBe(200);
  expect(feed.body.errors).toBeUndefined();
  expect(feed.body.data.articles.edges).toHaveLength(20);
  expect(feed.body.extensions.cost.requested).toBeLessThanOrEqual(
    feed.body.extensions.cost.maximum,
  );
  expect(counter.calls).toBeGreaterThan(before);
}
