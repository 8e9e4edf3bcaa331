import { createHash, randomUUID } from 'node:crypto';
import {
  type Cache,
  createInMemoryCache,
  useResponseCache,
} from '@graphql-yoga/plugin-response-cache';
import type { Plugin } from 'graphql-yoga';
import type { ContentStore } from '../../corpus/store.ts';

/** Answers kept per snapshot; least recently used go first. */
export const MAX_CACHED_RESPONSES = 1_000;

const PUBLIC_SESSION = 'public';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('base64url');

type CachedResult = Parameters<Cache['set']>[1] & { stringify?: (result: unknown) => unknown };

/**
 * Serialises a cached answer once, to bytes: Yoga calls `result.stringify` (when present)
 * instead of JSON.stringify and hands what it returns to the Response, which writes a Buffer as
 * it is. So a hit neither re-serialises tens of kilobytes nor re-encodes them as UTF-8 (the
 * largest cost of a hit in profiles). All hits of one key carry the same answer, so the bytes
 * made on the first hit stay right.
 */
function withStoredBytes(result: CachedResult): CachedResult {
  let bytes: Buffer | undefined;
  return {
    ...result,
    stringify: (sanitised: unknown) => {
      bytes ??= Buffer.from(JSON.stringify(sanitised));
      return bytes;
    },
  };
}

/**
 * The whole-answer cache: an answer is reused only for the same document, operation, variables,
 * snapshot and audience.
 *
 * - Audience: requests without an Authorization header share the public partition; any other
 *   request gets a partition of its own, named by a hash of that header, so an answer made with
 *   the preview token is only ever replayed to a request carrying the same token, never to the
 *   public, and the partition name does not reveal or let anyone guess the token.
 * - Snapshot: the corpus version is part of the key, so an answer computed from an old snapshot
 *   is never served after a swap, and the cache is also emptied wholesale on every swap.
 * - Answers with errors are not cached (the plugin's default), so rejections and limits are
 *   decided afresh every time.
 * - The plugin answers `If-None-Match` with 304 for an ETag it holds.
 */
export function useNewsgraphResponseCache(store: ContentStore): Plugin {
  let entries = createInMemoryCache({ max: MAX_CACHED_RESPONSES });
  store.onSwap(() => {
    entries = createInMemoryCache({ max: MAX_CACHED_RESPONSES });
  });
  const cache: Cache = {
    get: (key) => entries.get(key),
    set: (key, result, collected, ttl) =>
      entries.set(key, withStoredBytes(result as CachedResult), collected, ttl),
    invalidate: (collected) => entries.invalidate(collected),
  };
  return useResponseCache({
    cache,
    // Reload timing and failures change without a new snapshot version: always answer afresh.
    ttlPerSchemaCoordinate: { 'Query.contentStatus': 0 },
    session: (request) => {
      const authorization = request.headers.get('authorization');
      const audience = authorization === null ? PUBLIC_SESSION : `auth:${sha256(authorization)}`;
      return `${audience}:${store.current.version}`;
    },
    // The key is also the ETag, so it is quoted as HTTP wants; If-None-Match echoes it as is. A
    // request without document text (a persisted operation not yet resolved) gets a key nobody
    // else can hit rather than one shared by every such request.
    buildResponseCacheKey: ({ documentString, operationName, variableValues, sessionId }) => {
      if (documentString === '') return `"uncacheable-${randomUUID()}"`;
      const identity = [documentString, operationName ?? '', variableValues ?? {}, sessionId];
      return `"${sha256(JSON.stringify(identity))}"`;
    },
  });
}
