import { describe, expect, it } from 'vitest';
import { decodeArticleCursor, encodeArticleCursor } from '../../src/corpus/cursor.ts';
import { QueryInputError } from '../../src/corpus/input-error.ts';
import { queryArticles, queryTopics } from '../../src/corpus/query.ts';
import { ArticleOrderField } from '../../src/corpus/records.ts';
import { CorpusView } from '../../src/corpus/view.ts';
import { fixtureSeeds, loadFromSeeds } from '../fixtures/graph-corpus.ts';

const view = new CorpusView(loadFromSeeds(fixtureSeeds()).articles.filter((a) => a.published));
const byQuality = { field: ArticleOrderField.Quality, direction: 'DESC' } as const;
const keys = (page: { edges: readonly { node: { key: string } }[] }) =>
  page.edges.map((e) => e.node.key);

describe('keyset queries over a CorpusView', () => {
  it('encodes order, value and key in an opaque cursor that decodes back', () => {
    const article = view.byKey.get('a05');
    if (!article) throw new Error('fixture lost a05');
    const cursor = encodeArticleCursor(article, byQuality);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeArticleCursor(cursor, byQuality)).toEqual({ value: article.quality, key: 'a05' });
  });

  it('positions a cursor between equal values by key, even for a key that does not exist', () => {
    const all = keys(queryArticles(view, { orderBy: byQuality, page: { first: 100 } }));
    const tie = view.byKey.get(all[3] as string);
    if (!tie) throw new Error('missing article');
    const ghost = { ...tie, key: `${tie.key}~` };
    const after = queryArticles(view, {
      orderBy: byQuality,
      page: { first: 100, after: encodeArticleCursor(ghost, byQuality) },
    });
    const value = tie.quality ?? -1;
    const strictlyAfter = all.filter((key) => {
      const quality = view.byKey.get(key)?.quality ?? -1;
      return quality < value || (quality === value && key > ghost.key);
    });
    expect(strictlyAfter.length).toBeGreaterThan(0);
    expect(keys(after)).toEqual(strictlyAfter);
  });

  it('reads ascending order as the exact reverse of descending', () => {
    const desc = keys(queryArticles(view, { orderBy: byQuality, page: { first: 100 } }));
    const asc = keys(
      queryArticles(view, { orderBy: { ...byQuality, direction: 'ASC' }, page: { first: 100 } }),
    );
    expect(asc).toEqual([...desc].reverse());
  });

  it('computes totalCount only when read, and over the whole filter', () => {
    const page = queryArticles(view, { where: { minQuality: 50 }, page: { first: 1 } });
    expect(page.edges).toHaveLength(1);
    expect(page.totalCount).toBe(
      [...view.byKey.values()].filter((a) => (a.quality ?? -1) >= 50).length,
    );
  });

  it('throws QueryInputError with a code for bad arguments', () => {
    expect(() => queryTopics(view, { first: 101 })).toThrow(QueryInputError);
    expect(() => queryTopics(view, { after: 'bm9wZQ' })).toThrow(/cursor/);
  });
});
