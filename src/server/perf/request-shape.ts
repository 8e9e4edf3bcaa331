import type { IncomingHttpHeaders } from 'node:http';
import { CSRF_HEADERS } from '../security/csrf.ts';
import { CACHE_TAG_HEADER, SURROGATE_KEY_HEADER } from './cache-tags.ts';

/**
 * What the two paths that answer before Yoga (response-cache hits in fast-path.ts, misses in
 * lean-miss.ts) share: which request headers make another request shape, and which of Yoga's
 * recorded response headers are replayed rather than decided per request.
 */

/**
 * The request headers that can change a public answer's status, bytes or headers besides its
 * method, URL and body: content negotiation, CORS, the CSRF headers (their absence is a 403 in
 * some modes). A request differing in any of these is another shape. Authorization never gets
 * here (a request carrying it takes neither path); If-None-Match and X-Request-Id are answered
 * per request.
 */
const SHAPING_HEADERS = ['accept', 'content-type', 'origin', ...CSRF_HEADERS];

/** Headers decided per request, never replayed from a recorded answer. */
const PER_REQUEST = new Set([
  'x-request-id',
  'etag',
  'last-modified',
  'cache-control',
  'content-length',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
  SURROGATE_KEY_HEADER.toLowerCase(),
  CACHE_TAG_HEADER.toLowerCase(),
]);

/** The shaping headers a request carries, one `\nname: value` each, for its shape key. */
export function shapingHeaders(headers: IncomingHttpHeaders): string {
  let part = '';
  for (const name of SHAPING_HEADERS) {
    const value = headers[name];
    if (value !== undefined) part += `\n${name}: ${value}`;
  }
  return part;
}

/** A recorded Yoga answer's headers to replay (lower case, in order) and its Cache-Control. */
export function replayedHeaders(response: Headers): {
  readonly headers: [string, string][];
  readonly cacheControl: string | undefined;
} {
  const headers: [string, string][] = [];
  let cacheControl: string | undefined;
  response.forEach((value, spelled) => {
    // whatwg-node's Headers may keep the spelling a plugin used (ETag): compare in lower case.
    const name = spelled.toLowerCase();
    if (name === 'cache-control') cacheControl = value;
    else if (!PER_REQUEST.has(name)) headers.push([name, value]);
  });
  return { headers, cacheControl };
}
