import type { YogaServerOptions } from 'graphql-yoga';
import { REQUEST_ID_HEADER } from './request-id.ts';

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
