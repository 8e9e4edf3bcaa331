import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import DirectivesPlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin from '@pothos/plugin-relay';
import { DateTimeResolver } from 'graphql-scalars';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../corpus/pagination.ts';
import { fieldComplexity } from './complexity.ts';
import type { NewsgraphContext } from './context.ts';
import { badInput } from './errors.ts';
import { decodeGlobalId, encodeGlobalId } from './global-id.ts';

export interface PothosTypes {
  Context: NewsgraphContext;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    ID: { Input: string; Output: string };
  };
  DefaultFieldNullability: false;
  /** Every connection resolver returns a totalCount (computed lazily by src/corpus/pagination.ts). */
  Connection: { totalCount: number };
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
}

export const builder = new SchemaBuilder<PothosTypes>({
  // Federation last (after the plugins that wrap resolvers); it applies its directives through
  // the directives plugin, which @apollo/subgraph's printer reads.
  plugins: [ComplexityPlugin, RelayPlugin, DataloaderPlugin, DirectivesPlugin, FederationPlugin],
  defaultFieldNullability: false,
  // Field prices only: src/server/security/cost.ts enforces the limit before execution, with the
  // request's variables, so the plugin's own in-resolver check stays off.
  complexity: { fieldComplexity, disabled: true },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // Records are frozen, so node types are told apart by isTypeOf instead of a brand.
    brandLoadedObjects: false,
    edgesFieldOptions: {
      nullable: { list: false, items: false },
      description: 'The items of this page, each with its cursor, in order.',
    },
    nodeFieldOptions: { nullable: false, description: 'The item itself.' },
    cursorFieldOptions: {
      description:
        'Opaque position of this item: pass it as `after` (or `before`) to continue from here.',
    },
    pageInfoFieldOptions: { description: 'Cursors and flags to fetch the next or previous page.' },
    hasNextPageFieldOptions: {
      description: 'True when more items follow this page (paging forwards with first/after).',
    },
    hasPreviousPageFieldOptions: {
      description: 'True when items precede this page (paging backwards with last/before).',
    },
    startCursorFieldOptions: {
      description:
        'Cursor of the first item of the page (pass as `before`); null on an empty page.',
    },
    endCursorFieldOptions: {
      description: 'Cursor of the last item of the page (pass as `after`); null on an empty page.',
    },
    nodeTypeOptions: {
      description:
        'Anything with a global ID: Article, Provider or Topic. Fetch one with `node(id:)`.',
    },
    idFieldOptions: {
      description: 'Global ID: opaque, stable across restarts; pass it to `node(id:)`.',
    },
    firstArgOptions: {
      description: `Items after \`after\`: ${DEFAULT_PAGE_SIZE} by default, at most ${MAX_PAGE_SIZE}.`,
    },
    lastArgOptions: { description: `Items before \`before\`, at most ${MAX_PAGE_SIZE}.` },
    afterArgOptions: { description: 'An endCursor (or edge cursor) from the same connection.' },
    beforeArgOptions: { description: 'A startCursor (or edge cursor) from the same connection.' },
    // Other Relay subgraphs define PageInfo too; sharing it lets them compose with newsgraph.
    pageInfoTypeOptions: {
      shareable: true,
      description: 'Where a page sits in its list (Relay cursor connections).',
    },
    encodeGlobalID: encodeGlobalId,
    decodeGlobalID: decodeGlobalId,
    nodeQueryOptions: {
      description: 'Fetches an object by its global ID; null when there is none (or not for you).',
      args: { id: { description: 'A global ID, as in any `id` field.' } },
      resolve: async (_root, { id }, _ctx, _info, resolveNode) => orNull(await resolveNode(id)),
    },
    nodesQueryOptions: {
      description: `Fetches up to ${MAX_PAGE_SIZE} objects by global ID, in order; null for each one not found.`,
      args: { ids: { description: `Global IDs, at most ${MAX_PAGE_SIZE}.` } },
      resolve: async (_root, { ids }, _ctx, _info, resolveNodes) => {
        if (ids.length > MAX_PAGE_SIZE) {
          throw badInput(`"ids" has ${ids.length} entries; at most ${MAX_PAGE_SIZE} per request.`);
        }
        return (await resolveNodes(ids)).map(orNull);
      },
    },
  },
});

/** Loaders report a missing node as an Error; `node`/`nodes` answer null for it instead. */
function orNull(value: unknown): unknown {
  return value instanceof Error ? null : value;
}

builder.addScalarType('DateTime', DateTimeResolver);
builder.queryType({
  description: 'Entry points: lists (Relay connections), lookups, search and content status.',
});
builder.subscriptionType({
  description: 'Server-sent events (GraphQL over SSE): subscribe with EventSource or fetch.',
});
