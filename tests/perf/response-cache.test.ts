import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/server/config.ts';
import type { RunningServer } from '../../src/server/http.ts';
import { DEFAULT_RESPONSE_CACHE_MAX_BYTES } from '../../src/server/perf/response-cache.ts';
import { DRAFT_KEYS, fixtureSeeds, loadFromSeeds } from '../fixtures/graph-corpus.ts';
import { post } from '../fixtures/http-client.ts';
import { resolverCounter, startSecuredServer } from '../security/harness.ts';
import { PREVIEW, startPerfServer } from './server.ts';

/** These tests compare the plain application/json answers, as before. */
const PLAIN_JSON = { accept: 'application/json' };

const DRAFT = DRAFT_KEYS[0];
const DRAFT_QUERY = `{ article(key: "${DRAFT}") { key title } }`;
const LATEST_QUERY = '{ articles(first: 3) { edges { node { key title } } } }';

let server: RunningServer | undefined;
let other: RunningServer | undefined;
afterEach(async () => {
  await Promise.all([server?.close(), other?.close()]);
  server = undefined;
  other = undefined;
});

const counter = resolverCounter();
/** A distinct document per `i`, each answer about 3.5 kB of JSON. */
const bigQuery = (i: number) =>
  `{ a${i}: articles(first: 24) { edges { node { key title excerpt sourceUrl } } } }`;

describe('the response cache', () => {
  it('answers a repeated query with the same body and ETag, and 304 to If-None-Match', async () => {
    server = await startPerfServer();
    const first = await post(server.url, { query: LATEST_QUERY }, PLAIN_JSON);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const second = await post(server.url, { query: LATEST_QUERY }, PLAIN_JSON);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('etag')).toBe(etag);
    const revalidated = await post(
      server.url,
      { query: LATEST_QUERY },
      { ...PLAIN_JSON, 'if-none-match': etag as string },
    );
    expect(revalidated.status).toBe(304);
    expect(revalidated.text).toBe('');
  });

  it('never replays a preview answer to a public client, in either order', async () => {
    server = await startPerfServer();
    for (let round = 0; round < 2; round++) {
      const preview = await post(server.url, { query: DRAFT_QUERY }, { ...PLAIN_JSON, ...PREVIEW });
      expect(preview.body.data.article.key).toBe(DRAFT);
      const anonymous = await post(server.url, { query: DRAFT_QUERY }, PLAIN_JSON);
      expect(anonymous.body.data.article).toBeNull();
      expect(anonymous.text).not.toContain(DRAFT);
      expect(anonymous.headers.get('etag')).not.toBe(preview.headers.get('etag'));
    }
    const wrongToken = await post(
      server.url,
      { query: DRAFT_QUERY },
      { ...PLAIN_JSON, authorization: 'Bearer not-the-preview-token-at-all' },
    );
    expect(wrongToken.text).not.toContain(DRAFT);
  });

  it('serves the new snapshot right after a swap, and the old ETag no longer matches', async () => {
    server = await startPerfServer();
    const before = await post(server.url, { query: LATEST_QUERY }, PLAIN_JSON);
    const etag = before.headers.get('etag') as string;
    const seeds = fixtureSeeds();
    const newest = seeds.get('a23') as Record<string, unknown>;
    seeds.set('a23', { ...newest, title: 'Corrected headline' });
    server.store.replace(loadFromSeeds(seeds));

    const after = await post(
      server.url,
      { query: LATEST_QUERY },
      { ...PLAIN_JSON, 'if-none-match': etag },
    );
    expect(after.status).toBe(200);
    expect(after.text).toContain('Corrected headline');
    expect(after.headers.get('etag')).not.toBe(etag);
  });

  it('does not cache an answer with errors', async () => {
    server = await startPerfServer();
    const query = '{ articles(first: 1, after: "not-a-cursor") { edges { node { key } } } }';
    const first = await post(server.url, { query }, PLAIN_JSON);
    expect(first.body.errors[0].extensions.code).toBe('INVALID_CURSOR');
    expect(first.headers.get('etag')).toBeNull();
  });

  it('evicts by size: a byte budget holds fewer big answers than the count limit would', async () => {
    const maxBytes = 40_000;
    server = await startSecuredServer({ responseCacheMaxBytes: maxBytes }, [counter.plugin]);
    const served = server;
    const ask = async (i: number) => {
      const before = counter.calls;
      const answer = await post(served.url, { query: bigQuery(i) }, PLAIN_JSON);
      expect(answer.body.data[`a${i}`].edges).toHaveLength(24);
      return { ran: counter.calls > before, bytes: answer.text.length };
    };
    const first = await ask(0);
    expect(first.ran).toBe(true);
    expect((await ask(0)).ran).toBe(false);
    // Twice the budget in answers, far fewer than the 1,000 answers the count allows.
    const count = Math.ceil((2 * maxBytes) / first.bytes);
    for (let i = 1; i <= count; i++) await ask(i);
    expect((await ask(count)).ran).toBe(false);
    expect((await ask(0)).ran).toBe(true);
  });

  it('takes its byte budget from NEWSGRAPH_RESPONSE_CACHE_MAX_BYTES, 64 MiB by default', () => {
    const budget = (env: NodeJS.ProcessEnv) => {
      const resolved = resolveConfig([], env);
      return resolved.kind === 'config' ? resolved.config.responseCacheMaxBytes : resolved.kind;
    };
    expect(budget({})).toBe(DEFAULT_RESPONSE_CACHE_MAX_BYTES);
    expect(DEFAULT_RESPONSE_CACHE_MAX_BYTES).toBe(64 * 1_048_576);
    expect(budget({ NEWSGRAPH_RESPONSE_CACHE_MAX_BYTES: '1000000' })).toBe(1_000_000);
    expect(budget({ NEWSGRAPH_RESPONSE_CACHE_MAX_BYTES: '-1' })).toBe('error');
  });
});

describe('ETags of the response cache', () => {
  it('answer 304 only to the ETag of this very request, never to another cached answer’s', async () => {
    server = await startPerfServer();
    const other = await post(
      server.url,
      { query: '{ articles(first: 1) { totalCount } }' },
      PLAIN_JSON,
    );
    const otherTag = other.headers.get('etag') as string;
    expect(otherTag).toBeTruthy();
    const unrelated = await post(
      server.url,
      { query: LATEST_QUERY },
      { ...PLAIN_JSON, 'if-none-match': otherTag },
    );
    expect(unrelated.status).toBe(200);
    expect(unrelated.body.data.articles.edges).toHaveLength(3);
    // Its own ETag, alone or in a list, is a 304.
    const own = unrelated.headers.get('etag') as string;
    for (const header of [own, `${otherTag}, ${own}`, `W/${own}`]) {
      const again = await post(
        server.url,
        { query: LATEST_QUERY },
        { ...PLAIN_JSON, 'if-none-match': header },
      );
      expect(again.status).toBe(304);
      expect(again.headers.get('etag')).toBe(own);
    }
  });

  it('never answer a public request 304 for a preview ETag, even of the same query', async () => {
    server = await startPerfServer();
    const preview = await post(server.url, { query: LATEST_QUERY }, { ...PLAIN_JSON, ...PREVIEW });
    const previewTag = preview.headers.get('etag') as string;
    expect(previewTag).toBeTruthy();
    const anonymous = await post(
      server.url,
      { query: LATEST_QUERY },
      { ...PLAIN_JSON, 'if-none-match': previewTag },
    );
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get('etag')).not.toBe(previewTag);
    const sameToken = await post(
      server.url,
      { query: LATEST_QUERY },
      { ...PLAIN_JSON, ...PREVIEW, 'if-none-match': previewTag },
    );
    expect(sameToken.status).toBe(304);
  });

  it('cannot be computed by a third party: the same query has another ETag on another server', async () => {
    server = await startPerfServer();
    other = await startPerfServer();
    const here = await post(server.url, { query: LATEST_QUERY }, PLAIN_JSON);
    const there = await post(other.url, { query: LATEST_QUERY }, PLAIN_JSON);
    expect(there.text).toBe(here.text);
    expect(here.headers.get('etag')).not.toBe(there.headers.get('etag'));
  });
});
