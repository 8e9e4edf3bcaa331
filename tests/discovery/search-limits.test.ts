import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Corpus } from '../../src/corpus/corpus.ts';
import type { RequestBudget } from '../../src/discovery/budget.ts';
import { parseQuery, type SearchIndex, searchIndexFor } from '../../src/discovery/search-index.ts';
import { normaliseTerm, tokenize } from '../../src/discovery/text.ts';
import { generatedLoad } from './corpus.ts';

const corpus = new Corpus(generatedLoad(300), 1);
const view = corpus.public;
const wordsOf = (i: number): Set<string> => {
  const article = view.articles[i];
  if (!article) return new Set();
  const text = [article.title, article.excerpt ?? '', ...article.topics, article.provider.name];
  return new Set(tokenize(text.join('\n')).map(normaliseTerm));
};
const articleWords = view.articles.map((_, i) => wordsOf(i));
const vocabulary = [...new Set(articleWords.flatMap((words) => [...words]))]
  .filter((w) => /^[a-z]{4,}$/.test(w))
  .sort();

const matchesOf = (index: SearchIndex, query: string, budget?: RequestBudget): number[] =>
  index.withMatches(parseQuery(query), (m) => [...m.ordinals].sort((a, b) => a - b), budget);

/** One edit: replace, insert or delete a letter at a position. */
const edit = fc.record({
  kind: fc.constantFrom('replace', 'insert', 'delete'),
  at: fc.nat(),
  letter: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'),
});
function applyEdits(
  word: string,
  edits: readonly { kind: string; at: number; letter: string }[],
): string {
  let out = word;
  for (const { kind, at, letter } of edits) {
    const i = at % (out.length + (kind === 'insert' ? 1 : 0));
    if (kind === 'replace') out = out.slice(0, i) + letter + out.slice(i + 1);
    else if (kind === 'insert') out = out.slice(0, i) + letter + out.slice(i);
    else if (out.length > 1) out = out.slice(0, i) + out.slice(i + 1);
  }
  return out;
}

/** A budget whose deadline passes at its `after`-th check: the index must stop there. */
function expiringAfter(after: number): RequestBudget & { checks: number } {
  const budget = {
    checks: 0,
    checkDeadline() {
      budget.checks += 1;
      if (budget.checks > after) throw new Error('deadline passed');
    },
    yieldIfDue: () => undefined,
    takeTypoTerms: () => true,
  };
  return budget;
}

describe('search work bounds', () => {
  it('finds every article holding a word from that word with as many typos as its length allows', async () => {
    const index = await searchIndexFor(view);
    fc.assert(
      fc.property(
        fc.constantFrom(...vocabulary),
        fc.array(edit, { maxLength: 2 }),
        (word, edits) => {
          const query = applyEdits(word, edits);
          const [term] = parseQuery(query);
          // Only queries whose allowance covers the edits made (a deletion can lower it).
          fc.pre(term !== undefined && term.term === query && edits.length <= term.maxEdits);
          const found = new Set(matchesOf(index, query));
          const holding = articleWords.flatMap((words, i) => (words.has(word) ? [i] : []));
          // Up to 64 indexed words stand for one query word, the closest first; this small
          // vocabulary never has that many within two edits.
          for (const i of holding) expect(found.has(i)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stops a query at its deadline and answers the next query exactly as before', async () => {
    const index = await searchIndexFor(view);
    const query = fc
      .array(fc.tuple(fc.constantFrom(...vocabulary), fc.array(edit, { maxLength: 1 })), {
        minLength: 1,
        maxLength: 4,
      })
      .map((words) => words.map(([w, edits]) => applyEdits(w, edits)).join(' '));
    await fc.assert(
      fc.asyncProperty(query, query, fc.nat({ max: 12 }), async (stopped, next, after) => {
        const before = matchesOf(index, next);
        const budget = expiringAfter(after);
        let finished = true;
        try {
          matchesOf(index, stopped, budget);
        } catch (error) {
          expect((error as Error).message).toBe('deadline passed');
          finished = false;
        }
        // A query that needed more checks than allowed was stopped, not finished.
        expect(finished).toBe(budget.checks <= after);
        expect(matchesOf(index, next)).toEqual(before);
      }),
      { numRuns: 200 },
    );
  });
});
