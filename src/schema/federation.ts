import type { ArticleRecord, ProviderRecord, TopicRecord } from '../corpus/records.ts';
import { Article } from './article.ts';
import { builder } from './builder.ts';
import { badInput } from './errors.ts';
import { decodeGlobalId } from './global-id.ts';
import { Provider } from './provider.ts';
import { Topic } from './topic.ts';

/** The Federation spec version the subgraph schema links to. */
export const FEDERATION_LINK_URL = 'https://specs.apollo.dev/federation/v2.6';

/** A representation's key field arrives as untyped JSON (`_Any`): anything else is a bad input. */
function keyField(value: unknown, field: string): string {
  if (typeof value !== 'string') throw badInput(`The entity representation needs "${field}".`);
  return value;
}

/**
 * @apollo/subgraph stamps `__typename` onto the object a reference resolves to, and corpus records
 * are frozen; a shallow copy takes the stamp and leaves the snapshot untouched.
 */
function stampable<T extends object>(record: T | null): T | null {
  return record === null ? null : { ...record };
}

/** The article key a reference names: by `key`, or by the Relay global ID of an Article. */
function articleKey(reference: { id?: unknown; key?: unknown }): string | null {
  if (reference.key !== undefined) return keyField(reference.key, 'key');
  const { typename, id } = decodeGlobalId(keyField(reference.id, 'id'));
  return typename === 'Article' ? id : null;
}

// References go through the request's own loaders, so drafts stay hidden exactly as in `node`
// and lookups, and every reference of one `_entities` call lands in one batch.
builder.asEntity(Article, {
  key: [builder.selection<{ id: string }>('id'), builder.selection<{ key: string }>('key')],
  resolveReference: async (reference, ctx): Promise<ArticleRecord | null> => {
    const key = articleKey(reference);
    return key === null ? null : stampable(await ctx.loaders.articleByKey.load(key));
  },
});

builder.asEntity(Provider, {
  key: builder.selection<{ domain: string }>('domain'),
  resolveReference: async (reference, ctx): Promise<ProviderRecord | null> =>
    stampable(await ctx.loaders.providerByDomain.load(keyField(reference.domain, 'domain'))),
});

builder.asEntity(Topic, {
  key: builder.selection<{ name: string }>('name'),
  resolveReference: async (reference, ctx): Promise<TopicRecord | null> =>
    stampable(await ctx.loaders.topicByName.load(keyField(reference.name, 'name'))),
});
