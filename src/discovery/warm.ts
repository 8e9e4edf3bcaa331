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
 */
export async function warmDiscovery(corpus: Corpus): Promise<void> {
  const view = corpus.public;
  await searchIndexFor(view);
  await yieldToEventLoop();
  prepareFacets(view);
  await storiesOf(view);
}

/**
 * Warms the store's current snapshot now and every snapshot it swaps in; returns the function
 * that stops following swaps. A failure is reported and leaves the lazy path to retry it.
 */
export function warmDiscoveryOnSwap(
  store: ContentStore,
  onError: (error: unknown) => void,
): () => void {
  const warm = (corpus: Corpus) => {
    warmDiscovery(corpus).catch(onError);
  };
  warm(store.current);
  return store.onSwap((next) => warm(next));
}
