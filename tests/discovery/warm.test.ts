import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ContentStore } from '../../src/corpus/store.ts';
import { searchIndexReady } from '../../src/discovery/search-index.ts';
import type { RunningServer } from '../../src/server/http.ts';
import { loadFromSeeds } from '../fixtures/graph-corpus.ts';
import { startFixtureServer } from '../fixtures/server.ts';
import { generatedLoad, knownSeeds } from './corpus.ts';

describe('discovery built ahead of requests', () => {
  const store = new ContentStore(loadFromSeeds(knownSeeds()));
  let server: RunningServer;
  beforeAll(async () => {
    server = await startFixtureServer({ store });
  });
  afterAll(() => server.close());

  it('builds the public search index of the served snapshot and of each one swapped in', async () => {
    const first = store.current;
    await vi.waitFor(() => expect(searchIndexReady(first.public)).toBe(true));
    const next = store.replace(generatedLoad(200));
    await vi.waitFor(() => expect(searchIndexReady(next.public)).toBe(true));
    // The preview stays lazy: few requests need it.
    expect(searchIndexReady(next.preview)).toBe(false);
    // And the first search of the new snapshot answers from it.
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ search(query: "climate", first: 1) { totalCount } }' }),
    });
    const body = await response.json();
    expect(body.errors).toBeUndefined();
    expect(body.data.search.totalCount).toBeGreaterThan(0);
  });

  it('warms only the newest of the snapshots swapped in while it was busy', async () => {
    await vi.waitFor(() => expect(searchIndexReady(store.current.public)).toBe(true));
    const busyWith = store.replace(generatedLoad(300, 21));
    const skipped = [store.replace(generatedLoad(300, 22)), store.replace(generatedLoad(300, 23))];
    const newest = store.replace(generatedLoad(300, 24));
    await vi.waitFor(() => expect(searchIndexReady(newest.public)).toBe(true));
    expect(searchIndexReady(busyWith.public)).toBe(true);
    expect(skipped.map((corpus) => searchIndexReady(corpus.public))).toEqual([false, false]);
  });
});
