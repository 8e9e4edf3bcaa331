import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export const PRIVATE_CACHE_CONTROL = 'private, no-store';
export const NO_CACHE_CONTROL = 'no-store';

/**
 * `Cache-Control` on GraphQL responses: the configured public value only for a successful GET
 * without `Authorization` (so a preview response is never stored by a shared cache); POSTs and
 * anything with errors are not stored at all.
 */
export function cacheControl(publicValue: string): Plugin {
  const clean = new WeakMap<Request, boolean>();
  return {
    onResultProcess({ request, result }) {
      const single = !Array.isArray(result) && !(Symbol.asyncIterator in result);
      clean.set(request, single && !(result as ExecutionResult).errors?.length);
    },
    onResponse({ request, response }) {
      // A 304 from the response cache (If-None-Match) must repeat the 200's caching rules.
      const resultWasClean = response.status === 304 ? true : clean.get(request);
      if (resultWasClean === undefined) return;
      if (request.headers.has('authorization')) {
        response.headers.set('cache-control', PRIVATE_CACHE_CONTROL);
      } else if (request.method === 'GET' && response.status < 400 && resultWasClean) {
        response.headers.set('cache-control', publicValue);
        // The body depends on Accept (JSON flavour) and on Authorization (preview).
        response.headers.append('vary', 'Accept, Authorization');
      } else {
        response.headers.set('cache-control', NO_CACHE_CONTROL);
      }
    },
  };
}
