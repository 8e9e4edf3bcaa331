import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Corpus } from '../corpus/corpus.ts';
import type { ContentStore } from '../corpus/store.ts';
import { storiesOf } from './coverage.ts';
import { prepareFacets } from './facets.ts';
import { searchIndexFor } from './search-index.ts';

/**
 * Builds a snapshot's public discovery structures (search index, facet table, story groups)
 * ahead of the first request that needs them: at 100,000 articles that request would otherwise
 * wait about 3 s for the index (BENCHMARKS.md, Discovery). The index and the stories are built in
 * slices, so serving continues meanwhile; the preview's stay lazy, as few requests need them.
 * `superseded` is asked between the steps: once it says yes, the rest is left to lazy builds.
 */
export async function warmDiscovery(
  corpus: Corpus,
  superseded: () => boolean = () => false,
): Promise<void> {
  const view = corpus.public;
  await searchIndexFor(view);
  await yieldToEventLoop();
  if (superseded()) return;
  prepareFacets(view);
  if (superseded()) return;
  await storiesOf(view);
}

/**
 * Warms the store's current snapshot now and every snapshot it swaps in; returns the function
 * that stops following swaps. One snapshot at a time, always the newest: in a burst of reloads,
 * the snapshots swapped out meanwhile are skipped (at 100,000 articles each costs about 4 s of
 * CPU), and no two warm-ups compete with requests for the cores. A failure is reported and
 * leaves the lazy path to retry it.
 */
export function warmDiscoveryOnSwap(
  store: ContentStore,
  onError: (error: unknown) => void,
): () => void {
  let warming = false;
  let stopped = false;
  const warmNewest = async () => {
    if (warming) return;
    warming = true;
    let warmed: Corpus | undefined;
    while (!stopped && warmed !== store.current) {
      const corpus = store.current;
      warmed = corpus;
      await warmDiscovery(corpus, () => stopped || store.current !== corpus).catch(onError);
    }
    warming = false;
  };
  void warmNewest();
  const unsubscribe = store.onSwap(() => void warmNewest());
  return () => {
    stopped = true;
    unsubscribe();
  };
}
