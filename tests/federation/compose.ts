import { type CompositionSuccess, composeServices } from '@apollo/composition';
import { parse } from 'graphql';

type CompositionHint = CompositionSuccess['hints'][number];

/** The level @apollo/composition raises a hint at when it points at a likely mistake. */
const WARN_LEVEL = 'WARN';

export interface SubgraphService {
  readonly name: string;
  readonly url: string;
  readonly sdl: string;
}

export interface Supergraph {
  readonly supergraphSdl: string;
  readonly hints: readonly CompositionHint[];
}

/**
 * Composes subgraphs the way `rover supergraph compose` does. A failure throws with the
 * composer's own messages, so a broken schema reads the same here as in a registry check.
 */
export function composeSupergraph(services: readonly SubgraphService[]): Supergraph {
  const result = composeServices(
    services.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })),
  );
  if (result.errors) {
    const messages = result.errors.map((error) => `  - ${error.message}`).join('\n');
    throw new Error(`Supergraph composition failed:\n${messages}`);
  }
  return { supergraphSdl: result.supergraphSdl, hints: result.hints };
}

/** Hints the composer raises at warning level: each one is a schema problem to fix. */
export function warningHints(hints: readonly CompositionHint[]): string[] {
  return hints
    .filter((hint) => hint.definition.level.name === WARN_LEVEL)
    .map((hint) => `${hint.definition.code}: ${hint.message}`);
}
