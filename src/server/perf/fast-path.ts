import type { IncomingMessage, ServerResponse } from 'node:http';
import { LRUCache } from 'lru-cache';
import type { ReplayedSeries } from '../../observability/operation-metrics.ts';
import { boundCacheControl, type UntilNextTransition } from '../http/cache-control.ts';
import { replayedHeaders, shapingHeaders } from './request-shape.ts';
import { type CachedAnswer, matchesIfNoneMatch, type ResponseCache } from './response-cache.ts';

/** Replay templates kept (distinct request shapes); least recently used go first. */
export const MAX_REPLAY_TEMPLATES = 10_000;
/** Requests longer than this (URL plus body) are not remembered: they go through Yoga. */
export const MAX_REPLAY_SIGNATURE = 16 * 1024;

/** How Yoga answered one request shape with one status. */
interface Template {
  /** The ResponseCache key of the answer: the body and its ETag come from the live entry. */
  readonly key: string;
  readonly operationName: string | undefined;
  readonly method: string;
  /**
   * Yoga's other headers for this request shape and status, in its order and spelling, as the
   * flat [name, value, ...] list `writeHead` takes as is.
   */
  readonly headers: readonly string[];
  /** GET: Cache-Control is the public value bounded by the next transition; else as recorded. */
  readonly cacheControl: string | undefined;
  /** Its metrics series, bound on its first replay. */
  series?: ReplayedSeries | undefined;
  /**
   * The whole header list last written from this template, for `built`: the request id and
   * Cache-Control at HEADER_REQUEST_ID and HEADER_CACHE_CONTROL, filled in per request.
   */
  written?: { readonly built: CachedAnswer; readonly headers: readonly string[] } | undefined;
}

/** Where a written header list holds its per-request values. */
const HEADER_REQUEST_ID = 1;
const HEADER_CACHE_CONTROL = 3;

/** The templates of one request shape: its 200 and its 304 (If-None-Match held the ETag). */
interface Shape {
  ok?: Template;
  notModified?: Template;
}

/**
 * The metrics of replayed answers (src/observability/operation-metrics.ts): the recorder of an
 * operation, method and status, kept per template.
 */
export type ReplayMetrics = (
  operationName: string | undefined,
  method: string,
  status: number,
) => ReplayedSeries;

export interface FastPathOptions {
  readonly cache: ResponseCache;
  /** The configured public Cache-Control (NEWSGRAPH_CACHE_CONTROL). */
  readonly publicCacheControl: string;
  readonly untilNextTransition: UntilNextTransition;
  readonly metrics?: ReplayMetrics | undefined;
}

/**
 * Public response-cache hits answered in the node:http handler, before the request enters
 * Yoga: the first time a request shape (method, URL, body, shaping headers: request-shape.ts) is answered from
 * the cache, or stored into it, by Yoga, the response's headers are recorded as a template;
 * later requests of the same shape whose answer is still cached are written straight from the
 * template and the entry (body, ETag, tags), a 304 when If-None-Match holds the ETag. Anything
 * else (a miss, a preview request, an unknown shape, a status not yet recorded) goes to Yoga,
 * which answers exactly as before. The HTTP access log line is the listener's, the same on both
 * paths; the metrics a Yoga hit records are recorded through `metrics`.
 */
export class FastPath {
  readonly #options: FastPathOptions;
  readonly #shapes = new LRUCache<string, Shape>({ max: MAX_REPLAY_TEMPLATES });
  /** The bounded public Cache-Control of the last whole second left, reused until it moves. */
  #bounded: { readonly seconds: number | null; readonly value: string } | undefined;

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
    let signature = `${method} ${url}${shapingHeaders(headers)}`;
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
    const replayed = replayedHeaders(response);
    const headers = replayed.headers.flat();
    const cacheControl = replayed.cacheControl;
    const template: Template = {
      key,
      operationName,
      method,
      headers,
      cacheControl: method === 'GET' ? undefined : cacheControl,
    };
    const shape = this.#shapes.get(signature) ?? {};
    if (status === 200) shape.ok = template;
    else shape.notModified = template;
    this.#shapes.set(signature, shape);
  }

  /** Writes the answer and returns true, or returns false for Yoga to answer. */
  answer(
    req: IncomingMessage,
    res: ServerResponse,
    signature: string,
    requestId: string,
    started: number,
  ): boolean {
    const shape = this.#shapes.get(signature);
    if (shape === undefined) return false;
    // Which template applies depends on the entry's ETag: the 200's key first.
    const { ok, notModified: unchanged } = shape;
    const key = ok?.key ?? unchanged?.key;
    if (key === undefined) return false;
    const answer = this.#options.cache.get(key, false);
    if (answer === undefined) return false;
    const inm = req.headers['if-none-match'];
    const notModified = inm !== undefined && matchesIfNoneMatch(inm, answer.etag);
    const template = notModified ? unchanged : ok;
    if (template === undefined || template.key !== key) return false;
    this.#write(res, template, answer, notModified, requestId);
    const { metrics } = this.#options;
    if (metrics !== undefined) {
      template.series ??= metrics(template.operationName, template.method, notModified ? 304 : 200);
      template.series((performance.now() - started) / 1000);
    }
    return true;
  }

  /** The public Cache-Control bounded by the next transition, recomputed once a second at most. */
  #publicCacheControl(): string {
    const remaining = this.#options.untilNextTransition();
    const seconds = remaining === null ? null : Math.max(0, Math.floor(remaining / 1000));
    if (this.#bounded?.seconds !== seconds) {
      this.#bounded = {
        seconds,
        value: boundCacheControl(
          this.#options.publicCacheControl,
          seconds === null ? null : seconds * 1000,
        ),
      };
    }
    return this.#bounded.value;
  }

  #write(
    res: ServerResponse,
    template: Template,
    answer: CachedAnswer,
    notModified: boolean,
    requestId: string,
  ): void {
    // The list is built once per template and cached answer, then copied: building it on
    // every hit (a concat of mixed arguments) was the largest item of our own code in a hit.
    if (template.written?.built !== answer) {
      const headers = ['x-request-id', '', 'cache-control', '', ...template.headers];
      headers.push(...answer.replayHeaders);
      if (!notModified) headers.push('content-length', answer.contentLength);
      template.written = { built: answer, headers };
    }
    const headers = template.written.headers.slice();
    headers[HEADER_REQUEST_ID] = requestId;
    headers[HEADER_CACHE_CONTROL] = template.cacheControl ?? this.#publicCacheControl();
    if (notModified) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, headers);
    res.end(answer.bytes);
  }
}
