import { describe, expect, it } from 'vitest';
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
      expect(list.some((a) => drafts.has(a))).toBe(false);
    }
  });
});
