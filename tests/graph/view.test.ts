import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../src/content/records.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import { ArticleOrderField } from '../../src/corpus/records.ts';
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
});
