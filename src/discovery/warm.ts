import type { Corpus } from '../corpus/corpus.ts';
import { searchIndexFor } from './search-index.ts';

/**
 * Builds the public search index of a snapshot ahead of its first search (the build yields to
 * the event loop as it goes, so serving continues). Call it at start and from `store.onSwap`;
 * the preview index stays lazy, as few requests need it.
 */
export async function warmDiscovery(corpus: Corpus): Promise<void> {
  await searchIndexFor(corpus.public);
}
