import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DRAFT_KEYS,
  DRAFT_ONLY_PROVIDER,
  DRAFT_ONLY_TOPIC,
  fixtureSeeds,
  PREVIEW_TOKEN,
  SECURED_CIPHERTEXT,
  SECURED_IV,
  SECURED_VALUE,
  seedText,
  writeSeedsFolder,
} from '../fixtures/graph-corpus.ts';
import { post } from '../fixtures/http-client.ts';
import { serve } from '../fixtures/serve-process.ts';
import { startOtlpReceiver } from './otlp-receiver.ts';

/** What fetch sends by default: these tests read Yoga's plain application/json answers. */
const ANY_TYPE = { accept: '*/*' };

const SESSION_TIMEOUT_MS = 300_000;
const RELOAD_WAIT_MS = 30_000;
const LATE_DRAFT_TITLE = 'Late embargoed headline';

const DRAFT_FEED = /* GraphQL */ `
  query PreviewFeed {
    articles(first: 50) {
      totalCount
      edges { node { id key title excerpt provider { name } topics { name } related { title } } }
    }
    provider(domain: "${DRAFT_ONLY_PROVIDER.domain}") { name articles { totalCount } }
    topics(first: 50) { totalCount edges { node { name } } }
  }
`;

/** Every value a log line must never hold: the token, `secured`, and what only drafts say. */
function forbiddenValues(): string[] {
  const drafts = DRAFT_KEYS.flatMap((key) => [`Draft ${key}`, `Embargoed excerpt ${key}`]);
  return [
    PREVIEW_TOKEN,
    SECURED_VALUE,
    SECURED_CIPHERTEXT,
    SECURED_IV,
    DRAFT_ONLY_PROVIDER.name,
    DRAFT_ONLY_TOPIC,
    LATE_DRAFT_TITLE,
    ...drafts,
  ];
}

async function until(check: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + RELOAD_WAIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('logs of a full session', () => {
  it(
    'hold no preview token, secured value or draft content, at the most verbose level',
    async () => {
      const receiver = await startOtlpReceiver();
      const dir = await writeSeedsFolder(fixtureSeeds());
      folders.push(dir);
      // A rejected file that carries a secured value, logged by place at start.
      await writeFile(
        path.join(dir, 'broken.txt'),
        `---\ntitle: [unclosed\nsecured: "${SECURED_VALUE}"\n---\n`,
      );
      const server = serve([], {
        PORT: '0',
        HOST: '127.0.0.1',
        NEWSGRAPH_SEEDS_DIR: dir,
        NEWSGRAPH_PREVIEW_TOKEN: PREVIEW_TOKEN,
        NEWSGRAPH_LOG_LEVEL: 'trace',
        NEWSGRAPH_WATCH: 'true',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_BSP_SCHEDULE_DELAY: '100',
        OTEL_LOG_LEVEL: 'debug',
      });
      try {
        const url = await server.listening();
        const origin = new URL(url).origin;

        // Public and preview reads, drafts included.
        expect((await post(url, { query: DRAFT_FEED }, ANY_TYPE)).status).toBe(200);
        const preview = await post(
          url,
          { query: DRAFT_FEED },
          { ...ANY_TYPE, authorization: `Bearer ${PREVIEW_TOKEN}` },
        );
        expect(JSON.stringify(preview.body)).toContain(`Draft ${DRAFT_KEYS[0]}`);
        const byKey = `{ article(key: "${DRAFT_KEYS[1]}") { title excerpt } }`;
        expect(
          JSON.stringify(
            (
              await post(
                url,
                { query: byKey },
                { ...ANY_TYPE, authorization: `Bearer ${PREVIEW_TOKEN}` },
              )
            ).body,
          ),
        ).toContain(`Draft ${DRAFT_KEYS[1]}`);
        await fetch(`${url}?query=${encodeURIComponent(byKey)}`, {
          headers: { authorization: `Bearer ${PREVIEW_TOKEN}` },
        });

        // Mistakes: wrong token, invalid query, bad variables, bad cursor, malformed body.
        await post(
          url,
          { query: byKey },
          { ...ANY_TYPE, authorization: `Bearer ${PREVIEW_TOKEN}-wrong` },
        );
        await post(
          url,
          { query: '{ article(key: "x") { secured } }' },
          { ...ANY_TYPE, authorization: `Bearer ${PREVIEW_TOKEN}` },
        );
        await post(
          url,
          {
            query: 'query($n: Int) { articles(first: $n) { totalCount } }',
            variables: { n: 'not a number' },
          },
          { ...ANY_TYPE, authorization: `Bearer ${PREVIEW_TOKEN}` },
        );
        await post(
          url,
          { query: '{ articles(after: "garbage") { totalCount } }' },
          { ...ANY_TYPE, authorization: `Bearer ${PREVIEW_TOKEN}` },
        );
        await post(
          url,
          { query: '{ articles(first: 100000) { totalCount } }' },
          { ...ANY_TYPE, authorization: `Bearer ${PREVIEW_TOKEN}` },
        );
        await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${PREVIEW_TOKEN}`,
          },
          body: '{"query": ',
        });

        // A draft added while running, picked up by the watcher.
        await writeFile(
          path.join(dir, 'late_draft.txt'),
          seedText({
            ...fixtureSeeds().get(DRAFT_KEYS[0]),
            title: LATE_DRAFT_TITLE,
            sourceUrl: 'https://news.example/late',
          }),
        );
        await until(async () => {
          const answer = await post(
            url,
            { query: '{ article(key: "late_draft") { title } }' },
            { ...ANY_TYPE, authorization: `Bearer ${PREVIEW_TOKEN}` },
          );
          return JSON.stringify(answer.body).includes(LATE_DRAFT_TITLE);
        }, 'the late draft');

        // Operator endpoints.
        await fetch(`${origin}/readyz`);
        await fetch(`${origin}/healthz`);
        await fetch(`${origin}/metrics`);
        expect(await server.stop()).toBe(0);
      } finally {
        await server.stop();
        await receiver.close();
      }

      const logs = server.output();
      const lines = logs.split('\n').filter((line) => line.trim() !== '');
      expect(lines.length).toBeGreaterThan(20);
      expect(logs).toContain('"msg":"request"');
      // Debug lines (Yoga's own) are in the scan too: the level really was the most verbose.
      expect(logs).toContain('"level":20');
      expect(logs).toContain('"file":"broken.txt"');
      const spans = receiver.bodies.join('\n');
      expect(spans).toContain('graphql.execute');
      expect(forbiddenValues().filter((value) => logs.includes(value))).toEqual([]);
      expect(forbiddenValues().filter((value) => spans.includes(value))).toEqual([]);
    },
    SESSION_TIMEOUT_MS,
  );
});
