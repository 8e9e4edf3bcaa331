import { describe, expect, it } from 'vitest';
import { Corpus } from '../../src/corpus/corpus.ts';
import { QueryErrorCode } from '../../src/corpus/input-error.ts';
import { ContentStore } from '../../src/corpus/store.ts';
import { searchArticles } from '../../src/discovery/search.ts';
import { MAX_QUERY_TERMS } from '../../src/discovery/search-index.ts';
import { loadFromSeeds } from '../fixtures/graph-corpus.ts';
import { DRAFT_KEY, GAMMA, knownCorpus, knownSeeds, PUBLIC_KEYS } from './corpus.ts';

const corpus = knownCorpus();
const keysOf = async (query: string, preview = false, where = {}) =>
  (await searchArticles(corpus.view(preview), { query, where, first: 100 })).edges.map(
    (e) => e.node.key,
  );

describe('ranked search', () => {
  it.each([
    ['an exact word of a title', 'photosynthesis', 'd08'],
    ['two exact words', 'methane satellite', 'd03'],
    ['a word prefix', 'photosynth', 'd08'],
    ['a prefix of the last word while typing', 'vaccine tri', 'd04'],
    ['a word with a missing letter', 'vacine', 'd04'],
    ['a word with an extra letter', 'vacccine', 'd04'],
    ['a word with a wrong letter', 'photosyntgesis', 'd08'],
    ['any case and accents', 'PHOTOSYNTHÉSIS', 'd08'],
    ['a provider name', 'gamma post methane', 'd03'],
    ['a topic name', 'startups', 'd06'],
  ])('finds the expected article first for %s', async (_what, query, expected) => {
    const keys = await keysOf(query);
    expect(keys[0]).toBe(expected);
  });

  it('requires every query word to match', async () => {
    expect(await keysOf('methane')).toEqual(expect.arrayContaining(['d02', 'd03']));
    expect(await keysOf('methane summit')).toEqual(['d02']);
    expect(await keysOf('methane zebra')).toEqual([]);
  });

  it('ranks a title match above the same word in an excerpt', async () => {
    // "satellite" is in d03's title and only in d05's excerpt.
    const keys = await keysOf('satellite');
    expect(keys).toEqual(['d03', 'd05']);
  });

  it('orders by descending score, ties by key, with scores on every edge', async () => {
    const page = await searchArticles(corpus.public, { query: 'strike' });
    const scores = page.edges.map((e) => e.score);
    expect(scores.every((s) => s > 0)).toBe(true);
    for (let i = 1; i < page.edges.length; i++) {
      const [a, b] = [page.edges[i - 1], page.edges[i]];
      if (!a || !b) continue;
      expect(a.score > b.score || (a.score === b.score && a.node.key < b.node.key)).toBe(true);
    }
  });

  it('matches nothing for an empty or punctuation-only query', async () => {
    expect(await keysOf('')).toEqual([]);
    expect(await keysOf('  ?! ')).toEqual([]);
  });

  it('refuses a query with too many words', async () => {
    const query = Array.from({ length: MAX_QUERY_TERMS + 1 }, (_, i) => `word${i}`).join(' ');
    await expect(searchArticles(corpus.public, { query })).rejects.toMatchObject({
      code: QueryErrorCode.TooManyTerms,
    });
  });
});

describe('search filters', () => {
  it('narrows matches with the same filters as articles', async () => {
    expect(await keysOf('quantum')).toEqual(expect.arrayContaining(['d01', 'd06']));
    expect(await keysOf('quantum', false, { providerDomains: [GAMMA.domain] })).toEqual(['d06']);
    expect(await keysOf('quantum', false, { category: 'science' })).toEqual(['d01']);
    expect(await keysOf('strike', false, { topics: ['transport'] })).toEqual(['d10']);
    expect(await keysOf('strike', false, { minHeat: 60 })).toEqual(
      expect.arrayContaining(['d10', 'd11']),
    );
    expect(await keysOf('strike', false, { minHeat: 60 })).toHaveLength(2);
    const after = new Date('2024-03-01T00:00:00Z');
    expect(await keysOf('strike', false, { publishedAfter: after })).toEqual(['d11']);
  });

  it('counts and pages only filtered matches', async () => {
    const where = { topics: ['Trade'] };
    const first = await searchArticles(corpus.public, { query: 'strike', where, first: 1 });
    expect(first.totalCount).toBe(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const seen = [first.edges[0]?.node.key];
    let cursor = first.pageInfo.endCursor;
    while (cursor) {
      const page = await searchArticles(corpus.public, {
        query: 'strike',
        where,
        first: 1,
        after: cursor,
      });
      expect(page.pageInfo.hasPreviousPage).toBe(true);
      seen.push(...page.edges.map((e) => e.node.key));
      cursor = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    }
    expect(seen.sort()).toEqual(['d09', 'd10', 'd11']);
  });
});

describe('drafts in search', () => {
  it('never match for the public, even by their exact title', async () => {
    expect(await keysOf('secret quantum chip unveiled')).toEqual([]);
    expect(await keysOf('quantum')).not.toContain(DRAFT_KEY);
    expect(await keysOf('embargo')).toEqual([]);
  });

  it('match in preview', async () => {
    expect(await keysOf('secret quantum chip unveiled', true)).toEqual([DRAFT_KEY]);
  });

  it('leave the public index of a snapshot without drafts at all', async () => {
    const all = await searchArticles(corpus.public, { query: 'the', first: 100 });
    for (const edge of all.edges) expect(PUBLIC_KEYS).toContain(edge.node.key);
  });
});

describe('highlights', () => {
  it('marks matched title words, HTML-escaping the rest', async () => {
    const [edge] = (await searchArticles(corpus.public, { query: 'photosynth found' })).edges;
    expect(edge?.highlights.title.html).toBe(
      '<mark>Photosynthesis</mark> research blooms in deserts',
    );
    expect(edge?.highlights.excerpt?.html).toBe(
      'Botanists &lt;b&gt;<mark>found</mark>&lt;/b&gt; plants &amp; algae that thrive at 50 degrees.',
    );
  });

  it('gives offsets of the marked words into the plain text', async () => {
    const [edge] = (await searchArticles(corpus.public, { query: 'vacine results' })).edges;
    const title = edge?.highlights.title;
    expect(title?.text).toBe('Vaccine trial shows strong results');
    const marked = title?.ranges.map((r) => title.text.slice(r.start, r.end));
    expect(marked).toEqual(['Vaccine', 'results']);
  });

  it('cuts a long excerpt to a snippet around the first match', async () => {
    const filler = 'Background words fill this excerpt for a while. '.repeat(12);
    const long = new Corpus(
      loadFromSeeds(
        knownSeeds({
          z01: {
            title: 'Long read',
            excerpt: `${filler}Then the aurora appears over the fjord. ${filler}`,
            topics: ['Space'],
            provider: GAMMA,
            category: 'news',
            published: '2024-01-01T00:00:00Z',
          },
        }),
      ),
      1,
    );
    const [edge] = (await searchArticles(long.public, { query: 'aurora' })).edges;
    const excerpt = edge?.highlights.excerpt;
    expect(excerpt?.text.startsWith('…')).toBe(true);
    expect(excerpt?.text.endsWith('…')).toBe(true);
    expect(excerpt?.text.length).toBeLessThanOrEqual(202);
    expect(excerpt?.html).toContain('<mark>aurora</mark>');
    const [range] = excerpt?.ranges ?? [];
    expect(range && excerpt?.text.slice(range.start, range.end)).toBe('aurora');
  });
});

describe('the index and reloads', () => {
  it('searches the snapshot a store holds after a reload', async () => {
    const store = new ContentStore(loadFromSeeds(knownSeeds()));
    expect(await searchArticles(store.current.public, { query: 'aurora' })).toMatchObject({
      totalCount: 0,
    });
    store.replace(
      loadFromSeeds(
        knownSeeds({
          z02: {
            title: 'Aurora lights up the north',
            topics: ['Space'],
            provider: GAMMA,
            category: 'news',
            published: '2024-01-01T00:00:00Z',
          },
        }),
      ),
    );
    const page = await searchArticles(store.current.public, { query: 'aurora' });
    expect(page.edges.map((e) => e.node.key)).toEqual(['z02']);
  });
});
