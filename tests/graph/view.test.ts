import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../src/content/records.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import { queryArticles } from '../../src/corpus/query.ts';
import { ArticleOrderField, SortDirection } from '../../src/corpus/records.ts';
import { CorpusView, compareDescending } from '../../src/corpus/view.ts';
import { generatedLoad } from '../discovery/corpus.ts';

describe('a snapshot view', () => {
  const corpus = new Corpus(generatedLoad(1_500, 31), 1);
  const published = corpus.all.filter((article) => article.published);

  it('lists every ordering exactly as the documented comparator sorts it', () => {
    for (const view of [corpus.preview, corpus.public]) {
      for (const field of Object.values(ArticleOrderField)) {
        const expected = [...view.articles].sort(compareDescending(field));
        expect([...view.ordered[field]].map((a) => a.key)).toEqual(expected.map((a) => a.key));
      }
    }
  });

  it('sorts any records exactly as the comparator does, ties and keys out of file order included', () => {
    // Keys whose order differs from their files' (`a-b.md` < `a.md`, but `a` < `a-b`), and
    // scores with few values, so most comparisons are ties broken by the key.
    const base = corpus.all.slice(0, 60);
    const record = fc.record({
      stem: fc.stringMatching(/^[a-c][a-c.-]{0,3}$/),
      ext: fc.constantFrom('.md', '.txt'),
      quality: fc.option(fc.integer({ min: 0, max: 3 })),
      heat: fc.option(fc.integer({ min: 0, max: 3 })),
      minutes: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(record, { selector: (r) => r.stem, maxLength: 40 }), (specs) => {
        const articles: ArticleRecord[] = specs
          .map((spec, i) => ({
            ...(base[i % base.length] as ArticleRecord),
            key: spec.stem,
            file: `${spec.stem}${spec.ext}`,
            quality: spec.quality,
            heat: spec.heat,
            publishedDateTime: new Date(Date.UTC(2025, 0, 1, 0, spec.minutes)),
          }))
          .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
        const view = new CorpusView(articles);
        for (const field of Object.values(ArticleOrderField)) {
          const expected = [...articles].sort(compareDescending(field));
          expect([...view.ordered[field]].map((a) => a.key)).toEqual(expected.map((a) => a.key));
        }
      }),
    );
  });

  it('derives the public view from the preview with the same content as one built alone', () => {
    expect(published.length).toBeLessThan(corpus.all.length);
    const alone = new CorpusView(published);
    const view = corpus.public;
    const keys = (list: Iterable<{ key: string }> | undefined) =>
      list && [...list].map((a) => a.key);
    for (const field of Object.values(ArticleOrderField)) {
      expect(keys(view.ordered[field])).toEqual(keys(alone.ordered[field]));
    }
    for (const lists of ['byProvider', 'byTopic'] as const) {
      expect([...view[lists].keys()].sort()).toEqual([...alone[lists].keys()].sort());
      for (const [key, list] of alone[lists])
        expect(keys(view[lists].get(key))).toEqual(keys(list));
    }
    expect(view.providerList).toEqual(alone.providerList);
    expect(view.topicList).toEqual(alone.topicList);
    // Nothing of a draft: no draft in any list, no provider or topic known only through drafts.
    const drafts = new Set(corpus.all.filter((a) => !a.published));
    for (const list of [...view.byProvider.values(), ...view.byTopic.values()]) {
      expect([...list].some((a) => drafts.has(a))).toBe(false);
    }
  });

  it("orders a provider's or topic's page as the comparator does after any change (sorted lists are kept per list)", () => {
    // 1,500 articles: each provider's and topic's list is under 1/8 of the view, so a page in
    // another order sorts that list once and keeps it while the list lives; a derived view
    // shares the lists a change did not touch and must not reuse the sorting of one it did.
    const base = corpus.preview;
    type Scope = { providerDomain: string } | { topic: string };
    const scopes: Scope[] = [
      ...[...base.byProvider.keys()].map((providerDomain) => ({ providerDomain })),
      ...[...base.byTopic.values()].map((list) => ({ topic: [...list][0]?.topics[0] as string })),
    ];
    const inScope = (scope: Scope) => (a: ArticleRecord) =>
      'providerDomain' in scope
        ? a.provider.domain === scope.providerDomain
        : a.topics.some((t) => t.toLowerCase() === scope.topic.toLowerCase());
    const page = (view: CorpusView, scope: Scope, field: ArticleOrderField, min: number) => {
      const result = queryArticles(view, {
        scope,
        where: { minQuality: min },
        orderBy: { field, direction: SortDirection.Desc },
        page: { first: 10 },
      });
      return { total: result.totalCount, keys: result.edges.map((e) => e.node.key) };
    };
    const expected = (
      articles: readonly ArticleRecord[],
      scope: Scope,
      field: ArticleOrderField,
      min: number,
    ) => {
      const matches = articles
        .filter((a) => inScope(scope)(a) && a.quality !== null && a.quality >= min)
        .sort(compareDescending(field));
      return { total: matches.length, keys: matches.slice(0, 10).map((a) => a.key) };
    };
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            article: fc.nat({ max: base.articles.length - 1 }),
            quality: fc.integer({ min: 0, max: 100 }),
            remove: fc.boolean(),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        fc.nat({ max: scopes.length - 1 }),
        fc.constantFrom(
          ArticleOrderField.Quality,
          ArticleOrderField.Heat,
          ArticleOrderField.Trending,
          ArticleOrderField.UpdatedDateTime,
        ),
        fc.integer({ min: 0, max: 60 }),
        (edits, at, field, min) => {
          const scope = scopes[at] as Scope;
          expect(page(base, scope, field, min)).toEqual(expected(base.articles, scope, field, min));
          const removed = [...new Set(edits.map((e) => base.articles[e.article] as ArticleRecord))];
          const added = new Map<string, ArticleRecord>();
          for (const edit of edits) {
            if (edit.remove) continue;
            const article = base.articles[edit.article] as ArticleRecord;
            added.set(article.key, { ...article, quality: edit.quality, heat: edit.quality });
          }
          const derived = base.derive({ added: [...added.values()], removed });
          const gone = new Set(removed);
          const after = [...base.articles.filter((a) => !gone.has(a)), ...added.values()];
          expect(page(derived, scope, field, min)).toEqual(expected(after, scope, field, min));
          expect(page(base, scope, field, min)).toEqual(expected(base.articles, scope, field, min));
        },
      ),
      { numRuns: 60 },
    );
  });
});
