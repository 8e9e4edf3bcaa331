import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/server/config.ts';
import type { RunningServer } from '../../src/server/http.ts';
import { loadManifest, MANIFEST_ERROR } from '../../src/server/security/persisted.ts';
import { PREVIEW_TOKEN } from '../fixtures/graph-corpus.ts';
import { get, post } from '../fixtures/http-client.ts';
import { resolverCounter, startSecuredServer } from './harness.ts';

const TITLES =
  'query Titles($first: Int!) { articles(first: $first) { edges { node { key title } } } }';
const COUNT = 'query Count { articles { totalCount } }';
const hash = (document: string) => createHash('sha256').update(document, 'utf8').digest('hex');
const TITLES_ID = `sha256:${hash(TITLES)}`;
const COUNT_HASH = hash(COUNT);

const counter = resolverCounter();
let manifest: string;
let only: RunningServer;
let allow: RunningServer;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'newsgraph-persisted-'));
  manifest = path.join(dir, 'persisted-documents.json');
  // GraphQL Codegen's client preset writes `sha256:`-prefixed keys; older tools bare hashes.
  await writeFile(manifest, JSON.stringify({ [TITLES_ID]: TITLES, [COUNT_HASH]: COUNT }));
  only = await startSecuredServer(
    {
      persistedOperations: 'only',
      persistedManifest: manifest,
      cacheControl: 'public, max-age=120',
    },
    [counter.plugin],
  );
  allow = await startSecuredServer({ persistedOperations: 'allow', persistedManifest: manifest }, [
    counter.plugin,
  ]);
});
afterAll(async () => {
  await only?.close();
  await allow?.close();
});

describe('trusted documents (NEWSGRAPH_PERSISTED_OPERATIONS=only)', () => {
  it('runs a listed operation sent by documentId in a POST, uncached', async () => {
    const { status, headers, body } = await post(only.url, {
      documentId: TITLES_ID,
      variables: { first: 2 },
    });
    expect(status).toBe(200);
    expect(body.data.articles.edges).toHaveLength(2);
    expect(headers.get('cache-control')).toBe('no-store');
  });

  it('runs a listed operation by GET, cacheable as configured for HTTP caches and CDNs', async () => {
    const { status, headers, body } = await get(only.url, {
      documentId: TITLES_ID,
      variables: JSON.stringify({ first: 3 }),
    });
    expect(status).toBe(200);
    expect(body.data.articles.edges).toHaveLength(3);
    expect(headers.get('cache-control')).toBe('public, max-age=120');
    expect(headers.get('vary')).toMatch(/Authorization/);
  });

  it('accepts the APQ extension form and bare hashes too', async () => {
    const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash: COUNT_HASH } });
    const { status, body } = await get(only.url, { extensions });
    expect(status).toBe(200);
    expect(body.data.articles.totalCount).toBeGreaterThan(0);
  });

  it('never lets a shared cache store a response to a request with Authorization', async () => {
    const { status, headers, body } = await get(
      only.url,
      { documentId: `sha256:${COUNT_HASH}` },
      { authorization: `Bearer ${PREVIEW_TOKEN}` },
    );
    expect(status).toBe(200);
    expect(body.data.articles.totalCount).toBeGreaterThan(0);
    expect(headers.get('cache-control')).toBe('private, no-store');
  });

  it('refuses an operation that is not in the manifest, by POST or GET, before any resolver', async () => {
    const before = counter.calls;
    const posted = await post(only.url, { query: '{ articles { totalCount } }' });
    const got = await get(only.url, { query: '{ articles { totalCount } }' });
    for (const { status, headers, body } of [posted, got]) {
      expect(status).toBe(400);
      expect(body.errors[0].extensions.code).toBe('PERSISTED_QUERY_ONLY');
      expect(body.errors[0].message).toMatch(/trusted documents only/);
      expect(headers.get('cache-control')).toBe('no-store');
    }
    expect(counter.calls).toBe(before);
  });

  it('refuses an unknown document id', async () => {
    const { status, body } = await post(only.url, { documentId: `sha256:${hash('{ x }')}` });
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});

describe('NEWSGRAPH_PERSISTED_OPERATIONS=allow', () => {
  it('runs both listed documents and arbitrary queries', async () => {
    const listed = await post(allow.url, { documentId: TITLES_ID, variables: { first: 1 } });
    expect(listed.body.data.articles.edges).toHaveLength(1);
    const arbitrary = await post(allow.url, { query: '{ articles(first: 1) { totalCount } }' });
    expect(arbitrary.status).toBe(200);
    expect(arbitrary.body.errors).toBeUndefined();
  });
});

describe('the manifest', () => {
  it('is required when persisted operations are on, and named in the problem', () => {
    const result = resolveConfig([], { NEWSGRAPH_PERSISTED_OPERATIONS: 'only' });
    expect(result.kind).toBe('error');
    expect(result.kind === 'error' && result.problems.join('\n')).toMatch(
      /NEWSGRAPH_PERSISTED_MANIFEST/,
    );
  });

  it('cannot be required on a federation subgraph, whose gateway writes its own queries', () => {
    const result = resolveConfig(['--federation'], {
      NEWSGRAPH_PERSISTED_OPERATIONS: 'only',
      NEWSGRAPH_PERSISTED_MANIFEST: manifest,
    });
    expect(result.kind === 'error' && result.problems).toEqual([
      expect.stringMatching(
        /^NEWSGRAPH_PERSISTED_OPERATIONS: cannot be only with NEWSGRAPH_FEDERATION/,
      ),
    ]);
    const allow = resolveConfig(['--federation'], {
      NEWSGRAPH_PERSISTED_OPERATIONS: 'allow',
      NEWSGRAPH_PERSISTED_MANIFEST: manifest,
    });
    expect(allow.kind).toBe('config');
  });

  it('refuses to load when a document does not hash to its key', async () => {
    const tampered = path.join(path.dirname(manifest), 'tampered.json');
    await writeFile(tampered, JSON.stringify({ [TITLES_ID]: `${TITLES} ` }));
    expect(() => loadManifest(tampered)).toThrow(
      expect.objectContaining({ code: MANIFEST_ERROR, message: expect.stringMatching(/hash/) }),
    );
  });
});
