import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { Plugin } from 'graphql-yoga';

/** Any one of these marks a request as sent by a script (browsers preflight custom headers). */
export const CSRF_HEADERS = [
  'x-graphql-csrf',
  'x-graphql-yoga-csrf',
  'apollo-require-preflight',
  'x-apollo-operation-name',
];

export const CSRF_MODES = ['off', 'on', 'strict'] as const;
export type CsrfMode = (typeof CSRF_MODES)[number];

/**
 * Yoga's CSRF prevention: requests a browser sends without a preflight (form or text POSTs, and
 * plain GETs) must carry one of CSRF_HEADERS, or get 403. In `on` mode GETs are exempt: they
 * cannot run mutations (Yoga refuses those with 405) and must stay plain links that HTTP caches,
 * CDNs and the GraphQL-over-HTTP audit can use. `strict` also requires the header on GETs.
 */
export function useCsrfPrevention(mode: Exclude<CsrfMode, 'off'>): Plugin {
  const prevention = useCSRFPrevention({ requestHeaders: CSRF_HEADERS }) as Plugin;
  if (mode === 'strict') return prevention;
  const check = prevention.onRequestParse;
  return {
    onRequestParse(payload) {
      if (payload.request.method === 'GET') return;
      return check?.(payload);
    },
  };
}
