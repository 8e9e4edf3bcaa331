import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/http.ts';
import { EXAMPLE_FEED_QUERY } from '../../src/server/yoga.ts';
import {
  fixtureSeeds,
  loadFromSeeds,
  PUBLISHED_COUNT,
  type SeedObject,
  sourceUrlOf,
} from '../fixtures/graph-corpus.ts';
import { startFixtureServer } from '../fixtures/server.ts';
import { createHarness } from '../graph/harness.ts';
import { parseFeed, xmllint } from './harness.ts';

let server: RunningServer;
const logs: string[] = [];

beforeAll(async () => {
  server = await startFixtureServer({ logs });
});
afterAll(() => server.close());

/** The value of one series of a Prometheus text exposition, 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith(`${name}{`) &&
        Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)),
    );
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('feeds and sitemaps over a real HTTP port', () => {
  it('GET / lists every feed and sitemap URL with the feed parameters', async () => {
    const response = await fetch(`${server.origin}/`);
    expect(response.status).toBe(200);
    const index = await response.json();
    expect(index).toMatchObject({
      graphql: server.url,
      feeds: {
        rss: `${server.origin}/feeds/rss.xml`,
        atom: `${server.origin}/feeds/atom.xml`,
        jsonFeed: `${server.origin}/feeds/feed.json`,
        defaultSize: 50,
        maxSize: 100,
      },
      sitemaps: {
        index: `${server.origin}/sitemaps/index.xml`,
        news: `${server.origin}/sitemaps/news.xml`,
      },
    });
    expect(index.feeds.parameters).toEqual(
      expect.arrayContaining([
        'topic',
        'provider',
        'category',
        'type',
        'minQuality',
        'minHeat',
        'publishedAfter',
        'order',
        'first',
      ]),
    );
    for (const url of [
      index.feeds.rss,
      index.feeds.atom,
      index.sitemaps.index,
      index.sitemaps.news,
    ]) {
      const answer = await fetch(url);
      expect(answer.status, url).toBe(200);
      expect(xmllint(await answer.text()), url).toEqual({ ok: true, errors: '' });
    }
    expect(EXAMPLE_FEED_QUERY).toContain('/feeds/rss.xml');
    expect(EXAMPLE_FEED_QUERY).toContain('/sitemaps/news.xml');
  });

  it('follows the canonical redirect, answers 304s, and sets the request id and access log', async () => {
    const response = await fetch(`${server.origin}/feeds/rss.xml?topic=AI&first=50`, {
      headers: { 'x-request-id': 'feed-req-1' },
    });
    expect(response.redirected).toBe(true);
    expect(response.url).toBe(`${server.origin}/feeds/rss.xml?topic=ai`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('feed-req-1');
    const { items } = await parseFeed(await response.text());
    expect(items.length).toBeGreaterThan(0);
    const etag = response.headers.get('etag') as string;
    const again = await fetch(response.url, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const bad = await fetch(`${server.origin}/feeds/rss.xml?first=500`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/ask for 1 to 100 items/);
    const entries = logs.map((l) => JSON.parse(l)).filter((e) => e.msg === 'request');
    expect(entries).toContainEqual(
      expect.objectContaining({ reqId: 'feed-req-1', path: '/feeds/rss.xml', status: 308 }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({ path: '/feeds/rss.xml', status: 400 }),
    );
  });

  it('counts feed requests in the metrics by route, status and cache outcome; a repeat is a cache hit', async () => {
    const metrics = async () => (await fetch(`${server.origin}/metrics`)).text();
    const name = 'newsgraph_syndication_request_duration_seconds_count';
    const labels = (cache: string) => ({ route: '/feeds/feed.json', statusCode: '200', cache });
    const before = await metrics();
    await fetch(`${server.origin}/feeds/feed.json?provider=gamma.example`);
    await fetch(`${server.origin}/feeds/feed.json?provider=gamma.example`);
    await fetch(`${server.origin}/sitemaps/2024-01-05.xml`);
    const after = await metrics();
    expect(sample(after, name, labels('miss')) - sample(before, name, labels('miss'))).toBe(1);
    expect(sample(after, name, labels('hit')) - sample(before, name, labels('hit'))).toBe(1);
    expect(
      sample(after, name, { route: '/sitemaps/{day}.xml', statusCode: '200' }) -
        sample(before, name, { route: '/sitemaps/{day}.xml', statusCode: '200' }),
    ).toBe(1);
  });

  it('after a swap re-renders only feeds the change touches: the others stay cache hits', async () => {
    const metrics = async () => (await fetch(`${server.origin}/metrics`)).text();
    const name = 'newsgraph_syndication_request_duration_seconds_count';
    const count = (text: string, cache: string) =>
      sample(text, name, { route: '/feeds/atom.xml', statusCode: '200', cache });
    const space = `${server.origin}/feeds/atom.xml?topic=space`;
    const ai = `${server.origin}/feeds/atom.xml?topic=ai`;
    await fetch(space);
    await fetch(ai);
    const seeds = fixtureSeeds();
    seeds.set('fresh', {
      ...(seeds.get('a00') as SeedObject),
      sourceUrl: sourceUrlOf('fresh'),
      publishedDateTime: '2024-02-01T00:00:00Z',
      topics: ['AI'],
    });
    server.store.replace(loadFromSeeds(seeds));
    const before = await metrics();
    const spaceAfter = await (await fetch(space)).text();
    const aiAfter = await (await fetch(ai)).text();
    const after = await metrics();
    expect(count(after, 'hit') - count(before, 'hit')).toBe(1);
    expect(count(after, 'miss') - count(before, 'miss')).toBe(1);
    expect(aiAfter).toContain(sourceUrlOf('fresh'));
    expect(spaceAfter).not.toContain(sourceUrlOf('fresh'));
  });
});

describe('feed URLs in the schema', () => {
  it('Topic.feedUrls and Provider.feedUrls name canonical feeds of that slice', async () => {
    const graph = createHarness();
    const { data, errors } = await graph.run(`{
      topic(name: "Climate") { feedUrls { rss atom jsonFeed } }
      provider(domain: "beta.example") { feedUrls { rss atom jsonFeed } }
    }`);
    expect(errors).toBeUndefined();
    expect(data.topic.feedUrls).toEqual({
      rss: '/feeds/rss.xml?topic=climate',
      atom: '/feeds/atom.xml?topic=climate',
      jsonFeed: '/feeds/feed.json?topic=climate',
    });
    expect(data.provider.feedUrls.rss).toBe('/feeds/rss.xml?provider=beta.example');
    for (const path of [
      ...Object.values(data.topic.feedUrls),
      ...Object.values(data.provider.feedUrls),
    ]) {
      const response = await fetch(`${server.origin}${path}`, { redirect: 'manual' });
      expect(response.status, String(path)).toBe(200);
    }
    const all = await (await fetch(`${server.origin}${data.topic.feedUrls.jsonFeed}`)).json();
    expect(all.items.length).toBeLessThan(PUBLISHED_COUNT);
  });
});
