import { describe, expect, it } from 'vitest';
import { createHarness, type Loose } from '../graph/harness.ts';
import { EXPIRES_AT, editorialStore, PUBLISH_AT, TIMED_KEY } from './corpus.ts';

const iso = (ms: number) => new Date(ms).toISOString();

const TIMED = /* GraphQL */ `
  query { article(key: "${TIMED_KEY}") {
    status publishAt expiresAt updatedDateTime corrections { at text }
  } }
`;
const DRAFT_STATUS = '{ article(key: "draft_01") { status } }';
const PUBLIC_STATUS =
  '{ article(key: "a01") { status publishAt expiresAt updatedDateTime corrections { at } } }';

const AS_OF = /* GraphQL */ `
  query ($asOf: DateTime) {
    articles(first: 100, asOf: $asOf) { totalCount edges { node { key } } facets { total } }
    search(query: "zeppelin", asOf: $asOf) { totalCount }
    providers(first: 100, asOf: $asOf) { totalCount }
    topics(first: 100, asOf: $asOf) { totalCount }
  }
`;

describe('preview sees editorial time', () => {
  it('shows each status and the times with the token, as the clock moves', async () => {
    const { clock, store } = editorialStore();
    const graph = createHarness({ store });
    const status = async () => (await graph.run(TIMED, {}, true)).data.article;
    expect(await status()).toEqual({
      status: 'SCHEDULED',
      publishAt: iso(PUBLISH_AT),
      expiresAt: iso(EXPIRES_AT),
      updatedDateTime: iso(PUBLISH_AT + 5 * 60_000),
      corrections: [{ at: iso(PUBLISH_AT + 6 * 60_000), text: 'Fixed the river.' }],
    });
    clock.set(PUBLISH_AT);
    expect((await status()).status).toBe('PUBLISHED');
    clock.set(EXPIRES_AT);
    expect((await status()).status).toBe('EXPIRED');
    expect((await graph.run(DRAFT_STATUS, {}, true)).data.article.status).toBe('DRAFT');
    expect((await graph.run(PUBLIC_STATUS, {}, true)).data.article).toEqual({
      status: 'PUBLISHED',
      publishAt: null,
      expiresAt: null,
      updatedDateTime: null,
      corrections: [],
    });
  });

  it('reveals nothing without the token: status and times are null, updates are public', async () => {
    const { clock, store } = editorialStore();
    const graph = createHarness({ store });
    expect((await graph.run(TIMED)).data.article).toBeNull();
    clock.set(PUBLISH_AT);
    const { data, errors } = await graph.run(TIMED);
    expect(errors).toBeUndefined();
    expect(data.article).toEqual({
      status: null,
      publishAt: null,
      expiresAt: null,
      updatedDateTime: iso(PUBLISH_AT + 5 * 60_000),
      corrections: [{ at: iso(PUBLISH_AT + 6 * 60_000), text: 'Fixed the river.' }],
    });
    expect(graph.bodies.join('\n')).not.toContain(iso(EXPIRES_AT));
  });

  it('answers root lists asOf an instant as the public will see them then', async () => {
    const { store } = editorialStore();
    const graph = createHarness({ store });
    const at = async (instant: number | null) => {
      const { data, errors } = await graph.run(
        AS_OF,
        { asOf: instant === null ? null : iso(instant) },
        true,
      );
      expect(errors).toBeUndefined();
      return data as Loose;
    };
    const now = await at(null);
    // Without asOf the preview sees everything, drafts and the embargoed article included.
    expect(now.articles.totalCount).toBe(27);
    const before = await at(PUBLISH_AT - 1);
    expect(before.articles.totalCount).toBe(24);
    expect(before.search.totalCount).toBe(0);
    const during = await at(PUBLISH_AT);
    expect(during.articles.totalCount).toBe(25);
    expect(during.articles.facets.total).toBe(25);
    expect(during.articles.edges.map((e: Loose) => e.node.key)).toContain(TIMED_KEY);
    expect(during.search.totalCount).toBe(1);
    expect(during.providers.totalCount).toBe(before.providers.totalCount + 1);
    expect(during.topics.totalCount).toBe(before.topics.totalCount + 1);
    const after = await at(EXPIRES_AT);
    expect(after.articles.totalCount).toBe(24);
    // Asking does not move the clock: the public still sees the present.
    const publicNow = await graph.run('{ articles { totalCount } }');
    expect(publicNow.data.articles.totalCount).toBe(24);
  });

  it('counts scheduled and expired articles and names the next transition in contentStatus', async () => {
    const { clock, store } = editorialStore();
    const graph = createHarness({ store });
    const status = async () =>
      (
        await graph.run(
          '{ contentStatus { publicArticles drafts scheduled expired nextTransitionAt } }',
          {},
          true,
        )
      ).data.contentStatus;
    expect(await status()).toEqual({
      publicArticles: 24,
      drafts: 2,
      scheduled: 1,
      expired: 0,
      nextTransitionAt: iso(PUBLISH_AT),
    });
    clock.set(PUBLISH_AT);
    expect(await status()).toMatchObject({ publicArticles: 25, scheduled: 0, expired: 0 });
    expect((await status()).nextTransitionAt).toBe(iso(EXPIRES_AT));
    clock.set(EXPIRES_AT);
    expect(await status()).toEqual({
      publicArticles: 24,
      drafts: 2,
      scheduled: 0,
      expired: 1,
      nextTransitionAt: null,
    });
  });

  it('refuses asOf without the token, on every list that takes it', async () => {
    const { store } = editorialStore();
    const graph = createHarness({ store });
    for (const list of [
      'articles(asOf: $asOf) { totalCount }',
      'search(query: "zeppelin", asOf: $asOf) { totalCount }',
      'providers(asOf: $asOf) { totalCount }',
      'topics(asOf: $asOf) { totalCount }',
    ]) {
      const { data, errors } = await graph.run(`query ($asOf: DateTime) { ${list} }`, {
        asOf: iso(PUBLISH_AT),
      });
      expect(data, list).toBeNull();
      expect(errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
        ['FORBIDDEN', 'asOf needs the preview token.'],
      ]);
    }
    expect(graph.bodies.join('\n')).not.toContain(TIMED_KEY);
  });
});
