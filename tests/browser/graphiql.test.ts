import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSeedFolder } from '../../src/seedgen/generate.ts';
import { serverConfigSchema } from '../../src/server/config.ts';
import { type RunningServer, startServer } from '../../src/server/http.ts';
import { EXAMPLE_FEED_QUERY } from '../../src/server/yoga.ts';
import { PREVIEW_TOKEN, SECURED_VALUE, seedText } from '../fixtures/graph-corpus.ts';
import { confineToLocalhost, launchChromium } from './chromium.ts';
import { openGraphiQL, runQuery, scanResult, setHeaders, visibleResult } from './graphiql-page.ts';

const ARTEFACTS = path.resolve(import.meta.dirname, '../../test-results');
const BROWSER_TEST_MS = 180_000;
/** Per browser step: the ~9 MB self-hosted page loads slowly on a busy two-core machine. */
const BROWSER_STEP_MS = 90_000;

/** Dated after every generated article, so with the token it tops the feed. */
const EMBARGOED = {
  key: 'zz_embargoed',
  title: 'Embargoed: orbital telescope finds water plumes on a distant moon',
};

interface FeedResult {
  data: { articles: { edges: { node: { title: string } }[] } };
}

let seedsDir: string;
let server: RunningServer;
let browser: Browser;

/** The example feed's titles, straight from the API: what the result pane must show. */
async function feedTitles(headers: Record<string, string> = {}): Promise<string[]> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: EXAMPLE_FEED_QUERY }),
  });
  const body = (await response.json()) as FeedResult;
  return body.data.articles.edges.map((edge) => edge.node.title);
}

beforeAll(async () => {
  seedsDir = await mkdtemp(path.join(tmpdir(), 'newsgraph-graphiql-'));
  await writeSeedFolder(seedsDir, { count: 60, seed: 5, draftShare: 0 });
  await writeFile(
    path.join(seedsDir, `${EMBARGOED.key}.txt`),
    seedText({
      category: 'news',
      type: 'article',
      title: EMBARGOED.title,
      excerpt: 'Under embargo until the press conference.',
      publishedDateTime: '2030-01-01T06:00:00Z',
      sourceUrl: 'https://embargo.example/water-plumes',
      quality: 90,
      heat: 80,
      published: false,
      provider: { name: 'Embargo Wire', domain: 'embargo.example' },
      topics: ['Space'],
      images: [],
      related: [],
      secured: SECURED_VALUE,
    }),
  );
  const config = serverConfigSchema.parse({
    port: 0,
    host: '127.0.0.1',
    seedsDir,
    previewToken: PREVIEW_TOKEN,
    logLevel: 'silent',
  });
  server = await startServer({ config, logger: pino({ level: 'silent' }) });
  browser = await launchChromium();
  await mkdir(ARTEFACTS, { recursive: true });
}, BROWSER_TEST_MS);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(seedsDir, { recursive: true, force: true });
});

describe('GraphiQL in Chromium', () => {
  it(
    'runs the example feed query with no internet and shows the newest titles',
    async () => {
      const expected = await feedTitles();
      expect(expected).toHaveLength(10);
      expect(expected).not.toContain(EMBARGOED.title);

      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      context.setDefaultTimeout(BROWSER_STEP_MS);
      const outside = await confineToLocalhost(context);
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      try {
        await openGraphiQL(page, server.url);
        await runQuery(page);
        const [newest] = expected;
        expect(await visibleResult(page)).toContain((newest ?? '').replace(/\s+/g, ''));
        await page.screenshot({ path: path.join(ARTEFACTS, 'graphiql.png') });
        const seen = await scanResult(page, [...expected, EMBARGOED.title]);
        expect([...seen].sort()).toEqual([...expected].sort());
      } finally {
        await context.close();
      }
      expect(outside).toEqual([]);
      expect(pageErrors).toEqual([]);
    },
    BROWSER_TEST_MS,
  );

  it(
    'shows a draft at the top of the feed once the preview token is set in the headers editor',
    async () => {
      const authorization = `Bearer ${PREVIEW_TOKEN}`;
      expect((await feedTitles({ authorization }))[0]).toBe(EMBARGOED.title);

      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      context.setDefaultTimeout(BROWSER_STEP_MS);
      const outside = await confineToLocalhost(context);
      const page = await context.newPage();
      try {
        await openGraphiQL(page, server.url);
        await setHeaders(page, { Authorization: authorization });
        await runQuery(page);
        expect(await visibleResult(page)).toContain(EMBARGOED.title.replace(/\s+/g, ''));
        await page.screenshot({ path: path.join(ARTEFACTS, 'graphiql-preview.png') });
      } finally {
        await context.close();
      }
      expect(outside).toEqual([]);
    },
    BROWSER_TEST_MS,
  );
});
