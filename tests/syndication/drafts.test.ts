import { describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/schema/global-id.ts';
import {
  DRAFT_KEYS,
  DRAFT_ONLY_PROVIDER,
  DRAFT_ONLY_TOPIC,
  PREVIEW_TOKEN,
  PROVIDERS,
  SECURED_CIPHERTEXT,
  SECURED_IV,
  sourceUrlOf,
  TOPICS,
} from '../fixtures/graph-corpus.ts';
import { createFeedHarness, parseSitemapIndexXml } from './harness.ts';

/** What only drafts carry, and the confidential blob every fixture article carries. */
const MARKERS = [
  SECURED_CIPHERTEXT,
  SECURED_IV,
  'Embargoed excerpt',
  DRAFT_ONLY_PROVIDER.name,
  DRAFT_ONLY_PROVIDER.domain,
  DRAFT_ONLY_TOPIC,
  encodeURIComponent(DRAFT_ONLY_TOPIC.toLowerCase()),
  DRAFT_ONLY_TOPIC.toLowerCase().replace(' ', '+'),
  ...DRAFT_KEYS.flatMap((key) => [
    `Draft ${key}`,
    sourceUrlOf(key),
    encodeGlobalId('Article', key),
  ]),
  // The drafts' publication days (2024-04-10 and 11) exist only through them.
  '2024-04-10',
  '2024-04-11',
];

/** Every filter the syndication tests use, plus ones naming what only drafts have. */
const FILTERS = [
  '',
  'first=100',
  ...TOPICS.map((t) => `topic=${encodeURIComponent(t.toLowerCase())}&first=100`),
  ...PROVIDERS.map((p) => `provider=${p.domain}&first=100`),
  `topic=${encodeURIComponent(DRAFT_ONLY_TOPIC.toLowerCase())}`,
  `provider=${DRAFT_ONLY_PROVIDER.domain}`,
  'topic=ai&topic=space&provider=beta.example&minHeat=10',
  'category=news&first=100',
  'type=article&first=100',
  'minQuality=90&first=100',
  'minHeat=90&first=100',
  'publishedAfter=2024-03-01T00%3A00%3A00.000Z',
  'order=QUALITY&first=100',
  'order=HEAT&first=100',
  'order=TRENDING&first=100',
  'direction=ASC&first=100',
];

describe('drafts and secured values', () => {
  it('never appear in any feed, sitemap or the index, with or without the preview token', async () => {
    const feeds = createFeedHarness();
    const paths = ['/'];
    for (const format of ['rss.xml', 'atom.xml', 'feed.json']) {
      for (const filter of FILTERS) paths.push(`/feeds/${format}${filter ? `?${filter}` : ''}`);
    }
    paths.push('/sitemaps/index.xml', '/sitemaps/2024-04-10.xml', '/sitemaps/2024-04-11.xml');
    for (const now of ['2024-01-24T13:00:00Z', '2024-04-11T13:00:00Z']) {
      feeds.setNow(new Date(now));
      paths.push('/sitemaps/news.xml');
    }
    const index = await parseSitemapIndexXml((await feeds.get('/sitemaps/index.xml')).body);
    expect(index.length).toBeGreaterThan(0);
    for (const day of index) paths.push(new URL(day.url).pathname);

    let answered = 0;
    for (const authorization of [undefined, `Bearer ${PREVIEW_TOKEN}`]) {
      for (const path of paths) {
        const { response, body } = await feeds.get(path, authorization ? { authorization } : {});
        expect(response.status, path).toBeLessThan(500);
        if (response.status === 200) answered++;
        const headers = [...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
        // A filter naming the draft-only topic or provider is echoed in self links and
        // redirects: the client's own words, not a leak. Its items are checked below.
        const query = new URLSearchParams(path.split('?')[1] ?? '');
        const asked = `${path}\n${query}\n${[...query.values()].join('\n')}`.toLowerCase();
        for (const marker of MARKERS.filter((m) => !asked.includes(m.toLowerCase()))) {
          expect(body.toLowerCase(), `${path} ${marker}`).not.toContain(marker.toLowerCase());
          expect(headers.toLowerCase(), `${path} ${marker}`).not.toContain(marker.toLowerCase());
        }
      }
    }
    expect(answered).toBeGreaterThan(paths.length);
    for (const filter of [`topic=secret+launch`, `provider=${DRAFT_ONLY_PROVIDER.domain}`]) {
      const { response, body } = await feeds.get(`/feeds/feed.json?${filter}`, {
        authorization: `Bearer ${PREVIEW_TOKEN}`,
      });
      expect(response.status).toBe(200);
      expect(JSON.parse(body).items).toEqual([]);
    }
    // The drafts' days are not there at all.
    expect((await feeds.get('/sitemaps/2024-04-10.xml')).response.status).toBe(404);
    // Every body any request above received, scanned once more as a whole.
    const all = feeds.bodies.map((b) => b.body).join('\n');
    expect(all).not.toContain(SECURED_CIPHERTEXT);
  });
});
