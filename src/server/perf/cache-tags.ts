import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ListTag, type TagRecorder } from '../../corpus/cache-tags.ts';

export {
  articleTag,
  ListTag,
  providerArticlesTag,
  providerTag,
  sourceUrlTag,
  TagRecorder,
  tagsOfSwap,
  topicArticlesTag,
  topicTag,
} from '../../corpus/cache-tags.ts';

/**
 * Fastly reads space-separated keys from `Surrogate-Key`; Varnish's vmod_xkey reads the same
 * space-separated form from its `xkey` header (the VCL copies `Surrogate-Key` into it);
 * Cloudflare reads comma-separated tags from `Cache-Tag`. Tags never hold either separator
 * (src/corpus/cache-tags.ts percent-encodes values).
 */
export const SURROGATE_KEY_HEADER = 'Surrogate-Key';
export const CACHE_TAG_HEADER = 'Cache-Tag';
/**
 * Fastly and Cloudflare both stop reading at 16 KB of tags; Varnish's and nginx's default header
 * buffers are smaller still (8 KB). An answer that read more carries the coarse `all` tag
 * instead, which every public change purges: correct, only less selective.
 */
export const MAX_TAG_HEADER_BYTES = 8_000;
/** The tag every public change moves; carried by answers with too many tags to list. */
export const ALL_TAG = ListTag.All;

/** The header values for `tags` (sorted, so equal answers carry equal headers). */
export function tagHeaders(tags: Iterable<string>): Record<string, string> {
  const sorted = [...tags].sort();
  let keys = sorted.join(' ');
  if (keys.length > MAX_TAG_HEADER_BYTES) keys = ALL_TAG;
  return {
    [SURROGATE_KEY_HEADER]: keys,
    [CACHE_TAG_HEADER]: keys === ALL_TAG ? ALL_TAG : sorted.join(','),
  };
}

interface TaggedContext {
  readonly request?: Pick<Request, 'headers'>;
  readonly tags?: TagRecorder;
}

/**
 * Whether an answer may carry tags: public (no Authorization at all, as Cache-Control decides),
 * a single result without errors, and storable (src/corpus/cache-tags.ts TagRecorder.noStore).
 */
export function taggable(context: TaggedContext, result: unknown): result is ExecutionResult {
  if (context.tags === undefined || !context.tags.storable) return false;
  if (context.request?.headers.has('authorization') !== false) return false;
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return false;
  if (Symbol.asyncIterator in result) return false;
  return !(result as ExecutionResult).errors?.length;
}

/** Adds response headers the way Yoga reads them: `result.extensions.http.headers`. */
export function withHttpHeaders(
  result: ExecutionResult,
  headers: Record<string, string>,
): ExecutionResult {
  const extensions = (result.extensions ?? {}) as Record<string, unknown>;
  const http = (extensions.http ?? {}) as { headers?: Record<string, string> };
  return {
    ...result,
    extensions: { ...extensions, http: { ...http, headers: { ...http.headers, ...headers } } },
  };
}

/**
 * Tag headers on public answers when the response cache is off (with it on, the cache adds
 * them, to fresh and cached answers alike): a CDN in front can still purge by tag.
 */
export function useCacheTagHeaders(): Plugin {
  return {
    onExecute({ args }) {
      const context = args.contextValue as TaggedContext;
      return {
        onExecuteDone({ result, setResult }) {
          if (!taggable(context, result)) return;
          setResult(withHttpHeaders(result, tagHeaders(context.tags?.tags ?? [])));
        },
      };
    },
  };
}
