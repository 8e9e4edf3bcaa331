import type { Plugin, YogaServerOptions } from 'graphql-yoga';
import { REQUEST_ID_HEADER } from '../http/request-id.ts';

/** Browsers may cache a preflight answer this long. */
export const CORS_MAX_AGE_SECONDS = 600;

type CorsOption = YogaServerOptions<object, object>['cors'];

/**
 * No origins: no CORS headers at all, so only same-origin pages can read responses (Yoga's own
 * default would reflect any origin). Otherwise exactly the configured origins, without
 * credentials: the preview token travels in `Authorization`, never in cookies.
 */
export function corsOptions(origins: readonly string[]): CorsOption {
  if (origins.length === 0) return false;
  return {
    origin: [...origins],
    methods: ['GET', 'POST'],
    credentials: false,
    exposedHeaders: [REQUEST_ID_HEADER],
    maxAge: CORS_MAX_AGE_SECONDS,
  };
}

export const CORS_REFUSED_CODE = 'CORS_ORIGIN_NOT_ALLOWED';

/** What a developer reads in the network tab when their page's origin is not on the list. */
export function corsRefusalMessage(origin: string, origins: readonly string[]): string {
  const today =
    origins.length === 0
      ? 'NEWSGRAPH_CORS_ORIGINS is unset, so only same-origin pages may call it'
      : `NEWSGRAPH_CORS_ORIGINS allows ${origins.join(', ')}`;
  return (
    `Cross-origin requests from ${origin} are not allowed (${today}). ` +
    `To allow this page, add its origin to NEWSGRAPH_CORS_ORIGINS (comma-separated), ` +
    `e.g. NEWSGRAPH_CORS_ORIGINS=${[...origins, origin].join(',')}`
  );
}

function isPreflight(request: Request): boolean {
  return (
    request.method === 'OPTIONS' &&
    request.headers.has('origin') &&
    request.headers.has('access-control-request-method')
  );
}

/**
 * A preflight from an origin that is not allowed gets a 403 that names the setting to change.
 * Without it the answer would be CSRF prevention's "Required CSRF header(s) not present" (no
 * origins set) or a bare 204 for another origin, both pointing the wrong way. It replaces the
 * response at the end, because Yoga's CORS handling answers preflights before any plugin runs.
 */
export function useExplainedPreflightRefusals(origins: readonly string[]): Plugin {
  return {
    onResponse({ request, setResponse, fetchAPI }) {
      if (!isPreflight(request)) return;
      const origin = request.headers.get('origin') as string;
      if (origins.includes(origin)) return;
      const body = {
        errors: [
          {
            message: corsRefusalMessage(origin, origins),
            extensions: { code: CORS_REFUSED_CODE },
          },
        ],
      };
      setResponse(
        new fetchAPI.Response(JSON.stringify(body), {
          status: 403,
          headers: { 'content-type': 'application/json; charset=utf-8', vary: 'Origin' },
        }),
      );
    },
  };
}
