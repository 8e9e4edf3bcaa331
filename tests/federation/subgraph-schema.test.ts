import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { subgraphSchema } from '../../src/schema/index.ts';
import {
  printSubgraphSdl,
  SUBGRAPH_SCHEMA_FILE,
  SUBGRAPH_SCHEMA_HEADER,
} from '../../src/schema/print.ts';
import { createSubgraphYoga, loadStore, postGraphQL } from './harness.ts';
import { writeSeedsFolder } from './seeds.ts';

const readCommitted = () =>
  readFile(new URL(`../../${SUBGRAPH_SCHEMA_FILE}`, import.meta.url), 'utf8');

describe('schema.subgraph.graphql', () => {
  it('matches the subgraph schema built from the code (run "npm run schema:print" after a change)', async () => {
    expect(await readCommitted()).toBe(printSubgraphSdl(subgraphSchema()));
  });

  it('is exactly what a running subgraph serves from _service { sdl }', async () => {
    const seeds = await writeSeedsFolder(1);
    try {
      const yoga = createSubgraphYoga(await loadStore(seeds.dir));
      const { data } = await postGraphQL(
        (url, init) => Promise.resolve(yoga.fetch(url, init)),
        'http://newsgraph.test/graphql',
        [],
        '{ _service { sdl } }',
      );
      const committed = await readCommitted();
      expect(`${SUBGRAPH_SCHEMA_HEADER}${data._service.sdl}\n`).toBe(committed);
    } finally {
      await seeds.remove();
    }
  });
});
