import type { ArticleRecord, ImageRecord, ProviderRef, RelatedRecord } from './records.ts';
import { SecuredBlob } from './secured.ts';
import type { Seed } from './seed-schema.ts';

type SeedImage = Seed['images'][number];
type SeedRelated = Seed['related'][number];

const provider = (p: { name: string; domain: string }): ProviderRef =>
  Object.freeze({ name: p.name, domain: p.domain });

const image = (i: SeedImage): ImageRecord =>
  Object.freeze({
    url: i.url,
    width: i.width ?? null,
    height: i.height ?? null,
    title: i.title ?? null,
  });

const related = (r: SeedRelated): RelatedRecord =>
  Object.freeze({
    title: r.title,
    excerpt: r.excerpt ?? null,
    publishedDateTime: r.publishedDateTime ?? null,
    sourceUrl: r.sourceUrl,
    type: r.type ?? null,
    provider: r.provider ? provider(r.provider) : null,
    quality: r.quality ?? null,
    images: Object.freeze(r.images.map(image)),
  });

/** A validated seed to the frozen record the corpus indexes. Topics keep their first spelling, deduplicated. */
export function normaliseSeed(
  key: string,
  file: string,
  seed: Seed,
  extra: Record<string, unknown>,
): ArticleRecord {
  const topics = [...new Map(seed.topics.map((t) => [t.toLowerCase(), t])).values()];
  return Object.freeze({
    key,
    file,
    category: seed.category,
    type: seed.type,
    title: seed.title,
    excerpt: seed.excerpt ?? null,
    publishedDateTime: seed.publishedDateTime,
    sourceUrl: seed.sourceUrl,
    ampUrl: seed.ampUrl ?? null,
    cdnAmpUrl: seed.cdnAmpUrl ?? null,
    quality: seed.quality ?? null,
    heat: seed.heat ?? null,
    published: seed.published,
    provider: provider(seed.provider),
    topics: Object.freeze(topics),
    images: Object.freeze(seed.images.map(image)),
    related: Object.freeze(seed.related.map(related)),
    secured: seed.secured === undefined ? null : new SecuredBlob(seed.secured),
    extra: Object.freeze(extra),
  });
}
