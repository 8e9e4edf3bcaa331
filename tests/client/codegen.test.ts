import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import type { Types } from '@graphql-codegen/plugin-helpers';
import { beforeAll, describe, expect, it } from 'vitest';
import * as typed from '../../client/generated/graphql.ts';
import config, { GENERATED_DIR, PERSISTED_MANIFEST } from '../../codegen.ts';
import { loadManifest } from '../../src/server/security/persisted.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

let outputs: Types.FileOutput[];

beforeAll(async () => {
  // The same config `npm run codegen` runs, generated in memory instead of written.
  outputs = await generate({ ...config, cwd: ROOT, silent: true, verbose: false }, false);
});

describe('npm run codegen', () => {
  it('has written exactly the files it would write now (run it after changing operations)', async () => {
    const expected = outputs.map((output) =>
      path.relative(ROOT, path.resolve(ROOT, output.filename)),
    );
    const committed = (await readdir(path.join(ROOT, GENERATED_DIR))).map((name) =>
      path.join(GENERATED_DIR, name),
    );
    expect(committed.sort()).toEqual([...expected].sort());
    for (const output of outputs) {
      const onDisk = await readFile(path.resolve(ROOT, output.filename), 'utf8');
      expect(onDisk, `${output.filename} is stale: run npm run codegen`).toBe(output.content);
    }
  });

  it('writes a persisted-documents manifest the trusted-documents mode loads', () => {
    const manifest = loadManifest(path.join(ROOT, PERSISTED_MANIFEST));
    const operations = [
      typed.FeedPageDocument,
      typed.ArticleDetailDocument,
      typed.ProviderPageDocument,
      typed.TopicPageDocument,
    ];
    expect(manifest.size).toBe(operations.length);
    for (const document of operations) {
      const { hash } = (document as unknown as { __meta__: { hash: string } }).__meta__;
      expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(manifest.has(hash.slice('sha256:'.length))).toBe(true);
    }
  });
});
