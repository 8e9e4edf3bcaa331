import { createHash, timingSafeEqual } from 'node:crypto';
import DataLoader from 'dataloader';
import {
  articleTag,
  providerTag,
  sourceUrlTag,
  TagRecorder,
  topicTag,
} from '../corpus/cache-tags.ts';
import type { Corpus } from '../corpus/corpus.ts';
import type { ArticleRecord, ProviderRecord, TopicRecord } from '../corpus/records.ts';
import type { ContentStore } from '../corpus/store.ts';
import { type CorpusView, topicId } from '../corpus/view.ts';
import type { RequestBudget } from '../discovery/budget.ts';
import { createLiveFeed, type LiveFeed } from '../live/feed.ts';

export const LoaderName = {
  ArticleByKey: 'articleByKey',
  ArticleBySourceUrl: 'articleBySourceUrl',
  ProviderByDomain: 'providerByDomain',
  TopicByName: 'topicByName',
} as const;
export type LoaderName = (typeof LoaderName)[keyof typeof LoaderName];

/** Per-request loaders over the request's snapshot; a missing (or hidden draft) entry is null. */
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
  /** Test hook: told about every loader batch (one corpus lookup each). */
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
 * Each lookup records its cache tag, found or not: a "not found" answer is forgotten when the
 * record appears.
 */
export function createLoaders(
  view: CorpusView,
  onBatch?: BatchListener,
  tags: TagRecorder = new TagRecorder(),
): Loaders {
  return {
    articleByKey: loader(
      LoaderName.ArticleByKey,
      (k) => {
        tags.add(articleTag(k));
        return view.byKey.get(k);
      },
      onBatch,
    ),
    articleBySourceUrl: loader(
      LoaderName.ArticleBySourceUrl,
      (url) => {
        tags.add(sourceUrlTag(url));
        const article = view.bySourceUrl.get(url);
        if (article) tags.add(articleTag(article.key));
        return article;
      },
      onBatch,
    ),
    providerByDomain: loader(
      LoaderName.ProviderByDomain,
      (d) => {
        tags.add(providerTag(d));
        return view.providers.get(d);
      },
      onBatch,
    ),
    topicByName: loader(
      LoaderName.TopicByName,
      (n) => {
        tags.add(topicTag(n));
        return view.topics.get(topicId(n));
      },
      onBatch,
    ),
  };
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
      loaders: createLoaders(view, options.onBatch, tags),
      live,
      tags,
    };
  };
}
