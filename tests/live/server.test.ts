import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContentChange } from '../../src/live/feed.ts';
import { serverConfigSchema } from '../../src/server/config.ts';
import { type RunningServer, startServer } from '../../src/server/http.ts';
import {
  DRAFT_KEYS,
  PREVIEW_TOKEN,
  SECURED_CIPHERTEXT,
  writeSeedsFolder,
} from '../fixtures/graph-corpus.ts';
import { articleSeed, BROKEN_TEXT, fixtureSeeds, removeFolder, writeSeed } from './folder.ts';
import { openSse, type SseStream } from './sse.ts';

const WAIT = { timeout: 10_000, interval: 25 };
const AUTH = { authorization: `Bearer ${PREVIEW_TOKEN}` };
const CHANGES = /* GraphQL */ `
  subscription { contentChanged { version previousVersion added updated removed } }
`;

type Event = { data?: { contentChanged: ContentChange } };
const change = (event: Event) => event.data?.contentChanged as ContentChange;
const names = (event: Event) => {
  const c = change(event);
  return [...c.added, ...c.updated, ...c.removed];
};

let dir: string;
let server: RunningServer;
const streams: SseStream<Event>[] = [];

async function start(watch: boolean) {
  dir = await writeSeedsFolder(fixtureSeeds());
  server = await startServer({
    config: serverConfigSchema.parse({
      port: 0,
      host: '127.0.0.1',
      seedsDir: dir,
      watch,
      previewToken: PREVIEW_TOKEN,
    }),
    logger: pino({ level: 'silent' }),
  });
}

afterEach(async () => {
  for (const stream of streams.splice(0)) stream.close();
  await server?.close();
  await removeFolder(dir);
});

async function query(
  text: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: text, variables }),
  });
  return { status: response.status, body: await response.json() };
}

async function titleOf(key: string): Promise<string | null> {
  const { body } = await query(
    'query($k: String) { article(key: $k) { title } }',
    { k: key },
    AUTH,
  );
  return body.data?.article?.title ?? null;
}

async function subscribe(headers: Record<string, string> = {}) {
  const stream = await openSse<Event>(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: CHANGES }),
  });
  streams.push(stream);
  return stream;
}

describe('live content over HTTP', () => {
  it('reflects a file added, edited, broken, fixed, renamed and deleted in queries and events', async () => {
    await start(true);
    const pub = await subscribe();
    const preview = await subscribe(AUTH);
    const has = (kind: keyof ContentChange, key: string) => (event: Event) =>
      (change(event)[kind] as readonly string[]).includes(key);

    await writeSeed(dir, 'live.txt', articleSeed('live'));
    await pub.waitFor(has('added', 'live'));
    expect(await titleOf('live')).toBe('Article live');

    let seen = pub.events.length;
    await writeSeed(dir, 'live.txt', articleSeed('live', { title: 'Edited' }));
    await pub.waitFor(has('updated', 'live'), { from: seen });
    expect(await titleOf('live')).toBe('Edited');

    await writeFile(path.join(dir, 'live.txt'), BROKEN_TEXT);
    const statusQuery = '{ contentStatus { staleFiles errors { file code servingLastGood } } }';
    await vi.waitFor(async () => {
      const { body } = await query(statusQuery, {}, AUTH);
      expect(body.data.contentStatus).toEqual({
        staleFiles: 1,
        errors: [{ file: 'live.txt', code: 'YAML_SYNTAX', servingLastGood: true }],
      });
    }, WAIT);
    expect(await titleOf('live')).toBe('Edited');

    seen = pub.events.length;
    await writeSeed(dir, 'live.txt', articleSeed('live', { title: 'Fixed' }));
    await pub.waitFor(has('updated', 'live'), { from: seen });
    expect(await titleOf('live')).toBe('Fixed');
    expect((await query(statusQuery, {}, AUTH)).body.data.contentStatus.errors).toEqual([]);

    seen = pub.events.length;
    await rename(path.join(dir, 'live.txt'), path.join(dir, 'moved.txt'));
    await pub.waitFor(has('added', 'moved'), { from: seen });
    await pub.waitFor(has('removed', 'live'), { from: seen });
    expect(await titleOf('moved')).toBe('Fixed');
    expect(await titleOf('live')).toBeNull();

    seen = pub.events.length;
    await rm(path.join(dir, 'moved.txt'));
    await pub.waitFor(has('removed', 'moved'), { from: seen });
    expect(await titleOf('moved')).toBeNull();

    // A draft edit reaches preview subscribers only; the next public change shows nothing leaked.
    const [draft] = DRAFT_KEYS;
    const draftSeed = fixtureSeeds().get(draft) as Record<string, unknown>;
    await writeSeed(dir, `${draft}.txt`, { ...draftSeed, title: 'Embargo lifted soon' });
    await preview.waitFor(has('updated', draft));
    await writeSeed(dir, 'sentinel.txt', articleSeed('sentinel'));
    await pub.waitFor(has('added', 'sentinel'));
    await preview.waitFor(has('added', 'sentinel'));
    const publicKeys = pub.events.flatMap(names);
    for (const key of DRAFT_KEYS) expect(publicKeys).not.toContain(key);
    const versions = pub.events.map((event) => change(event).version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
  });

  it('streams events to a plain EventSource-style GET without any header but Accept', async () => {
    await start(true);
    const url = `${server.url}?query=${encodeURIComponent(CHANGES)}`;
    const stream = await openSse<Event>(url);
    streams.push(stream);
    await writeSeed(dir, 'via-get.txt', articleSeed('via-get'));
    const event = await stream.waitFor((e) => change(e).added.includes('via-get'));
    expect(change(event).version).toBeGreaterThan(change(event).previousVersion);
  });

  it('shows contentStatus only with the preview token, with places and never values', async () => {
    await start(true);
    const denied = await query('{ contentStatus { version } }');
    expect(denied.body.data.contentStatus).toBeNull();
    expect(denied.body.errors[0].extensions.code).toBe('FORBIDDEN');

    const leaky = articleSeed('leaky', { quality: `not a score ${SECURED_CIPHERTEXT}` });
    await writeSeed(dir, 'leaky.txt', leaky);
    const statusQuery = /* GraphQL */ `{
      contentStatus {
        version files articles publicArticles drafts rejectedFiles staleFiles
        errorCount warningCount watching reloadFailing lastReloadAt lastReloadMs loadedAt
        errors(file: "leaky.txt") { file line column path code message servingLastGood }
      }
    }`;
    await vi.waitFor(async () => {
      const { body } = await query(statusQuery, {}, AUTH);
      expect(body.data.contentStatus.rejectedFiles).toBe(1);
    }, WAIT);
    const { body } = await query(statusQuery, {}, AUTH);
    const status = body.data.contentStatus;
    expect(status).toMatchObject({
      files: fixtureSeeds().size + 1,
      articles: fixtureSeeds().size,
      drafts: DRAFT_KEYS.length,
      publicArticles: fixtureSeeds().size - DRAFT_KEYS.length,
      rejectedFiles: 1,
      staleFiles: 0,
      errorCount: 1,
      watching: true,
      reloadFailing: false,
    });
    expect(status.errors).toMatchObject([
      { file: 'leaky.txt', path: 'quality', code: 'INVALID_FIELD', servingLastGood: false },
    ]);
    expect(status.errors[0].line).toBeGreaterThan(0);
    expect(JSON.stringify(body)).not.toContain(SECURED_CIPHERTEXT);
  });

  it('lets every subscriber tell from versions alone that it missed nothing when files break and get fixed', async () => {
    await start(false);
    const pub = await subscribe();
    const preview = await subscribe(AUTH);
    const reload = async () =>
      (await fetch(`${server.origin}/admin/reload`, { method: 'POST', headers: AUTH })).json();
    const a03 = fixtureSeeds().get('a03') as Record<string, unknown>;

    await writeSeed(dir, 'live.txt', articleSeed('live'));
    expect(await reload()).toMatchObject({ swapped: true, version: 2 });
    // Breaking files swaps (their problems change) but changes no article anyone sees.
    await writeFile(path.join(dir, 'live.txt'), BROKEN_TEXT);
    expect(await reload()).toMatchObject({ swapped: true, version: 3 });
    await writeFile(path.join(dir, 'a03.txt'), BROKEN_TEXT);
    expect(await reload()).toMatchObject({ swapped: true, version: 4 });
    await writeSeed(dir, 'live.txt', articleSeed('live', { title: 'Fixed' }));
    expect(await reload()).toMatchObject({ swapped: true, version: 5 });
    // Fixed back to the content it served all along: again only its problems change.
    await writeSeed(dir, 'a03.txt', a03);
    expect(await reload()).toMatchObject({ swapped: true, version: 6 });
    await writeSeed(dir, 'sentinel.txt', articleSeed('sentinel'));
    expect(await reload()).toMatchObject({ swapped: true, version: 7 });
    for (const stream of [pub, preview]) {
      await stream.waitFor((e) => change(e).added.includes('sentinel'));
      const events = stream.events.map(change);
      expect(events.map((e) => [...e.added, ...e.updated])).toEqual([
        ['live'],
        ['live'],
        ['sentinel'],
      ]);
      // Each event follows the one before: no gap, so nothing to refetch.
      expect(events.map((e) => e.previousVersion)).toEqual([
        1,
        ...events.slice(0, -1).map((e) => e.version),
      ]);
    }
    expect(pub.events.map((e) => change(e).version)).toEqual([2, 3, 4]);
    expect(preview.events.map((e) => change(e).version)).toEqual([2, 5, 7]);
  });

  it('reloads on POST /admin/reload with the preview token and answers with the change set', async () => {
    await start(false);
    const reloadUrl = `${server.origin}/admin/reload`;
    await writeSeed(dir, 'synced.txt', articleSeed('synced'));
    await rm(path.join(dir, 'a04.txt'));

    const anonymous = await fetch(reloadUrl, { method: 'POST' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    const wrong = await fetch(reloadUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${PREVIEW_TOKEN}x` },
    });
    expect(wrong.status).toBe(401);
    expect((await fetch(reloadUrl, { headers: AUTH })).status).toBe(405);
    expect(await titleOf('synced')).toBeNull();

    const reloaded = await fetch(reloadUrl, { method: 'POST', headers: AUTH });
    expect(reloaded.status).toBe(200);
    expect(await reloaded.json()).toMatchObject({
      swapped: true,
      version: 2,
      filesRead: 2,
      added: { count: 1, keys: ['synced'], truncated: false },
      updated: { count: 0, keys: [] },
      removed: { count: 1, keys: ['a04'] },
    });
    expect(await titleOf('synced')).toBe('Article synced');

    const again = await fetch(reloadUrl, { method: 'POST', headers: AUTH });
    expect(await again.json()).toMatchObject({ swapped: false, version: 2, filesRead: 0 });
  });

  it('keeps serving and reports a failing reload when the seeds folder disappears', async () => {
    await start(false);
    const statusQuery = '{ contentStatus { version reloadFailing } }';
    const before = (await query(statusQuery, {}, AUTH)).body.data.contentStatus;
    expect(before).toEqual({ version: 1, reloadFailing: false });
    await removeFolder(dir);
    const reloaded = await fetch(`${server.origin}/admin/reload`, {
      method: 'POST',
      headers: AUTH,
    });
    expect(reloaded.status).toBe(500);
    expect((await reloaded.json()).error.code).toBe('RELOAD_FAILED');
    const after = (await query(statusQuery, {}, AUTH)).body.data.contentStatus;
    expect(after).toEqual({ version: 1, reloadFailing: true });
    expect(await titleOf('a01')).toBe('Article a01');
  });

  it('moves no public version and sends the public nothing for draft-only or secured-only edits', async () => {
    await start(false);
    const pub = await subscribe();
    const preview = await subscribe(AUTH);
    const readyz = async () => {
      const ready = await (await fetch(`${server.origin}/readyz`)).json();
      expect(ready.content.version).toBe(ready.corpusVersion);
      return ready;
    };
    const etag = async () =>
      (
        await fetch(`${server.url}?query=${encodeURIComponent('{ articles { totalCount } }')}`)
      ).headers.get('etag');
    const reload = async () =>
      (await fetch(`${server.origin}/admin/reload`, { method: 'POST', headers: AUTH })).json();
    const before = await readyz();
    const tagBefore = await etag();

    const [draft] = DRAFT_KEYS;
    const draftSeed = fixtureSeeds().get(draft) as Record<string, unknown>;
    await writeSeed(dir, `${draft}.txt`, { ...draftSeed, title: 'Embargo lifted soon' });
    expect(await reload()).toMatchObject({ swapped: true, version: 2 });
    await preview.waitFor((e) => change(e).updated.includes(draft));
    const published = fixtureSeeds().get('a05') as Record<string, unknown>;
    await writeSeed(dir, 'a05.txt', {
      ...published,
      secured: 'QU5PVEhFUi1DSVBIRVJURVhU;AAECAwQFBgcICQoLDA0ODw==',
    });
    expect(await reload()).toMatchObject({ swapped: true, version: 3 });
    await preview.waitFor((e) => change(e).updated.includes('a05'));
    // Nothing public moved: same version, same load time, same ETag.
    const quiet = await readyz();
    expect(quiet.corpusVersion).toBe(before.corpusVersion);
    expect(quiet.loadedAt).toBe(before.loadedAt);
    // Not even when a reload ran: reload times are for the preview's contentStatus and metrics.
    expect(quiet.content).toEqual(before.content);
    expect(await etag()).toBe(tagBefore);

    await writeSeed(dir, 'sentinel.txt', articleSeed('sentinel'));
    expect(await reload()).toMatchObject({ swapped: true, version: 4 });
    const event = change(await pub.waitFor((e) => change(e).added.includes('sentinel')));
    // The public saw one event, and no gap: it follows the last version it knew.
    expect(pub.events).toHaveLength(1);
    expect(event).toEqual({
      version: before.corpusVersion + 1,
      previousVersion: before.corpusVersion,
      added: ['sentinel'],
      updated: [],
      removed: [],
    });
    expect((await readyz()).corpusVersion).toBe(before.corpusVersion + 1);
    // Preview subscribers saw every swap, in snapshot versions.
    await preview.waitFor((e) => change(e).added.includes('sentinel'));
    expect(preview.events.map((e) => change(e).version)).toEqual([2, 3, 4]);
  });

  it('reports the content status in readiness without file names or draft counts', async () => {
    await start(true);
    await writeFile(path.join(dir, `${DRAFT_KEYS[0]}.txt`), BROKEN_TEXT);
    await vi.waitFor(async () => {
      const ready = await (await fetch(`${server.origin}/readyz`)).json();
      expect(ready.content).toMatchObject({ staleFiles: 1, errors: 1, watching: true });
    }, WAIT);
    const text = await (await fetch(`${server.origin}/readyz`)).text();
    for (const key of DRAFT_KEYS) expect(text).not.toContain(key);
    expect(text).not.toContain('drafts');
  });

  it('ends open subscriptions when the server shuts down', async () => {
    await start(true);
    const stream = await subscribe();
    await server.close();
    expect(await stream.ended).toBe(true);
  });

  it('keeps cursors from before a reload working against the new snapshot', async () => {
    await start(true);
    const page = /* GraphQL */ `query($after: String) {
      articles(first: 5, after: $after) { edges { node { key } } pageInfo { endCursor } }
    }`;
    const first = (await query(page)).body.data.articles;
    expect(first.edges.map((e: { node: { key: string } }) => e.node.key)).toEqual([
      'a23',
      'a22',
      'a21',
      'a20',
      'a19',
    ]);
    // Newer than everything (lands before the cursor) and a deletion right after the cursor.
    await writeSeed(
      dir,
      'newest.txt',
      articleSeed('newest', { publishedDateTime: '2030-01-01T00:00:00.000Z' }),
    );
    await rm(path.join(dir, 'a18.txt'));
    await vi.waitFor(async () => {
      expect(await titleOf('newest')).toBe('Article newest');
      expect(await titleOf('a18')).toBeNull();
    }, WAIT);
    const next = (await query(page, { after: first.pageInfo.endCursor })).body;
    expect(next.errors).toBeUndefined();
    expect(next.data.articles.edges.map((e: { node: { key: string } }) => e.node.key)).toEqual([
      'a17',
      'a16',
      'a15',
      'a14',
      'a13',
    ]);
  });
});
