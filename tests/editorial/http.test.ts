import { afterEach, describe, expect, it } from 'vitest';
import type { ContentChange } from '../../src/live/feed.ts';
import type { RunningServer } from '../../src/server/http.ts';
import { loadFromSeeds, PREVIEW_TOKEN } from '../fixtures/graph-corpus.ts';
import { post } from '../fixtures/http-client.ts';
import { openSse, type SseStream } from '../live/sse.ts';
import { PREVIEW, startPerfServer } from '../perf/server.ts';
import { EXPIRES_AT, editorialSeeds, editorialStore, PUBLISH_AT, TIMED_KEY } from './corpus.ts';

/** These tests compare the plain application/json answers, as before. */
const PLAIN_JSON = { accept: 'application/json' };

const CHANGES = /* GraphQL */ `
  subscription { contentChanged { version previousVersion added updated removed } }
`;
const FEED = '{ articles(first: 3) { totalCount edges { node { key } } } }';

type Event = { data?: { contentChanged: ContentChange } };

let server: RunningServer | undefined;
const streams: SseStream<Event>[] = [];
afterEach(async () => {
  for (const stream of streams.splice(0)) stream.close();
  await server?.close();
  server = undefined;
});

async function start() {
  const { clock, store } = editorialStore();
  server = await startPerfServer({}, store.current.load, store);
  return { clock, server };
}

async function subscribe(running: RunningServer, headers: Record<string, string> = {}) {
  const stream = await openSse<Event>(running.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: CHANGES }),
  });
  streams.push(stream);
  return stream;
}

const get = (running: RunningServer, headers: Record<string, string> = {}) =>
  fetch(`${running.url}?query=${encodeURIComponent(FEED)}`, {
    headers: { accept: 'application/json', ...headers },
  });

describe('editorial transitions over HTTP', () => {
  it('are announced on the change feed: added, then removed, for the public; an update is updated', async () => {
    const { clock, server: running } = await start();
    const publicFeed = await subscribe(running);
    const previewFeed = await subscribe(running, { authorization: `Bearer ${PREVIEW_TOKEN}` });
    clock.set(PUBLISH_AT);
    const added = await publicFeed.waitFor((e) => e.data !== undefined);
    expect(added.data?.contentChanged).toMatchObject({
      added: [TIMED_KEY],
      updated: [],
      removed: [],
    });
    // The preview saw the article all along: for it the status changed.
    const seen = await previewFeed.waitFor((e) => e.data !== undefined);
    expect(seen.data?.contentChanged).toMatchObject({
      added: [],
      updated: [TIMED_KEY],
      removed: [],
    });
    // An update with a correction, once public, is `updated`: a client tells it from a new story.
    running.store.swap(
      loadFromSeeds(
        editorialSeeds({
          updatedDateTime: new Date(PUBLISH_AT + 20 * 60_000).toISOString(),
          corrections: [{ at: new Date(PUBLISH_AT + 20 * 60_000).toISOString(), text: 'Again.' }],
        }),
      ),
    );
    const updated = await publicFeed.waitFor((e) => e.data !== undefined, { from: 1 });
    expect(updated.data?.contentChanged).toMatchObject({
      added: [],
      updated: [TIMED_KEY],
      removed: [],
    });
    clock.set(EXPIRES_AT);
    const removed = await publicFeed.waitFor((e) => e.data !== undefined, { from: 2 });
    expect(removed.data?.contentChanged).toMatchObject({ added: [], removed: [TIMED_KEY] });
    expect(removed.data?.contentChanged.previousVersion).toBe(updated.data?.contentChanged.version);
  });

  it('never lets a cached answer or an ETag outlive the transition', async () => {
    const { clock, server: running } = await start();
    clock.set(PUBLISH_AT - 40_500);
    const before = await get(running);
    const etag = before.headers.get('etag') as string;
    expect(etag).toBeTruthy();
    // 40.5 s to go: shared caches may keep it 40 s, not the configured 60.
    expect(before.headers.get('cache-control')).toBe('public, max-age=40');
    expect((await before.json()).data.articles.totalCount).toBe(24);
    const revalidated = await get(running, { 'if-none-match': etag });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('cache-control')).toBe('public, max-age=40');

    clock.set(PUBLISH_AT - 1);
    expect((await get(running)).headers.get('cache-control')).toBe('public, max-age=0');
    clock.set(PUBLISH_AT);
    const after = await get(running, { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    const body = await after.json();
    expect(body.data.articles.totalCount).toBe(25);
    expect(body.data.articles.edges[0].node.key).toBe(TIMED_KEY);
    // The next transition (expiry, an hour on) bounds it again; the configured 60 s is smaller.
    expect(after.headers.get('cache-control')).toBe('public, max-age=60');
    clock.set(EXPIRES_AT);
    const expired = await post(running.url, { query: FEED }, PLAIN_JSON);
    expect(expired.body.data.articles.totalCount).toBe(24);
    expect(expired.text).not.toContain(TIMED_KEY);
    const preview = await post(
      running.url,
      { query: `{ article(key: "${TIMED_KEY}") { status } }` },
      { ...PLAIN_JSON, ...PREVIEW },
    );
    expect(preview.body.data.article.status).toBe('EXPIRED');
  });
});
