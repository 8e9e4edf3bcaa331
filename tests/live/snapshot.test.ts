import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ContentStore } from '../../src/corpus/store.ts';
import { createNewsgraphYoga } from '../../src/server/yoga.ts';
import { fixtureSeeds, loadFromSeeds } from '../fixtures/graph-corpus.ts';

const QUERY = /* GraphQL */ `{
  article(key: "a01") { title }
  articles(first: 3) { edges { node { key title } } }
}`;

describe('one snapshot per request', () => {
  it('answers from the snapshot the request started with when a swap lands during it', async () => {
    const store = new ContentStore(loadFromSeeds(fixtureSeeds()));
    const edited = fixtureSeeds();
    for (const key of ['a01', 'a23', 'a22'])
      edited.set(key, { ...edited.get(key), title: `Swapped ${key}` });
    let swapped = false;
    const yoga = createNewsgraphYoga({
      store,
      config: {},
      logger: pino({ level: 'silent' }),
      plugins: [
        {
          // Runs after the context (and its snapshot) is taken, before any resolver.
          onExecute() {
            if (!swapped) store.replace(loadFromSeeds(edited));
            swapped = true;
          },
        },
      ],
    });
    const ask = async () => {
      const response = await yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: QUERY }),
      });
      return (await response.json()).data;
    };

    const during = await ask();
    expect(store.current.version).toBe(2);
    expect(during.article.title).toBe('Article a01');
    expect(during.articles.edges.map((e: { node: { title: string } }) => e.node.title)).toEqual([
      'Article a23',
      'Article a22',
      'Article a21',
    ]);

    const after = await ask();
    expect(after.article.title).toBe('Swapped a01');
    expect(after.articles.edges[0].node.title).toBe('Swapped a23');
  });
});
