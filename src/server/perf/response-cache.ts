import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { type ExecutionResult, getOperationAST, print } from 'graphql';
import type { Plugin, YogaInitialContext } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import { type TagRecorder, tagsOfSwap } from '../../corpus/cache-tags.ts';
import type { Corpus } from '../../corpus/corpus.ts';
import type { ContentStore } from '../../corpus/store.ts';
import {
  CACHE_TAG_HEADER,
  SURROGATE_KEY_HEADER,
  taggable,
  tagHeaders,
  withHttpHeaders,
} from './cache-tags.ts';

/** Answers kept at most, however small; least recently used go first. */
export const MAX_CACHED_RESPONSES = 1_000;
/**
 * What the kept answers may weigh in all, as the JSON bytes they are served as; least recently
 * used go first. The answer objects are kept as well, so the heap holds about two to three
 * times this. One answer larger than a quarter of it is served but not kept.
 */
export const DEFAULT_RESPONSE_CACHE_MAX_BYTES = 64 * 1_048_576;
const MAX_ENTRY_SHARE = 4;
/**
 * Tag versions remembered at most. Past this they are all forgotten at once and every tag
 * starts again from the current public version (the "floor"): ETags issued before can then
 * never match again, and the public answers are dropped with them. Bounds memory when articles
 * keep arriving and leaving for weeks.
 */
export const MAX_TAG_VERSIONS = 200_000;

/** What Yoga serves: `stringify` returns the bytes kept, so a hit never re-serialises. */
type ServedResult = ExecutionResult & { stringify?: (result: unknown) => unknown };

export interface CachedAnswer {
  /** With `extensions.http.headers`: ETag, Last-Modified, and for the public the tag headers. */
  readonly result: ServedResult;
  /** The body, exactly as served. */
  readonly bytes: Buffer;
  readonly etag: string;
  /** Public answers only: what the answer read (empty for preview answers). */
  readonly tags: readonly string[];
  /** Tag headers (public answers only). */
  readonly tagHeaders: Readonly<Record<string, string>> | undefined;
  readonly lastModified: string;
  /**
   * What a replay before Yoga (fast-path.ts) sends of this answer's own headers, made once:
   * ETag, Last-Modified and the tag headers, as a flat [name, value, ...] list.
   */
  readonly replayHeaders: readonly string[];
  /** `bytes.length` as the Content-Length header value. */
  readonly contentLength: string;
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

export interface ResponseCacheOptions {
  /** DEFAULT_RESPONSE_CACHE_MAX_BYTES unless set (NEWSGRAPH_RESPONSE_CACHE_MAX_BYTES). */
  readonly maxBytes?: number;
}

/**
 * The whole-answer cache: an answer is reused only for the same document, operation, variables
 * and audience, while nothing it read has changed.
 *
 * Why not @envelop/response-cache (the Yoga plugin this replaces): it learns an answer's
 * entities by walking the result for typename/id pairs (adding `__typename` and `id` to every
 * document to do so), which cannot see what an answer depends on without containing it: an
 * article entering a list, or a lookup that found nothing. Tags recorded where the data is read
 * (src/corpus/cache-tags.ts) see both, cost one Set.add per read and no result walk, and its
 * ETags (the cache key, valid for any cached answer) would not follow tag versions.
 *
 * - Audience: requests without an Authorization header share the public partition; any other
 *   request gets a partition of its own, named by a keyed hash of that header, so an answer made
 *   with the preview token is only ever replayed to a request carrying the same token, never to
 *   the public, and the partition name does not reveal or let anyone guess the token.
 * - Forgetting by tag: a public answer keeps the cache tags of what it read
 *   (src/corpus/cache-tags.ts); a swap forgets exactly the answers holding a tag its change set
 *   moved, so with an article arriving every second an unchanged article's page stays cached.
 *   Answers with an Authorization header (preview) are forgotten on every swap: drafts move
 *   without moving any public tag.
 * - ETags: a keyed hash (secret made at start) of the answer's key and the versions of its tags,
 *   each version the public version at which the tag last moved: strong, different after any
 *   change the answer could show, and revealing nothing (no versions, no draft activity, not
 *   computable by anyone else; each replica has its own secret, so an ETag from another is a
 *   200, never a wrong 304). Preview ETags hash the snapshot version instead.
 * - An `If-None-Match` holding the ETag this very request would get is answered 304 without
 *   executing the operation (the cached answer stops execution, then becomes a 304).
 * - Answers with errors, or that read something no cache may keep (contentStatus), are not kept.
 * - Memory: bounded by bytes (`maxBytes`) as well as by count, so large answers evict by size.
 */
export class ResponseCache {
  readonly #store: ContentStore;
  readonly #secret = randomBytes(32);
  readonly #public: LRUCache<string, CachedAnswer>;
  #preview: LRUCache<string, CachedAnswer>;
  readonly #maxBytes: number;
  /** Tag → keys of public answers holding it. */
  readonly #byTag = new Map<string, Set<string>>();
  /** Tag → the public version at which it last moved; absent: `#floor`. */
  readonly #versions = new Map<string, number>();
  #floor = 0;

  constructor(store: ContentStore, options: ResponseCacheOptions = {}) {
    this.#store = store;
    this.#maxBytes = options.maxBytes ?? DEFAULT_RESPONSE_CACHE_MAX_BYTES;
    this.#public = this.#lru((key, answer) => this.#unindex(key, answer));
    this.#preview = this.#lru();
    this.#floor = store.current.publicVersion;
    store.onSwap((next, previous, changes) => this.#forget(tagsOfSwap(next, previous, changes)));
  }

  #lru(dispose?: (key: string, answer: CachedAnswer) => void) {
    return new LRUCache<string, CachedAnswer>({
      max: MAX_CACHED_RESPONSES,
      maxSize: this.#maxBytes,
      maxEntrySize: Math.max(1, Math.floor(this.#maxBytes / MAX_ENTRY_SHARE)),
      sizeCalculation: (answer) => Math.max(1, answer.bytes.length),
      ...(dispose ? { dispose: (answer: CachedAnswer, key: string) => dispose(key, answer) } : {}),
    });
  }

  #keyed(text: string): string {
    return createHmac('sha256', this.#secret).update(text).digest('base64url');
  }

  /** Public answers held (tests and metrics). */
  get size(): number {
    return this.#public.size + this.#preview.size;
  }

  /**
   * The cache key of an operation for an audience (`authorization`: the header, or null). A
   * request without document text (a persisted operation not yet resolved) gets a key nobody
   * else can hit.
   */
  keyOf(
    documentString: string,
    operationName: string | null | undefined,
    variables: unknown,
    authorization: string | null,
  ): string {
    if (documentString === '') return `uncacheable-${randomUUID()}`;
    const audience = authorization === null ? 'public' : `auth:${this.#keyed(authorization)}`;
    return this.#keyed(
      JSON.stringify([documentString, operationName ?? '', variables ?? {}, audience]),
    );
  }

  get(key: string, preview: boolean): CachedAnswer | undefined {
    return (preview ? this.#preview : this.#public).get(key);
  }

  /**
   * Keeps the answer of `key`, computed from `corpus` with `recorder`'s reads; answers the kept
   * answer, or undefined when it may not be kept (it is then served as computed). `preview`: the
   * request carried an Authorization header.
   */
  set(
    key: string,
    result: ExecutionResult,
    recorder: TagRecorder,
    corpus: Corpus,
    preview: boolean,
  ): CachedAnswer | undefined {
    if (!recorder.storable || result.errors?.length) return undefined;
    // A swap while this ran may have moved a tag it read after it read it: serve, do not keep.
    if (this.#store.current !== corpus) return undefined;
    const tags = preview ? [] : [...recorder.tags].sort();
    const etag = preview
      ? `"${this.#keyed(`${key}\n${corpus.version}`)}"`
      : `"${this.#keyed(`${key}\n${tags.map((t) => `${t}=${this.#version(t)}`).join('\n')}`)}"`;
    const lastModified = new Date(this.#store.clock.now()).toUTCString();
    const headers = preview ? undefined : tagHeaders(tags);
    const bytes = servedBytes(result);
    const served: ServedResult = withHttpHeaders(result, {
      ETag: etag,
      'Last-Modified': lastModified,
      ...headers,
    });
    served.stringify = () => bytes;
    const answer: CachedAnswer = {
      result: served,
      bytes,
      etag,
      tags,
      tagHeaders: headers,
      lastModified,
      replayHeaders: [
        'etag',
        etag,
        'last-modified',
        lastModified,
        ...(headers
          ? [
              'surrogate-key',
              headers[SURROGATE_KEY_HEADER] as string,
              'cache-tag',
              headers[CACHE_TAG_HEADER] as string,
            ]
          : []),
      ],
      contentLength: String(bytes.length),
    };
    if (preview) {
      this.#preview.set(key, answer);
      return answer;
    }
    this.#public.set(key, answer);
    // Oversized answers are refused by the LRU: index only what it kept.
    if (this.#public.peek(key) === answer) {
      for (const tag of tags) {
        const keys = this.#byTag.get(tag);
        if (keys === undefined) this.#byTag.set(tag, new Set([key]));
        else keys.add(key);
      }
    }
    return answer;
  }

  #version(tag: string): number {
    return this.#versions.get(tag) ?? this.#floor;
  }

  #unindex(key: string, answer: CachedAnswer): void {
    for (const tag of answer.tags) {
      const keys = this.#byTag.get(tag);
      if (keys === undefined) continue;
      keys.delete(key);
      if (keys.size === 0) this.#byTag.delete(tag);
    }
  }

  /** The swap hook: preview answers always go; public ones holding a moved tag. */
  #forget(moved: ReadonlySet<string>): void {
    this.#preview = this.#lru();
    if (moved.size === 0) return;
    const version = this.#store.current.publicVersion;
    if (this.#versions.size + moved.size > MAX_TAG_VERSIONS) {
      this.#versions.clear();
      this.#floor = version;
      this.#public.clear();
      return;
    }
    for (const tag of moved) {
      this.#versions.set(tag, version);
      const keys = this.#byTag.get(tag);
      if (keys === undefined) continue;
      for (const key of [...keys]) this.#public.delete(key);
    }
  }
}

type CacheContext = YogaInitialContext & {
  readonly tags: TagRecorder;
  readonly corpus: Corpus;
};

/** Told of every public answer Yoga serves from (or into) the cache (src/server/perf/fast-path.ts). */
export interface AnswerRecorder {
  record(
    signature: string,
    status: number,
    headers: Headers,
    key: string,
    operationName: string | undefined,
    method: string,
  ): void;
}

/** The Yoga plugin over a ResponseCache (see there). */
export function useNewsgraphResponseCache(cache: ResponseCache, recorder?: AnswerRecorder): Plugin {
  const served = new WeakMap<Request, { key: string; operationName: string | undefined }>();
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue as CacheContext;
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'query') return;
      const authorization = context.request.headers.get('authorization');
      const preview = authorization !== null;
      const mark = (key: string) => {
        if (!preview) served.set(context.request, { key, operationName: operation.name?.value });
      };
      const key = cache.keyOf(
        context.params?.query || print(args.document),
        args.operationName,
        args.variableValues,
        authorization,
      );
      const cached = cache.get(key, preview);
      if (cached !== undefined) {
        mark(key);
        setResultAndStopExecution(cached.result);
        return;
      }
      return {
        onExecuteDone({ result, setResult }) {
          if (typeof result !== 'object' || result === null || Symbol.asyncIterator in result)
            return;
          const kept = cache.set(key, result, context.tags, context.corpus, preview);
          if (kept !== undefined) {
            mark(key);
            setResult(kept.result);
          } else if (taggable(context, result))
            setResult(withHttpHeaders(result, tagHeaders(context.tags.tags)));
        },
      };
    },
    onResultProcess: notModifiedWhenSame,
    onResponse({ request, response, serverContext }) {
      const signature = (serverContext as { replaySignature?: string } | undefined)
        ?.replaySignature;
      const answer = served.get(request);
      if (recorder === undefined || signature === undefined || answer === undefined) return;
      recorder.record(
        signature,
        response.status,
        response.headers,
        answer.key,
        answer.operationName,
        request.method,
      );
    },
  };
}

/** HTTP's list form of If-None-Match: `"a", "b"` or `*`; weak validators compare equal too. */
export function matchesIfNoneMatch(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * 304 when the answer this request gets (from the cache or just computed) has the ETag the
 * client already holds. Runs as the result is turned into a response, so the ETag compared is
 * the one this request's own document, variables, audience and tags produce.
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
  const { ETag: _etag, 'Last-Modified': lastModified, ...rest } = headers?.headers ?? {};
  const tagged: Record<string, string> = {};
  for (const name of ['Surrogate-Key', 'Cache-Tag']) if (rest[name]) tagged[name] = rest[name];
  setResultProcessor(
    (_result, fetchAPI) =>
      new fetchAPI.Response(null, {
        status: 304,
        headers: {
          ETag: etag,
          ...(lastModified ? { 'Last-Modified': lastModified } : {}),
          ...tagged,
        },
      }),
    request.headers.get('accept') ?? '*/*',
  );
};
