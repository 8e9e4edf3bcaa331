import { createPubSub, filter, map, pipe, Repeater, SlidingBuffer } from 'graphql-yoga';
import { type ChangeSet, changesFor, hasChanges, type KeyChanges } from '../corpus/changes.ts';
import type { Corpus } from '../corpus/corpus.ts';
import type { ContentStore } from '../corpus/store.ts';
import { type ContentStatus, contentStatus, type ReloadInfo } from './status.ts';

/**
 * Change events held for one slow subscriber; older ones are dropped first. A subscriber that
 * sees a gap (an event whose previousVersion is not the last version it saw) refetches.
 */
export const MAX_QUEUED_CHANGES = 100;

const CHANGED = 'contentChanged';

/** One swap as one audience sees it. */
export interface ContentChange extends KeyChanges {
  readonly version: number;
  readonly previousVersion: number;
}

/** What the GraphQL layer reads about live content: its status, and changes as they happen. */
export interface LiveFeed {
  /** A snapshot's status (pass the request's); preview-only: it names files and counts drafts. */
  status(corpus: Corpus): ContentStatus;
  /** Swaps that changed something this audience can see; drafts only with `preview`. */
  changes(preview: boolean): AsyncIterable<ContentChange>;
  /** Ends every open subscription (server shutdown); later subscriptions end at once. */
  close(): void;
}

export interface StatusSource {
  reloadInfo(): ReloadInfo;
}

/**
 * Publishes the store's swaps to subscribers; the swap listener is the only hook. Without a
 * reloader (a fixed store) the status is the snapshot's alone.
 */
export function createLiveFeed(store: ContentStore, source?: StatusSource): LiveFeed {
  const pubsub = createPubSub<{ [CHANGED]: [ChangeSet] }>({
    repeaterBuffer: new SlidingBuffer(MAX_QUEUED_CHANGES),
  });
  const unsubscribe = store.onSwap((_next, _previous, changes) => pubsub.publish(CHANGED, changes));
  let endAll: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    endAll = resolve;
  });
  return {
    status: (corpus) => contentStatus(corpus, source?.reloadInfo()),
    changes: (preview) =>
      pipe(
        Repeater.race([pubsub.subscribe(CHANGED), closed]),
        map(
          (changes: ChangeSet): ContentChange => ({
            version: preview ? changes.version : changes.publicVersion,
            previousVersion: preview
              ? changes.previousPreviewEventVersion
              : changes.previousPublicVersion,
            ...changesFor(changes, preview),
          }),
        ),
        filter((change: ContentChange) => hasChanges(change)),
      ),
    close() {
      unsubscribe();
      endAll();
    },
  };
}
