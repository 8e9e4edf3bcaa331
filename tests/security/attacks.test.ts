import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/http.ts';
import {
  DEFAULT_MAX_ALIASES,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_COST,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_DIRECTIVES,
  DEFAULT_MAX_TOKENS,
} from '../../src/server/security/settings.ts';
import { type Answer, post } from '../fixtures/http-client.ts';
import { expectFeedServed, postRaw, resolverCounter, startSecuredServer } from './harness.ts';

const counter = resolverCounter();
let server: RunningServer;

beforeAll(async () => {
  server = await startSecuredServer({}, [counter.plugin]);
});
afterAll(() => server.close());

/** Sends the attack, checks that no resolver ran, and that normal queries are still answered. */
async function attack(send: () => Promise<Answer | { status: number; body: unknown }>) {
  const before = counter.calls;
  const answer = await send();
  expect(counter.calls, 'a resolver ran for a refused request').toBe(before);
  await expectFeedServed(server, counter);
  return answer as Answer;
}

function nested(depth: number): string {
  let selection = 'title';
  for (let level = 0; level < depth; level++) selection = `related { article { ${selection} } }`;
  return `{ articles(first: 1) { edges { node { ${selection} } } } }`;
}

describe('attacks on the public endpoint (default configuration, real HTTP)', () => {
  it('serves the realistic 20-article feed well inside every limit', async () => {
    await expectFeedServed(server, counter);
  });

  it('refuses a query 50 levels deep through related/article cycles with 400', async () => {
    const { status, body } = await attack(() => post(server.url, { query: nested(25) }));
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('DEPTH_LIMIT_EXCEEDED');
    expect(body.errors[0].message).toContain(`Query depth limit of ${DEFAULT_MAX_DEPTH} exceeded`);
  });

  it('refuses 1,000 aliases with 400', async () => {
    const aliases = Array.from({ length: 1_000 }, (_, i) => `a${i}: __typename`).join(' ');
    const { status, body } = await attack(() => post(server.url, { query: `{ ${aliases} }` }));
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('ALIAS_LIMIT_EXCEEDED');
    expect(body.errors[0].message).toBe(
      `Aliases limit of ${DEFAULT_MAX_ALIASES} exceeded, found 1000.`,
    );
  });

  it('refuses a 10,000-token document with 400 while parsing', async () => {
    const fields = Array.from({ length: 9_998 }, () => '__typename').join(' ');
    const { status, body } = await attack(() => post(server.url, { query: `{ ${fields} }` }));
    expect(status).toBe(400);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions.code).toBe('TOKEN_LIMIT_EXCEEDED');
    expect(body.errors[0].message).toContain(`Token limit of ${DEFAULT_MAX_TOKENS} exceeded`);
  });

  it('refuses repeated directives with 400', async () => {
    const query = `{ articles(first: 1) { totalCount ${'@include(if: true) '.repeat(200)} } }`;
    const { status, body } = await attack(() => post(server.url, { query }));
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('DIRECTIVE_LIMIT_EXCEEDED');
    expect(body.errors[0].message).toBe(
      `Directives limit of ${DEFAULT_MAX_DIRECTIVES} exceeded, found 200.`,
    );
  });

  it('refuses first: 1000000 with 400 before any resolver, naming the maximum page size', async () => {
    const query = '{ articles(first: 1000000) { totalCount edges { node { title } } } }';
    const { status, body } = await attack(() => post(server.url, { query }));
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('PAGE_SIZE_TOO_LARGE');
    expect(body.errors[0].message).toMatch(
      /"first" is 1000000, above the maximum page size of 100/,
    );
  });

  it('refuses the same page size passed in a variable', async () => {
    const query = 'query ($n: Int) { articles(last: $n) { totalCount } }';
    const { status, body } = await attack(() =>
      post(server.url, { query, variables: { n: 1_000_000 } }),
    );
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('PAGE_SIZE_TOO_LARGE');
  });

  it('prices nested first: 100 lists by page size and refuses them with their cost', async () => {
    const query = `{ articles(first: 100) { edges { node {
      provider { articles(first: 100) { edges { node { title } } } } } } } }`;
    const { status, body } = await attack(() => post(server.url, { query }));
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('COST_LIMIT_EXCEEDED');
    expect(body.errors[0].extensions.cost.maximum).toBe(DEFAULT_MAX_COST);
    expect(body.errors[0].extensions.cost.requested).toBeGreaterThan(100 * 100);
    expect(body.errors[0].message).toMatch(/ask for smaller pages/);
  });

  it('prices every request by its own variables, even for a document priced before', async () => {
    const query = `query ($n: Int) { articles(first: $n) { edges { node {
      provider { articles(first: $n) { edges { node { title } } } } } } } }`;
    const cheap = await post(server.url, { query, variables: { n: 5 } });
    expect(cheap.status).toBe(200);
    expect(cheap.body.extensions.cost.requested).toBeLessThan(DEFAULT_MAX_COST);
    const { status, body } = await attack(() => post(server.url, { query, variables: { n: 100 } }));
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('COST_LIMIT_EXCEEDED');
  });

  it('prices related -> article -> related chains and refuses a long one on a full page', async () => {
    let selection = 'title';
    for (let level = 0; level < 3; level++) selection = `related { article { ${selection} } }`;
    const query = `{ articles(first: 100) { edges { node { ${selection} } } } }`;
    const { status, body } = await attack(() => post(server.url, { query }));
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('COST_LIMIT_EXCEEDED');
  });

  it('refuses more than 100 IDs in nodes(ids:) before looking any up', async () => {
    const ids = Array.from({ length: 1_000 }, (_, i) =>
      Buffer.from(`Article:a${i}`).toString('base64'),
    );
    const query = 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }';
    const { status, body } = await attack(() => post(server.url, { query, variables: { ids } }));
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toBe('"ids" has 1000 entries; at most 100 per request.');
  });

  it('refuses overlong filter lists the same way', async () => {
    const topics = Array.from({ length: 500 }, (_, i) => `topic-${i}`);
    const query = 'query ($t: [String!]) { articles(where: { topics: $t }) { totalCount } }';
    const { status, body } = await attack(() =>
      post(server.url, { query, variables: { t: topics } }),
    );
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toMatch(/^"where\.topics" has 500 entries/);
  });

  it('refuses a 10 MB body announced in Content-Length with 413', async () => {
    const { status, body } = await attack(() =>
      postRaw(server.url, 10 * 1024 * 1024, 'content-length'),
    );
    expect(status).toBe(413);
    expect((body as Answer['body']).errors[0]).toMatchObject({
      message: expect.stringMatching(/too large/i),
      extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' },
    });
  });

  it('refuses a 10 MB chunked body (no Content-Length) with 413', async () => {
    const { status, body } = await attack(() => postRaw(server.url, 10 * 1024 * 1024, 'chunked'));
    expect(status).toBe(413);
    expect((body as Answer['body']).errors[0]).toMatchObject({
      message: expect.stringMatching(/too large/i),
      extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' },
    });
  });

  it('accepts a body just under the limit up to the parser', async () => {
    const padding = ' '.repeat(DEFAULT_MAX_BODY_BYTES - 200);
    const { status, body } = await post(server.url, `{"query":"{ __typename }"${padding}}`);
    expect(status).toBe(200);
    expect(body.data).toEqual({ __typename: 'Query' });
  });

  it('refuses a batch of many operations (a JSON array body) with 400', async () => {
    const batch = Array.from({ length: 100 }, () => ({ query: '{ articles { totalCount } }' }));
    const { status, body } = await attack(() => post(server.url, batch));
    expect(status).toBe(400);
    expect(body.errors[0].message).toBe('Batching is not supported.');
  });

  it('refuses a malformed JSON body with 400', async () => {
    const { status, body } = await attack(() => post(server.url, '{"query": "{ articles { to'));
    expect(status).toBe(400);
    expect(body.errors[0].message).toMatch(/invalid JSON/i);
  });
});
