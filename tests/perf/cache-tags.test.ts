import { afterEach, describe, expect, it } from 'vitest';
import { tagsOfSwap } from '../../src/corpus/cache-tags.ts';
import { ContentStore } from '../../src/corpus/store.ts';
import type { RunningServer } from '../../src/server/http.ts';
import {
  DRAFT_KEYS,
  fixtureSeeds,
  loadFromSeeds,
  PROVIDERS,
  type SeedObject,
  sourceUrlOf,
} from '../fixtures/graph-corpus.ts';
import { get } from '../fixtures/http-client.ts';
import { resolverCounter, startSecuredServer } from '../security/harness.ts';
import { PREVIEW } from './server.ts';

const counter = resolverCounter();
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ARTICLE_PAGE = `query Page($key: String!) {
  article(key: $key) { key title provider { name } topics { name } related { article { key } } }
}`;
const LATEST = '{ articles(first: 3) { totalCount edges { node { key title } } } }';

const keysOf = (headers: Headers) => (headers.get('surrogate-key') ?? '').split(' ');

/** One more published article of a known provider and topics, newest of all. */
function withNewArticle(seeds: Map<string, SeedObject>, key: string, day = 1) {
  const next = new Map(seeds);
  next.set(key, {
    ...(seeds.get('a05') as SeedObject),
    title: `Article ${key}`,
    sourceUrl: sourceUrlOf(key),
    publishedDateTime: new Date(Date.UTC(2025, 5, day, 12)).toISOString(),
    related: [],
  });
  return next;
}

async function ask(query: string, variables: Record<string, unknown> = {}, headers = {}) {
  const before = counter.calls;
  const answer = await get(
    (server as RunningServer).url,
    { query, variables: JSON.stringify(variables) },
    headers,
  );
  return { ...answer, executed: counter.calls > before };
}

describe('cache tags', () => {
  it('name what a public answer read, in Surrogate-Key (spaces) and Cache-Tag (commas)', async () => {
    server = await startSecuredServer({}, [counter.plugin]);
    const page = await ask(ARTICLE_PAGE, { key: 'a05' });
    expect(page.status).toBe(200);
    const keys = keysOf(page.headers);
    expect(keys).toEqual(
      expect.arrayContaining([
        'article:a05',
        // a05's related coverage points at a06, found by its source URL.
        'article:a06',
        `provider:${PROVIDERS[2].domain}`,
        'topic:climate',
        'topic:health',
      ]),
    );
    expect(keys).not.toContain('articles');
    expect(page.headers.get('cache-tag')).toBe(keys.join(','));
    const list = await ask(LATEST);
    expect(keysOf(list.headers)).toContain('articles');
  });

  it('are never sent with a preview (Authorization) answer, nor with errors', async () => {
    server = await startSecuredServer({}, [counter.plugin]);
    for (const headers of [PREVIEW, { authorization: 'Bearer wrong-token' }]) {
      const page = await ask(ARTICLE_PAGE, { key: 'a05' }, headers);
      expect(page.status).toBe(200);
      expect(page.headers.get('surrogate-key')).toBeNull();
      expect(page.headers.get('cache-tag')).toBeNull();
    }
    const failed = await ask('{ articles(first: 1, after: "nope") { totalCount } }');
    expect(failed.headers.get('surrogate-key')).toBeNull();
  });

  it('keep an unchanged article page cached while new articles arrive; lists are recomputed', async () => {
    server = await startSecuredServer({}, [counter.plugin]);
    let seeds = fixtureSeeds();
    expect((await ask(ARTICLE_PAGE, { key: 'a05' })).executed).toBe(true);
    const first = await ask(LATEST);
    const etag = (await ask(ARTICLE_PAGE, { key: 'a05' })).headers.get('etag');
    for (let i = 0; i < 3; i++) {
      seeds = withNewArticle(seeds, `fresh${i}`, i + 1);
      server.store.replace(loadFromSeeds(seeds));
      const page = await ask(ARTICLE_PAGE, { key: 'a05' });
      expect(page.executed).toBe(false);
      expect(page.headers.get('etag')).toBe(etag);
      const latest = await ask(LATEST);
      expect(latest.executed).toBe(true);
      expect(latest.body.data.articles.edges[0].node.key).toBe(`fresh${i}`);
      expect(latest.headers.get('etag')).not.toBe(first.headers.get('etag'));
    }
  });

  it('name a filtered list by its provider, and go on feeds and sitemaps too', async () => {
    server = await startSecuredServer({}, [counter.plugin]);
    const domain = PROVIDERS[1].domain;
    const filtered = await ask(
      `{ articles(first: 2, where: { providerDomains: ["${domain}"] }) { totalCount } }`,
    );
    expect(keysOf(filtered.headers)).toEqual([`articles:provider:${domain}`]);
    const feed = await fetch(`${server.origin}/feeds/rss.xml?provider=${domain}`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('surrogate-key')).toBe(`articles:provider:${domain}`);
    const revalidated = await fetch(`${server.origin}/feeds/rss.xml?provider=${domain}`, {
      headers: { 'if-none-match': feed.headers.get('etag') as string },
    });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('surrogate-key')).toBe(`articles:provider:${domain}`);
    const sitemap = await fetch(`${server.origin}/sitemaps/index.xml`);
    expect(sitemap.headers.get('cache-tag')).toBe('feeds');
  });

  it('forget a "not found" answer when that article appears', async () => {
    server = await startSecuredServer({}, [counter.plugin]);
    const missing = await ask(ARTICLE_PAGE, { key: 'late' });
    expect(missing.body.data.article).toBeNull();
    expect(keysOf(missing.headers)).toContain('article:late');
    expect((await ask(ARTICLE_PAGE, { key: 'late' })).executed).toBe(false);
    server.store.replace(loadFromSeeds(withNewArticle(fixtureSeeds(), 'late')));
    const found = await ask(ARTICLE_PAGE, { key: 'late' });
    expect(found.executed).toBe(true);
    expect(found.body.data.article.key).toBe('late');
  });
});

describe('tagsOfSwap', () => {
  const swapTags = (change: (seeds: Map<string, SeedObject>) => Map<string, SeedObject>) => {
    const seeds = fixtureSeeds();
    const store = new ContentStore(loadFromSeeds(seeds));
    const swap = store.swap(loadFromSeeds(change(seeds)));
    return tagsOfSwap(swap.corpus, swap.previous, swap.changes);
  };

  it('moves nothing for a draft-only or secured-only change', () => {
    const draft = swapTags((seeds) => {
      const next = new Map(seeds);
      next.set(DRAFT_KEYS[0], { ...(seeds.get(DRAFT_KEYS[0]) as SeedObject), title: 'Moved' });
      return next;
    });
    expect([...draft]).toEqual([]);
    const secured = swapTags((seeds) => {
      const next = new Map(seeds);
      next.set('a01', {
        ...(seeds.get('a01') as SeedObject),
        secured: 'b3RoZXI=;AAECAwQFBgcICQoLDA0ODw==',
      });
      return next;
    });
    expect([...secured]).toEqual([]);
  });

  it('moves the new article, its lists and the coarse lists, but not its known provider or topics', () => {
    const tags = swapTags((seeds) => withNewArticle(seeds, 'fresh'));
    expect([...tags]).toEqual(
      expect.arrayContaining([
        'all',
        'article:fresh',
        'articles',
        'search',
        'coverage',
        'feeds',
        `articles:provider:${PROVIDERS[2].domain}`,
        'articles:topic:climate',
        'articles:topic:health',
      ]),
    );
    expect(tags.has(`provider:${PROVIDERS[2].domain}`)).toBe(false);
    expect(tags.has('topic:climate')).toBe(false);
    expect(tags.has('providers')).toBe(false);
    expect(tags.has('article:a05')).toBe(false);
  });

  it('moves a provider and the provider list when its name changes, and a removed article', () => {
    const tags = swapTags((seeds) => {
      const next = new Map(seeds);
      next.delete('a01');
      for (const [key, seed] of next) {
        if ((seed.provider as { domain: string }).domain === PROVIDERS[0].domain)
          next.set(key, { ...seed, provider: { ...PROVIDERS[0], name: 'Alpha Renamed' } });
      }
      return next;
    });
    expect(tags.has('article:a01')).toBe(true);
    expect(tags.has(`provider:${PROVIDERS[0].domain}`)).toBe(true);
    expect(tags.has('providers')).toBe(true);
  });
});
