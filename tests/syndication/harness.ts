import { spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import FeedParser from 'feedparser';
import { pino } from 'pino';
import { parseSitemap, parseSitemapIndex } from 'sitemap';
import type { LoadResult } from '../../src/content/load.ts';
import { ContentStore } from '../../src/corpus/store.ts';
import { createNewsgraphYoga, type NewsgraphYogaOptions } from '../../src/server/yoga.ts';
import { fixtureSeeds, loadFromSeeds, PREVIEW_TOKEN } from '../fixtures/graph-corpus.ts';

export const ORIGIN = 'http://newsgraph.test';

export interface FeedHarness {
  readonly store: ContentStore;
  /** Every body this harness received, with its URL, for the leak scan. */
  readonly bodies: { url: string; body: string }[];
  /** Moves the clock of the news sitemap. */
  setNow(date: Date): void;
  get(
    path: string,
    headers?: Record<string, string>,
    method?: string,
  ): Promise<{ response: Response; body: string }>;
}

/** Yoga over the fixture corpus (or `load`), driven in-process, with a clock the test sets. */
export function createFeedHarness(
  options: { load?: LoadResult; config?: Partial<NewsgraphYogaOptions['config']> } = {},
): FeedHarness {
  const store = new ContentStore(options.load ?? loadFromSeeds(fixtureSeeds()));
  let now = new Date('2024-01-24T13:00:00Z');
  const yoga = createNewsgraphYoga({
    store,
    config: { previewToken: PREVIEW_TOKEN, ...options.config },
    logger: pino({ level: 'silent' }),
    now: () => now,
  });
  const bodies: { url: string; body: string }[] = [];
  return {
    store,
    bodies,
    setNow(date) {
      now = date;
    },
    async get(path, headers = {}, method = 'GET') {
      const response = await yoga.fetch(`${ORIGIN}${path}`, {
        method,
        headers,
        redirect: 'manual',
      });
      const body = await response.text();
      bodies.push({ url: path, body });
      return { response, body };
    },
  };
}

/** libxml2's well-formedness check, as a sitemap or feed validator would run it. */
export function xmllint(xml: string): { ok: boolean; errors: string } {
  const run = spawnSync('xmllint', ['--noout', '-'], { input: xml, encoding: 'utf8' });
  if (run.error) throw run.error;
  return { ok: run.status === 0, errors: run.stderr };
}

export interface ParsedFeed {
  readonly meta: FeedParser.Meta;
  readonly items: FeedParser.Item[];
}

/** RSS or Atom through feedparser (well-formedness is xmllint's job). */
export async function parseFeed(xml: string): Promise<ParsedFeed> {
  const parser = new FeedParser({});
  const items: FeedParser.Item[] = [];
  const done = new Promise<void>((resolve, reject) => {
    parser.on('error', reject);
    parser.on('end', () => resolve());
  });
  Readable.from([xml]).pipe(parser);
  for await (const item of parser) items.push(item);
  await done;
  return { meta: parser.meta, items };
}

export const parseSitemapXml = (xml: string) => parseSitemap(Readable.from([xml]));
export const parseSitemapIndexXml = (xml: string) => parseSitemapIndex(Readable.from([xml]));
