import type { IncomingMessage, ServerResponse } from 'node:http';
import { LRUCache } from 'lru-cache';
import { boundCacheControl, type UntilNextTransition } from '../http/cache-control.ts';
import { CSRF_HEADERS } from '../security/csrf.ts';
import { CACHE_TAG_HEADER, SURROGATE_KEY_HEADER } from './cache-tags.ts';
import { type CachedAnswer, matchesIfNoneMatch, type ResponseCache } from './response-cache.ts';

/** Replay templates kept (distinct request shapes); least recently used go first. */
export const MAX_REPLAY_TEMPLATES = 10_000;
/** Requests longer than this (URL plus body) are not remembered: they go through Yoga. */
export const MAX_REPLAY_SIGNATURE = 16 * 1024;

/**
 * The request headers that can change a public answer's bytes or headers besides its URL and
 * body: content negotiation, CORS, the CSRF headers (their absence is a 403 in some modes). A
 * request differing in any of these is another request shape. Authorization never gets here (a
 * request carrying it never takes the fast path); If-None-Match and X-Request-Id are answered
 * per request.
 */
const SHAPING_HEADERS = ['accept', 'content-type', 'origin', ...CSRF_HEADERS];

/** Headers decided per request, not replayed from the template. */
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

interface Template {
  /** The ResponseCache key of the answer: the body and its ETag come from the live entry. */
  readonly key: string;
  readonly operationName: string | undefined;
  /** Yoga's other headers for this request shape and status, in its order and spelling. */
  readonly headers: readonly (readonly [string, string])[];
  /** GET: Cache-Control is the public value bounded by the next transition; else as recorded. */
  readonly cacheControl: string | undefined;
}

/** What the metrics of a replayed answer need (src/observability/metrics.ts). */
export type ReplayMetrics = (answer: {
  readonly operationName: string | undefined;
  readonly method: string;
  readonly status: number;
  readonly seconds: number;
}) => void;

export interface FastPathOptions {
  readonly cache: ResponseCache;
  /** The configured public Cache-Control (NEWSGRAPH_CACHE_CONTROL). */
  readonly publicCacheControl: string;
  readonly untilNextTransition: UntilNextTransition;
  readonly metrics?: ReplayMetrics | undefined;
}

/**
 * Public response-cache hits answered in the node:http handler, before the request enters
 * Yoga: the first time a request shape (method, URL, body, SHAPING_HEADERS) is answered from
 * the cache, or stored into it, by Yoga, the response's headers are recorded as a template;
 * later requests of the same shape whose answer is still cached are written straight from the
 * template and the entry (body, ETag, tags), a 304 when If-None-Match holds the ETag. Anything
 * else (a miss, a preview request, an unknown shape, a status not yet recorded) goes to Yoga,
 * which answers exactly as before. The HTTP access log line is the listener's, the same on both
 * paths; the metrics a Yoga hit records are recorded through `metrics`.
 */
export class FastPath {
  readonly #options: FastPathOptions;
  readonly #templates = new LRUCache<string, Template>({ max: MAX_REPLAY_TEMPLATES });

  constructor(options: FastPathOptions) {
    this.#options = options;
  }

  /**
   * The request's shape, or undefined when it may not take the fast path. `body`: the POST body
   * as read by the listener.
   */
  signatureOf(req: IncomingMessage, body?: Buffer): string | undefined {
    const { method, url, headers } = req;
    if ((method !== 'GET' && method !== 'POST') || url === undefined) return undefined;
    if (headers.authorization !== undefined) return undefined;
    let signature = `${method} ${url}`;
    for (const name of SHAPING_HEADERS) {
      const value = headers[name];
      if (value !== undefined) signature += `\n${name}: ${value}`;
    }
    if (body !== undefined) signature += `\n\n${body.toString('latin1')}`;
    return signature.length > MAX_REPLAY_SIGNATURE ? undefined : signature;
  }

  /** Called by the response cache as Yoga answers a public request from (or into) the cache. */
  record(
    signature: string,
    status: number,
    response: Headers,
    key: string,
    operationName: string | undefined,
    method: string,
  ): void {
    if (status !== 200 && status !== 304) return;
    const headers: [string, string][] = [];
    let cacheControl: string | undefined;
    response.forEach((value, spelled) => {
      // whatwg-node's Headers may keep the spelling a plugin used (ETag): compare in lower case.
      const name = spelled.toLowerCase();
      if (name === 'cache-control') cacheControl = value;
      else if (!PER_REQUEST.has(name)) headers.push([name, value]);
    });
    this.#templates.set(`${status}\n${signature}`, {
      key,
      operationName,
      headers,
      cacheControl: method === 'GET' ? undefined : cacheControl,
    });
  }

  /** Writes the answer and returns true, or returns false for Yoga to answer. */
  answer(
    req: IncomingMessage,
    res: ServerResponse,
    signature: string,
    requestId: string,
    started: number,
  ): boolean {
    const inm = req.headers['if-none-match'];
    // Which template applies depends on the entry's ETag: look the 200 one up first for its key.
    const ok = this.#templates.get(`200\n${signature}`);
    const key = ok?.key ?? this.#templates.get(`304\n${signature}`)?.key;
    if (key === undefined) return false;
    const answer = this.#options.cache.get(key, false);
    if (answer === undefined) return false;
    const notModified = inm !== undefined && matchesIfNoneMatch(inm, answer.etag);
    const template = notModified ? this.#templates.get(`304\n${signature}`) : ok;
    if (template === undefined || template.key !== key) return false;
    this.#write(res, template, answer, notModified, requestId);
    this.#options.metrics?.({
      operationName: template.operationName,
      method: req.method as string,
      status: notModified ? 304 : 200,
      seconds: (performance.now() - started) / 1000,
    });
    return true;
  }

  #write(
    res: ServerResponse,
    template: Template,
    answer: CachedAnswer,
    notModified: boolean,
    requestId: string,
  ): void {
    const headers: Record<string, string | number> = {};
    for (const [name, value] of template.headers) headers[name] = value;
    headers['x-request-id'] = requestId;
    headers['cache-control'] =
      template.cacheControl ??
      boundCacheControl(this.#options.publicCacheControl, this.#options.untilNextTransition());
    headers.etag = answer.etag;
    headers['last-modified'] = answer.lastModified;
    if (answer.tagHeaders) {
      headers['surrogate-key'] = answer.tagHeaders[SURROGATE_KEY_HEADER] as string;
      headers['cache-tag'] = answer.tagHeaders[CACHE_TAG_HEADER] as string;
    }
    if (notModified) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    headers['content-length'] = answer.bytes.length;
    res.writeHead(200, headers);
    res.end(answer.bytes);
  }
}
