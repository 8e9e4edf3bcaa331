import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SUBGRAPH_SCHEMA_FILE } from '../../src/schema/print.ts';
import { composeSupergraph, type SubgraphService, warningHints } from './compose.ts';
import { EDITORIAL_SUBGRAPH_NAME, editorialTypeDefs } from './editorial-subgraph.ts';
import { ENGAGEMENT_SUBGRAPH_NAME, engagementTypeDefs } from './engagement-subgraph.ts';
import { NEWSGRAPH_SUBGRAPH_NAME } from './gateway.config.ts';

/** A third team's Relay subgraph that, like newsgraph, has PageInfo and Image value types. */
const mediaTypeDefs = (shareable: boolean) => {
  const share = shareable ? ' @shareable' : '';
  return /* GraphQL */ `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@shareable"])
    type PageInfo${share} {
      hasNextPage: Boolean!
      hasPreviousPage: Boolean!
      startCursor: String
      endCursor: String
    }
    type Image${share} { url: String! width: Int height: Int title: String }
    type Gallery { images: [Image!]! pageInfo: PageInfo! }
    type Query { gallery: Gallery }
  `;
};

async function newsgraphService(): Promise<SubgraphService> {
  const sdl = await readFile(new URL(`../../${SUBGRAPH_SCHEMA_FILE}`, import.meta.url), 'utf8');
  return { name: NEWSGRAPH_SUBGRAPH_NAME, url: 'http://newsgraph.test/graphql', sdl };
}

const engagement: SubgraphService = {
  name: ENGAGEMENT_SUBGRAPH_NAME,
  url: 'http://engagement.test/graphql',
  sdl: engagementTypeDefs,
};

const editorial: SubgraphService = {
  name: EDITORIAL_SUBGRAPH_NAME,
  url: 'http://editorial.test/graphql',
  sdl: editorialTypeDefs,
};

describe('supergraph composition with schema.subgraph.graphql', () => {
  it('composes with subgraphs that extend and reference its entities, with no hints at all', async () => {
    const { supergraphSdl, hints } = composeSupergraph([
      await newsgraphService(),
      engagement,
      editorial,
    ]);
    expect(warningHints(hints)).toEqual([]);
    // Any hint, even informational, is either fixed or explained in the README's Federation section.
    expect(hints.map((hint) => hint.toString())).toEqual([]);
    expect(supergraphSdl).toContain('@join__type(graph: NEWSGRAPH, key: "id")');
    expect(supergraphSdl).toContain('@join__type(graph: NEWSGRAPH, key: "key")');
    expect(supergraphSdl).toContain('@join__type(graph: ENGAGEMENT, key: "id")');
    expect(supergraphSdl).toContain('@join__type(graph: EDITORIAL, key: "key", resolvable: false)');
  });

  it('composes with another Relay subgraph that shares PageInfo and Image', async () => {
    const media = { name: 'media', url: 'http://media.test/graphql', sdl: mediaTypeDefs(true) };
    const { hints } = composeSupergraph([await newsgraphService(), engagement, media]);
    expect(warningHints(hints)).toEqual([]);
  });

  it("fails with the composer's own message when a subgraph clashes with newsgraph", async () => {
    const media = { name: 'media', url: 'http://media.test/graphql', sdl: mediaTypeDefs(false) };
    const newsgraph = await newsgraphService();
    expect(() => composeSupergraph([newsgraph, media])).toThrow(
      /Supergraph composition failed:\n {2}- Non-shareable field "PageInfo\.\w+" is resolved from multiple subgraphs/,
    );
  });
});
