import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Corpus } from '../corpus/corpus.ts';
import type { ContentStore } from '../corpus/store.ts';
import type { CorpusView } from '../corpus/view.ts';
import { storiesOf } from './coverage.ts';
import { prepareFacetsOf } from './facets.ts';
import { searchIndexOf } from './search-index.ts';
import {
  ArticleSlots,
  compactionDue,
  hasDerivableLayout,
  installCompacted,
  peekSlots,
  slotsOf,
} from './slots.ts';

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
  const slots = slotsOf(view);
  await warmLayout(slots, superseded);
  if (superseded()) return;
  if (compactionDue(slots)) await compactLayout(view);
  // The preview's structures stay lazy, but once a request made them they follow changes too:
  // their slot map is made ahead and their layout compacted like the public one.
  const preview = corpus.preview === view ? undefined : peekSlots(corpus.preview);
  if (!preview || superseded()) return;
  await preview.prepare(() => yieldToEventLoop());
  if (!superseded() && compactionDue(preview)) await compactLayout(corpus.preview);
}

/**
 * Folds the dead and appended slots of a view's layout back into a fresh one: built in slices
 * while the derived layout keeps serving, then put in place; the views derived meanwhile are
 * derived again from it (see installCompacted).
 */
export async function compactLayout(view: CorpusView): Promise<void> {
  const compacted = ArticleSlots.of(view);
  await warmLayout(compacted, () => false);
  installCompacted(view, compacted);
}

/**
 * The structures of a layout: each derived from the previous layout's at once when that had it,
 * else built from scratch in slices (never one synchronous step proportional to the corpus).
 */
async function warmLayout(slots: ArticleSlots, superseded: () => boolean): Promise<void> {
  await slots.prepare(() => yieldToEventLoop());
  await searchIndexOf(slots);
  await yieldToEventLoop();
  if (superseded()) return;
  await prepareFacetsOf(slots);
  if (superseded()) return;
  await storiesOf(slots);
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
  const unsubscribe = store.onSwap(() => {
    // Derive the new views' layouts now, while the previous snapshot is surely alive (it is held
    // only weakly): a change then costs what it changed even when a warm-up is still busy.
    const corpus = store.current;
    slotsOf(corpus.public);
    if (corpus.preview !== corpus.public && hasDerivableLayout(corpus.preview)) {
      slotsOf(corpus.preview);
    }
    void warmNewest();
  });
  return () => {
    stopped = true;
    unsubscribe();
  };
}
