import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { Kind, parse } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { z } from 'zod';
import { StartupError } from '../corpus-loader.ts';
import { SecurityErrorCode } from './errors.ts';
import type { PersistedMode } from './settings.ts';

/** A trusted-documents manifest is code, not content: refuse anything implausibly large. */
export const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;
export const MANIFEST_ERROR = 'PERSISTED_MANIFEST_INVALID';

/** GraphQL-over-HTTP persisted documents use `sha256:<hex>`; APQ and older manifests bare hex. */
const DOCUMENT_ID = /^(?:sha256:)?([0-9a-f]{64})$/;

/** `{ "<sha256 hash>": "<document>" }`, as GraphQL Codegen's client preset writes it. */
const manifestSchema = z.record(z.string().regex(DOCUMENT_ID), z.string().min(1));

/** Hash (bare hex) to document. */
export type PersistedManifest = ReadonlyMap<string, string>;

export function parseManifest(json: string, source: string): PersistedManifest {
  let parsed: z.infer<typeof manifestSchema>;
  try {
    parsed = manifestSchema.parse(JSON.parse(json));
  } catch {
    throw new StartupError(
      MANIFEST_ERROR,
      `${source}: not a persisted-documents manifest ({ "<sha256 hex>": "<document>" })`,
    );
  }
  const documents = new Map<string, string>();
  for (const [id, document] of Object.entries(parsed)) {
    const hash = DOCUMENT_ID.exec(id)?.[1] as string;
    // A document that does not hash to its key was edited by hand or belongs to another build.
    if (createHash('sha256').update(document, 'utf8').digest('hex') !== hash) {
      throw new StartupError(
        MANIFEST_ERROR,
        `${source}: the document under ${id} has another hash`,
      );
    }
    documents.set(hash, document);
  }
  return documents;
}

export function loadManifest(path: string): PersistedManifest {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new StartupError(MANIFEST_ERROR, `cannot read the persisted-documents manifest ${path}`);
  }
  if (bytes.length > MAX_MANIFEST_BYTES) {
    throw new StartupError(MANIFEST_ERROR, `${path} is larger than ${MAX_MANIFEST_BYTES} bytes`);
  }
  return parseManifest(bytes.toString('utf8'), path);
}

/** The manifest when trusted documents are on; read once, for the plugin and for metrics. */
export function manifestOf(settings: {
  persistedOperations: PersistedMode;
  persistedManifest?: string | undefined;
}): PersistedManifest | undefined {
  return settings.persistedOperations !== 'off' && settings.persistedManifest
    ? loadManifest(settings.persistedManifest)
    : undefined;
}

/** The named operations of the manifest's documents (a document that does not parse has none). */
export function operationNamesOf(manifest: PersistedManifest): Set<string> {
  const names = new Set<string>();
  for (const document of manifest.values()) {
    let definitions: ReturnType<typeof parse>['definitions'];
    try {
      definitions = parse(document, { noLocation: true }).definitions;
    } catch {
      continue;
    }
    for (const definition of definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) {
        names.add(definition.name.value);
      }
    }
  }
  return names;
}

/**
 * The document id of a request: `documentId` (GraphQL-over-HTTP persisted documents; in the URL
 * for GET, which Yoga's GET parser does not pass on) or APQ's `extensions.persistedQuery`.
 */
export function documentIdOf(params: GraphQLParams, request: Request): string | null {
  const fromBody = (params as { documentId?: unknown }).documentId;
  const fromUrl =
    request.method === 'GET' ? new URL(request.url).searchParams.get('documentId') : null;
  const apq = (params.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)
    ?.sha256Hash;
  const id = typeof fromBody === 'string' ? fromBody : (fromUrl ?? apq);
  return typeof id === 'string' ? (DOCUMENT_ID.exec(id)?.[1] ?? id) : null;
}

const status400 = { http: { status: 400 } };

/**
 * Trusted documents: requests name a document from the manifest by its hash (POST or GET). In
 * `only` mode nothing else runs; in `allow` mode full queries run too.
 */
export function useTrustedDocuments(
  mode: Exclude<PersistedMode, 'off'>,
  manifest: PersistedManifest,
): Plugin {
  return usePersistedOperations({
    allowArbitraryOperations: mode === 'allow',
    extractPersistedOperationId: documentIdOf,
    getPersistedOperation: (id) => manifest.get(id) ?? null,
    customErrors: {
      // APQ clients look for exactly this message before resending the full query.
      notFound: {
        message: 'PersistedQueryNotFound',
        extensions: { code: SecurityErrorCode.PersistedDocumentNotFound, ...status400 },
      },
      persistedQueryOnly: {
        message:
          'This server runs trusted documents only: send the documentId of an operation from ' +
          'its manifest instead of a query.',
        extensions: { code: SecurityErrorCode.PersistedOnly, ...status400 },
      },
      keyNotFound: {
        message: 'Send a documentId (or a query, where the server allows arbitrary operations).',
        extensions: { code: SecurityErrorCode.PersistedDocumentRequired, ...status400 },
      },
    },
  }) as Plugin;
}
