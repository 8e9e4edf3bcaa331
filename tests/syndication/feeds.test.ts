import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/schema/global-id.ts';
import { serverConfigSchema } from '../../src/server/config.ts';
import {
  fixtureSeeds,
  loadFromSeeds,
  PROVIDERS,
  PUBLISHED_COUNT,
  type SeedObject,
  sourceUrlOf,
  TOPICS,
} from '../fixtures/graph-corpus.ts';
import { createHarness } from '../graph/harness.ts';
import { createFeedHarness, ORIGIN, parseFeed, xmllint } from './harness.ts';
import { JSON_FEED_1_1_SCHEMA } from './json-feed-schema.ts';

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
addFormats.default(ajv);
const validJsonFeed = ajv.compile(JSON_FEED_1_1_SCHEMA);

const RFC_822_GMT =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC_3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

/** The fixture's own record of an article, to check each item against. */
function seedOf(key: string): SeedObject {
  return fixtureSeeds().get(key) as SeedObject;
}

describe('feeds', () => {
  const graph = createHarness();

  it('RSS 2.0 parses back with every item field, RFC 822 dates and its self link', async () => {
    const feeds = createFeedHarness();
    const { response, body } = await feeds.get('/feeds/rss.xml?first=3');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    expect(xmllint(body)).toEqual({ ok: true, errors: '' });
    const { meta, items } = await parseFeed(body);
    expect(meta['#type']).toBe('rss');
    expect(meta['#version']).toBe('2.0');
    expect(meta.xmlurl).toBe(`${ORIGIN}/feeds/rss.xml?first=3`);
    expect(items.map((i) => i.guid)).toEqual(
      ['a23', 'a22', 'a21'].map((k) => encodeGlobalId('Article', k)),
    );
    const [item] = items;
    const seed = seedOf('a23');
    expect(item?.title).toBe(seed.title);
    expect(item?.link).toBe(sourceUrlOf('a23'));
    expect(item?.['rss:guid']['@'].ispermalink ?? item?.['rss:guid']['@'].isPermaLink).toBe(
      'false',
    );
    expect(item?.['rss:pubdate']['#']).toMatch(RFC_822_GMT);
    expect(item?.pubdate?.toISOString()).toBe(seed.publishedDateTime);
    expect(item?.summary).toBe(seed.excerpt);
    expect(item?.author).toBe((seed.provider as { name: string }).name);
    expect(item?.categories).toEqual(seed.topics);
    const [enclosure, media] = item?.enclosures ?? [];
    expect(enclosure).toMatchObject({ url: 'https://img.example/a23.jpg', type: 'image/jpeg' });
    expect(media).toMatchObject({
      url: 'https://img.example/a23.jpg',
      width: '800',
      height: '600',
    });
  });

  it('Atom 1.0 parses back with published and updated dates in RFC 3339 (UTC)', async () => {
    const feeds = createFeedHarness();
    const { response, body } = await feeds.get('/feeds/atom.xml?first=3');
    expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect(xmllint(body)).toEqual({ ok: true, errors: '' });
    const { meta, items } = await parseFeed(body);
    expect(meta['#type']).toBe('atom');
    expect(meta.xmlurl).toBe(`${ORIGIN}/feeds/atom.xml?first=3`);
    const [item] = items;
    const seed = seedOf('a23');
    expect(item?.guid).toBe(`urn:newsgraph:${encodeGlobalId('Article', 'a23')}`);
    expect(item?.title).toBe(seed.title);
    expect(item?.link).toBe(sourceUrlOf('a23'));
    expect(item?.['atom:published']['#']).toMatch(RFC_3339_UTC);
    expect(item?.['atom:updated']['#']).toMatch(RFC_3339_UTC);
    expect(item?.pubdate?.toISOString()).toBe(seed.publishedDateTime);
    expect(item?.summary).toBe(seed.excerpt);
    expect(item?.author).toBe((seed.provider as { name: string }).name);
    expect(item?.categories).toEqual(seed.topics);
    expect(item?.enclosures[0]).toMatchObject({ url: 'https://img.example/a23.jpg' });
  });

  it('JSON Feed 1.1 passes the JSON Schema of the spec', async () => {
    const feeds = createFeedHarness();
    const { response, body } = await feeds.get('/feeds/feed.json?first=3');
    expect(response.headers.get('content-type')).toBe('application/feed+json; charset=utf-8');
    const feed = JSON.parse(body);
    expect(validJsonFeed(feed), ajv.errorsText(validJsonFeed.errors)).toBe(true);
    expect(feed.feed_url).toBe(`${ORIGIN}/feeds/feed.json?first=3`);
    expect(feed.language).toBe('en');
    const [item] = feed.items;
    const seed = seedOf('a23');
    expect(item).toMatchObject({
      id: encodeGlobalId('Article', 'a23'),
      url: sourceUrlOf('a23'),
      title: seed.title,
      summary: seed.excerpt,
      date_published: seed.publishedDateTime,
      date_modified: seed.publishedDateTime,
      authors: [{ name: (seed.provider as { name: string }).name }],
      tags: seed.topics,
      image: 'https://img.example/a23.jpg',
      _newsgraph: { image: { url: 'https://img.example/a23.jpg', width: 800, height: 600 } },
    });
  });

  const filters = fc.record(
    {
      topic: fc.subarray([...TOPICS, 'ai', 'nothing-here']),
      provider: fc.subarray(PROVIDERS.map((p) => p.domain)),
      category: fc.constantFrom('news', 'science'),
      type: fc.constantFrom('article', 'video'),
      minQuality: fc.integer({ min: 0, max: 100 }),
      minHeat: fc.integer({ min: 0, max: 80 }),
      publishedAfter: fc.integer({ min: 0, max: 30 }).map((d) => new Date(Date.UTC(2024, 0, d, 6))),
      order: fc.constantFrom(
        'PUBLISHED_DATE_TIME',
        'QUALITY',
        'HEAT',
        'TRENDING',
        'UPDATED_DATE_TIME',
      ),
      direction: fc.constantFrom('ASC', 'DESC'),
      first: fc.integer({ min: 1, max: 100 }),
    },
    { requiredKeys: [] },
  );

  it('show exactly the articles(where, orderBy, first) of the same filter, whatever the parameter order', async () => {
    const feeds = createFeedHarness();
    await fc.assert(
      fc.asyncProperty(filters, fc.boolean(), async (f, reversed) => {
        const pairs: [string, string][] = [];
        for (const t of f.topic ?? []) pairs.push(['topic', t]);
        for (const p of f.provider ?? []) pairs.push(['provider', p]);
        for (const k of [
          'category',
          'type',
          'minQuality',
          'minHeat',
          'order',
          'direction',
          'first',
        ] as const) {
          if (f[k] !== undefined) pairs.push([k, String(f[k])]);
        }
        if (f.publishedAfter) pairs.push(['publishedAfter', f.publishedAfter.toISOString()]);
        if (reversed) pairs.reverse();
        let { response, body } = await feeds.get(`/feeds/feed.json?${new URLSearchParams(pairs)}`);
        if (response.status === 308) {
          const location = response.headers.get('location') as string;
          expect(location.startsWith(`${ORIGIN}/feeds/feed.json`)).toBe(true);
          ({ response, body } = await feeds.get(location.slice(ORIGIN.length)));
        }
        expect(response.status).toBe(200);
        const feed = JSON.parse(body);
        expect(validJsonFeed(feed)).toBe(true);

        const { data, errors } = await graph.run(
          `query ($where: ArticleFilter, $orderBy: ArticleOrder, $first: Int) {
            articles(where: $where, orderBy: $orderBy, first: $first) { edges { node { id } } }
          }`,
          {
            where: {
              topics: f.topic ?? null,
              providerDomains: f.provider ?? null,
              category: f.category ?? null,
              type: f.type ?? null,
              minQuality: f.minQuality ?? null,
              minHeat: f.minHeat ?? null,
              publishedAfter: f.publishedAfter?.toISOString() ?? null,
            },
            orderBy: { field: f.order ?? 'PUBLISHED_DATE_TIME', direction: f.direction ?? 'DESC' },
            first: f.first ?? 50,
          },
        );
        expect(errors).toBeUndefined();
        expect(feed.items.map((i: { id: string }) => i.id)).toEqual(
          data.articles.edges.map((e: { node: { id: string } }) => e.node.id),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('have one canonical URL: other orders, spelt-out defaults and topic case redirect (308) to it', async () => {
    const feeds = createFeedHarness();
    const canonical = '/feeds/rss.xml?topic=ai&topic=space&provider=beta.example&minHeat=10';
    const variants = [
      '/feeds/rss.xml?minHeat=10&provider=beta.example&topic=Space&topic=AI',
      '/feeds/rss.xml?topic=space&topic=ai&topic=AI&provider=beta.example&minHeat=10&first=50',
      '/feeds/rss.xml?topic=ai&topic=space&provider=beta.example&minHeat=10&order=PUBLISHED_DATE_TIME&direction=DESC',
    ];
    for (const variant of variants) {
      const { response } = await feeds.get(variant);
      expect(response.status).toBe(308);
      expect(response.headers.get('location')).toBe(`${ORIGIN}${canonical}`);
    }
    const { response, body } = await feeds.get(canonical);
    expect(response.status).toBe(200);
    expect((await parseFeed(body)).meta.xmlurl).toBe(`${ORIGIN}${canonical}`);
    // Dates are canonical in UTC with milliseconds.
    const dated = await feeds.get('/feeds/atom.xml?publishedAfter=2024-01-10T02:00:00%2B02:00');
    expect(dated.response.headers.get('location')).toBe(
      `${ORIGIN}/feeds/atom.xml?publishedAfter=2024-01-10T00%3A00%3A00.000Z`,
    );
  });

  it('give 50 items by default and at most 100', async () => {
    const seeds = fixtureSeeds();
    for (let i = 0; i < 120; i++) {
      const key = `bulk${String(i).padStart(3, '0')}`;
      seeds.set(key, {
        ...seedOf('a00'),
        title: `Bulk ${key}`,
        sourceUrl: sourceUrlOf(key),
        publishedDateTime: new Date(Date.UTC(2023, 0, 1, 0, i)).toISOString(),
      });
    }
    const feeds = createFeedHarness({ load: loadFromSeeds(seeds) });
    const items = async (path: string) => JSON.parse((await feeds.get(path)).body).items.length;
    expect(await items('/feeds/feed.json')).toBe(50);
    expect(await items('/feeds/feed.json?first=100')).toBe(100);
    expect(await items('/feeds/feed.json?first=7')).toBe(7);
    expect((await feeds.get('/feeds/feed.json?first=101')).response.status).toBe(400);
    expect(PUBLISHED_COUNT + 120).toBeGreaterThan(100);
  });

  it('answer a bad parameter with 400 and a message saying what to change', async () => {
    const feeds = createFeedHarness();
    const cases: [string, RegExp][] = [
      ['first=0', /"first" is 0; ask for 1 to 100/],
      ['first=1000', /"first" is 1000; ask for 1 to 100/],
      ['first=ten', /"first" must be a whole number/],
      ['minQuality=1.5', /"minQuality" must be a whole number/],
      ['minHeat=99999999999', /"minHeat" must be a whole number/],
      ['publishedAfter=yesterday', /"publishedAfter" must be an RFC 3339 date-time/],
      ['publishedAfter=2024-01-01', /"publishedAfter" must be an RFC 3339 date-time/],
      [
        'order=NEWEST',
        /"order" must be one of HEAT, PUBLISHED_DATE_TIME, QUALITY, TRENDING, UPDATED_DATE_TIME; got "NEWEST"/,
      ],
      ['direction=down', /"direction" must be one of ASC, DESC/],
      ['category=news&category=science', /"category" is given more than once/],
      ['topic=', /"topic" is empty/],
      ['limit=10', /Unknown parameter "limit"; feeds take topic, provider/],
      ['where=%7B%7D', /Unknown parameter "where"/],
    ];
    for (const [query, message] of cases) {
      for (const path of ['/feeds/rss.xml', '/feeds/atom.xml', '/feeds/feed.json']) {
        const { response, body } = await feeds.get(`${path}?${query}`);
        expect(response.status, `${path}?${query}`).toBe(400);
        expect(response.headers.get('cache-control')).toBe('no-store');
        const { error } = JSON.parse(body);
        expect(error.code).toBe('BAD_FEED_PARAMETER');
        expect(error.message).toMatch(message);
      }
    }
    const { response } = await feeds.get('/feeds/nope.xml');
    expect(response.status).toBe(404);
  });

  it('use the configured Cache-Control, public URL and article URL template', async () => {
    const feeds = createFeedHarness({
      config: {
        cacheControl: 'public, max-age=300',
        publicUrl: 'https://feeds.example.org/news',
        articleUrlTemplate: 'https://site.example/{provider}/{date}/{key}',
        feedTitle: 'Example News',
        feedLanguage: 'pt-BR',
      },
    });
    const { response, body } = await feeds.get('/feeds/rss.xml?first=1');
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    const { meta, items } = await parseFeed(body);
    expect(meta.title).toBe('Example News');
    expect(meta.language).toBe('pt-BR');
    expect(meta.xmlurl).toBe('https://feeds.example.org/news/feeds/rss.xml?first=1');
    expect(items[0]?.link).toBe('https://site.example/gamma.example/2024-01-24/a23');
    const redirect = await feeds.get('/feeds/rss.xml?first=50');
    expect(redirect.response.headers.get('location')).toBe(
      'https://feeds.example.org/news/feeds/rss.xml',
    );
  });

  it('refuse a bad article URL template, public URL or language at start, naming the setting', () => {
    const problems = (input: Record<string, unknown>) => {
      const result = serverConfigSchema.safeParse(input);
      return result.success
        ? []
        : result.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
    };
    expect(problems({ articleUrlTemplate: 'https://x.example/{slug}' })).toEqual([
      'articleUrlTemplate: unknown placeholder {slug}; use {key}, {sourceUrl}, {provider}, {date}',
    ]);
    expect(problems({ articleUrlTemplate: '/news/{key}' })[0]).toMatch(/must give an absolute URL/);
    expect(problems({ articleUrlTemplate: 'https://x.example/{key' })[0]).toMatch(/unmatched/);
    expect(problems({ articleUrlTemplate: 'ftp://x.example/{key}' })[0]).toMatch(/http or https/);
    expect(problems({ publicUrl: 'feeds.example' })[0]).toMatch(/^publicUrl:/);
    expect(problems({ feedLanguage: 'English' })[0]).toMatch(
      /^feedLanguage: must be a language tag/,
    );
    expect(
      problems({ articleUrlTemplate: 'https://proxy.example/?u={sourceUrl}&d={date}' }),
    ).toEqual([]);
  });
});
