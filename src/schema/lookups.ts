import type { ArticleRecord, ProviderRecord, TopicRecord } from '../corpus/records.ts';
import { type CorpusView, topicId } from '../corpus/view.ts';

/**
 * The reads of single records from the request's view: what every field that names an article,
 * a provider or a topic goes through, and what the per-request loaders batch. They are
 * synchronous map lookups, so fields call them directly instead of through a promise-returning
 * DataLoader (which cost a promise, a microtask and a batch per field for a lookup that takes
 * nanoseconds). A missing entry, or a draft outside the request's audience, is null.
 */
export interface LookupScope {
  readonly view: CorpusView;
}

export const articleByKey = (ctx: LookupScope, key: string): ArticleRecord | null =>
  ctx.view.byKey.get(key) ?? null;

export const articleBySourceUrl = (ctx: LookupScope, url: string): ArticleRecord | null =>
  ctx.view.bySourceUrl.get(url) ?? null;

export const providerByDomain = (ctx: LookupScope, domain: string): ProviderRecord | null =>
  ctx.view.providers.get(domain) ?? null;

/** Names in any case. */
export const topicByName = (ctx: LookupScope, name: string): TopicRecord | null =>
  ctx.view.topics.get(topicId(name)) ?? null;
