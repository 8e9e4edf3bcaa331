import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serverConfigSchema } from '../../src/server/config.ts';
import { type RunningServer, startServer } from '../../src/server/http.ts';
import { PREVIEW_TOKEN, writeSeedsFolder } from '../fixtures/graph-corpus.ts';
import { fixtureSeeds, removeFolder, seedText } from './folder.ts';

const EDITS = 500;
const EDITED_FILES = 20;
const CLIENTS = 4;
/** Writers pause now and then, so the edits land as many swaps instead of one. */
const EDITS_PER_PAUSE = 25;
const PAUSE_MS = 80;

/**
 * The same articles read three ways in one request. A request that mixed two snapshots would
 * answer them differently; the version ties every answer to the snapshot it came from.
 */
const PROBE = /* GraphQL */ `{
  contentStatus { version }
  a: articles(first: 30) { totalCount edges { node { key title } } }
  b: articles(first: 30) { edges { node { key title } } }
  one: article(key: "a00") { title }
}`;

interface ProbeAnswer {
  contentStatus: { version: number };
  a: { totalCount: number; edges: { node: { key: string; title: string } }[] };
  b: { edges: { node: { key: string; title: string } }[] };
  one: { title: string };
}

const keyOf = (i: number) => `a${String(i % EDITED_FILES).padStart(2, '0')}`;

let dir: string;
let server: RunningServer;

afterEach(async () => {
  await server?.close();
  await removeFolder(dir);
});

describe('serving while content changes', () => {
  it(`answers every request from one snapshot while ${EDITS} edits land`, async () => {
    dir = await writeSeedsFolder(fixtureSeeds());
    server = await startServer({
      config: serverConfigSchema.parse({
        port: 0,
        host: '127.0.0.1',
        seedsDir: dir,
        watch: true,
        previewToken: PREVIEW_TOKEN,
      }),
      logger: pino({ level: 'silent' }),
    });
    const seeds = fixtureSeeds();
    const byVersion = new Map<number, string>();
    const failures: string[] = [];
    let answers = 0;
    let writing = true;

    const client = async () => {
      let lastVersion = 0;
      while (writing) {
        const response = await fetch(server.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${PREVIEW_TOKEN}`,
          },
          body: JSON.stringify({ query: PROBE }),
        }).catch((error: unknown) => error as Error);
        if (response instanceof Error) {
          failures.push(response.message);
          continue;
        }
        const body = await response.json();
        if (response.status !== 200 || body.errors) {
          failures.push(`${response.status} ${JSON.stringify(body.errors)}`);
          continue;
        }
        const data = body.data as ProbeAnswer;
        const version = data.contentStatus.version;
        const content = JSON.stringify(data.a.edges);
        if (content !== JSON.stringify(data.b.edges)) failures.push('a and b differ');
        if (data.a.totalCount !== data.a.edges.length) failures.push('totalCount differs');
        const a00 = data.a.edges.find((e) => e.node.key === 'a00');
        if (a00?.node.title !== data.one.title) failures.push('article(key) differs');
        if (version < lastVersion) failures.push(`version went back ${lastVersion} → ${version}`);
        const known = byVersion.get(version);
        if (known === undefined) byVersion.set(version, content);
        else if (known !== content) failures.push(`version ${version} answered two ways`);
        lastVersion = version;
        answers++;
      }
    };

    const clients = Array.from({ length: CLIENTS }, client);
    for (let i = 0; i < EDITS; i++) {
      const key = keyOf(i);
      const seed = seeds.get(key) as Record<string, unknown>;
      // Written like another process would: not queued behind this process's busy event loop.
      writeFileSync(path.join(dir, `${key}.txt`), seedText({ ...seed, title: `Edit ${i}` }));
      if (i % EDITS_PER_PAUSE === EDITS_PER_PAUSE - 1) await pause(PAUSE_MS);
    }
    const lastTitles = new Map<string, string>();
    for (let i = 0; i < EDITS; i++) lastTitles.set(keyOf(i), `Edit ${i}`);
    await vi.waitFor(
      () => {
        for (const [key, title] of lastTitles) {
          expect(server.store.current.preview.byKey.get(key)?.title).toBe(title);
        }
      },
      { timeout: 15_000, interval: 50 },
    );
    writing = false;
    await Promise.all(clients);

    expect(failures).toEqual([]);
    expect(answers).toBeGreaterThan(0);
    expect(byVersion.size).toBeGreaterThan(1);
  }, 120_000);
});
