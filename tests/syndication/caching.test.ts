import { describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/schema/global-id.ts';
import {
  fixtureSeeds,
  loadFromSeeds,
  type SeedObject,
  sourceUrlOf,
} from '../fixtures/graph-corpus.ts';
import { createFeedHarness } from './harness.ts';

const STRONG_ETAG = /^"[\w-]{32}"$/;

/** The fixture plus one new article on AI and Climate, from Alpha News. */
function withNewArticle(): ReturnType<typeof fixtureSeeds> {
  const seeds = fixtureSeeds();
  seeds.set('fresh', {
    ...(seeds.get('a00') as SeedObject),
    title: 'Fresh',
    sourceUrl: sourceUrlOf('fresh'),
    publishedDateTime: '2024-01-25T09:00:00Z',
    topics: ['AI', 'Climate'],
  });
  return seeds;
}

describe('feed caching', () => {
  it('answers conditional GETs: strong ETag, If-None-Match and If-Modified-Since give 304', async () => {
    const feeds = createFeedHarness();
    for (const path of [
      '/feeds/rss.xml',
      '/feeds/atom.xml',
      '/feeds/feed.json',
      '/sitemaps/index.xml',
      '/sitemaps/news.xml',
      '/sitemaps/2024-01-02.xml',
    ]) {
      const first = await feeds.get(path);
      const etag = first.response.headers.get('etag') as string;
      const lastModified = first.response.headers.get('last-modified') as string;
      expect(etag, path).toMatch(STRONG_ETAG);
      expect(new Date(lastModified).toUTCString()).toBe(lastModified);
      expect(first.response.headers.get('cache-control')).toBe('public, max-age=60');

      for (const inm of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
        const again = await feeds.get(path, { 'if-none-match': inm });
        expect(again.response.status, `${path} ${inm}`).toBe(304);
        expect(again.body).toBe('');
        expect(again.response.headers.get('etag')).toBe(etag);
        expect(again.response.headers.get('cache-control')).toBe('public, max-age=60');
      }
      expect((await feeds.get(path, { 'if-none-match': '"other"' })).response.status).toBe(200);
      expect((await feeds.get(path, { 'if-modified-since': lastModified })).response.status).toBe(
        304,
      );
      const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
      expect((await feeds.get(path, { 'if-modified-since': earlier })).response.status).toBe(200);
      // If-None-Match wins over If-Modified-Since.
      const both = await feeds.get(path, {
        'if-none-match': '"other"',
        'if-modified-since': lastModified,
      });
      expect(both.response.status).toBe(200);
    }
  });

  it('never serves a stale feed after a swap, and keeps feeds the change cannot touch', async () => {
    const feeds = createFeedHarness();
    const paths = {
      ai: '/feeds/rss.xml?topic=ai',
      space: '/feeds/rss.xml?topic=space',
      alpha: '/feeds/feed.json?provider=alpha.example',
      beta: '/feeds/feed.json?provider=beta.example',
      all: '/feeds/atom.xml',
    };
    const before: Record<
      string,
      { etag: string | null; lastModified: string | null; body: string }
    > = {};
    for (const [name, path] of Object.entries(paths)) {
      const { response, body } = await feeds.get(path);
      before[name] = {
        etag: response.headers.get('etag'),
        lastModified: response.headers.get('last-modified'),
        body,
      };
    }
    feeds.store.replace(loadFromSeeds(withNewArticle()));
    const freshId = encodeGlobalId('Article', 'fresh');
    for (const name of ['ai', 'alpha', 'all'] as const) {
      const { response, body } = await feeds.get(paths[name]);
      expect(body, name).toContain(freshId);
      expect(response.headers.get('etag')).not.toBe(before[name]?.etag);
      // A client holding the old tag gets the new feed, not a 304.
      const conditional = await feeds.get(paths[name], {
        'if-none-match': before[name]?.etag as string,
      });
      expect(conditional.response.status).toBe(200);
    }
    for (const name of ['space', 'beta'] as const) {
      const { response, body } = await feeds.get(paths[name]);
      expect(body, name).toBe(before[name]?.body);
      expect(response.headers.get('etag')).toBe(before[name]?.etag);
      expect(response.headers.get('last-modified')).toBe(before[name]?.lastModified);
      const conditional = await feeds.get(paths[name], {
        'if-none-match': before[name]?.etag as string,
      });
      expect(conditional.response.status).toBe(304);
    }
    // Removing it again takes it out of every feed that had it.
    feeds.store.replace(loadFromSeeds(fixtureSeeds()));
    for (const name of ['ai', 'alpha', 'all'] as const) {
      const { body } = await feeds.get(paths[name]);
      expect(body).not.toContain(freshId);
      expect(body).toBe(before[name]?.body);
    }
  });

  it('publishing a draft adds it to its feeds at the next swap', async () => {
    const feeds = createFeedHarness();
    const draftId = encodeGlobalId('Article', 'draft_01');
    expect((await feeds.get('/feeds/feed.json?topic=ai')).body).not.toContain(draftId);
    const seeds = fixtureSeeds();
    seeds.set('draft_01', { ...(seeds.get('draft_01') as SeedObject), published: true });
    feeds.store.replace(loadFromSeeds(seeds));
    expect((await feeds.get('/feeds/feed.json?topic=ai')).body).toContain(draftId);
  });

  it('HEAD answers the headers of GET without a body; other methods get 405', async () => {
    const feeds = createFeedHarness();
    const get = await feeds.get('/feeds/rss.xml');
    const head = await feeds.get('/feeds/rss.xml', {}, 'HEAD');
    expect(head.response.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.response.headers.get('etag')).toBe(get.response.headers.get('etag'));
    expect(head.response.headers.get('content-type')).toBe(
      get.response.headers.get('content-type'),
    );
    const post = await feeds.get('/feeds/rss.xml', {}, 'POST');
    expect(post.response.status).toBe(405);
    expect(post.response.headers.get('allow')).toBe('GET, HEAD');
  });
});
