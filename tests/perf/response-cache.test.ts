import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/http.ts';
import { DRAFT_KEYS, fixtureSeeds, loadFromSeeds } from '../fixtures/graph-corpus.ts';
import { PREVIEW, post, startPerfServer } from './server.ts';

const DRAFT = DRAFT_KEYS[0];
const DRAFT_QUERY = `{ article(key: "${DRAFT}") { key title } }`;
const LATEST_QUERY = '{ articles(first: 3) { edges { node { key title } } } }';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the response cache', () => {
  it('answers a repeated query with the same body and ETag, and 304 to If-None-Match', async () => {
    server = await startPerfServer();
    const first = await post(server, LATEST_QUERY);
    const etag = first.response.headers.get('etag');
    expect(etag).toBeTruthy();
    const second = await post(server, LATEST_QUERY);
    expect(second.text).toBe(first.text);
    expect(second.response.headers.get('etag')).toBe(etag);
    const revalidated = await post(server, LATEST_QUERY, {
      headers: { 'if-none-match': etag as string },
    });
    expect(revalidated.response.status).toBe(304);
    expect(revalidated.text).toBe('');
  });

  it('never replays a preview answer to a public client, in either order', async () => {
    server = await startPerfServer();
    for (let round = 0; round < 2; round++) {
      const preview = await post(server, DRAFT_QUERY, { headers: PREVIEW });
      expect(preview.body.data.article.key).toBe(DRAFT);
      const anonymous = await post(server, DRAFT_QUERY);
      expect(anonymous.body.data.article).toBeNull();
      expect(anonymous.text).not.toContain(DRAFT);
      expect(anonymous.response.headers.get('etag')).not.toBe(preview.response.headers.get('etag'));
    }
    const wrongToken = await post(server, DRAFT_QUERY, {
      headers: { authorization: 'Bearer not-the-preview-token-at-all' },
    });
    expect(wrongToken.text).not.toContain(DRAFT);
  });

  it('serves the new snapshot right after a swap, and the old ETag no longer matches', async () => {
    server = await startPerfServer();
    const before = await post(server, LATEST_QUERY);
    const etag = before.response.headers.get('etag') as string;
    const seeds = fixtureSeeds();
    const newest = seeds.get('a23') as Record<string, unknown>;
    seeds.set('a23', { ...newest, title: 'Corrected headline' });
    server.store.replace(loadFromSeeds(seeds));

    const after = await post(server, LATEST_QUERY, { headers: { 'if-none-match': etag } });
    expect(after.response.status).toBe(200);
    expect(after.text).toContain('Corrected headline');
    expect(after.response.headers.get('etag')).not.toBe(etag);
  });

  it('does not cache an answer with errors', async () => {
    server = await startPerfServer();
    const query = '{ articles(first: 1, after: "not-a-cursor") { edges { node { key } } } }';
    const first = await post(server, query);
    expect(first.body.errors[0].extensions.code).toBe('INVALID_CURSOR');
    expect(first.response.headers.get('etag')).toBeNull();
  });
});
