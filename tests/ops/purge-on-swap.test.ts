import fc from 'fast-check';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { articleTag, tagsOfSwap } from '../../src/corpus/cache-tags.ts';
import { ContentStore } from '../../src/corpus/store.ts';
import type { RunningServer } from '../../src/server/http.ts';
import { purgeOnSwap } from '../../src/server/purge/on-swap.ts';
import { createPurgeSender } from '../../src/server/purge/sender.ts';
import {
  DRAFT_KEYS,
  fixtureSeeds,
  loadFromSeeds,
  SECURED_IV,
  type SeedObject,
} from '../fixtures/graph-corpus.ts';
import { startOpsServer } from './helpers.ts';
import { parseExposition, sampleValue } from './prometheus.ts';
import { type PurgeReceiver, startPurgeReceiver } from './purge-receiver.ts';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function receiver(): Promise<PurgeReceiver> {
  const started = await startPurgeReceiver();
  cleanup.push(() => started.close());
  return started;
}

const edited = (seeds: Map<string, SeedObject>, key: string, change: SeedObject) =>
  new Map(seeds).set(key, { ...seeds.get(key), ...change });

describe('purges from a running server', () => {
  it('sends the tags of a public edit to every edge, and counts them', async () => {
    const [a, b] = [await receiver(), await receiver()];
    const seeds = fixtureSeeds();
    const store = new ContentStore(loadFromSeeds(seeds));
    const server: RunningServer = await startOpsServer({ purgeUrls: `${a.url}, ${b.url}` }, store);
    cleanup.push(() => server.close());

    const swap = store.swap(loadFromSeeds(edited(seeds, 'a05', { title: 'Corrected' })));
    await Promise.all([a.until(1), b.until(1)]);
    const expected = [...tagsOfSwap(swap.corpus, swap.previous, swap.changes)].sort();
    for (const edge of [a, b]) {
      expect(edge.received).toHaveLength(1);
      expect([...(edge.received[0]?.tags ?? [])].sort()).toEqual(expected);
    }
    expect(expected).toContain(articleTag('a05'));
    expect(expected).not.toContain(articleTag('a06'));

    const samples = parseExposition(await (await fetch(`${server.origin}/metrics`)).text());
    expect(sampleValue(samples, 'newsgraph_edge_purge_requests_total', { outcome: 'sent' })).toBe(
      2,
    );
  });

  it('sends nothing when NEWSGRAPH_PURGE_URLS is unset', async () => {
    const seeds = fixtureSeeds();
    const store = new ContentStore(loadFromSeeds(seeds));
    const server = await startOpsServer({}, store);
    cleanup.push(() => server.close());
    store.swap(loadFromSeeds(edited(seeds, 'a05', { title: 'Corrected' })));
    const samples = parseExposition(await (await fetch(`${server.origin}/metrics`)).text());
    expect(samples.some((s) => s.name.startsWith('newsgraph_edge_purge'))).toBe(false);
  });
});

type Edit = {
  readonly kind: 'retitle' | 'secured' | 'publish' | 'unpublish';
  readonly key: string;
};

const KEYS = ['a01', 'a02', 'a03', ...DRAFT_KEYS];

/** Every step loads the whole fixture corpus through the real pipeline: slow on a loaded box. */
const PROPERTY_TIMEOUT_MS = 180_000;

describe('purges follow public changes only', { timeout: PROPERTY_TIMEOUT_MS }, () => {
  it('no draft or secured edit ever sends a purge; every public change sends its article', async () => {
    const edge = await receiver();
    const edit = fc.record({
      kind: fc.constantFrom('retitle', 'secured', 'publish', 'unpublish'),
      key: fc.constantFrom(...KEYS),
    }) as fc.Arbitrary<Edit>;
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 6 }), async (edits) => {
        let seeds = fixtureSeeds();
        const store = new ContentStore(loadFromSeeds(seeds));
        const sender = createPurgeSender({ urls: [edge.url], logger: pino({ level: 'silent' }) });
        const stop = purgeOnSwap(store, sender, tagsOfSwap);
        try {
          for (const [step, { kind, key }] of edits.entries()) {
            const published = seeds.get(key)?.published === true;
            const change: SeedObject =
              kind === 'retitle'
                ? { title: `Title ${step} of ${key}` }
                : kind === 'secured'
                  ? { secured: `${Buffer.from(`secret ${step}`).toString('base64')};${SECURED_IV}` }
                  : { published: kind === 'publish' };
            seeds = edited(seeds, key, change);
            const before = edge.received.length;
            store.swap(loadFromSeeds(seeds));
            await sender.idle();
            const sent = edge.received.slice(before).flatMap((request) => request.tags);
            const visible =
              (kind === 'retitle' && published) ||
              (kind === 'publish' && !published) ||
              (kind === 'unpublish' && published);
            if (visible) expect(sent).toContain(articleTag(key));
            else expect(sent).toEqual([]);
          }
        } finally {
          stop();
          sender.close();
        }
      }),
      { numRuns: 15 },
    );
  });
});
