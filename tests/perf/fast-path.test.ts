import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/http.ts';
import { fixtureSeeds, loadFromSeeds } from '../fixtures/graph-corpus.ts';
import { GRAPHQL_JSON } from '../fixtures/http-client.ts';
import { parseExposition, type Sample } from '../ops/prometheus.ts';
import { startSecuredServer } from '../security/harness.ts';
import { PREVIEW, send, yogaCounter } from './server.ts';

const ORIGIN = 'https://app.example';
const QUERY = 'query Page($key: String!) { article(key: $key) { key title provider { name } } }';
const VARIABLES = JSON.stringify({ key: 'a03' });

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const getUrl = (base: string, swapped = false) => {
  const url = new URL(base);
  const params: [string, string][] = [
    ['query', QUERY],
    ['variables', VARIABLES],
  ];
  for (const [name, value] of swapped ? params.reverse() : params)
    url.searchParams.set(name, value);
  return url.toString();
};

const common = { accept: GRAPHQL_JSON, origin: ORIGIN, 'x-request-id': 'same-id-for-both' };

/** Counter and histogram-count samples of GraphQL metrics, as "name{labels}" → value. */
function counts(samples: readonly Sample[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of samples) {
    if (!s.name.startsWith('graphql_')) continue;
    if (s.name.endsWith('_bucket') || s.name.endsWith('_sum')) continue;
    out.set(`${s.name}${JSON.stringify(s.labels)}`, s.value);
  }
  return out;
}

function difference(after: Map<string, number>, before: Map<string, number>) {
  const out: Record<string, number> = {};
  for (const [key, value] of after) {
    const moved = value - (before.get(key) ?? 0);
    if (moved !== 0) out[key] = moved;
  }
  return out;
}

describe('response-cache hits before Yoga', () => {
  it('answer a GET exactly as Yoga does: status, every header, body, metrics', async () => {
    const yoga = yogaCounter();
    server = await startSecuredServer({ corsOrigins: [ORIGIN], metrics: true }, [yoga.plugin]);
    const scrape = async () =>
      counts(
        parseExposition(await (await fetch(`${(server as RunningServer).origin}/metrics`)).text()),
      );
    const stored = await send(getUrl(server.url), { headers: common });
    expect(stored.status).toBe(200);
    expect(stored.headers['access-control-allow-origin']).toBe(ORIGIN);
    const before = await scrape();
    // Another shape (parameters swapped) of the same operation: a hit inside Yoga.
    const yogaHit = await send(getUrl(server.url, true), { headers: common });
    const afterYoga = await scrape();
    const entered = yoga.requests;
    const fast = await send(getUrl(server.url), { headers: common });
    const afterFast = await scrape();
    expect(yoga.requests).toBe(entered);
    for (const answer of [yogaHit, stored]) {
      expect(fast.status).toBe(answer.status);
      expect(fast.headers).toEqual(answer.headers);
      expect(fast.body).toBe(answer.body);
    }
    expect(difference(afterFast, afterYoga)).toEqual(difference(afterYoga, before));
    expect(Object.keys(difference(afterFast, afterYoga)).length).toBeGreaterThan(0);
  });

  it('answer POSTs and 304s exactly as Yoga does', async () => {
    const yoga = yogaCounter();
    server = await startSecuredServer({ corsOrigins: [ORIGIN] }, [yoga.plugin]);
    const post = (extra: Record<string, string> = {}) =>
      send((server as RunningServer).url, {
        method: 'POST',
        headers: { ...common, 'content-type': 'application/json', ...extra },
        body: JSON.stringify({ query: QUERY, variables: JSON.parse(VARIABLES) }),
      });
    const stored = await post();
    let entered = yoga.requests;
    const fast = await post();
    expect(yoga.requests).toBe(entered);
    expect(fast).toEqual(stored);

    const etag = stored.headers.etag as string;
    const yoga304 = await post({ 'if-none-match': etag });
    expect(yoga304.status).toBe(304);
    entered = yoga.requests;
    const fast304 = await post({ 'if-none-match': etag });
    expect(yoga.requests).toBe(entered);
    expect(fast304).toEqual(yoga304);
    // Another ETag is a full answer, from the fast path too.
    expect(await post({ 'if-none-match': '"other"' })).toEqual(stored);
    expect(yoga.requests).toBe(entered);
  });

  it('never serves a preview request, and never a changed answer', async () => {
    const yoga = yogaCounter();
    // Misses go to Yoga here (not executed before it, lean-miss.test.ts), to count them.
    server = await startSecuredServer({ leanMisses: false }, [yoga.plugin]);
    const url = getUrl(server.url);
    await send(url, { headers: common });
    await send(url, { headers: common });
    const entered = yoga.requests;
    await send(url, { headers: { ...common, ...PREVIEW } });
    await send(url, { headers: { ...common, ...PREVIEW } });
    expect(yoga.requests).toBe(entered + 2);
    const seeds = fixtureSeeds();
    seeds.set('a03', { ...(seeds.get('a03') as Record<string, unknown>), title: 'Changed' });
    server.store.replace(loadFromSeeds(seeds));
    const after = await send(url, { headers: common });
    expect(JSON.parse(after.body).data.article.title).toBe('Changed');
    expect(yoga.requests).toBe(entered + 3);
  });

  it('keeps the CSRF rule: a strict-mode GET without the header is refused, not replayed', async () => {
    server = await startSecuredServer({ csrfPrevention: 'strict' }, []);
    const url = getUrl(server.url);
    const withHeader = { ...common, 'x-graphql-csrf': '1' };
    expect((await send(url, { headers: withHeader })).status).toBe(200);
    expect((await send(url, { headers: withHeader })).status).toBe(200);
    expect((await send(url, { headers: common })).status).toBe(403);
  });

  it('count every replay in every series, as many Yoga hits would', async () => {
    const yoga = yogaCounter();
    server = await startSecuredServer({ corsOrigins: [ORIGIN], metrics: true }, [yoga.plugin]);
    const origin = server.origin;
    // Counts only: the phase times differ (a replay took none); bound-series.test.ts proves the
    // buckets and sums of bound series are prom-client's own.
    const scrape = async () =>
      counts(parseExposition(await (await fetch(`${origin}/metrics`)).text()));
    await send(getUrl(server.url), { headers: common });
    const before = await scrape();
    for (let i = 0; i < 3; i += 1) await send(getUrl(server.url, true), { headers: common });
    const afterYoga = await scrape();
    const entered = yoga.requests;
    for (let i = 0; i < 3; i += 1) await send(getUrl(server.url), { headers: common });
    const afterFast = await scrape();
    expect(yoga.requests).toBe(entered);
    const moved = difference(afterYoga, before);
    expect(Object.values(moved)).toContain(3);
    expect(difference(afterFast, afterYoga)).toEqual(moved);
  });
});
