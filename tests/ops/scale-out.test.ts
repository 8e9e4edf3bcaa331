import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRAFT_KEYS, fixtureSeeds, PREVIEW_TOKEN, seedText } from '../fixtures/graph-corpus.ts';
import {
  type Answer,
  answer,
  COUNT,
  documentId,
  expectNoRequestLostWhileStopping,
  getPersisted,
  LATEST,
  postPersisted,
  sleep,
} from './edge-client.ts';
import { type RunningNginx, startNginx } from './nginx.ts';
import { parseExposition, sampleSum, sampleValue } from './prometheus.ts';
import { type Replicas, startReplicas } from './replicas.ts';

/** Short, so the test can watch a cached answer expire; production uses minutes. */
const MAX_AGE_S = 2;
/** Polling granularity and the time nginx needs to notice an expired entry and refetch. */
const EXPIRY_SLACK_MS = 1_500;
const RELOAD_WAIT_MS = 30_000;
const SUITE_TIMEOUT_MS = 300_000;

// In declared order, never shuffled: the last test stops a replica for good, and the others
// need both (starting two more replicas and nginx for it alone would add ~10 s to CI).
describe('two replicas behind nginx with proxy_cache', {
  timeout: SUITE_TIMEOUT_MS,
  shuffle: false,
}, () => {
  let replicas: Replicas;
  let nginx: RunningNginx;

  beforeAll(async () => {
    replicas = await startReplicas({ documents: [LATEST, COUNT], maxAgeSeconds: MAX_AGE_S });
    nginx = await startNginx(replicas.hosts);
  }, SUITE_TIMEOUT_MS);

  afterAll(async () => {
    await nginx?.stop();
    await replicas?.stop();
  });

  it('spreads requests over both replicas', async () => {
    const answers: Answer[] = [];
    for (let i = 0; i < 10; i++) answers.push(await postPersisted(nginx.origin, COUNT));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const served = new Set(answers.map((a) => a.instance));
    expect(served).toEqual(new Set(['replica-a', 'replica-b']));
  });

  it('joins nginx access log lines and replica answers by one request id', async () => {
    const response = await fetch(`${nginx.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'scale-out-probe-1' },
      body: JSON.stringify({ documentId: documentId(COUNT) }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('scale-out-probe-1');
    const anonymous = await fetch(`${nginx.origin}/healthz`);
    const generated = anonymous.headers.get('x-request-id') ?? '';
    expect(generated).toMatch(/^[0-9a-f]{32}$/);
    const log = await nginx.accessLog();
    expect(log).toContain('"reqId":"scale-out-probe-1"');
    expect(log).toContain(`"reqId":"${generated}"`);
  });

  it('answers a cached GET with the current caller’s request id, not the first caller’s', async () => {
    const get = (id: string) =>
      fetch(`${nginx.origin}/graphql?documentId=${encodeURIComponent(documentId(LATEST))}`, {
        headers: { accept: 'application/graphql-response+json', 'x-request-id': id },
      });
    const first = await get('cache-filler-1');
    await first.text();
    const second = await get('cache-reader-2');
    await second.text();
    expect(second.headers.get('x-cache-status')).toBe('HIT');
    expect(first.headers.get('x-request-id')).toBe('cache-filler-1');
    expect(second.headers.get('x-request-id')).toBe('cache-reader-2');
    const anonymous = await get('');
    await anonymous.text();
    expect(anonymous.headers.get('x-cache-status')).toBe('HIT');
    expect(anonymous.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('serves feeds and sitemaps from its cache, each caller with its own request id', async () => {
    for (const path of ['/feeds/rss.xml', '/sitemaps/index.xml']) {
      const get = (id: string) =>
        fetch(`${nginx.origin}${path}`, { headers: { 'x-request-id': id } }).then(async (r) => ({
          ...(await answer(r)),
          requestId: r.headers.get('x-request-id'),
        }));
      const first = await get(`feed-filler-${path.length}`);
      const second = await get(`feed-reader-${path.length}`);
      expect(first.status).toBe(200);
      expect(first.cacheControl).toBe(`public, max-age=${MAX_AGE_S}`);
      expect(second.cache).toBe('HIT');
      expect(second.text).toBe(first.text);
      expect(second.requestId).toBe(`feed-reader-${path.length}`);
    }
  });

  it('serves persisted GET operations from its cache for the max-age newsgraph sets', async () => {
    const first = await getPersisted(nginx.origin, COUNT);
    const second = await getPersisted(nginx.origin, COUNT);
    expect(first.status).toBe(200);
    expect(first.cacheControl).toBe(`public, max-age=${MAX_AGE_S}`);
    expect(['MISS', 'EXPIRED']).toContain(first.cache);
    expect(second.cache).toBe('HIT');
    expect(second.text).toBe(first.text);
    // The cached copy carries the header of the replica that produced it.
    expect(second.instance).toBe(first.instance);

    // POSTs never reach the cache: nginx reports no cache status for them at all.
    const posted = await postPersisted(nginx.origin, COUNT);
    expect(posted.status).toBe(200);
    expect(posted.cache).toBeNull();
  });

  it('never stores or serves a preview answer from the shared cache', async () => {
    const open = await getPersisted(nginx.origin, LATEST);
    const preview = await getPersisted(nginx.origin, LATEST, { token: PREVIEW_TOKEN });
    const previewAgain = await getPersisted(nginx.origin, LATEST, { token: PREVIEW_TOKEN });
    const openAgain = await getPersisted(nginx.origin, LATEST);

    expect(preview.cache).toBe('BYPASS');
    expect(previewAgain.cache).toBe('BYPASS');
    expect(preview.cacheControl).toContain('no-store');
    expect(preview.text).toContain(DRAFT_KEYS[0]);
    expect(open.text).not.toContain(DRAFT_KEYS[0]);
    expect(openAgain.cache).toBe('HIT');
    expect(openAgain.text).not.toContain(DRAFT_KEYS[0]);
  });

  it('keeps /metrics off the public edge while each replica answers its scraper', async () => {
    expect((await fetch(`${nginx.origin}/metrics`)).status).toBe(404);
    for (const origin of replicas.origins)
      expect((await fetch(`${origin}/metrics`)).status).toBe(404);
    const counts = await Promise.all(
      replicas.scrapeUrls.map(async (url) => {
        const samples = parseExposition(await (await fetch(url)).text());
        expect(sampleValue(samples, 'newsgraph_corpus_articles', { status: 'draft' })).toBe(2);
        return sampleSum(samples, 'graphql_envelop_request', { operationName: 'Count' });
      }),
    );
    // Both replicas executed persisted operations that came in through nginx.
    expect(counts.every((count) => count > 0)).toBe(true);
  });

  it('shows a content change through the proxy within the max-age', async () => {
    const before = await getPersisted(nginx.origin, LATEST);
    expect(before.text).not.toContain('breaking_news');
    const seed = {
      ...fixtureSeeds().get('a23'),
      title: 'Breaking news through the proxy',
      sourceUrl: 'https://news.example/breaking_news',
      publishedDateTime: new Date(Date.UTC(2030, 0, 1)).toISOString(),
    };
    await writeFile(path.join(replicas.seeds, 'breaking_news.txt'), seedText(seed));

    // Both replicas reload from the shared folder (asked directly, past nginx)…
    const reloadDeadline = Date.now() + RELOAD_WAIT_MS;
    for (const origin of replicas.origins) {
      while (!(await postPersisted(origin, LATEST)).text.includes('breaking_news')) {
        if (Date.now() > reloadDeadline) throw new Error(`${origin} did not reload`);
        await sleep(100);
      }
    }
    const reloaded = Date.now();
    // …and nginx serves the new content once the entry it holds reaches its max-age.
    let through: Answer;
    do {
      through = await getPersisted(nginx.origin, LATEST);
      if (through.text.includes('breaking_news')) break;
      expect(through.cache).toBe('HIT');
      await sleep(100);
    } while (Date.now() - reloaded <= MAX_AGE_S * 1000 + EXPIRY_SLACK_MS);
    expect(through.text).toContain('Breaking news through the proxy');
    expect(['MISS', 'EXPIRED']).toContain(through.cache);
  });

  it('loses no request while a replica stops, and routes everything to the other one', async () => {
    await expectNoRequestLostWhileStopping(nginx.origin, replicas.processes[1], 'replica-a');
    // nginx saw the stopped replica fail (refused, or cut mid-answer) and took it out.
    expect(await nginx.errorLog()).toContain('upstream server temporarily disabled');
  });
});
