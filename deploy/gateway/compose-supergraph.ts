import { readFile, writeFile } from 'node:fs/promises';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

/** Where the gateway reaches newsgraph in compose.yaml: through nginx, over both replicas. */
export const NEWSGRAPH_SUBGRAPH_URL = 'http://nginx:8080/graphql';
const ROOT = new URL('../../', import.meta.url);
export const SUPERGRAPH_FILE = new URL('deploy/gateway/supergraph.graphql', ROOT);

/** Composes the compose example's supergraph from the committed subgraph SDL, as rover would. */
export async function composeDeploySupergraph(): Promise<string> {
  const sdl = await readFile(new URL('schema.subgraph.graphql', ROOT), 'utf8');
  const result = composeServices([
    { name: 'newsgraph', url: NEWSGRAPH_SUBGRAPH_URL, typeDefs: parse(sdl) },
  ]);
  if (result.errors) throw new Error(result.errors.map((error) => error.message).join('\n'));
  return `# GENERATED FILE: do not edit. \`npm run deploy:supergraph\` composes it from\n# schema.subgraph.graphql; a test fails when it drifts.\n${result.supergraphSdl}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await writeFile(SUPERGRAPH_FILE, await composeDeploySupergraph());
  console.error('wrote deploy/gateway/supergraph.graphql');
}
