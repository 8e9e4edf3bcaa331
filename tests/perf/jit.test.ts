import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/http.ts';
import { post } from '../fixtures/http-client.ts';
import { startPerfServer } from './server.ts';

/** These tests compare the plain application/json answers, as before. */
const PLAIN_JSON = { accept: 'application/json' };

const RUNS = 3;

let server: RunningServer;
beforeAll(async () => {
  // No response cache: every run executes, the first interpreted and the later ones compiled.
  server = await startPerfServer({ responseCache: false });
});
afterAll(() => server.close());

async function sameEveryRun(query: string, variables?: Record<string, unknown>) {
  const texts: string[] = [];
  for (let i = 0; i < RUNS; i++)
    texts.push((await post(server.url, { query, variables }, PLAIN_JSON)).text);
  expect(new Set(texts).size).toBe(1);
  return JSON.parse(texts[0] as string);
}

describe('compiled operations (graphql-jit)', () => {
  it('answer a nested feed exactly as the first, interpreted run did', async () => {
    const body = await sameEveryRun(`{
      articles(first: 5) { edges { cursor node {
        id key title publishedDateTime provider { id name } topics { name }
        images { url width } related { title provider { domain } article { key } }
      } } pageInfo { endCursor hasNextPage } }
    }`);
    expect(body.data.articles.edges).toHaveLength(5);
  });

  it('answer the operation named, in a document of several, on every run', async () => {
    const query = `query One { articles(first: 1) { edges { node { key } } } }
      query Two { articles(first: 2) { totalCount } }`;
    for (const operationName of ['One', 'One', 'One', 'Two', 'Two', 'One']) {
      const { text } = await post(server.url, { query, operationName }, PLAIN_JSON);
      const articles = JSON.parse(text).data.articles;
      if (operationName === 'Two') expect(articles).toEqual({ totalCount: expect.any(Number) });
      else expect(articles.edges).toHaveLength(1);
    }
  });

  it('apply input-field defaults in variables (orderBy without a direction)', async () => {
    const query = `query Top($orderBy: ArticleOrder) {
      articles(first: 3, orderBy: $orderBy) { edges { node { key heat } } }
    }`;
    const body = await sameEveryRun(query, { orderBy: { field: 'HEAT' } });
    const heats = body.data.articles.edges.map((e: { node: { heat: number } }) => e.node.heat);
    expect(heats).toEqual([...heats].sort((a, b) => b - a));
  });

  it('report bad variables and resolver errors the standard way on every run', async () => {
    const badVariable = await sameEveryRun(
      'query ($first: Int) { articles(first: $first) { edges { node { key } } } }',
      { first: 'many' },
    );
    expect(badVariable.errors[0].message).toMatch(/\$first/);
    const badCursor = await sameEveryRun(
      'query ($after: String) { articles(first: 1, after: $after) { edges { node { key } } } }',
      { after: 'not-a-cursor' },
    );
    expect(badCursor.errors[0].extensions.code).toBe('INVALID_CURSOR');
  });
});
