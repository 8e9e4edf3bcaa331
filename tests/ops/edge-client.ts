import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import type { ServeProcess } from '../fixtures/serve-process.ts';

/**
 * A client of two replicas behind an edge cache (nginx, Varnish): persisted operations by GET
 * and POST, and what the edge and the replica said about each answer.
 */
export const LATEST = /* GraphQL */ `query Latest {
  articles(first: 3) { totalCount edges { node { key title } } }
}`;
export const COUNT = /* GraphQL */ `query Count { articles { totalCount } }`;

export const documentId = (document: string) =>
  `sha256:${createHash('sha256').update(document, 'utf8').digest('hex')}`;

export interface Answer {
  readonly status: number;
  readonly instance: string | null;
  /** The edge's HIT, MISS, BYPASS … */
  readonly cache: string | null;
  readonly cacheControl: string | null;
  readonly requestId: string | null;
  readonly surrogateKey: string | null;
  readonly text: string;
}

export async function answer(response: Response): Promise<Answer> {
  return {
    status: response.status,
    instance: response.headers.get('x-newsgraph-instance'),
    cache: response.headers.get('x-cache-status'),
    cacheControl: response.headers.get('cache-control'),
    requestId: response.headers.get('x-request-id'),
    surrogateKey: response.headers.get('surrogate-key'),
    text: await response.text(),
  };
}

function persistedUrl(origin: string, document: string, variables?: Record<string, unknown>) {
  const query = new URLSearchParams({ documentId: documentId(document) });
  if (variables) query.set('variables', JSON.stringify(variables));
  return `${origin}/graphql?${query}`;
}

export function getPersisted(
  origin: string,
  document: string,
  options: { variables?: Record<string, unknown>; token?: string; requestId?: string } = {},
): Promise<Answer> {
  return fetch(persistedUrl(origin, document, options.variables), {
    headers: {
      accept: 'application/graphql-response+json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.requestId ? { 'x-request-id': options.requestId } : {}),
    },
  }).then(answer);
}

export function postPersisted(origin: string, document: string): Promise<Answer> {
  return fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ documentId: documentId(document) }),
  }).then(answer);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Four clients post without pause while `stopping` exits: every answer is a 200, and afterwards
 * only `remaining` answers.
 */
export async function expectNoRequestLostWhileStopping(
  origin: string,
  stopping: ServeProcess,
  remaining: string,
): Promise<void> {
  const results: Answer[] = [];
  let running = true;
  const clients = Array.from({ length: 4 }, async () => {
    while (running) results.push(await postPersisted(origin, COUNT));
  });
  let exitCode: number | null;
  let afterStop: number;
  try {
    await sleep(300);
    exitCode = await stopping.stop();
    afterStop = results.length;
    await sleep(500);
  } finally {
    running = false;
    await Promise.all(clients);
  }
  expect(exitCode).toBe(0);
  const later: Answer[] = [];
  for (let i = 0; i < 10; i++) later.push(await postPersisted(origin, COUNT));
  expect(results.length).toBeGreaterThan(afterStop);
  expect(results.filter((a) => a.status !== 200)).toEqual([]);
  expect(later.filter((a) => a.status !== 200)).toEqual([]);
  expect(new Set(later.map((a) => a.instance))).toEqual(new Set([remaining]));
}
