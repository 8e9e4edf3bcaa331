import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { type Cache, useResponseCache } from '@graphql-yoga/plugin-response-cache';
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import type { ContentStore } from '../../corpus/store.ts';

/** Answers kept per snapshot at most, however small; least recently used go first. */
export const MAX_CACHED_RESPONSES = 1_000;
/**
 * What the kept answers may weigh in all, as the JSON bytes they are served as; least recently
 * used go first. The answer objects are kept as well, so the heap holds about two to three
 * times this. One answer larger than a quarter of it is served but not kept.
 */
export const DEFAULT_RESPONSE_CACHE_MAX_BYTES = 64 * 1_048_576;
const MAX_ENTRY_SHARE = 4;

const PUBLIC_SESSION = 'public';

type CachedResult = Parameters<Cache['set']>[1] & { stringify?: (result: unknown) => unknown };
interface StoredAnswer {
  readonly result: CachedResult;
  readonly bytes: Buffer;
}

/**
 * The answer as Yoga will serve it: without `extensions.http` (response headers for Yoga, not
 * part of the body), exactly as Yoga's own sanitising leaves a result without errors.
 */
function servedBytes(result: ExecutionResult): Buffer {
  const { http: _http, ...extensions } = (result.extensions ?? {}) as Record<string, unknown>;
  const served = {
    ...result,
    extensions: Object.keys(extensions).length > 0 ? extensions : undefined,
  };
  return Buffer.from(JSON.stringify(served));
}

/**
 * Answers kept by bytes and by count. An answer is serialised once, as it is stored: its size is
 * what the budget counts, and Yoga calls `result.stringify` (when present) instead of
 * JSON.stringify and writes the Buffer it returns as is, so a hit neither re-serialises tens of
 * kilobytes nor re-encodes them as UTF-8 (the largest cost of a hit in profiles).
 */
function answerStore(maxBytes: number) {
  return new LRUCache<string, StoredAnswer>({
    max: MAX_CACHED_RESPONSES,
    maxSize: maxBytes,
    maxEntrySize: Math.max(1, Math.floor(maxBytes / MAX_ENTRY_SHARE)),
    sizeCalculation: (answer) => Math.max(1, answer.bytes.length),
  });
}

export interface ResponseCacheOptions {
  /** DEFAULT_RESPONSE_CACHE_MAX_BYTES unless set (NEWSGRAPH_RESPONSE_CACHE_MAX_BYTES). */
  readonly maxBytes?: number;
}

/**
 * The whole-answer cache: an answer is reused only for the same document, operation, variables,
 * snapshot and audience.
 *
 * - Audience: requests without an Authorization header share the public partition; any other
 *   request gets a partition of its own, named by a keyed hash of that header, so an answer made
 *   with the preview token is only ever replayed to a request carrying the same token, never to
 *   the public, and the partition name does not reveal or let anyone guess the token.
 * - Snapshot: the corpus version (for the public, the public version) is part of the key, so an
 *   answer computed from an old snapshot is never served after a change, and the cache is also
 *   emptied wholesale on every swap.
 * - Answers with errors are not cached (the plugin's default), so rejections and limits are
 *   decided afresh every time.
 * - Memory: bounded by bytes (`maxBytes`) as well as by count, so large answers evict by size.
 * - ETags: the key, a hash keyed with a secret made at start, so nobody can compute the ETag of
 *   a query and test whether someone else asked it. `If-None-Match` is answered 304 only when it
 *   holds the ETag this very request would get (same document, variables, audience and
 *   version); the plugin's own check, which takes any ETag it holds, is left out. Replicas have
 *   secrets of their own: an ETag from one is a miss (200) at another, never a wrong 304.
 */
export function useNewsgraphResponseCache(
  store: ContentStore,
  options: ResponseCacheOptions = {},
): Plugin {
  const maxBytes = options.maxBytes ?? DEFAULT_RESPONSE_CACHE_MAX_BYTES;
  const secret = randomBytes(32);
  const keyed = (text: string): string =>
    createHmac('sha256', secret).update(text).digest('base64url');
  let answers = answerStore(maxBytes);
  store.onSwap(() => {
    answers = answerStore(maxBytes);
  });
  const cache: Cache = {
    get: (key) => answers.get(key)?.result,
    set: (key, result) => {
      const bytes = servedBytes(result as ExecutionResult);
      const stored: CachedResult = { ...(result as CachedResult), stringify: () => bytes };
      answers.set(key, { result: stored, bytes });
    },
    // No mutations: nothing is invalidated by entity, only by a swap (above).
    invalidate: () => {},
  };
  const plugin = useResponseCache({
    cache,
    // Reload timing and failures change without a new snapshot version: always answer afresh.
    ttlPerSchemaCoordinate: { 'Query.contentStatus': 0 },
    session: (request) => {
      const authorization = request.headers.get('authorization');
      // The public partition follows the public version, so a draft-only edit leaves public
      // ETags (and 304s) as they were.
      const corpus = store.current;
      if (authorization === null) return `${PUBLIC_SESSION}:${corpus.publicVersion}`;
      return `auth:${keyed(authorization)}:${corpus.version}`;
    },
    // The key is also the ETag, so it is quoted as HTTP wants; If-None-Match echoes it as is. A
    // request without document text (a persisted operation not yet resolved) gets a key nobody
    // else can hit rather than one shared by every such request.
    buildResponseCacheKey: ({ documentString, operationName, variableValues, sessionId }) => {
      if (documentString === '') return `"uncacheable-${randomUUID()}"`;
      const identity = [documentString, operationName ?? '', variableValues ?? {}, sessionId];
      return `"${keyed(JSON.stringify(identity))}"`;
    },
  });
  return { ...plugin, onRequest: undefined, onResultProcess: notModifiedWhenSame };
}

/** HTTP's list form of If-None-Match: `"a", "b"` or `*`; weak validators compare equal too. */
function matchesIfNoneMatch(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * 304 when the answer this request gets (from the cache or just computed) has the ETag the
 * client already holds. Runs as the result is turned into a response, so the ETag compared is
 * the one this request's own document, variables, audience and version produce.
 */
const notModifiedWhenSame: NonNullable<Plugin['onResultProcess']> = ({
  request,
  result,
  setResultProcessor,
}) => {
  const header = request.headers.get('if-none-match');
  if (header === null || Array.isArray(result) || Symbol.asyncIterator in result) return;
  const headers = (result as ExecutionResult).extensions?.http as
    | { headers?: Record<string, string> }
    | undefined;
  const etag = headers?.headers?.ETag;
  if (etag === undefined || !matchesIfNoneMatch(header, etag)) return;
  const lastModified = headers?.headers?.['Last-Modified'];
  setResultProcessor(
    (_result, fetchAPI) =>
      new fetchAPI.Response(null, {
        status: 304,
        headers: { ETag: etag, ...(lastModified ? { 'Last-Modified': lastModified } : {}) },
      }),
    request.headers.get('accept') ?? '*/*',
  );
};
