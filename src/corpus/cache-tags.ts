import { createHash } from 'node:crypto';
import { type ChangeSet, changedPublicArticles } from './changes.ts';
import { type CorpusView, topicId } from './view.ts';

/**
 * Cache tags: names for what an answer read, so a cache (ours, or Varnish/a CDN through
 * `Surrogate-Key`) forgets exactly the answers a content change can alter.
 *
 * Entity tags name one record: `article:<key>` (also recorded by a lookup that found nothing, so
 * adding that article forgets the "not found" answer), `url:<hash>` (a lookup by source URL,
 * found or not), `provider:<domain>`, `topic:<id>`. List tags name a list as a whole, coarse
 * enough that an article entering, leaving or moving in it always moves the tag: `articles` (the
 * root article connection, any filter or order, with its counts and facets),
 * `articles:provider:<domain>` and `articles:topic:<id>` (Provider.articles and Topic.articles),
 * `providers`, `topics`, `search`, `coverage`, `feeds` (feeds and sitemaps), and `all`, moved by
 * every public change. Values are
 * percent-encoded, so a tag never holds a space or a comma (the separators of `Surrogate-Key`
 * and `Cache-Tag`).
 *
 * Only public changes move tags (ChangeSet.public): a draft or `secured` edit moves none, so
 * nothing derived from tags (ETags, purges) tells the public that something hidden changed.
 */
export const ListTag = {
  Articles: 'articles',
  Providers: 'providers',
  Topics: 'topics',
  Search: 'search',
  Coverage: 'coverage',
  Feeds: 'feeds',
  /** Moved by every public change: for answers that read too much to list (header limits). */
  All: 'all',
} as const;
export type ListTag = (typeof ListTag)[keyof typeof ListTag];

const encode = (value: string): string => encodeURIComponent(value);

export const articleTag = (key: string): string => `article:${encode(key)}`;
/** Source URLs can be long: a short digest keeps headers small (collisions only over-purge). */
export const sourceUrlTag = (url: string): string =>
  `url:${createHash('sha256').update(url).digest('base64url').slice(0, 16)}`;
export const providerTag = (domain: string): string => `provider:${encode(domain)}`;
/** `name` in any case: topics are one record per topicId. */
export const topicTag = (name: string): string => `topic:${encode(topicId(name))}`;
export const providerArticlesTag = (domain: string): string =>
  `articles:provider:${encode(domain)}`;
export const topicArticlesTag = (name: string): string => `articles:topic:${encode(topicId(name))}`;

/**
 * The tags of an article list: the narrowest that an article entering, leaving or moving in it
 * always moves. A scope or a provider/topic filter names its articles' lists (every matching
 * article carries one of them, in its old and new version); otherwise `fallback`, which every
 * public change moves.
 */
export function listTagsOf(
  where:
    | {
        readonly providerDomains?: readonly string[] | null;
        readonly topics?: readonly string[] | null;
      }
    | null
    | undefined,
  scope: { readonly providerDomain?: string; readonly topic?: string } | undefined,
  fallback: ListTag = ListTag.Articles,
): string[] {
  if (scope?.providerDomain !== undefined) return [providerArticlesTag(scope.providerDomain)];
  if (scope?.topic !== undefined) return [topicArticlesTag(scope.topic)];
  if (where?.providerDomains?.length) return where.providerDomains.map(providerArticlesTag);
  if (where?.topics?.length) return where.topics.map(topicArticlesTag);
  return [fallback];
}

/**
 * What one request read, filled in at the data-access points (loaders, list resolvers): one
 * Set.add per read, nothing per field. `noStore` marks an answer no cache may keep (the content
 * status: it changes without a content change).
 */
export class TagRecorder {
  readonly tags = new Set<string>();
  #noStore = false;

  add(tag: string): void {
    this.tags.add(tag);
  }

  noStore(): void {
    this.#noStore = true;
  }

  get storable(): boolean {
    return !this.#noStore;
  }
}

interface PublicViews {
  readonly public: Pick<CorpusView, 'byKey' | 'providers' | 'topics'>;
}

/**
 * The tags a swap moves, for the public: every tag an answer that can differ between `previous`
 * and `next` may carry. Proportional to the changed articles, not to the corpus. Provider and
 * topic records are compared by value, so a new article of a known provider moves that
 * provider's article list but not the provider (an article page showing its name stays cached).
 */
export function tagsOfSwap(
  next: PublicViews,
  previous: PublicViews,
  changes: ChangeSet,
): Set<string> {
  const tags = new Set<string>();
  const changed = changedPublicArticles(next, previous, changes);
  if (changed.length === 0) return tags;
  for (const list of [
    ListTag.All,
    ListTag.Articles,
    ListTag.Search,
    ListTag.Coverage,
    ListTag.Feeds,
  ])
    tags.add(list);
  const domains = new Set<string>();
  const topicIds = new Set<string>();
  for (const article of changed) {
    tags.add(articleTag(article.key));
    tags.add(sourceUrlTag(article.sourceUrl));
    tags.add(providerArticlesTag(article.provider.domain));
    domains.add(article.provider.domain);
    for (const related of article.related) {
      if (related.provider) domains.add(related.provider.domain);
    }
    for (const topic of article.topics) {
      tags.add(topicArticlesTag(topic));
      topicIds.add(topicId(topic));
    }
  }
  for (const domain of domains) {
    const before = previous.public.providers.get(domain);
    const after = next.public.providers.get(domain);
    if (before?.name === after?.name) continue;
    tags.add(providerTag(domain));
    tags.add(ListTag.Providers);
  }
  for (const id of topicIds) {
    const before = previous.public.topics.get(id);
    const after = next.public.topics.get(id);
    if (before?.name === after?.name) continue;
    tags.add(`topic:${encode(id)}`);
    tags.add(ListTag.Topics);
  }
  return tags;
}
