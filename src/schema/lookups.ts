import {
  articleTag,
  providerTag,
  sourceUrlTag,
  type TagRecorder,
  topicTag,
} from '../corpus/cache-tags.ts';
import type { ArticleRecord, ProviderRecord, TopicRecord } from '../corpus/records.ts';
import { type CorpusView, topicId } from '../corpus/view.ts';

/**
 * The reads of single records from the request's view: what every field that names an article,
 * a provider or a topic goes through, and what the per-request loaders batch. They are
 * synchronous map lookups, so fields call them directly instead of through a promise-returning
 * DataLoader (which cost a promise, a microtask and a batch per field for a lookup that takes
 * nanoseconds). A missing entry, or a draft outside the request's audience, is null.
 *
 * Each read records its cache tag, found or not: a "not found" answer is forgotten when the
 * record appears.
 */
export interface LookupScope {
  readonly view: CorpusView;
  readonly tags: TagRecorder;
}

export function articleByKey(ctx: LookupScope, key: string): ArticleRecord | null {
  ctx.tags.add(articleTag(key));
  return ctx.view.byKey.get(key) ?? null;
}

export function articleBySourceUrl(ctx: LookupScope, url: string): ArticleRecord | null {
  ctx.tags.add(sourceUrlTag(url));
  const article = ctx.view.bySourceUrl.get(url);
  if (article === undefined) return null;
  ctx.tags.add(articleTag(article.key));
  return article;
}

export function providerByDomain(ctx: LookupScope, domain: string): ProviderRecord | null {
  ctx.tags.add(providerTag(domain));
  return ctx.view.providers.get(domain) ?? null;
}

/** Names in any case. */
export function topicByName(ctx: LookupScope, name: string): TopicRecord | null {
  ctx.tags.add(topicTag(name));
  return ctx.view.topics.get(topicId(name)) ?? null;
}
