import { Counter, type Registry } from 'prom-client';

/**
 * A tag every answer Varnish stores also carries (deploy/varnish/newsgraph.vcl adds it): purging
 * it empties the newsgraph part of the cache. Sent instead of a backlog too long to send tag by
 * tag (a bulk edit, or an edge that was unreachable for a while).
 */
export const PURGE_ALL_TAG = 'newsgraph:everything';
/** The request header that names the tags to purge, separated by spaces (xkey's convention). */
export const PURGE_HEADER = 'xkey-purge';
/**
 * Bytes of tags per purge request: well under Varnish's default limit of 8 KiB per request
 * header line (http_req_hdr_len), so a long change set goes out as several requests.
 */
export const MAX_PURGE_HEADER_BYTES = 6_000;
/** Tags queued for one edge beyond which it gets PURGE_ALL_TAG instead. */
export const MAX_PENDING_TAGS = 10_000;
/** Waits before the 2nd, 3rd, … attempt; the tags are dropped (and logged) after the last. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [250, 1_000, 4_000, 15_000];
/** One purge request, connection included. */
export const DEFAULT_PURGE_TIMEOUT_MS = 5_000;

export interface PurgeLogger {
  warn(details: object, message: string): void;
  debug(details: object, message: string): void;
}

export interface PurgeSenderOptions {
  /** One edge cache per URL; each gets every tag (NEWSGRAPH_PURGE_URLS). */
  readonly urls: readonly string[];
  readonly logger: PurgeLogger;
  /** Registers newsgraph_edge_purge_requests_total here when given. */
  readonly registry?: Registry | undefined;
  readonly retryDelaysMs?: readonly number[];
  readonly timeoutMs?: number;
}

export interface PurgeSender {
  /** Queues the tags for every edge and returns at once; sending happens in the background. */
  purge(tags: Iterable<string>): void;
  /** Resolves once nothing is queued, waiting for a retry or in flight (tests, diagnostics). */
  idle(): Promise<void>;
  /** Drops what is queued, aborts what is in flight and cancels retries (server shutdown). */
  close(): void;
}

type Outcome = 'sent' | 'retried' | 'failed';

/** Where a purge went, for logs: no credentials, no query. */
function endpointOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/**
 * The URL fetch can take and the headers that go with it: fetch refuses credentials in a URL,
 * so `http://user:password@edge/` becomes Basic authentication, as curl would send it.
 */
function requestOf(url: string): {
  readonly url: string;
  readonly headers: Record<string, string>;
} {
  const parsed = new URL(url);
  if (parsed.username === '' && parsed.password === '') return { url, headers: {} };
  const user = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
  parsed.username = '';
  parsed.password = '';
  return {
    url: parsed.href,
    headers: { authorization: `Basic ${Buffer.from(user).toString('base64')}` },
  };
}

/** The tags in requests of at most MAX_PURGE_HEADER_BYTES each (a longer tag goes alone). */
export function purgeBatches(tags: Iterable<string>): string[] {
  const batches: string[] = [];
  let current = '';
  for (const tag of tags) {
    if (current !== '' && current.length + 1 + tag.length > MAX_PURGE_HEADER_BYTES) {
      batches.push(current);
      current = '';
    }
    current = current === '' ? tag : `${current} ${tag}`;
  }
  if (current !== '') batches.push(current);
  return batches;
}

/** Why a request failed, in a few words: fetch hides the network error in `cause`. */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: string; message?: string } | undefined;
  const detail = cause?.code ?? cause?.message;
  return detail ? `${error.message}: ${detail}` : error.message;
}

/** What an edge answered that will not change by asking again (refused, malformed). */
class Refused extends Error {}

/**
 * Sends purges to each edge on its own queue: tags that arrive while a request is in flight or
 * waiting to be retried join the next request, so a burst of changes costs a few requests and a
 * slow or unreachable edge never holds up another, a swap or a request. A failed request is
 * retried with growing delays; after the last attempt the tags are dropped and logged (those
 * answers then stay cached until their max-age). A refusal (4xx: the edge's ACL, a wrong URL) is
 * logged at once: asking again would not help.
 */
export function createPurgeSender(options: PurgeSenderOptions): PurgeSender {
  const retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_PURGE_TIMEOUT_MS;
  const { logger } = options;
  const counter = options.registry
    ? new Counter({
        name: 'newsgraph_edge_purge_requests_total',
        help: 'Purge requests to the edge caches (NEWSGRAPH_PURGE_URLS), by outcome: sent (accepted), retried (failed, sent again later), failed (given up: those answers stay cached until they expire).',
        labelNames: ['outcome'] as const,
        registers: [options.registry],
      })
    : undefined;
  const count = (outcome: Outcome) => counter?.inc({ outcome });
  const closing = new AbortController();
  let waiters: (() => void)[] = [];

  const edges = options.urls.map((url) => {
    const edge = {
      request: requestOf(url),
      endpoint: endpointOf(url),
      pending: new Set<string>(),
      busy: false,
      failures: 0,
    };
    return edge;
  });
  type Edge = (typeof edges)[number];

  const settleIfIdle = () => {
    if (edges.some((edge) => edge.busy || edge.pending.size > 0)) return;
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  };

  const inFlight = new Set<AbortController>();

  async function send(edge: Edge, header: string): Promise<void> {
    const request = new AbortController();
    inFlight.add(request);
    const timer = setTimeout(
      () => request.abort(new Error(`no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    try {
      const response = await fetch(edge.request.url, {
        method: 'PURGE',
        headers: { ...edge.request.headers, [PURGE_HEADER]: header },
        signal: request.signal,
      });
      await response.body?.cancel();
      if (response.ok) return;
      const message = `answered ${response.status}`;
      throw response.status >= 400 && response.status < 500
        ? new Refused(message)
        : new Error(message);
    } finally {
      clearTimeout(timer);
      inFlight.delete(request);
    }
  }

  /** Resolves after `ms`, or at once when the sender closes; keeps no process alive. */
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const stop = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        closing.signal.removeEventListener('abort', stop);
        resolve();
      }, ms);
      timer.unref();
      closing.signal.addEventListener('abort', stop, { once: true });
    });

  /** Sends what is queued for one edge until nothing is left; one loop per edge at a time. */
  async function drain(edge: Edge): Promise<void> {
    try {
      while (edge.pending.size > 0 && !closing.signal.aborted) {
        const tags = edge.pending.size > MAX_PENDING_TAGS ? [PURGE_ALL_TAG] : [...edge.pending];
        edge.pending.clear();
        const batches = purgeBatches(tags);
        let sent = 0;
        try {
          for (const batch of batches) {
            await send(edge, batch);
            sent++;
            count('sent');
          }
          edge.failures = 0;
        } catch (error) {
          if (closing.signal.aborted) return;
          // What was not sent goes back in front of what arrived meanwhile.
          const unsent = batches.slice(sent).flatMap((batch) => batch.split(' '));
          const reason = reasonOf(error);
          const delay = retryDelays[edge.failures];
          if (error instanceof Refused || delay === undefined) {
            count('failed');
            logger.warn(
              { endpoint: edge.endpoint, tags: unsent.length, attempts: edge.failures + 1, reason },
              'purging the edge cache failed; those answers stay cached until they expire',
            );
            edge.failures = 0;
            continue;
          }
          count('retried');
          logger.debug(
            { endpoint: edge.endpoint, tags: unsent.length, attempt: edge.failures + 1, reason },
            'purging the edge cache failed; retrying',
          );
          edge.failures++;
          edge.pending = new Set([...unsent, ...edge.pending]);
          await wait(delay);
        }
      }
    } finally {
      edge.busy = false;
      settleIfIdle();
    }
  }

  return {
    purge(tags) {
      if (closing.signal.aborted) return;
      const list = [...tags];
      if (list.length === 0) return;
      for (const edge of edges) {
        for (const tag of list) edge.pending.add(tag);
        if (edge.busy) continue;
        edge.busy = true;
        // Started after the caller (a swap listener) has returned, never inside it.
        queueMicrotask(() => void drain(edge));
      }
    },
    idle() {
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        settleIfIdle();
      });
    },
    close() {
      closing.abort();
      for (const request of inFlight) request.abort(new Error('the server is shutting down'));
      for (const edge of edges) edge.pending.clear();
      settleIfIdle();
    },
  };
}
