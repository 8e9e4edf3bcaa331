import { writeFile } from 'node:fs/promises';
import { schema, subgraphSchema } from '../schema/index.ts';
import {
  printPublicSchema,
  printSubgraphSdl,
  SCHEMA_FILE,
  SUBGRAPH_SCHEMA_FILE,
} from '../schema/print.ts';

/** `npm run schema:print`: rewrites schema.graphql and schema.subgraph.graphql from the code. */
const target = new URL(`../../${SCHEMA_FILE}`, import.meta.url);
await writeFile(target, printPublicSchema(schema));
console.error(`wrote ${SCHEMA_FILE}`);
const subgraphTarget = new URL(`../../${SUBGRAPH_SCHEMA_FILE}`, import.meta.url);
await writeFile(subgraphTarget, printSubgraphSdl(subgraphSchema()));
console.error(`wrote ${SUBGRAPH_SCHEMA_FILE}`);
