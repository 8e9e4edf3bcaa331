import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentStore } from '../../src/corpus/store.ts';
import type { RunningServer } from '../../src/server/http.ts';
import {
  DRAFT_KEYS,
  fixtureSeeds,
  loadFromSeeds,
  PROVIDERS,
  type SeedObject,
  sourceUrlOf,
  TOPICS,
} from '../fixtures/graph-corpus.ts';
import { PREVIEW, startPerfServer } from './server.ts';

/**
 * One store, two servers over it: `cached` with the response cache and the fast path (the
 * defaults), `fresh` with the response cache off, executing every operation against the
 * current snapshot. Every answer of `cached` (a 200 from the cache or not, a 304) must be what
 * `fresh` answers at that moment.
 */
let store: ContentStore;
let cached: RunningServer;
let fresh: RunningServer;
beforeAll(async () => {
  store = new ContentStore(loadFromSeeds(fixtureSeeds()));
  cached = await startPerfServer({}, undefined, store);
  fresh = await startPerfServer({ responseCache: false }, undefined, store);
});
afterAll(async () => {
  await Promise.all([cached?.close(), fresh?.close()]);
});

const KEYS = ['a00', 'a01', 'a05', 'a12', 'a23', DRAFT_KEYS[0], 'new0', 'new1', 'missing'];
const DOMAINS = [...PROVIDERS.map((p) => p.domain), 'embargo.example'];

/** Operations over every kind of read: lookups (found or not), lists, search, facets, coverage. */
const queries: fc.Arbitrary<{ query: string; variables: Record<string, unknown> }> = fc.oneof(
  fc.constantFrom(...KEYS).map((key) => ({
    query:
      'query A($key: String!) { article(key: $key) { key title provider { name } topics { name } related { article { key title } } } }',
    variables: { key },
  })),
  fc.constantFrom(...KEYS).map((key) => ({
    query: 'query U($url: String!) { article(sourceUrl: $url) { key title } }',
    variables: { url: sourceUrlOf(key) },
  })),
  fc
    .record({ first: fc.integer({ min: 1, max: 4 }), domain: fc.constantFrom(...DOMAINS) })
    .map(({ first, domain }) => ({
      query: `query L($first: Int!, $d: String!) {
        all: articles(first: $first) { totalCount edges { node { key title } } }
        mine: articles(first: $first, where: { providerDomains: [$d] }) {
          totalCount edges { node { key } } facets { topics { value count } }
        }
      }`,
      variables: { first, d: domain },
    })),
  fc.constantFrom(...DOMAINS).map((domain) => ({
    query:
      'query P($d: String!) { provider(domain: $d) { name articles(first: 2) { totalCount edges { node { key } } } } providers { totalCount edges { node { name domain } } } }',
    variables: { d: domain },
  })),
  fc.constantFrom(...TOPICS, 'Secret Launch', 'Nowhere').map((name) => ({
    query:
      'query T($n: String!) { topic(name: $n) { name articles(first: 2) { edges { node { key } } } } topics { totalCount } }',
    variables: { n: name },
  })),
  fc.constantFrom('Article', 'Draft', 'Changed', 'Excerpt').map((text) => ({
    query:
      'query S($q: String!) { search(query: $q, first: 3) { totalCount edges { node { key } } } }',
    variables: { q: text },
  })),
  fc.constantFrom('a03', 'a10').map((key) => ({
    query:
      'query C($key: String!) { article(key: $key) { coverage { articleCount articles(first: 2) { key } } } }',
    variables: { key },
  })),
);

type Change =
  | { kind: 'add'; provider: number; topic: number; day: number }
  | { kind: 'retitle'; key: number; title: string }
  | { kind: 'publish'; key: number; published: boolean }
  | { kind: 'remove'; key: number }
  | { kind: 'secured'; key: number }
  | { kind: 'provider'; key: number; provider: number; name: string };

const keyIndex = fc.nat({ max: KEYS.length - 1 });
const changes: fc.Arbitrary<Change> = fc.oneof(
  fc.record({
    kind: fc.constant('add' as const),
    provider: fc.nat({ max: 2 }),
    topic: fc.nat({ max: 3 }),
    day: fc.nat({ max: 400 }),
  }),
  fc.record({
    kind: fc.constant('retitle' as const),
    key: keyIndex,
    title: fc.constantFrom('Changed', 'Changed again', 'Article'),
  }),
  fc.record({ kind: fc.constant('publish' as const), key: keyIndex, published: fc.boolean() }),
  fc.record({ kind: fc.constant('remove' as const), key: keyIndex }),
  fc.record({ kind: fc.constant('secured' as const), key: keyIndex }),
  fc.record({
    kind: fc.constant('provider' as const),
    key: keyIndex,
    provider: fc.nat({ max: 2 }),
    name: fc.constantFrom('Renamed', 'Alpha News'),
  }),
);

type Audience = 'public' | 'preview' | 'wrong-token';
interface Ask {
  readonly query: { query: string; variables: Record<string, unknown> };
  readonly audience: Audience;
  readonly method: 'GET' | 'POST';
  readonly revalidate: 'none' | 'last' | 'bogus';
}
const asks: fc.Arbitrary<Ask> = fc.record({
  query: queries,
  audience: fc.constantFrom<Audience>('public', 'public', 'preview', 'wrong-token'),
  method: fc.constantFrom<'GET' | 'POST'>('GET', 'POST'),
  revalidate: fc.constantFrom<'none' | 'last' | 'bogus'>('none', 'last', 'last', 'bogus'),
});

const steps = fc.array(
  fc.oneof(
    { weight: 1, arbitrary: changes.map((change) => ({ change })) },
    { weight: 3, arbitrary: asks.map((ask) => ({ ask })) },
  ),
  { minLength: 4, maxLength: 20 },
);

function apply(seeds: Map<string, SeedObject>, change: Change, serial: number): void {
  const key = KEYS[change.kind === 'add' ? 0 : change.key] as string;
  const seed = seeds.get(key);
  switch (change.kind) {
    case 'add': {
      const fresh = `new${serial % 2}`;
      seeds.set(fresh, {
        ...(seeds.get('a00') as SeedObject),
        title: `Article ${fresh} ${serial}`,
        sourceUrl: sourceUrlOf(fresh),
        provider: PROVIDERS[change.provider],
        topics: [TOPICS[change.topic]],
        publishedDateTime: new Date(Date.UTC(2024, 0, 1 + change.day, 12)).toISOString(),
        related: [],
      });
      return;
    }
    case 'retitle':
      if (seed) seeds.set(key, { ...seed, title: change.title });
      return;
    case 'publish':
      if (seed) seeds.set(key, { ...seed, published: change.published });
      return;
    case 'remove':
      seeds.delete(key);
      return;
    case 'secured':
      if (seed)
        seeds.set(key, { ...seed, secured: `c2VjcmV0LSR7c2VyaWFsfQ==;AAECAwQFBgcICQoLDA0ODw==` });
      return;
    case 'provider':
      if (seed)
        seeds.set(key, {
          ...seed,
          provider: { ...PROVIDERS[change.provider], name: change.name },
        });
      return;
  }
}

const headersOf = (audience: Audience): Record<string, string> =>
  audience === 'preview'
    ? PREVIEW
    : audience === 'wrong-token'
      ? { authorization: 'Bearer not-the-token' }
      : {};

async function send(
  server: RunningServer,
  ask: Ask,
  extra: Record<string, string> = {},
): Promise<{ status: number; etag: string | null; body: unknown; text: string }> {
  const headers = { accept: 'application/json', ...headersOf(ask.audience), ...extra };
  let response: Response;
  if (ask.method === 'GET') {
    const url = new URL(server.url);
    url.searchParams.set('query', ask.query.query);
    url.searchParams.set('variables', JSON.stringify(ask.query.variables));
    response = await fetch(url, { headers });
  } else {
    response = await fetch(server.url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(ask.query),
    });
  }
  const text = await response.text();
  return {
    status: response.status,
    etag: response.headers.get('etag'),
    body: text === '' ? undefined : JSON.parse(text),
    text,
  };
}

describe('the response cache, over random changes and requests', () => {
  it('answers (200 or 304) exactly what a fresh execution answers, and never a preview answer to the public', async () => {
    let serial = 0;
    await fc.assert(
      fc.asyncProperty(steps, async (sequence) => {
        const seeds = fixtureSeeds();
        store.replace(loadFromSeeds(seeds));
        /** Per operation and audience, the last ETag and the body it came with. */
        const held = new Map<string, { etag: string; body: unknown }>();
        const previewEtags = new Set<string>();
        for (const step of sequence) {
          if ('change' in step) {
            apply(seeds, step.change, serial++);
            store.replace(loadFromSeeds(seeds));
            continue;
          }
          const { ask } = step;
          const id = `${ask.audience}\n${JSON.stringify(ask.query)}`;
          const last = held.get(id);
          const inm =
            ask.revalidate === 'bogus'
              ? '"bogus"'
              : ask.revalidate === 'last' && last
                ? last.etag
                : undefined;
          const answer = await send(cached, ask, inm ? { 'if-none-match': inm } : {});
          const truth = await send(fresh, ask);
          expect(truth.status).toBe(200);
          if (answer.status === 304) {
            expect(inm).toBe(last?.etag);
            expect(last?.body).toEqual(truth.body);
          } else {
            expect(answer.status).toBe(200);
            expect(answer.body).toEqual(truth.body);
            if (answer.etag) held.set(id, { etag: answer.etag, body: answer.body });
          }
          if (ask.audience === 'preview' && answer.etag) previewEtags.add(answer.etag);
          // Equal to the fresh public answer above, so no draft in it; nor a preview ETag.
          if (ask.audience !== 'preview') expect(previewEtags.has(answer.etag ?? '')).toBe(false);
        }
      }),
      { numRuns: 10 },
    );
  }, 240_000);
});
