import { type ChangeSet, hasChanges } from '../../corpus/changes.ts';
import type { Corpus } from '../../corpus/corpus.ts';
import type { ContentStore } from '../../corpus/store.ts';
import type { PurgeSender } from './sender.ts';

/** The cache tags a public change touches: answers tagged with any of them may have changed. */
export type ChangeTags = (next: Corpus, previous: Corpus, changes: ChangeSet) => Iterable<string>;

/**
 * The change set as the public may learn it: draft and `secured` activity is absent from the
 * public key changes, and the preview's are replaced by them, so a tag function cannot turn a
 * draft edit into a purge (anyone watching the edge cache would see it: a side channel).
 */
function publicOnly(changes: ChangeSet): ChangeSet {
  return { ...changes, preview: changes.public };
}

/**
 * Sends the tags of every swap that changed what the public sees to the edge caches; swaps that
 * changed only drafts or `secured` values send nothing. Returns the unsubscribe.
 */
export function purgeOnSwap(store: ContentStore, sender: PurgeSender, tagsOf: ChangeTags) {
  return store.onSwap((next, previous, changes) => {
    if (!hasChanges(changes.public)) return;
    sender.purge(tagsOf(next, previous, publicOnly(changes)));
  });
}
