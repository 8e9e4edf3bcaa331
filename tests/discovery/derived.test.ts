import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ArticleDelta } from '../../src/corpus/delta.ts';
import type { ArticleFilter } from '../../src/corpus/query.ts';
import type { ArticleRecord } from '../../src/corpus/records.ts';
import { CorpusView } from '../../src/corpus/view.ts';
import { coverageOf } from '../../src/discovery/coverage.ts';
import { FacetName, facetsOfView, prepareFacets } from '../../src/discovery/facets.ts';
import { searchArticles } from '../../src/discovery/search.ts';
import { searchIndexFor } from '../../src/discovery/search-index.ts';
import { peekSlots, slotsOf } from '../../src/discovery/slots.ts';
import { normaliseTerm, tokenize } from '../../src/discovery/text.ts';
import { compactLayout } from '../../src/discovery/warm.ts';
import { generatedLoad } from './corpus.ts';

/**
 * Discovery structures derived from the previous view's by deltas must answer every question
 * exactly as structures built from scratch over the final records: search matches, order,
 * scores, highlights and pages, facets with filters, story groups.
 */
const pool = generatedLoad(90, 5).articles;
const vocabulary = [
  ...new Set(pool.flatMap((a) => tokenize(`${a.title} ${a.excerpt ?? ''}`).map(normaliseTerm))),
]
  .filter((w) => /^[a-z]{3,}$/.test(w))
  .sort();
const topics = [...new Set(pool.flatMap((a) => a.topics))].sort();
const providers = [...new Map(pool.map((a) => [a.provider.domain, a.provider])).values()];
const categories = [...new Set(pool.map((a) => a.category))].sort();

/** A view of `records` in the given order, derived from `previous` by `delta` when given. */
function viewOf(
  records: readonly ArticleRecord[],
  previous?: CorpusView,
  delta?: ArticleDelta,
): CorpusView {
  const view = new CorpusView(records);
  // As the corpus does for a snapshot derived by a delta (src/corpus/delta.ts).
  if (previous && delta)
    Object.assign(view, { derivation: { previous: new WeakRef(previous), delta } });
  return view;
}

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;

/** A new version of an article: same key and URL, other words, topics, provider or links. */
function edited(article: ArticleRecord, variant: number): ArticleRecord {
  const words = [0, 1, 2, 3].map((i) => pick(vocabulary, variant * 7 + i * 13));
  const other = pick(pool, variant);
  switch (variant % 5) {
    case 0:
      return { ...article, title: `${words.join(' ')} ${article.title.split(' ')[0]}` };
    case 1:
      return {
        ...article,
        excerpt: variant % 2 ? null : words.join(', '),
        topics: [pick(topics, variant)],
      };
    case 2:
      return {
        ...article,
        provider: pick(providers, variant),
        category: pick(categories, variant),
      };
    case 3:
      return {
        ...article,
        related:
          other.key === article.key
            ? []
            : [{ ...(other.related[0] ?? relatedTo(other)), sourceUrl: other.sourceUrl }],
      };
    default:
      return {
        ...article,
        publishedDateTime: new Date(article.publishedDateTime.getTime() + variant * 3_600_000),
        quality: variant % 100,
        heat: null,
      };
  }
}

function relatedTo(article: ArticleRecord): ArticleRecord['related'][number] {
  return {
    title: article.title,
    excerpt: null,
    publishedDateTime: null,
    sourceUrl: article.sourceUrl,
    type: null,
    provider: article.provider,
    quality: null,
    images: [],
  };
}

const operation = fc.record({
  kind: fc.constantFrom('add', 'remove', 'edit', 'edit'),
  at: fc.nat(),
  variant: fc.nat({ max: 999 }),
  compact: fc.boolean(),
});

const question = fc.record({
  words: fc.array(fc.nat(), { minLength: 1, maxLength: 2 }),
  shape: fc.constantFrom('exact', 'prefix', 'typo'),
  filter: fc.nat({ max: 5 }),
});

type Question = typeof question extends fc.Arbitrary<infer T> ? T : never;

function queryOf(q: { words: number[]; shape: string }): string {
  return q.words
    .map((n) => {
      const word = pick(vocabulary, n);
      if (q.shape === 'prefix') return word.slice(0, 3);
      if (q.shape === 'typo' && word.length >= 5) return word.slice(0, 2) + word.slice(3);
      return word;
    })
    .join(' ');
}

function filterOf(n: number): ArticleFilter | undefined {
  switch (n) {
    case 1:
      return { category: pick(categories, 1) };
    case 2:
      return { minQuality: 40 };
    case 3:
      return { topics: [pick(topics, 3), pick(topics, 8)] };
    case 4:
      return { providerDomains: [pick(providers, 2).domain] };
    default:
      return undefined;
  }
}

const FACETS = Object.values(FacetName);
const facetsAnswer = (facets: ReturnType<typeof facetsOfView>) => ({
  total: facets.total,
  lists: FACETS.map((name) => facets.list(name, 100)),
});

/** Everything a client could ask of the discovery structures of a view, as plain data. */
async function answers(view: CorpusView, questions: readonly Question[]) {
  const out: unknown[] = [];
  for (const q of questions) {
    const where = filterOf(q.filter);
    const first = await searchArticles(view, { query: queryOf(q), where, first: 4 });
    const pages = [first];
    if (first.pageInfo.endCursor && first.pageInfo.hasNextPage) {
      pages.push(
        await searchArticles(view, {
          query: queryOf(q),
          where,
          first: 4,
          after: first.pageInfo.endCursor,
        }),
      );
    }
    out.push(
      pages.map((page) => ({
        edges: page.edges.map((e) => [e.node.key, e.score, e.highlights]),
        pageInfo: page.pageInfo,
        totalCount: page.totalCount,
        facets: facetsAnswer(page.facets),
      })),
    );
    out.push(facetsAnswer(facetsOfView(view, where)));
  }
  const keys = [...view.byKey.keys()].sort();
  for (const key of keys) {
    const coverage = await coverageOf(view, view.byKey.get(key) as ArticleRecord);
    out.push([
      key,
      coverage.articleCount,
      coverage.articles(100).map((a) => a.key),
      coverage.providers,
    ]);
  }
  return out;
}

describe('discovery structures derived by deltas', () => {
  it('answer search, facets and stories exactly like a build from scratch over the final records', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(
          pool.map((_, i) => i),
          { minLength: 1 },
        ),
        fc.array(operation, { minLength: 1, maxLength: 8 }),
        fc.array(question, { minLength: 3, maxLength: 5 }),
        fc.boolean(),
        async (baseIndexes, operations, questions, reversed) => {
          let records = baseIndexes.map((i) => pool[i] as ArticleRecord);
          let view = viewOf(records);
          // The structures exist over the first view, so every later one is derived.
          await searchIndexFor(view);
          await prepareFacets(view);
          await coverageOf(view, records[0] as ArticleRecord);
          const views = [view];
          for (const op of operations) {
            const present = new Set(records.map((r) => r.key));
            let delta: ArticleDelta;
            if (op.kind === 'add') {
              const absent = pool.filter((a) => !present.has(a.key));
              if (absent.length === 0) continue;
              delta = { added: [pick(absent, op.at)], removed: [] };
            } else {
              const target = pick(records, op.at);
              if (op.kind === 'remove' && records.length > 1)
                delta = { added: [], removed: [target] };
              else delta = { added: [edited(target, op.variant)], removed: [target] };
            }
            const removed = new Set(delta.removed);
            records = [...records.filter((r) => !removed.has(r)), ...delta.added];
            // The derived view's order is its own business: slots do not follow it.
            if (reversed) records.reverse();
            view = viewOf(records, view, delta);
            views.push(view);
            slotsOf(view);
            if (op.compact) await compactLayout(view);
          }
          expect(peekSlots(view)?.pressure ?? 0).toBeGreaterThanOrEqual(0);
          const scratch = viewOf([...records]);
          expect(await answers(view, questions)).toEqual(await answers(scratch, questions));
        },
      ),
      { numRuns: 40 },
    );
    // Many builds per run: generous on a busy machine.
  }, 300_000);

  it('derive a new view from the previous one instead of building it again', async () => {
    const records = pool.slice(0, 40);
    const first = viewOf(records);
    await searchIndexFor(first);
    const added = pool[50] as ArticleRecord;
    const next = viewOf([...records, added], first, { added: [added], removed: [] });
    const slots = slotsOf(next);
    // The first view's layout is kept: the new article is appended after it.
    expect(slots.baseSize).toBe(40);
    expect(slots.slotOf(added)).toBe(40);
    const page = await searchArticles(next, {
      query: added.title.split(' ').slice(0, 3).join(' '),
    });
    expect(page.edges.map((e) => e.node.key)).toContain(added.key);
  });
});
