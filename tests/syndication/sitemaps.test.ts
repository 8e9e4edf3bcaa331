import { describe, expect, it } from 'vitest';
import {
  fixtureSeeds,
  loadFromSeeds,
  PUBLISHED_COUNT,
  type SeedObject,
  sourceUrlOf,
} from '../fixtures/graph-corpus.ts';
import {
  createFeedHarness,
  ORIGIN,
  parseSitemapIndexXml,
  parseSitemapXml,
  xmllint,
} from './harness.ts';

const RFC_3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const day = (i: number) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);

describe('sitemaps', () => {
  it('split by publication day: the index lists every day, each day lists its articles with lastmod and image', async () => {
    const feeds = createFeedHarness();
    const index = await feeds.get('/sitemaps/index.xml');
    expect(index.response.status).toBe(200);
    expect(index.response.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(xmllint(index.body)).toEqual({ ok: true, errors: '' });
    const days = await parseSitemapIndexXml(index.body);
    expect(days.map((d) => d.url)).toEqual(
      Array.from(
        { length: PUBLISHED_COUNT },
        (_, i) => `${ORIGIN}/sitemaps/${day(PUBLISHED_COUNT - 1 - i)}.xml`,
      ),
    );
    expect(days[0]?.lastmod).toBe('2024-01-24T12:00:00.000Z');

    const urls: string[] = [];
    for (const entry of days) {
      const { response, body } = await feeds.get(entry.url.slice(ORIGIN.length));
      expect(response.status).toBe(200);
      expect(xmllint(body)).toEqual({ ok: true, errors: '' });
      const items = await parseSitemapXml(body);
      for (const item of items) {
        expect(item.lastmod).toMatch(RFC_3339_UTC);
        expect(item.lastmod?.slice(0, 10)).toBe(entry.url.slice(-14, -4));
        expect(item.img).toHaveLength(1);
        urls.push(item.url);
      }
    }
    expect(urls.sort()).toEqual(
      Array.from({ length: PUBLISHED_COUNT }, (_, i) =>
        sourceUrlOf(`a${String(i).padStart(2, '0')}`),
      ).sort(),
    );
    const first = await parseSitemapXml((await feeds.get(`/sitemaps/${day(3)}.xml`)).body);
    expect(first).toEqual([
      expect.objectContaining({
        url: sourceUrlOf('a03'),
        lastmod: '2024-01-04T12:00:00.000Z',
        img: [expect.objectContaining({ url: 'https://img.example/a03.jpg', title: 'a03' })],
      }),
    ]);
  });

  it('keep past days unchanged when a new day gets an article (same ETag, same bytes)', async () => {
    const feeds = createFeedHarness();
    const before = await feeds.get(`/sitemaps/${day(5)}.xml`);
    const seeds = fixtureSeeds();
    seeds.set('late', {
      ...(seeds.get('a00') as SeedObject),
      title: 'Late',
      sourceUrl: sourceUrlOf('late'),
      publishedDateTime: '2024-02-01T08:00:00Z',
    });
    feeds.store.replace(loadFromSeeds(seeds));
    const after = await feeds.get(`/sitemaps/${day(5)}.xml`);
    expect(after.body).toBe(before.body);
    expect(after.response.headers.get('etag')).toBe(before.response.headers.get('etag'));
    const index = await parseSitemapIndexXml((await feeds.get('/sitemaps/index.xml')).body);
    expect(index[0]?.url).toBe(`${ORIGIN}/sitemaps/2024-02-01.xml`);
    const newDay = await parseSitemapXml((await feeds.get('/sitemaps/2024-02-01.xml')).body);
    expect(newDay.map((u) => u.url)).toEqual([sourceUrlOf('late')]);
  });

  it('news sitemap: only the last 48 hours by the clock, with publication, date and title', async () => {
    const feeds = createFeedHarness();
    const news = async () => {
      const { response, body } = await feeds.get('/sitemaps/news.xml');
      expect(response.status).toBe(200);
      expect(xmllint(body)).toEqual({ ok: true, errors: '' });
      return parseSitemapXml(body);
    };
    feeds.setNow(new Date('2024-01-24T13:00:00Z'));
    const items = await news();
    expect(items.map((i) => i.url)).toEqual([sourceUrlOf('a23'), sourceUrlOf('a22')]);
    expect(items[0]?.news).toEqual({
      publication: { name: 'Gamma Post', language: 'en' },
      publication_date: '2024-01-24T12:00:00.000Z',
      title: 'Article a23',
    });
    // The same server later: a22 (published 2024-01-23T12:00Z) has left the window.
    feeds.setNow(new Date('2024-01-25T12:30:00Z'));
    expect((await news()).map((i) => i.url)).toEqual([sourceUrlOf('a23')]);
    // Earlier: a23 is still in the future and does not appear yet.
    feeds.setNow(new Date('2024-01-24T11:00:00Z'));
    expect((await news()).map((i) => i.url)).toEqual([sourceUrlOf('a22'), sourceUrlOf('a21')]);
    // The window's edge: exactly 48 hours old is out, a millisecond younger is in.
    feeds.setNow(new Date('2024-01-26T12:00:00Z'));
    expect(await news()).toEqual([]);
    feeds.setNow(new Date('2024-01-26T11:59:59.999Z'));
    expect((await news()).map((i) => i.url)).toEqual([sourceUrlOf('a23')]);
  });

  it('news sitemap holds at most 1,000 URLs, newest first', async () => {
    const seeds = fixtureSeeds();
    const base = seeds.get('a00') as SeedObject;
    for (let i = 0; i < 1_100; i++) {
      const key = `n${String(i).padStart(4, '0')}`;
      seeds.set(key, {
        ...base,
        title: `News ${key}`,
        sourceUrl: sourceUrlOf(key),
        publishedDateTime: new Date(Date.UTC(2024, 5, 1, 0, 0, i)).toISOString(),
      });
    }
    const feeds = createFeedHarness({ load: loadFromSeeds(seeds) });
    feeds.setNow(new Date('2024-06-01T12:00:00Z'));
    const { body } = await feeds.get('/sitemaps/news.xml');
    expect(xmllint(body).ok).toBe(true);
    const urls = (await parseSitemapXml(body)).map((i) => i.url);
    expect(urls).toHaveLength(1_000);
    expect(urls[0]).toBe(sourceUrlOf('n1099'));
    expect(urls[999]).toBe(sourceUrlOf('n0100'));
    // 1,124 seeds through the whole content pipeline first.
  }, 120_000);

  it('use the article URL template and the configured language', async () => {
    const feeds = createFeedHarness({
      config: { articleUrlTemplate: 'https://site.example/{date}/{key}', feedLanguage: 'de' },
    });
    const items = await parseSitemapXml((await feeds.get('/sitemaps/news.xml')).body);
    expect(items[0]?.url).toBe('https://site.example/2024-01-24/a23');
    expect(items[0]?.news?.publication.language).toBe('de');
    const dayItems = await parseSitemapXml((await feeds.get(`/sitemaps/${day(0)}.xml`)).body);
    expect(dayItems[0]?.url).toBe('https://site.example/2024-01-01/a00');
  });

  it('answer unknown days 404, malformed ones and parameters 400, other methods 405', async () => {
    const feeds = createFeedHarness();
    const status = async (path: string) => (await feeds.get(path)).response.status;
    expect(await status('/sitemaps/2023-12-31.xml')).toBe(404);
    expect(await status('/sitemaps/2024-02-30.xml')).toBe(400);
    expect(await status('/sitemaps/index.xml?page=2')).toBe(400);
    expect(await status('/sitemaps/other.xml')).toBe(404);
    const { body } = await feeds.get('/sitemaps/2024-02-30.xml');
    expect(JSON.parse(body).error.message).toMatch(/not a calendar day; use YYYY-MM-DD/);
  });
});

describe('update dates', () => {
  it('an updated article carries its updatedDateTime as feed update date and sitemap lastmod', async () => {
    const seeds = fixtureSeeds();
    const updated = '2024-01-30T08:15:00.000Z';
    seeds.set('a03', { ...(seeds.get('a03') as SeedObject), updatedDateTime: updated });
    const feeds = createFeedHarness({ load: loadFromSeeds(seeds) });

    const [entry] = await parseSitemapXml((await feeds.get(`/sitemaps/${day(3)}.xml`)).body);
    expect(entry?.lastmod).toBe(updated);
    const index = await parseSitemapIndexXml((await feeds.get('/sitemaps/index.xml')).body);
    expect(index.find((d) => d.url.endsWith(`/${day(3)}.xml`))?.lastmod).toBe(updated);

    const json = JSON.parse((await feeds.get('/feeds/feed.json?first=100')).body);
    const item = json.items.find((i: { url: string }) => i.url === sourceUrlOf('a03'));
    expect(item.date_modified).toBe(updated);
    expect(item.date_published).toBe('2024-01-04T12:00:00.000Z');
    // Articles never updated keep their publication as their update date.
    const other = json.items.find((i: { url: string }) => i.url === sourceUrlOf('a04'));
    expect(other.date_modified).toBe(other.date_published);
  });
});
