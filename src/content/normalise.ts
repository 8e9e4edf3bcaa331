import type {
  ArticleRecord,
  CorrectionRecord,
  ImageRecord,
  ProviderRef,
  RelatedRecord,
} from './records.ts';
import { SecuredBlob } from './secured.ts';
import type { Seed } from './seed-schema.ts';

type SeedImage = Seed['images'][number];
type SeedRelated = Seed['related'][number];

/** Returns one shared copy of a repeated string (provider names, topics, categories). */
export type Interner = (value: string) => string;

const noIntern: Interner = (value) => value;

/** An interner for one load: its table dies with the load, so a reload never keeps old text. */
export function createInterner(): Interner {
  const table = new Map<string, string>();
  return (value) => {
    const known = table.get(value);
    if (known !== undefined) return known;
    table.set(value, value);
    return value;
  };
}

const provider = (p: { name: string; domain: string }, intern: Interner): ProviderRef =>
  Object.freeze({ name: intern(p.name), domain: intern(p.domain) });

const image = (i: SeedImage): ImageRecord =>
  Object.freeze({
    url: i.url,
    width: i.width ?? null,
    height: i.height ?? null,
    title: i.title ?? null,
  });

const related = (r: SeedRelated, intern: Interner): RelatedRecord =>
  Object.freeze({
    title: r.title,
    excerpt: r.excerpt ?? null,
    publishedDateTime: r.publishedDateTime ?? null,
    sourceUrl: r.sourceUrl,
    type: r.type === undefined ? null : intern(r.type),
    provider: r.provider ? provider(r.provider, intern) : null,
    quality: r.quality ?? null,
    images: Object.freeze(r.images.map(image)),
  });

/** A validated seed to the frozen record the corpus indexes. Topics keep their first spelling, deduplicated. */
export function normaliseSeed(
  key: string,
  file: string,
  seed: Seed,
  extra: Record<string, unknown>,
  intern: Interner = noIntern,
): ArticleRecord {
  const topics = [...new Map(seed.topics.map((t) => [t.toLowerCase(), intern(t)])).values()];
  return Object.freeze({
    key,
    file,
    category: intern(seed.category),
    type: intern(seed.type),
    title: seed.title,
    excerpt: seed.excerpt ?? null,
    publishedDateTime: seed.publishedDateTime,
    sourceUrl: seed.sourceUrl,
    ampUrl: seed.ampUrl ?? null,
    cdnAmpUrl: seed.cdnAmpUrl ?? null,
    quality: seed.quality ?? null,
    heat: seed.heat ?? null,
    published: seed.published,
    provider: provider(seed.provider, intern),
    topics: Object.freeze(topics),
    images: Object.freeze(seed.images.map(image)),
    related: Object.freeze(seed.related.map((r) => related(r, intern))),
    publishAt: seed.publishAt ?? null,
    expiresAt: seed.expiresAt ?? null,
    updatedDateTime: seed.updatedDateTime ?? null,
    corrections: Object.freeze(
      seed.corrections
        .map((c) => Object.freeze({ at: c.at, text: c.text }))
        .sort((a, b) => a.at.getTime() - b.at.getTime()),
    ),
    secured: seed.secured === undefined ? null : new SecuredBlob(seed.secured),
    extra: Object.freeze(extra),
  });
}

/** A record as the load cache stores it: plain data, the `secured` blob as the file holds it. */
export type StoredRecord = Omit<ArticleRecord, 'secured'> & { readonly secured: string | null };

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** The record to store (the blob is the ciphertext the file holds; it never is decrypted). */
export const storedRecord = (article: ArticleRecord): StoredRecord => ({
  ...article,
  secured: article.secured?.reveal() ?? null,
});

/**
 * A stored record, freshly decoded and owned by the caller, made the frozen record
 * `normaliseSeed` gave: frozen in place, repeated strings interned, `secured` sealed again. A warm
 * start then copies no article (normalising every seed again was ~15% of a warm 100k start).
 */
export function reviveRecord(stored: StoredRecord, intern: Interner = noIntern): ArticleRecord {
  const record = stored as unknown as Writable<Omit<ArticleRecord, 'secured'>> & {
    secured: string | SecuredBlob | null;
  };
  record.category = intern(record.category);
  record.type = intern(record.type);
  record.provider = provider(record.provider, intern);
  record.topics = Object.freeze(record.topics.map(intern));
  freezeImages(record.images);
  for (const item of record.related as Writable<RelatedRecord>[]) {
    item.type = item.type === null ? null : intern(item.type);
    item.provider = item.provider ? provider(item.provider, intern) : null;
    freezeImages(item.images);
    Object.freeze(item);
  }
  Object.freeze(record.related);
  for (const correction of record.corrections as CorrectionRecord[]) Object.freeze(correction);
  Object.freeze(record.corrections);
  Object.freeze(record.extra);
  record.secured = typeof record.secured === 'string' ? new SecuredBlob(record.secured) : null;
  return Object.freeze(record) as ArticleRecord;
}

function freezeImages(images: readonly ImageRecord[]): void {
  for (const image of images) Object.freeze(image);
  Object.freeze(images);
}
