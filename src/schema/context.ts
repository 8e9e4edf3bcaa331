import { createHash, timingSafeEqual } from 'node:crypto';
import DataLoader from 'dataloader';
import { TagRecorder } from '../corpus/cache-tags.ts';
import type { Corpus } from '../corpus/corpus.ts';
import type { ArticleRecord, ProviderRecord, TopicRecord } from '../corpus/records.ts';
import type { ContentStore } from '../corpus/store.ts';
import type { CorpusView } from '../corpus/view.ts';
import type { RequestBudget } from '../discovery/budget.ts';
import { createLiveFeed, type LiveFeed } from '../live/feed.ts';
import {
  articleByKey,
  articleBySourceUrl,
  type LookupScope,
  providerByDomain,
  topicByName,
} from './lookups.ts';

export const LoaderName = {
  ArticleByKey: 'articleByKey',
  ArticleBySourceUrl: 'articleBySourceUrl',
  ProviderByDomain: 'providerByDomain',
  TopicByName: 'topicByName',
} as const;
export type LoaderName = (typeof LoaderName)[keyof typeof LoaderName];

/**
 * Per-request loaders over the request's snapshot, for lookups of many keys at once (`nodes`,
 * federation references), where one batch answers them all; single fields read through
 * src/schema/lookups.ts directly. A missing (or hidden draft) entry is null.
 */
export interface Loaders {
  readonly articleByKey: DataLoader<string, ArticleRecord | null>;
  readonly articleBySourceUrl: DataLoader<string, ArticleRecord | null>;
  readonly providerByDomain: DataLoader<string, ProviderRecord | null>;
  /** Keys are topic names in any case. */
  readonly topicByName: DataLoader<string, TopicRecord | null>;
}

export interface NewsgraphContext {
  /** The snapshot taken when the request started; the whole request reads only it. */
  readonly corpus: Corpus;
  /** True when the request carried the configured preview token. */
  readonly preview: boolean;
  /** What this audience may see: drafts only in preview. */
  readonly view: CorpusView;
  /** Each made on first use: most operations never batch. */
  readonly loaders: Loaders;
  /** Content status and change events (contentStatus, contentChanged). */
  readonly live: LiveFeed;
  /** What this request read, as cache tags (src/corpus/cache-tags.ts); loaders and lists add. */
  readonly tags: TagRecorder;
  /**
   * The operation's deadline, turns and typo allowance for search and facets; set by the
   * server's operation timeout as execution starts (src/server/security/timeout.ts), unset in
   * direct schema calls, where nothing is limited.
   */
  budget?: RequestBudget;
}

export type BatchListener = (loader: LoaderName, keys: readonly string[]) => void;

export interface ContextFactoryOptions {
  readonly store: ContentStore;
  /** Requests bearing this token see drafts; unset means nobody does. */
  readonly previewToken?: string | null | undefined;
  /** Test hook: told about every loader batch (one batch of lookups each). */
  readonly onBatch?: BatchListener | undefined;
  /** Shared with the server (readiness, shutdown); by default one over `store`. */
  readonly live?: LiveFeed | undefined;
}

export interface ContextInput {
  readonly request?: Pick<Request, 'headers'> | undefined;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * `Authorization` header → preview or not. Hashing first gives equal-length buffers, so the
 * comparison time does not depend on the input. Exported for per-audience cache keys.
 */
export function createPreviewCheck(
  token: string | null | undefined,
): (authorization: string | null) => boolean {
  if (!token) return () => false;
  const expected = digest(token);
  return (authorization) => {
    const presented = authorization ? BEARER.exec(authorization)?.[1] : undefined;
    return presented !== undefined && timingSafeEqual(digest(presented), expected);
  };
}

function loader<V>(
  name: LoaderName,
  lookup: (key: string) => V | undefined,
  onBatch: BatchListener | undefined,
): DataLoader<string, V | null> {
  return new DataLoader<string, V | null>(async (keys) => {
    onBatch?.(name, keys);
    return keys.map((key) => lookup(key) ?? null);
  });
}

/**
 * The four loaders, each made on first use: most operations never batch, and Yoga copies the
 * context with Object.assign (which would run a getter on the context itself), so the laziness
 * lives on this object's prototype.
 */
class RequestLoaders implements Loaders {
  readonly #scope: LookupScope;
  readonly #onBatch: BatchListener | undefined;
  #articleByKey: Loaders['articleByKey'] | undefined;
  #articleBySourceUrl: Loaders['articleBySourceUrl'] | undefined;
  #providerByDomain: Loaders['providerByDomain'] | undefined;
  #topicByName: Loaders['topicByName'] | undefined;

  constructor(scope: LookupScope, onBatch: BatchListener | undefined) {
    this.#scope = scope;
    this.#onBatch = onBatch;
  }

  get articleByKey() {
    const scope = this.#scope;
    this.#articleByKey ??= loader(
      LoaderName.ArticleByKey,
      (k) => articleByKey(scope, k),
      this.#onBatch,
    );
    return this.#articleByKey;
  }

  get articleBySourceUrl() {
    const scope = this.#scope;
    this.#articleBySourceUrl ??= loader(
      LoaderName.ArticleBySourceUrl,
      (url) => articleBySourceUrl(scope, url),
      this.#onBatch,
    );
    return this.#articleBySourceUrl;
  }

  get providerByDomain() {
    const scope = this.#scope;
    this.#providerByDomain ??= loader(
      LoaderName.ProviderByDomain,
      (d) => providerByDomain(scope, d),
      this.#onBatch,
    );
    return this.#providerByDomain;
  }

  get topicByName() {
    const scope = this.#scope;
    this.#topicByName ??= loader(
      LoaderName.TopicByName,
      (n) => topicByName(scope, n),
      this.#onBatch,
    );
    return this.#topicByName;
  }
}

export function createLoaders(scope: LookupScope, onBatch?: BatchListener): Loaders {
  return new RequestLoaders(scope, onBatch);
}

/**
 * The one context factory, used by Yoga and by tests: it reads `store.current` once, so a
 * reload during the request cannot mix two snapshots, and decides the audience from the
 * `Authorization` header.
 */
export function createContextFactory(
  options: ContextFactoryOptions,
): (input?: ContextInput) => NewsgraphContext {
  const isPreview = createPreviewCheck(options.previewToken);
  const live = options.live ?? createLiveFeed(options.store);
  return (input) => {
    const corpus = options.store.current;
    const preview = isPreview(input?.request?.headers.get('authorization') ?? null);
    const view = corpus.view(preview);
    const tags = new TagRecorder();
    return {
      corpus,
      preview,
      view,
      loaders: createLoaders({ view, tags }, options.onBatch),
      live,
      tags,
    };
  };
}
