import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ContentStore } from '../../corpus/store.ts';

export const PRIVATE_CACHE_CONTROL = 'private, no-store';
export const NO_CACHE_CONTROL = 'no-store';

/** Milliseconds until the content next changes by itself (an embargo, an expiry); null: never. */
export type UntilNextTransition = () => number | null;

/** The store's next embargo or expiry, as UntilNextTransition. */
export const untilNextTransitionOf =
  (store: ContentStore): UntilNextTransition =>
  () => {
    const next = store.current.nextTransition;
    return next === null ? null : next.getTime() - store.clock.now();
  };

/**
 * `value` with its lifetimes cut so that no cache keeps the answer past the next transition:
 * `max-age` and `s-maxage` at most the whole seconds left, `stale-while-revalidate` and
 * `stale-if-error` at most what is left after them. Unbounded (null) leaves it as configured.
 */
export function boundCacheControl(value: string, remainingMs: number | null): string {
  if (remainingMs === null) return value;
  const left = Math.max(0, Math.floor(remainingMs / 1000));
  const fresh = (n: number) => Math.min(n, left);
  let freshest = 0;
  const bounded = value.replace(/\b(max-age|s-maxage)=(\d+)/gi, (_all, name: string, n: string) => {
    const seconds = fresh(Number(n));
    freshest = Math.max(freshest, seconds);
    return `${name}=${seconds}`;
  });
  return bounded.replace(
    /\b(stale-while-revalidate|stale-if-error)=(\d+)/gi,
    (_all, name: string, n: string) => `${name}=${Math.min(Number(n), left - freshest)}`,
  );
}

/**
 * `Cache-Control` on GraphQL responses: the configured public value only for a successful GET
 * without `Authorization` (so a preview response is never stored by a shared cache), its
 * lifetimes bounded by the next editorial transition; POSTs and anything with errors are not
 * stored at all.
 */
export function useCacheControl(
  publicValue: string,
  untilNextTransition: UntilNextTransition = () => null,
): Plugin {
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
        // An embargo lifting or an expiry changes the answer without a request: no shared
        // cache may keep it past that instant.
        response.headers.set(
          'cache-control',
          boundCacheControl(publicValue, untilNextTransition()),
        );
        // The body depends on Accept (JSON flavour) and on Authorization (preview).
        response.headers.append('vary', 'Accept, Authorization');
      } else {
        response.headers.set('cache-control', NO_CACHE_CONTROL);
      }
    },
  };
}
